import App
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Simulator
import Store
import Testing

/// `numwatch serve` against the simulator over loopback: what it stores and exports matches what
/// the simulator served, and /metrics shows it.
@Suite struct ServeAgainstSimulatorTests {
    @Test func serveRecordsWhatTheSimulatorServes() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-serve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await SimulatorHarness.run { sim in
            let yaml = """
                provider:
                  base_url: \(sim.baseURL)
                sampling:
                  interval: 60s
                storage:
                  path: \(directory.path)/numwatch.sqlite
                http:
                  listen: 127.0.0.1:0
                watches:
                  - services: [telegram]
                  - services: [whatsapp, telegram]
                    countries: [russia, romania]
                """
            let config = try ConfigLoader.parse(yaml: yaml, file: "test.yml")
            let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": sim.token], port: 0)
            try await server.application.test(.live) { client in
                // The first round starts at once; wait for it to be stored (bounded).
                var snapshot = await server.store.snapshot()
                for _ in 0..<200 where snapshot[.main].pairs.count < 2 || snapshot[.main].credit == nil {
                    try await Task.sleep(for: .milliseconds(25))
                    snapshot = await server.store.snapshot()
                }
                let served = try await sim.client().prices(ServiceSet("telegram"))
                let stored = try #require(snapshot[.main].pairs["telegram"])
                #expect(stored.map(\.country) == served.map(\.country).sorted())
                for row in served {
                    let pair = try #require(stored.first { $0.country == row.country })
                    #expect(pair.price == row.price && pair.stock == row.count && pair.name == row.name)
                }
                #expect(snapshot[.main].pairs["telegram+whatsapp"]?.map(\.country) == ["romania", "russia"])
                #expect(snapshot[.main].credit == sim.engine.options.startingCredit)

                let exported = try await server.store.export(platform: "telegram", country: "romania", since: 0)
                let romania = try #require(served.first { $0.country == "romania" })
                #expect(exported.last?.price == romania.price)
                let csv = Exporter.render(exported, format: .csv)
                #expect(csv.hasPrefix("time,platform,country,name,price,stock,provider,native\n"))
                #expect(csv.contains(",telegram,romania,رومانی,\(romania.price),\(romania.count),main,\n"))

                let metrics = try await client.execute(uri: "/metrics", method: .get)
                let text = String(buffer: metrics.body)
                #expect(text.contains("numwatch_price_toman{provider=\"main\",platform=\"telegram\",country=\"romania\"} \(romania.price)\n"))
                #expect(text.contains("numwatch_provider_requests_total{provider=\"main\",endpoint=\"pricing\",code=\"200\"} 2\n"))
                #expect(text.contains("numwatch_provider_up{provider=\"main\"} 1\n"))
            }
        }
    }
}
