import App
import Domain
import Foundation
import Hummingbird
import Sampler
import Store
import Web

/// Two providers side by side: `main` (prices in Toman) and `fs` (5sim, roubles at 450 Toman).
enum TwoProviders {
    static let fs = ProviderName("fs")
    static let providers = [
        SampledProvider(id: .main),
        SampledProvider(id: fs, tomanPerUnit: 450, currency: "RUB"),
    ]
    /// telegram at both providers; the bundle at `main` only (fs sells no bundles).
    static let watches = [
        Watch(services: try! ServiceSet("telegram"), interval: .seconds(60)),
        Watch(services: try! ServiceSet("telegram"), interval: .seconds(60), provider: fs),
        Watch(services: try! ServiceSet(["telegram", "whatsapp"]), interval: .seconds(60)),
    ]

    /// A day ago and now (60 s before `ReportFixture.now`). Now, per country of telegram:
    /// romania: main 9,500 ×150, fs 9,000 ×30 (20 RUB, operator `<b>virtual21</b>`): fs beats main by 500.
    /// india: main 9,500 sold out, fs 9,900 ×7 (22 RUB): fs the only provider in stock.
    /// usa: main 15,000 ×10, fs 15,000 ×3: a tie, main (configured first) is the cheapest.
    /// russia: fs alone, 12,150 ×4, named by fs in English. chad: main alone, a name that is a script tag.
    static func store() async throws -> HistoryStore {
        let store = try HistoryStore.inMemory()
        let dayAgo = ReportFixture.dayAgo
        let now = ReportFixture.now - 60
        try await store.ingest(SampleRound(watches: [
            WatchSample(platform: "telegram", time: dayAgo, rows: [
                ObservedRow(country: "romania", name: "رومانی", price: 10_000, stock: 188),
                ObservedRow(country: "india", name: "هند", price: 9_000, stock: 50),
            ]),
            WatchSample(provider: fs, platform: "telegram", time: dayAgo, rows: [
                ObservedRow(country: "romania", name: "Romania", price: 9_900, stock: 30, native: 22, detail: "virtual21"),
                ObservedRow(country: "india", name: "India", price: 9_900, stock: 0, native: 22),
            ]),
        ], credits: [
            CreditSample(time: dayAgo, credit: 100_000),
            CreditSample(provider: fs, time: dayAgo, credit: 90_000, native: 200),
        ]))
        try await store.ingest(SampleRound(watches: [
            WatchSample(platform: "telegram", time: now, rows: [
                ObservedRow(country: "romania", name: "رومانی", price: 9_500, stock: 150),
                ObservedRow(country: "india", name: "هند", price: 9_500, stock: 0),
                ObservedRow(country: "usa", name: "آمریکا", price: 15_000, stock: 10),
                ObservedRow(country: "chad", name: "<script>alert(1)</script>", price: 20_000, stock: 5),
            ]),
            WatchSample(provider: fs, platform: "telegram", time: now, rows: [
                ObservedRow(country: "romania", name: "Romania", price: 9_000, stock: 30, native: 20, detail: "<b>virtual21</b>"),
                ObservedRow(country: "india", name: "India", price: 9_900, stock: 7, native: 22),
                ObservedRow(country: "usa", name: "USA", price: 15_000, stock: 3, native: 33.33),
                ObservedRow(country: "russia", name: "Russia", price: 12_150, stock: 4, native: 27),
            ]),
        ], credits: [
            CreditSample(time: now, credit: 80_000),
            CreditSample(provider: fs, time: now, credit: 45_000, native: 100),
        ]))
        return store
    }

    static func router(_ store: HistoryStore) -> Router<WebRequestContext> {
        let live = LiveWatches(watches, providers: providers)
        return NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: store, watches: watches, creditInterval: .seconds(60), retention: RetentionPolicy(),
            alerts: nil, wallClock: ManualWallClock(Timestamp(microsecondsSince1970: ReportFixture.now * 1_000_000)), liveWatches: live)
    }
}
