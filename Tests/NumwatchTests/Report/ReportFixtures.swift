import Alerting
import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Sampler
import Simulator
import Store
import Web

/// The report's tests read pages as a person would: through the real router, at a fixed time.
enum ReportFixture {
    /// 2026-01-03 00:00 UTC.
    static let now: Int64 = 1_767_398_400
    static let dayAgo = now - 86_400 - 60

    /// A known state: two rounds a day apart and the credit spent down in between.
    /// A day ago: romania 10,000 ×188, russia 12,000 sold out, india 9,000 ×50, and a country whose
    /// provider-given name is a script tag. Now: romania cheaper, russia restocked, india sold
    /// out and dearer, usa new.
    static func seededStore() async throws -> HistoryStore {
        let store = try HistoryStore.inMemory()
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: dayAgo, rows: [
            ObservedRow(country: "romania", name: "رومانی", price: 10_000, stock: 188),
            ObservedRow(country: "russia", name: "روسیه", price: 12_000, stock: 0),
            ObservedRow(country: "india", name: "هند", price: 9_000, stock: 50),
            ObservedRow(country: "chad", name: "<script>alert(1)</script>", price: 20_000, stock: 5),
        ])], credit: CreditSample(time: dayAgo, credit: 100_000)))
        try await store.ingest(SampleRound(watches: [], credit: CreditSample(time: now - 43_200, credit: 90_000)))
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: now - 60, rows: [
            ObservedRow(country: "romania", name: "رومانی", price: 9_500, stock: 150),
            ObservedRow(country: "russia", name: "روسیه", price: 12_000, stock: 40),
            ObservedRow(country: "india", name: "هند", price: 9_500, stock: 0),
            ObservedRow(country: "chad", name: "<script>alert(1)</script>", price: 20_000, stock: 5),
            ObservedRow(country: "usa", name: "آمریکا", price: 15_000, stock: 10),
        ])], credit: CreditSample(time: now - 60, credit: 80_000)))
        return store
    }

    static let watches = [
        Watch(services: try! ServiceSet("telegram"), interval: .seconds(60)),
        Watch(services: try! ServiceSet(["telegram", "whatsapp"]), interval: .seconds(60)),
    ]

    static func router(
        _ store: HistoryStore, alerts: (any AlertsReading)? = nil, timeZone: String = "UTC", refresh: Int? = nil, at time: Int64 = now
    ) -> Router<WebRequestContext> {
        let metrics = MetricsEndpoint(collectors: [StoreCollector(store: store, watches: watches)])
        return NumwatchServer.buildRouter(
            metrics: metrics, store: store, watches: watches, creditInterval: .seconds(60), retention: RetentionPolicy(), alerts: alerts,
            timeZone: TimeZone(identifier: timeZone)!, refresh: refresh.map { .seconds($0) },
            wallClock: ManualWallClock(Timestamp(microsecondsSince1970: time * 1_000_000)))
    }

    /// GETs each path and hands back status and body, as a browser would ask (Accept: text/html).
    static func pages(_ router: Router<WebRequestContext>, _ paths: [String]) async throws -> [(status: HTTPResponse.Status, html: String)] {
        try await Application(router: router).test(.router) { client in
            var answers: [(status: HTTPResponse.Status, html: String)] = []
            for path in paths {
                let response = try await client.execute(uri: path, method: .get, headers: [.accept: "text/html,*/*;q=0.8"])
                answers.append((response.status, String(buffer: response.body)))
            }
            return answers
        }
    }

    static func page(_ router: Router<WebRequestContext>, _ path: String) async throws -> (status: HTTPResponse.Status, html: String) {
        try await pages(router, [path])[0]
    }
}

/// The page's text as a person reads it: tags dropped, whitespace collapsed, entities decoded.
func visibleText(_ html: String) -> String {
    var text = html.replacingOccurrences(of: "<style>[\\s\\S]*?</style>", with: " ", options: .regularExpression)
    text = text.replacingOccurrences(of: "<title>[\\s\\S]*?</title>", with: " ", options: .regularExpression)
    text = text.replacingOccurrences(of: "<[^>]+>", with: " ", options: .regularExpression)
    for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'"), ("&amp;", "&")] {
        text = text.replacingOccurrences(of: entity, with: character)
    }
    return text.split(whereSeparator: \.isWhitespace).joined(separator: " ")
}

/// The country codes of a table's rows, in order.
func countryCodes(_ html: String) -> [String] {
    let pattern = /<span class="code">([^<]*)<\/span>/
    return html.matches(of: pattern).map { String($0.output.1) }
}

/// The HTML between an `<h2>` that contains `heading` and the next `</section>`.
func section(_ html: String, _ heading: String) -> String {
    guard let start = html.range(of: heading) else { return "" }
    let rest = html[start.upperBound...]
    return String(rest[..<(rest.range(of: "</section>")?.lowerBound ?? rest.endIndex)])
}

/// Alerts as the alerting module would report them.
actor AlertsDouble: AlertsReading {
    nonisolated let hasRules: Bool
    private let activeAlerts: [AlertView]
    private let pastAlerts: [AlertView]

    init(hasRules: Bool = true, active: [AlertView] = [], history: [AlertView] = []) {
        self.hasRules = hasRules
        activeAlerts = active
        pastAlerts = history
    }

    func active() async throws -> [AlertView] { activeAlerts }

    func history(since: Int64, limit: Int) async throws -> [AlertView] {
        Array(pastAlerts.filter { $0.startsAt >= since }.prefix(limit))
    }
}

/// What a seeded simulator serves, as the sampler would hand it to the store.
enum SimulatorRows {
    static func telegram(seed: UInt64) async throws -> [ObservedRow] {
        var options = SimulatorOptions()
        options.seed = seed
        let engine = SimulatorEngine(options: options, clock: ManualWallClock(Timestamp(microsecondsSince1970: ReportFixture.now * 1_000_000)))
        return await engine.pricingRows(["telegram"]).map { ObservedRow(country: $0.country, name: $0.name, price: $0.price, stock: $0.count) }
    }
}
