import Store

/// `numwatch_database_size_bytes`: the history database's file and write-ahead log on disk. A
/// collector of its own whose generation is the size (two `stat` calls a scrape), because the size
/// moves with every write — maintenance, alerts, the ledger, SQLite's checkpoints — and not only
/// with the rounds that move the store's version.
package struct DatabaseSizeCollector: MetricsCollector {
    let store: HistoryStore

    package init(store: HistoryStore) {
        self.store = store
    }

    package var generation: UInt64 {
        get async { (try? await store.databaseSizeBytes()).map { UInt64(clamping: $0) } ?? .max }
    }

    package func collect(into w: inout ExpositionWriter) async {
        w.family("numwatch_database_size_bytes", .gauge, help: "Size of the history database on disk, including its write-ahead log.")
        if let size = try? await store.databaseSizeBytes() { w.sample("numwatch_database_size_bytes", Double(size)) }
    }
}
