import App
import CompressNIO
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import ProviderAPI
import Sampler
import Store
import Testing
import Web

private func storeWith(_ rows: [ObservedRow], platform: String = "telegram", credit: Int? = 90_000) async throws -> HistoryStore {
    let store = try HistoryStore.inMemory()
    try await store.ingest(SampleRound(
        watches: [WatchSample(platform: platform, time: 1_700_000_000, rows: rows)],
        credit: credit.map { CreditSample(time: 1_700_000_000, credit: $0) }))
    return store
}

private func routes(_ store: HistoryStore, collectors extra: [any MetricsCollector] = []) throws -> Router<WebRequestContext> {
    let watches = [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]
    let metrics = MetricsEndpoint(collectors: [StoreCollector(store: store, watches: watches)] + extra + [BuildCollector(version: "9.9.9")])
    return NumwatchServer.buildRouter(metrics: metrics, store: store, watches: watches, creditInterval: .seconds(60), retention: RetentionPolicy(),
                                      alerts: nil, wallClock: ManualWallClock(Timestamp(microsecondsSince1970: 1_700_000_060_000_000)))
}

@Suite struct MetricsExpositionTests {
    @Test func textFormatHasHelpOnEveryFamilyAndTheExactContentType() async throws {
        let store = try await storeWith([ObservedRow(country: "romania", name: "رومانی", price: 10_000, stock: 188)])
        let app = Application(router: try routes(store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.contains("numwatch_price_toman{provider=\"main\",platform=\"telegram\",country=\"romania\"} 10000\n"))
                #expect(text.contains("numwatch_numbers_available{provider=\"main\",platform=\"telegram\",country=\"romania\"} 188\n"))
                #expect(text.contains("numwatch_country_info{provider=\"main\",country=\"romania\",name=\"رومانی\"} 1\n"))
                #expect(text.contains("numwatch_credit_toman{provider=\"main\"} 90000\n"))
                #expect(text.contains("numwatch_last_sample_timestamp_seconds{provider=\"main\",platform=\"telegram\"} 1700000000\n"))
                #expect(text.contains("numwatch_build_info{version=\"9.9.9\"} 1\n"))
                let types = text.split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map { $0.split(separator: " ")[2] }
                let helps = text.split(separator: "\n").filter { $0.hasPrefix("# HELP ") }.map { $0.split(separator: " ")[2] }
                #expect(types == helps)
                #expect(!text.contains("# EOF"))
                #expect(!text.contains(" 1700000000000"))  // no sample timestamps
            }
        }
    }

    @Test func providerStringsAreEscapedInLabelValues() async throws {
        let nasty = "a\"b\\c\nd}"
        let store = try await storeWith([ObservedRow(country: "x", name: nasty, price: 1, stock: 1)])
        var writer = ExpositionWriter(format: .text004)
        await StoreCollector(store: store, watches: [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]).collect(into: &writer)
        #expect(writer.output.contains(#"numwatch_country_info{provider="main",country="x",name="a\"b\\c\nd}"} 1"#))
        #expect(!writer.output.contains("\nd}"))
    }

    @Test func openMetricsWhenPreferredWithEOFAndCounterFamilies() async throws {
        let store = try await storeWith([ObservedRow(country: "romania", name: "r", price: 1, stock: 1)])
        let provider = ProviderMetrics()
        provider.providerRequestFinished(endpoint: .pricing, code: "200", seconds: 0.1)
        provider.providerCallFinished(endpoint: .pricing, succeeded: true)
        let app = Application(router: try routes(store, collectors: [provider]))
        let prometheusAccept = "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1"
        try await app.test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get, headers: [.accept: prometheusAccept]) { response in
                #expect(response.headers[.contentType] == "application/openmetrics-text; version=1.0.0; charset=utf-8")
                let text = String(buffer: response.body)
                #expect(text.hasSuffix("# EOF\n"))
                #expect(text.contains("# TYPE numwatch_provider_requests counter\n"))
                #expect(text.contains("numwatch_provider_requests_total{provider=\"main\",endpoint=\"pricing\",code=\"200\"} 1\n"))
                #expect(text.contains("numwatch_provider_up{provider=\"main\"} 1\n"))
            }
        }
        #expect(MetricsEndpoint.format(accept: "text/plain;q=0.9,application/openmetrics-text;q=0.5") == .text004)
        #expect(MetricsEndpoint.format(accept: nil) == .text004)
    }

    @Test func gzipWhenAskedDecodesToTheSameExposition() async throws {
        let store = try await storeWith([ObservedRow(country: "romania", name: "r", price: 1, stock: 1)])
        let app = Application(router: try routes(store))
        try await app.test(.router) { client in
            let plain = try await client.execute(uri: "/metrics", method: .get).body
            try await client.execute(uri: "/metrics", method: .get, headers: [.acceptEncoding: "gzip, deflate"]) { response in
                #expect(response.headers[.contentEncoding] == "gzip")
                var body = response.body
                let inflated = try body.decompress(with: .gzip())
                #expect(String(buffer: inflated) == String(buffer: plain))
            }
        }
        #expect(!MetricsEndpoint.acceptsGzip("gzip;q=0"))
    }

    @Test func aPairTheProviderStopsListingLeavesTheExposition() async throws {
        let store = try await storeWith([ObservedRow(country: "romania", name: "r", price: 1, stock: 1), ObservedRow(country: "chad", name: "c", price: 2, stock: 2)])
        let endpoint = MetricsEndpoint(collectors: [StoreCollector(store: store, watches: [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))])])
        #expect(String(buffer: await endpoint.body(.text004).bytes).contains("country=\"chad\""))
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 1_700_000_060, rows: [ObservedRow(country: "romania", name: "r", price: 1, stock: 1)])]))
        let after = String(buffer: await endpoint.body(.text004).bytes)
        #expect(!after.contains("country=\"chad\""))
        #expect(after.contains("country=\"romania\""))
    }

    @Test func theExpositionIsBuiltOncePerChangeNotPerScrape() async throws {
        let counting = CountingCollector()
        let endpoint = MetricsEndpoint(collectors: [counting])
        for _ in 0..<5 { _ = await endpoint.body(.text004) }
        #expect(counting.collected == 1)
        counting.bump()
        _ = await endpoint.body(.text004)
        _ = await endpoint.body(.text004)
        #expect(counting.collected == 2)
    }
}

