import Store

/// `numwatch_database_size_bytes`: the history database's file and write-ahead log on disk. A
/// collector of its own whose generation is the size, because the size moves with every write —
/// maintenance, alerts, the ledger, SQLite's checkpoints — and not only with the rounds that move
/// the store's version. Read (two `stat` calls) at most once per `maxAge`: every scrape asks for
/// the generation, and the stats were 3 % of an idle scrape's time.
package struct DatabaseSizeCollector: MetricsCollector {
    let store: HistoryStore
    private let recentSize: RecentValue<Int64>

    package init(store: HistoryStore, maxAge: Duration = .seconds(1)) {
        self.store = store
        recentSize = RecentValue(maxAge: maxAge)
    }

    package var generation: UInt64 {
        get async { (await size()).map { UInt64(clamping: $0) } ?? .max }
    }

    package var readyGeneration: UInt64? { recentSize.recent.map { UInt64(clamping: $0) } }

    package func collect(into w: inout ExpositionWriter) async {
        w.family("numwatch_database_size_bytes", .gauge, help: "Size of the history database on disk, including its write-ahead log.")
        if let size = await size() { w.sample("numwatch_database_size_bytes", Double(size)) }
    }

    private func size() async -> Int64? {
        await recentSize.value(orRead: { try await store.databaseSizeBytes() })
    }
}
