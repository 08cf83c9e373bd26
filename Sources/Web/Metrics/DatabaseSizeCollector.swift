import Store
import Synchronization

/// `numwatch_database_size_bytes`: the history database's file and write-ahead log on disk. A
/// collector of its own whose generation is the size, because the size moves with every write —
/// maintenance, alerts, the ledger, SQLite's checkpoints — and not only with the rounds that move
/// the store's version. Read (two `stat` calls) at most once per `maxAge`: every scrape asks for
/// the generation, and the stats were 3 % of an idle scrape's time.
package final class DatabaseSizeCollector: MetricsCollector {
    let store: HistoryStore
    let maxAge: Duration
    private let read = Mutex<(size: Int64?, at: ContinuousClock.Instant)?>(nil)

    package init(store: HistoryStore, maxAge: Duration = .seconds(1)) {
        self.store = store
        self.maxAge = maxAge
    }

    package var generation: UInt64 {
        get async { (await size()).map { UInt64(clamping: $0) } ?? .max }
    }

    package func collect(into w: inout ExpositionWriter) async {
        w.family("numwatch_database_size_bytes", .gauge, help: "Size of the history database on disk, including its write-ahead log.")
        if let size = await size() { w.sample("numwatch_database_size_bytes", Double(size)) }
    }

    private func size() async -> Int64? {
        let now = ContinuousClock.now
        if let last = read.withLock({ $0 }), now - last.at < maxAge { return last.size }
        let size = try? await store.databaseSizeBytes()
        read.withLock { $0 = (size, now) }
        return size
    }
}
