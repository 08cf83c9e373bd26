import Domain
import GRDB

/// How long each resolution is kept. Raw change points are rolled up before they are pruned.
package struct RetentionPolicy: Sendable, Equatable {
    package var raw: Duration
    package var hourly: Duration
    /// Everything (daily rollups, credit, sample runs) older than this goes.
    package var total: Duration

    package init(
        raw: Duration = .seconds(35 * 86_400), hourly: Duration = .seconds(90 * 86_400), total: Duration = .seconds(400 * 86_400)
    ) {
        self.raw = raw
        self.hourly = hourly
        self.total = total
    }

    /// The cuts as the tables count time: whole Unix seconds, `now` minus each retention.
    package func cuts(now: Int64) -> (raw: Int64, hourly: Int64, total: Int64) {
        (now - raw.components.seconds, now - hourly.components.seconds, now - total.components.seconds)
    }
}

/// What one maintenance pass did.
package struct MaintenanceReport: Sendable, Equatable {
    package var hourlyRows = 0
    package var dailyRows = 0
    package var deletedRows = 0
    package init() {}
}

extension HistoryStore {
    /// Rolls up every complete hour and day not yet rolled up, then drops what retention says.
    /// Idempotent; the periodic job calls it every few minutes.
    @discardableResult
    package func maintain(now: Int64, retention: RetentionPolicy) async throws -> MaintenanceReport {
        try await writer.write { db in
            var report = MaintenanceReport()
            report.hourlyRows = try Self.rollUp(db, resolution: .hour, until: now)
            report.dailyRows = try Self.rollUp(db, resolution: .day, until: now)
            try Ledger.settle(db, nowMs: now * 1000)
            // Retention moves by the hour at the finest; pruning more often would only cost seeks.
            let lastPrune = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'pruned_at'")
            if lastPrune.map({ now - $0 >= 3_600 }) ?? true {
                report.deletedRows = try Self.prune(db, now: now, retention: retention, owners: self.schema.retention)
                try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES ('pruned_at', ?)", arguments: [now])
            }
            return report
        }
    }

    private static func watermarkKey(_ resolution: Resolution) -> String { "rolled_up_until_\(resolution.rawValue)" }

    /// Writes rollup rows for the complete buckets in [watermark, now), one per (series, bucket)
    /// that saw a change; min and max include the value carried into the bucket. Works series by
    /// series through the (series_id, t) key, so a pass costs seeks, not a scan of the history.
    private static func rollUp(_ db: Database, resolution: Resolution, until now: Int64) throws -> Int {
        let width = resolution.rawValue
        let end = now - now % width
        let key = watermarkKey(resolution)
        let first = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
            ?? Int64.fetchOne(db, sql: "SELECT MIN(t) FROM change").map { $0 - $0 % width }
        guard let start = first, start < end else { return 0 }
        var written = 0
        let inRange = try db.cachedStatement(sql: "SELECT * FROM change WHERE series_id = ? AND t >= ? AND t < ? ORDER BY t")
        let before = try db.cachedStatement(sql: "SELECT * FROM change WHERE series_id = ? AND t < ? ORDER BY t DESC LIMIT 1")
        for series in try Int64.fetchAll(db, sql: "SELECT id FROM series") {
            let changes = try ChangeRecord.fetchAll(inRange, arguments: [series, start, end])
            guard !changes.isEmpty else { continue }
            var carried = try ChangeRecord.fetchOne(before, arguments: [series, start]).map { ($0.price, $0.stock) }
            var open: RollupRecord?
            for change in changes {
                let bucket = change.t - change.t % width
                if open?.bucket != bucket {
                    if let record = open { try record.insert(db, onConflict: .replace); written += 1 }
                    open = RollupRecord(seriesId: series, resolution: width, bucket: bucket,
                                        priceMin: carried?.0, priceMax: carried?.0, priceLast: carried?.0,
                                        stockMin: carried?.1, stockMax: carried?.1, stockLast: carried?.1)
                }
                open?.include(price: change.price, stock: change.stock)
                carried = (change.price, change.stock)
            }
            if let record = open { try record.insert(db, onConflict: .replace); written += 1 }
        }
        try db.execute(sql: "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", arguments: [key, end])
        return written
    }

    /// Deletes what is past retention, keeping for each series the last row before each cut so
    /// the value in force at the cut stays known. Series by series, through the primary keys.
    /// The tables of modules above the store (resolved alerts) are cut by their `owners`.
    private static func prune(_ db: Database, now: Int64, retention: RetentionPolicy, owners: [RetentionCut]) throws -> Int {
        let rolled = try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [watermarkKey(.day)]) ?? 0
        let cuts = retention.cuts(now: now)
        let rawCut = min(cuts.raw, rolled)
        let (hourCut, totalCut) = (cuts.hourly, cuts.total)
        var deleted = 0
        let changes = try db.cachedStatement(sql: """
            DELETE FROM change WHERE series_id = ?1 AND t < (SELECT MAX(t) FROM change WHERE series_id = ?1 AND t < ?2)
            """)
        let rollups = try db.cachedStatement(sql: """
            DELETE FROM rollup WHERE series_id = ?1 AND resolution = ?2 AND bucket <
                (SELECT MAX(bucket) FROM rollup WHERE series_id = ?1 AND resolution = ?2 AND bucket < ?3)
            """)
        for series in try Int64.fetchAll(db, sql: "SELECT id FROM series") {
            try changes.execute(arguments: [series, rawCut])
            deleted += db.changesCount
            for (resolution, cut) in [(Resolution.hour, hourCut), (.day, totalCut)] {
                try rollups.execute(arguments: [series, resolution.rawValue, cut])
                deleted += db.changesCount
            }
        }
        // Each provider keeps the credit in force at the cut.
        try db.execute(sql: """
            DELETE FROM credit_change AS c
            WHERE t < (SELECT MAX(t) FROM credit_change WHERE provider = c.provider AND t < ?)
            """, arguments: [totalCut])
        deleted += db.changesCount
        try db.execute(sql: "DELETE FROM sample_run WHERE last_t < ?", arguments: [totalCut])
        for cut in owners { deleted += try cut(db, totalCut) }
        return deleted
    }
}

extension RollupRecord {
    /// Folds one change into the bucket; a "not listed" change only sets the last values.
    mutating func include(price: Int?, stock: Int?) {
        if let price {
            priceMin = min(priceMin ?? price, price)
            priceMax = max(priceMax ?? price, price)
        }
        if let stock {
            stockMin = min(stockMin ?? stock, stock)
            stockMax = max(stockMax ?? stock, stock)
        }
        priceLast = price
        stockLast = stock
    }
}
