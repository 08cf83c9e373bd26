import Domain
import GRDB

/// One point of a history: a change point (raw) or a bucket's min/max/last (rollups).
package struct HistoryPoint: Sendable, Hashable, Codable {
    /// Unix seconds: when the value took effect, or the bucket's start.
    package var time: Int64
    package var priceMin: Int?
    package var priceMax: Int?
    package var priceLast: Int?
    package var stockMin: Int?
    package var stockMax: Int?
    package var stockLast: Int?
}

package enum Resolution: Int64, Sendable, Codable, CaseIterable {
    case raw = 0
    case hour = 3600
    case day = 86_400

    package var name: String { self == .raw ? "raw" : self == .hour ? "1h" : "1d" }

    /// The finest resolution still kept for `from`, coarse enough that a range gives a few
    /// hundred points at most.
    package static func fitting(from: Int64, to: Int64, now: Int64, retention: RetentionPolicy) -> Resolution {
        let span = to - from
        let cuts = retention.cuts(now: now)
        if span <= 3 * 86_400, from >= cuts.raw { return .raw }
        if span <= 45 * 86_400, from >= cuts.hourly { return .hour }
        return .day
    }
}

/// The value in force at a moment, and when it was last seen by a successful sample.
package struct PointValue: Sendable, Hashable {
    package var price: Int?
    package var stock: Int?
    /// Unix seconds of the value's change point.
    package var since: Int64
    /// Whether a run of successful samples covers the moment (if not, this is the last value
    /// seen before it, not an observation of it).
    package var observed: Bool
}

/// A row of `numwatch export`.
package struct ExportRow: Sendable, Hashable, Codable {
    package var time: Int64
    /// The provider's id (`main` for the configuration's `provider:`).
    package var provider: String
    package var platform: String
    package var country: String
    package var name: String
    /// nil: the provider stopped listing the pair at `time`.
    package var price: Int?
    package var stock: Int?
    /// As read, in the provider's currency, where that is not the Toman.
    package var native: Double?
}

package struct SampleRun: Sendable, Hashable, Codable {
    package var target: String
    package var outcome: String
    package var message: String?
    package var firstTime: Int64
    package var lastTime: Int64
    package var samples: Int
    package var averageSeconds: Double
}

extension HistoryStore {
    private func seriesID(_ key: PlatformKey, _ country: String) -> Int64? {
        guard let p = state.platformIDs[key], let c = state.countryIDs[country] else { return nil }
        return state.seriesIDs[.init(platform: p, country: c)]
    }

    /// The value of one pair at `time` (Unix seconds), exactly as the last sample at or before it saw it.
    package func value(provider: ProviderName = .main, platform: String, country: String, at time: Int64) async throws -> PointValue? {
        guard let series = seriesID(PlatformKey(provider, platform), country) else { return nil }
        return try await writer.read { db in
            guard let change = try ChangeRecord.fetchOne(db, sql: """
                SELECT * FROM change WHERE series_id = ? AND t <= ? ORDER BY t DESC LIMIT 1
                """, arguments: [series, time]) else { return nil }
            let covered = try Bool.fetchOne(db, sql: """
                SELECT EXISTS(SELECT 1 FROM sample_run
                  WHERE provider = ? AND target = ? AND outcome = 'ok' AND first_t <= ? AND last_t >= ?)
                """, arguments: [provider.rawValue, platform, time, time]) ?? false
            return PointValue(price: change.price, stock: change.stock, since: change.t, observed: covered)
        }
    }

