import Domain
import GRDB

/// What the store keeps in memory between rounds: ids, and the value in force for every series.
/// Comparing a round against it is what turns samples into change points without a read.
struct StoreState: Sendable {
    struct SeriesKey: Hashable, Sendable {
        var platform: Int64
        var country: Int64
    }

    /// What a change point records: a difference here is a new change point.
    struct SeriesValue: Sendable, Equatable {
        var price: Int?
        var stock: Int?
        var native: Double?
        var listed: Bool { price != nil }
    }

    var platformIDs: [PlatformKey: Int64] = [:]
    var countryIDs: [String: Int64] = [:]
    var countryCodes: [Int64: String] = [:]
    /// Each provider's name of each country it lists.
    var countryNames: [CountryNameKey: String] = [:]
    var seriesIDs: [SeriesKey: Int64] = [:]
    var seriesByPlatform: [Int64: Set<Int64>] = [:]
    var seriesCountry: [Int64: Int64] = [:]
    var values: [Int64: SeriesValue] = [:]
    /// Per series, where its price came from below the country (5sim's operator): shown, not
    /// kept in the history, so known again from the first sample after a restart.
    var details: [Int64: String] = [:]
    var runs: [RunKey: SampleRunRecord] = [:]
    var lastOk: [RunKey: Int64] = [:]
    var lastDuration: [RunKey: Double] = [:]
    var credit: [ProviderName: (t: Int64, value: Int, native: Double?)] = [:]
    /// Per provider, Unix seconds of its first sample stored: how long "never succeeded" has
    /// lasted for a provider added to a database that has others' history.
    var firstSample: [ProviderName: Int64] = [:]
    /// Counts the rounds applied; `pairsRevision` records, per platform, the round that last
    /// changed one of its listed pairs (code, name, price or stock). /metrics re-renders only the
    /// platforms whose revision moved, and the snapshot rebuilds only their pair lists.
    var revision: UInt64 = 0
    var pairsRevision: [Int64: UInt64] = [:]

    struct CountryNameKey: Hashable, Sendable {
        var provider: ProviderName
        var country: Int64
    }

    static func load(_ db: Database) throws -> StoreState {
        var state = StoreState()
        for platform in try PlatformRecord.fetchAll(db) {
            state.platformIDs[PlatformKey(ProviderName(platform.provider), platform.name)] = platform.id!
        }
        for country in try CountryRecord.fetchAll(db) {
            state.countryIDs[country.code] = country.id!
            state.countryCodes[country.id!] = country.code
        }
        for row in try Row.fetchAll(db, sql: "SELECT provider, country_id, name FROM country_name") {
            state.countryNames[CountryNameKey(provider: ProviderName(row["provider"]), country: row["country_id"])] = row["name"]
        }
        for series in try SeriesRecord.fetchAll(db) {
            state.seriesIDs[SeriesKey(platform: series.platformId, country: series.countryId)] = series.id!
            state.seriesByPlatform[series.platformId, default: []].insert(series.id!)
            state.seriesCountry[series.id!] = series.countryId
        }
        // One seek per series through the primary key (a per-row MAX over the change table took
        // seconds on a year of history).
        let latest = try Row.fetchAll(db, sql: """
            SELECT c.series_id, c.price, c.stock, c.native FROM series s CROSS JOIN change c ON c.series_id = s.id
              AND c.t = (SELECT t FROM change WHERE series_id = s.id ORDER BY t DESC LIMIT 1)
            """)
        for row in latest { state.values[row["series_id"]] = SeriesValue(price: row["price"], stock: row["stock"], native: row["native"]) }
        let runs = try SampleRunRecord.fetchAll(db, sql: """
            SELECT * FROM sample_run AS r
            WHERE id = (SELECT MAX(id) FROM sample_run WHERE provider = r.provider AND target = r.target)
            """)
        for run in runs {
            let key = RunKey(provider: ProviderName(run.provider), target: run.target)
            state.runs[key] = run
            state.lastDuration[key] = Double(run.totalMs) / Double(max(run.samples, 1)) / 1000
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT provider, target, MAX(last_t) AS t FROM sample_run WHERE outcome = 'ok' GROUP BY provider, target
            """) {
            state.lastOk[RunKey(provider: ProviderName(row["provider"]), target: row["target"])] = row["t"]
        }
        for row in try Row.fetchAll(db, sql: "SELECT provider, MIN(first_t) AS t FROM sample_run GROUP BY provider") {
            state.firstSample[ProviderName(row["provider"])] = row["t"]
        }
        for row in try Row.fetchAll(db, sql: """
            SELECT provider, t, credit, native FROM credit_change AS c
            WHERE t = (SELECT MAX(t) FROM credit_change WHERE provider = c.provider)
            """) {
            state.credit[ProviderName(row["provider"])] = (row["t"], row["credit"], row["native"])
        }
        return state
    }
}
