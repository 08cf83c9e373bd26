import GRDB

/// What the store keeps in memory between rounds: ids, and the value in force for every series.
/// Comparing a round against it is what turns samples into change points without a read.
struct StoreState: Sendable {
    struct SeriesKey: Hashable, Sendable {
        var platform: Int64
        var country: Int64
    }

    struct SeriesValue: Sendable, Equatable {
        var price: Int?
        var stock: Int?
        var listed: Bool { price != nil }
    }

    var platformIDs: [String: Int64] = [:]
    var countryIDs: [String: Int64] = [:]
    var countryNames: [Int64: (code: String, name: String)] = [:]
    var seriesIDs: [SeriesKey: Int64] = [:]
    var seriesByPlatform: [Int64: Set<Int64>] = [:]
    var seriesCountry: [Int64: Int64] = [:]
    var values: [Int64: SeriesValue] = [:]
    var runs: [String: SampleRunRecord] = [:]
    var lastOk: [String: Int64] = [:]
    var lastDuration: [String: Double] = [:]
    var credit: (t: Int64, value: Int)?
    var firstSample: Int64?
    /// Counts the rounds applied; `pairsRevision` records, per platform, the round that last
    /// changed one of its listed pairs (code, name, price or stock). /metrics re-renders only the
    /// platforms whose revision moved, and the snapshot rebuilds only their pair lists.
    var revision: UInt64 = 0
    var pairsRevision: [Int64: UInt64] = [:]

    static func load(_ db: Database) throws -> StoreState {
        var state = StoreState()
        for platform in try PlatformRecord.fetchAll(db) { state.platformIDs[platform.name] = platform.id! }
        for country in try CountryRecord.fetchAll(db) {
            state.countryIDs[country.code] = country.id!
            state.countryNames[country.id!] = (country.code, country.name)
        }
        for series in try SeriesRecord.fetchAll(db) {
            state.seriesIDs[SeriesKey(platform: series.platformId, country: series.countryId)] = series.id!
            state.seriesByPlatform[series.platformId, default: []].insert(series.id!)
            state.seriesCountry[series.id!] = series.countryId
        }
        // One seek per series through the primary key (a per-row MAX over the change table took
        // seconds on a year of history).
        let latest = try Row.fetchAll(db, sql: """
            SELECT c.series_id, c.price, c.stock FROM series s CROSS JOIN change c ON c.series_id = s.id
              AND c.t = (SELECT t FROM change WHERE series_id = s.id ORDER BY t DESC LIMIT 1)
            """)
        for row in latest { state.values[row["series_id"]] = SeriesValue(price: row["price"], stock: row["stock"]) }
        let runs = try SampleRunRecord.fetchAll(db, sql: """
            SELECT * FROM sample_run AS r WHERE id = (SELECT MAX(id) FROM sample_run WHERE target = r.target)
            """)
        for run in runs {
            state.runs[run.target] = run
            state.lastDuration[run.target] = Double(run.totalMs) / Double(max(run.samples, 1)) / 1000
        }
        for row in try Row.fetchAll(db, sql: "SELECT target, MAX(last_t) AS t FROM sample_run WHERE outcome = 'ok' GROUP BY target") {
            state.lastOk[row["target"]] = row["t"]
        }
        state.firstSample = try Int64.fetchOne(db, sql: "SELECT MIN(first_t) FROM sample_run")
        if let row = try Row.fetchOne(db, sql: "SELECT t, credit FROM credit_change ORDER BY t DESC LIMIT 1") {
            state.credit = (row["t"], row["credit"])
        }
        return state
    }
}
