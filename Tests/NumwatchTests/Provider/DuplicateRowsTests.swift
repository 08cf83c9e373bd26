import AsyncHTTPClient
import Domain
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Testing
import Web

/// A pricing answer that lists one country twice: the first row is kept, and it is counted.
@Suite struct DuplicateRowsTests {
    @Test func aRepeatedCountryIsKeptOnceAndCounted() async throws {
        let router = Router()
        router.post("api/v1/pricing") { _, _ in
            #"{"data":[{"name":"a","count":5,"price":100,"country":"russia"},{"name":"b","count":9,"price":90,"country":"russia"},{"name":"c","count":1,"price":50,"country":"chad"}]}"#
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        let metrics = ProviderMetrics()
        try await app.test(.live) { client in
            let http = HTTPClient(eventLoopGroupProvider: .singleton)
            let provider = ProviderClient(
                settings: ProviderSettings(baseURL: "http://127.0.0.1:\(client.port!)/"), token: ProviderToken("token-abcdef"),
                httpClient: http, observer: metrics)
            let rows = try await provider.prices(ServiceSet("telegram"))
            try await http.shutdown()
            #expect(rows.map(\.country) == ["russia", "chad"])
            #expect(rows.first?.price == 100)
        }
        var writer = ExpositionWriter(format: .text004)
        await metrics.collect(into: &writer)
        writer.finish()
        #expect(writer.output.contains(#"numwatch_provider_duplicate_rows_total{provider="main",endpoint="pricing"} 1"#))
    }
}
