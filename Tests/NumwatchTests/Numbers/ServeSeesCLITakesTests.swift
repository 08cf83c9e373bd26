import App
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Simulator
import Testing

/// `serve` and the CLI on one database: a number taken by the CLI (another process) shows on
/// serve's /metrics without a restart, and a push to serve's callback activates it.
@Suite struct ServeSeesCLITakesTests {
    @Test func aCLITakeShowsOnServesMetricsAndItsPushActivatesIt() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-serve-cli")
        defer { TemporaryDirectory.remove(directory) }
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 30...30
        // The CLI and serve run on the real clock: so does the provider, or its SMS would be dated
        // before the take and the push refused (a push may only add SMS to an open number).
        try await SimulatorHarness.run(options: options, start: SystemWallClock().now()) { sim in
            let secret = "callback-secret-0123456789"
            let yamlFile = directory.appendingPathComponent("numwatch.yml")
            let serveConfig = try ConfigLoader.parse(yaml: """
                provider:
                  base_url: \(sim.baseURL)
                storage:
                  path: \(directory.path)/numwatch.sqlite
                http:
                  listen: 127.0.0.1:0
                watches:
                  - services: [telegram]
                callback:
                  public_url: http://127.0.0.1:1/
                """, file: "test.yml")
            let environment = ["NUMWATCH_TOKEN": sim.token, "NUMWATCH_CALLBACK_SECRET": secret]
            let server = try NumwatchServer.build(config: serveConfig, environment: environment, port: 0)
            try await server.application.test(.live) { client in
                // The CLI's configuration: the same database, and serve's real address for the push.
                try """
                    provider:
                      base_url: \(sim.baseURL)
                    storage:
                      path: numwatch.sqlite
                    watches:
                      - services: [telegram]
                    callback:
                      public_url: http://127.0.0.1:\(client.port!)
                    """.write(to: yamlFile, atomically: true, encoding: .utf8)
                let take = try await CLIProcess.run(
                    ["number", "take", "--config", yamlFile.path, "--country", "russia", "telegram"], environment: environment)
                #expect(take.status == 0, "\(take.stderr)")
                #expect(!take.stdout.contains(secret) && !take.stderr.contains(secret))

                var text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(text.contains(#"numwatch_numbers_taken_total{provider="main",platform="telegram",country="russia"} 1"#))
                #expect(text.contains("numwatch_numbers_taken_today{provider=\"main\"} 1\n"))
                #expect(text.contains("numwatch_numbers_activated_today{provider=\"main\"} 0\n"))

                // The simulator pushes the SMS to the callback URL the CLI passed: serve records it.
                let pushes = await sim.engine.advance(seconds: 31)
                #expect(pushes.count == 1 && pushes[0].url.hasSuffix("/callback/\(secret)"))
                await CallbackPusher(http: sim.http, logger: .init(label: "test")).deliver(pushes)
                text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                #expect(text.contains(#"numwatch_numbers_activated_total{provider="main",platform="telegram",country="russia"} 1"#))
                #expect(!text.contains(secret))
            }
        }
    }
}