    /// The history of one pair over [from, to]: the value in force at `from`, then every change
    /// (raw), or the buckets' min/max/last (rollups; a bucket absent from the result repeats the
    /// previous point's last value).
    package func history(
        provider: ProviderName = .main, platform: String, country: String, from: Int64, to: Int64, resolution: Resolution
    ) async throws -> [HistoryPoint] {
        guard let series = seriesID(PlatformKey(provider, platform), country) else { return [] }
        return try await writer.read { db in
            if resolution == .raw {
                let changes = try ChangeRecord.fetchAll(db, sql: """
                    SELECT * FROM (SELECT * FROM change WHERE series_id = ? AND t <= ? ORDER BY t DESC LIMIT 1)
                    UNION ALL SELECT * FROM change WHERE series_id = ? AND t > ? AND t <= ? ORDER BY t
                    """, arguments: [series, from, series, from, to])
                return changes.map { c in
                    HistoryPoint(time: max(c.t, from), priceMin: c.price, priceMax: c.price, priceLast: c.price,
                                 stockMin: c.stock, stockMax: c.stock, stockLast: c.stock)
                }
            }
            let start = from - from % resolution.rawValue
            let rows = try RollupRecord.fetchAll(db, sql: """
                SELECT * FROM (SELECT * FROM rollup WHERE series_id = ? AND resolution = ? AND bucket < ? ORDER BY bucket DESC LIMIT 1)
                UNION ALL SELECT * FROM rollup WHERE series_id = ? AND resolution = ? AND bucket >= ? AND bucket <= ? ORDER BY bucket
                """, arguments: [series, resolution.rawValue, start, series, resolution.rawValue, start, to])
            return rows.enumerated().map { index, r in
                // The row before the range only carries its last value into the range's start.
                if index == 0, r.bucket < start {
                    return HistoryPoint(time: start, priceMin: r.priceLast, priceMax: r.priceLast, priceLast: r.priceLast,
                                        stockMin: r.stockLast, stockMax: r.stockLast, stockLast: r.stockLast)
                }
                return HistoryPoint(time: r.bucket, priceMin: r.priceMin, priceMax: r.priceMax, priceLast: r.priceLast,
                                    stockMin: r.stockMin, stockMax: r.stockMax, stockLast: r.stockLast)
            }
        }
    }

    /// Change points since `since` (with the value in force at `since` first), oldest first.
    package func export(
        provider: ProviderName? = nil, platform: String? = nil, country: String? = nil, since: Int64
    ) async throws -> [ExportRow] {
        try await writer.read { db in
            var filter = ""
            var arguments: StatementArguments = [since, since]
            if let provider { filter += " AND p.provider = ?"; arguments += [provider.rawValue] }
            if let platform { filter += " AND p.name = ?"; arguments += [platform] }
            if let country { filter += " AND k.code = ?"; arguments += [country] }
            let rows = try Row.fetchAll(db, sql: """
                SELECT MAX(c.t, ?) AS time, p.provider, p.name AS platform, k.code AS country, COALESCE(n.name, k.name) AS name, c.price, c.stock, c.native
                FROM change c JOIN series s ON s.id = c.series_id
                JOIN platform p ON p.id = s.platform_id JOIN country k ON k.id = s.country_id
                LEFT JOIN country_name n ON n.provider = p.provider AND n.country_id = k.id
                WHERE (c.t >= ? OR c.t = (SELECT MAX(t) FROM change WHERE series_id = c.series_id AND t <= \(since)))
                \(filter)
                ORDER BY time, p.provider, p.name, k.code
                """, arguments: arguments)
            return rows.map { row in
                ExportRow(time: row["time"], provider: row["provider"], platform: row["platform"], country: row["country"],
                          name: row["name"], price: row["price"], stock: row["stock"], native: row["native"])
            }
        }
    }

    /// Credit change points since `since`, with the value in force at `since` first.
    package func creditHistory(provider: ProviderName = .main, since: Int64) async throws -> [(time: Int64, credit: Int)] {
        try await writer.read { db in try Self.creditHistory(db, provider: provider, since: since) }
    }

    /// The same, inside a transaction of the caller's (alert evaluation reads it mid-round).
    /// `ORDER BY credit_change.t`: the alias `t` is the clamped time, the same for every row.
    package static func creditHistory(
        _ db: Database, provider: ProviderName = .main, since: Int64
    ) throws -> [(time: Int64, credit: Int)] {
        try Row.fetchAll(db, sql: """
            SELECT * FROM (SELECT MAX(t, ?2) AS t, credit FROM credit_change WHERE provider = ?1 AND t <= ?2
                           ORDER BY credit_change.t DESC LIMIT 1)
            UNION ALL SELECT t, credit FROM credit_change WHERE provider = ?1 AND t > ?2 ORDER BY t
            """, arguments: [provider.rawValue, since]).map { ($0["t"], $0["credit"]) }
    }

    /// Sample runs of one target (a platform, or `credit`) that end at or after `since`.
    package func sampleRuns(provider: ProviderName = .main, target: String, since: Int64) async throws -> [SampleRun] {
        try await writer.read { db in
            try SampleRunRecord.fetchAll(db, sql: """
                SELECT * FROM sample_run WHERE provider = ? AND target = ? AND last_t >= ? ORDER BY first_t
                """, arguments: [provider.rawValue, target, since]).map {
                SampleRun(target: $0.target, outcome: $0.outcome, message: $0.message, firstTime: $0.firstT, lastTime: $0.lastT,
                          samples: $0.samples, averageSeconds: Double($0.totalMs) / Double(max($0.samples, 1)) / 1000)
            }
        }
    }
}
