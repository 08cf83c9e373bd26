import App
import Foundation
import Store

/// Ingests rounds into the store at `path` until killed, printing `committed N` after round N's
/// transaction has committed. The crash-safety test kills it with SIGKILL at a random moment and
/// then checks that the database is intact and holds every round it was told about.
enum IngestForever {
    static func run(path: String) async throws {
        let store = try HistoryStore.open(path: path)
        var round = await store.snapshot()[.main].health["bench"].map { Int($0.lastTime / 60) + 1 } ?? 0
        while true {
            let rows = (0..<200).map { ObservedRow(country: "c\($0)", name: "کشور \($0)", price: 1_000 + round, stock: $0 + round) }
            try await store.ingest(SampleRound(
                watches: [WatchSample(platform: "bench", time: Int64(round) * 60, rows: rows)],
                credit: CreditSample(time: Int64(round) * 60, credit: 1_000_000 - round)))
            print("committed \(round)")
            fflush(nil)
            round += 1
        }
    }
}