final class CountingCollector: MetricsCollector, @unchecked Sendable {
    private let lock = NSLock()
    private var gen: UInt64 = 0
    private var count = 0
    var collected: Int { lock.withLock { count } }
    func bump() { lock.withLock { gen += 1 } }
    var generation: UInt64 { lock.withLock { gen } }
    func collect(into writer: inout ExpositionWriter) async {
        lock.withLock { count += 1 }
        writer.family("test_metric", .gauge, help: "A test.")
        writer.sample("test_metric", [:], 1)
    }
}

@Suite struct HistoryRouteTests {
    @Test func historyAnswersJSONAndRefusesBadInput() async throws {
        let store = try await storeWith([ObservedRow(country: "romania", name: "r", price: 10_000, stock: 188)])
        let app = Application(router: try routes(store))
        try await app.test(.router) { client in
            try await client.execute(uri: "/api/v1/history?platform=telegram&country=romania&since=1h", method: .get) { response in
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#""resolution":"raw""#))
                #expect(text.contains(#""price_last":10000"#))
            }
            try await client.execute(uri: "/api/v1/history?platform=telegram", method: .get) { response in
                #expect(response.status == .badRequest)
                #expect(response.headers[.contentType] == "application/json; charset=utf-8")
                #expect(String(buffer: response.body) == #"{"error":{"message":"give platform= and country= (and optionally provider=, since=, e.g. 7d)"}}"#)
            }
            try await client.execute(uri: "/api/v1/history?platform=telegram&country=romania&since=soon", method: .get) { response in
                #expect(response.status == .badRequest)
            }
            try await client.execute(uri: "/healthz", method: .get) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""last_ok_age_seconds":60"#))
            }
        }
    }
}
