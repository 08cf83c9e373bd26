import App
import Domain
import Foundation
import GRDB
import Store
import Testing
@testable import Web

@Suite struct DatabaseSizeMetricTests {
    static func size(_ body: String) -> Double? {
        body.split(separator: "\n").first { $0.hasPrefix("numwatch_database_size_bytes ") }.flatMap { Double($0.split(separator: " ")[1]) }
    }

    /// A write that is not a round (here a table filled by hand, as maintenance or the ledger
    /// would write) moves the size at the next scrape, though the store's version stayed.
    @Test func theSizeFollowsWritesThatAreNotRounds() async throws {
        let directory = try TemporaryDirectory.create("nw-size")
        defer { TemporaryDirectory.remove(directory) }
        let store = try HistoryStore.open(path: directory.appendingPathComponent("h.sqlite").path)
        let watches = [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]
        let endpoint = MetricsEndpoint(collectors: [StoreCollector(store: store, watches: watches), DatabaseSizeCollector(store: store, maxAge: .zero)])
        let before = try #require(Self.size(String(buffer: await endpoint.body(.text004).bytes)))
        let version = store.currentVersion
        try await store.writer.write { db in
            try db.execute(sql: "CREATE TABLE padding(blob BLOB)")
            try db.execute(sql: "INSERT INTO padding VALUES (zeroblob(200000))")
        }
        #expect(store.currentVersion == version)
        let after = try #require(Self.size(String(buffer: await endpoint.body(.text004).bytes)))
        #expect(after >= before + 200_000)
        #expect(after == Double(try await store.databaseSizeBytes()))
    }

    /// Known without waiting (so the event loop may answer the scrape) only while the size read
    /// last is recent, and then it is the generation a wait would give.
    @Test func theSizeIsKnownWithoutWaitingOnlyWhileItsReadIsRecent() async throws {
        let store = try HistoryStore.inMemory()
        let recent = DatabaseSizeCollector(store: store, maxAge: .seconds(3600))
        #expect(recent.readyGeneration == nil)  // never read
        let generation = await recent.generation
        #expect(recent.readyGeneration == generation)
        let expired = DatabaseSizeCollector(store: store, maxAge: .zero)
        _ = await expired.generation
        #expect(expired.readyGeneration == nil)
    }
}
