import App
import Domain
import Foundation
import GRDB
import Store
import Testing

/// The history a database holds from before several providers is the provider `main`'s: the
/// same values, runs and credit, read and extended under that id, and a second provider's
/// history beside it is its own.
@Suite struct ProvidersMigrationTests {
    @Test func theHistoryOfTheReleaseBeforeIsMainsAndGrowsBesideAnotherProviders() async throws {
        let directory = try TemporaryDirectory.create("nw-providers-migration")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let old = try SchemaTests.databaseOfTheRelease(at: path)
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO platform (id, name) VALUES (1, 'telegram');
                INSERT INTO country (id, code, name) VALUES (1, 'romania', 'رومانی'), (2, 'india', 'هند');
                INSERT INTO series (id, platform_id, country_id) VALUES (1, 1, 1), (2, 1, 2);
                INSERT INTO change (series_id, t, price, stock) VALUES (1, 1000, 9000, 40), (1, 2000, 9500, 38), (2, 1000, 4000, 900);
                INSERT INTO sample_run (target, outcome, first_t, last_t, samples, total_ms)
                    VALUES ('telegram', 'ok', 1000, 2000, 11, 1100), ('credit', 'ok', 1000, 2000, 11, 900);
                INSERT INTO credit_change (t, credit) VALUES (1000, 120000), (1500, 110000);
                """)
        }
        try old.close()

        let store = try HistoryStore.open(path: path)
        let main = await store.snapshot()[.main]
        #expect(main.pairs["telegram"] == [
            Snapshot.Pair(country: "india", name: "هند", price: 4000, stock: 900),
            Snapshot.Pair(country: "romania", name: "رومانی", price: 9500, stock: 38),
        ])
        #expect(main.credit == 110_000 && main.creditTime == 2000)
        #expect(main.health["telegram"]?.lastOk == 2000)
        #expect(try await store.history(platform: "telegram", country: "romania", from: 0, to: 3000, resolution: .raw)
            .map(\.priceLast) == [9000, 9500])
        #expect(try await store.creditHistory(provider: .main, since: 0).map(\.credit) == [120_000, 110_000])

        // The same platform from another provider is a history of its own, in its own currency.
        let sa = ProviderName("sa")
        try await store.ingest(SampleRound(watches: [
            WatchSample(provider: sa, platform: "telegram", time: 2100,
                        rows: [ObservedRow(country: "romania", name: "Romania", price: 8100, stock: 7, native: 18)]),
            WatchSample(provider: .main, platform: "telegram", time: 2100,
                        rows: [ObservedRow(country: "romania", name: "رومانی", price: 9500, stock: 38),
                               ObservedRow(country: "india", name: "هند", price: 4000, stock: 900)]),
        ], credits: [CreditSample(provider: sa, time: 2100, credit: 45_000, native: 100)]))
        let after = await store.snapshot()
        #expect(after[sa].pairs["telegram"] == [Snapshot.Pair(country: "romania", name: "Romania", price: 8100, stock: 7, native: 18)])
        #expect(after[.main].pairs["telegram"]?.map(\.price) == [4000, 9500])
        #expect(after[sa].credit == 45_000 && after[sa].creditNative == 100 && after[.main].credit == 110_000)
        #expect(after[.main].health["telegram"]?.lastOk == 2100 && after[sa].health["telegram"]?.lastOk == 2100)
        #expect(try await store.history(provider: sa, platform: "telegram", country: "romania", from: 0, to: 3000, resolution: .raw)
            .map(\.priceLast) == [8100])
        let exported = try await store.export(since: 0)
        #expect(Set(exported.map(\.provider)) == ["main", "sa"])
        #expect(exported.first { $0.provider == "sa" }?.native == 18)
        let csv = Exporter.render(exported, format: .csv).split(separator: "\n")
        #expect(csv.first == "time,platform,country,name,price,stock,provider,native")
        #expect(csv.contains { $0.hasSuffix(",telegram,romania,Romania,8100,7,sa,18.0") })
        #expect(csv.contains { $0.hasSuffix(",telegram,india,هند,4000,900,main,") })

        // Reopened, both histories and the native values are read back as they were.
        let reopened = try HistoryStore.open(path: path)
        let read = await reopened.snapshot()
        #expect(read[sa].pairs["telegram"]?.first?.native == 18 && read[sa].creditNative == 100)
        #expect(read[.main].pairs == after[.main].pairs)
    }
}
