import Domain
import GRDB

/// A pair's value at some moment, as the report compares it with now.
package struct PairValue: Sendable, Hashable {
    /// nil: not listed at that moment.
    package var price: Int?
    package var stock: Int?
    /// Unix seconds of the change point that set it.
    package var since: Int64
}

/// A pair whose stock went to zero, or came back from zero.
package struct StockEvent: Sendable, Hashable {
    package enum Kind: Sendable, Hashable { case soldOut, restocked }
    package var kind: Kind
    package var platform: String
    package var country: String
    package var name: String
    package var time: Int64
    package var stock: Int
    package var price: Int?
}

/// Failed samples of one target (a platform, or `credit`) within a window.
package struct FailureCount: Sendable, Hashable {
    package var target: String
    package var samples: Int
    package var lastOutcome: String
    package var lastMessage: String?
    package var lastTime: Int64
}

// The report's queries. Each one walks the primary keys series by series (a seek per series,
// then only the rows in the window), never a scan of the change table: that table is by far the
// largest, and the report must stay fast on a year of history.
extension HistoryStore {
    /// The value in force at `time` for every pair of `platforms` (only of `countries`, when
    /// given) that had one: platform → country → value.
    package func pairValues(
        provider: ProviderName = .main, platforms: [String], countries: Set<String>? = nil, at time: Int64
    ) async throws -> [String: [String: PairValue]] {
        guard !platforms.isEmpty, countries?.isEmpty != true else { return [:] }
        let codes = countries.map { Array($0) } ?? []
        let countryFilter = countries == nil ? "" : " AND k.code IN \(Self.placeholders(codes.count))"
        return try await writer.read { db in
            // CROSS JOIN keeps `change` the inner loop: one seek per series (without statistics
            // SQLite may otherwise choose to scan the whole table).
            let rows = try Row.fetchCursor(db, sql: """
                SELECT p.name AS platform, k.code AS country, c.t, c.price, c.stock
                FROM series s JOIN platform p ON p.id = s.platform_id JOIN country k ON k.id = s.country_id
                CROSS JOIN change c ON c.series_id = s.id
                  AND c.t = (SELECT t FROM change WHERE series_id = s.id AND t <= ? ORDER BY t DESC LIMIT 1)
                WHERE p.provider = ? AND p.name IN \(Self.placeholders(platforms.count))\(countryFilter)
                """, arguments: StatementArguments([time as any DatabaseValueConvertible, provider.rawValue] + platforms + codes))
            var values: [String: [String: PairValue]] = [:]
            while let row = try rows.next() {
                values[row["platform"], default: [:]][row["country"]] = PairValue(price: row["price"], stock: row["stock"], since: row["t"])
            }
            return values
        }
    }

    /// Sell-outs (listed, stock from above zero to zero) and restocks (from zero to above zero) of
    /// `platforms` after `since`, newest first, at most `limit`.
    package func stockEvents(provider: ProviderName = .main, platforms: [String], since: Int64, limit: Int) async throws -> [StockEvent] {
        guard !platforms.isEmpty else { return [] }
        return try await writer.read { db in
            // Every event involves a change point at zero stock: the sell-out itself, or the one a
            // restock follows. Those are few; find them (from each series' value in force at
            // `since` on; an unlisted pair has no stock, so `stock = 0` means listed and sold
            // out), then look one change back and one forward from each. Pairing every
            // change of the day with its predecessor instead (LAG) costs a sort of all of them.
            let zeros = try Row.fetchAll(db, sql: """
                SELECT s.id AS series, p.name AS platform, k.code AS country, COALESCE(n.name, k.name) AS name, c.t, c.price
                FROM series s JOIN platform p ON p.id = s.platform_id JOIN country k ON k.id = s.country_id
                CROSS JOIN change c ON c.series_id = s.id
                  AND c.t >= COALESCE((SELECT t FROM change WHERE series_id = s.id AND t <= ?1 ORDER BY t DESC LIMIT 1), 0)
                LEFT JOIN country_name n ON n.provider = p.provider AND n.country_id = k.id
                WHERE p.provider = ?2 AND p.name IN \(Self.placeholders(platforms.count, from: 3)) AND c.stock = 0
                """, arguments: StatementArguments([since as any DatabaseValueConvertible, provider.rawValue] + platforms))
            let before = try db.cachedStatement(sql: "SELECT stock FROM change WHERE series_id = ? AND t < ? ORDER BY t DESC LIMIT 1")
            let after = try db.cachedStatement(sql: "SELECT t, price, stock FROM change WHERE series_id = ? AND t > ? ORDER BY t LIMIT 1")
            var events: [StockEvent] = []
            for zero in zeros {
                let (series, t): (Int64, Int64) = (zero["series"], zero["t"])
                let event = StockEvent(kind: .soldOut, platform: zero["platform"], country: zero["country"], name: zero["name"],
                                       time: t, stock: 0, price: zero["price"])
                if t > since, let stock = try Int?.fetchOne(before, arguments: [series, t]) ?? nil, stock > 0 {
                    events.append(event)
                }
                if let next = try Row.fetchOne(after, arguments: [series, t]), let price: Int = next["price"],
                   let stock: Int = next["stock"], stock > 0 {
                    var restock = event
                    restock.kind = .restocked
                    restock.time = next["t"]
                    restock.stock = stock
                    restock.price = price
                    events.append(restock)
                }
            }
            events.sort { ($1.time, $0.platform, $0.country) < ($0.time, $1.platform, $1.country) }
            return Array(events.prefix(limit))
        }
    }

    /// Failed samples per target after `since`. A run that began before `since` counts the
    /// share of its samples that fell after it (runs keep counts, not each sample's time).
    package func failures(provider: ProviderName = .main, targets: [String], since: Int64) async throws -> [String: FailureCount] {
        guard !targets.isEmpty else { return [:] }
        return try await writer.read { db in
            let runs = try SampleRunRecord.fetchAll(db, sql: """
                SELECT * FROM sample_run WHERE provider = ?2 AND target IN \(Self.placeholders(targets.count, from: 3))
                  AND last_t > ?1 AND outcome <> 'ok' ORDER BY last_t
                """, arguments: StatementArguments([since as any DatabaseValueConvertible, provider.rawValue] + targets))
            var counts: [String: FailureCount] = [:]
            for run in runs {
                let span = run.lastT - run.firstT
                let inside = run.firstT > since || span == 0
                    ? run.samples
                    : Int((Double(run.samples) * Double(run.lastT - since) / Double(span)).rounded(.up))
                var count = counts[run.target] ?? FailureCount(target: run.target, samples: 0, lastOutcome: run.outcome,
                                                               lastMessage: run.message, lastTime: run.lastT)
                count.samples += inside
                count.lastOutcome = run.outcome
                count.lastMessage = run.message
                count.lastTime = run.lastT
                counts[run.target] = count
            }
            return counts
        }
    }

    /// `(?, ?, ...)`, or numbered from `from` (`(?3, ?4)`) when the statement also uses numbered parameters.
    private static func placeholders(_ count: Int, from: Int? = nil) -> String {
        guard let from else { return "(" + Array(repeating: "?", count: count).joined(separator: ", ") + ")" }
        return "(" + (0..<count).map { "?\(from + $0)" }.joined(separator: ", ") + ")"
    }
}
