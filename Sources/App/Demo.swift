import Config
import Domain
import Foundation
import Logging
import Numbers
import ProviderAPI
import ServiceLifecycle
import Simulator
import Store

/// `numwatch demo`: the simulator and the monitor in one process, with a throwaway data folder,
/// sampling every 10 s so the history fills within seconds, and a scenario that makes alerts fire,
/// webhooks arrive and numbers get taken and activated (`DemoScenario`).
package struct Demo: Sendable {
    package let simulator: Simulator
    package let server: NumwatchServer
    package let dataDirectory: URL
    let scenario: DemoScenario
    let receiverHost: String
    let receiverPort: Int
    let logger: Logger

    /// Listens on `listen` (numwatch), `simulatorPort` (the provider) and `receiverPort` (the
    /// demo's webhook receiver; default `simulatorPort + 1`), the last two on `host`.
    package static func build(
        listen: ListenAddress, simulatorPort: Int, receiverPort: Int? = nil, host: String = "127.0.0.1", logger: Logger, quick: Bool = false,
        say: @escaping @Sendable (String) -> Void = { print($0); fflush(nil) }
    ) throws -> Demo {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("numwatch-demo-\(ProcessInfo.processInfo.processIdentifier)-\(simulatorPort)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = SimulatorOptions()
        options.seed = UInt64(Date().timeIntervalSince1970)
        // A livelier market than the default, so a few minutes of demo show movement; SMS within
        // a minute; and one country that charges more than it lists.
        options.market.stockChangesPerHour = 30
        options.market.priceChangesPerDay = 48
        options.smsDelaySeconds = quick ? 1...2 : 10...40
        options.smsProbability = 0.8
        options.overchargePercent = ["indonesia": 15]
        let simulator = Simulator(options: options, host: host, port: simulatorPort, logger: logger)
        let interval = quick ? "1s" : "10s"
        let receiverPort = receiverPort ?? simulatorPort + 1
        let secret = "demo-callback-secret-\(UInt64.random(in: 1...UInt64.max))"
        let yaml = """
            provider:
              base_url: http://\(host):\(simulatorPort)/
            sampling:
              interval: \(interval)
              credit_interval: \(interval)
            storage:
              path: \(directory.path)/numwatch.sqlite
            http:
              listen: \(listen)
            watches:
              - services: [telegram]
              - services: [whatsapp]
              - services: [instagram]
                countries: [romania, russia, india, indonesia, usa, united_kingdom, germany, brazil]
              - services: [telegram, whatsapp]
            alerts:
              credit_below: 50000
              rules:
                - name: telegram-romania-stock
                  services: [telegram]
                  country: romania
                  stock_below: 10
                  stock_clear: 20
            callback:
              public_url: \(listen.url)
            webhooks:
              - url: http://\(host):\(receiverPort)/hook
                repeat_interval: 1h
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "demo.yml")
        let environment = ["NUMWATCH_TOKEN": options.token, "NUMWATCH_CALLBACK_SECRET": secret]
        let server = try NumwatchServer.build(config: config, environment: environment, logger: logger)
        let scenario = DemoScenario(engine: simulator.engine, desk: server.desk, pace: quick ? .quick : .live, logger: logger, say: say)
        return Demo(simulator: simulator, server: server, dataDirectory: directory, scenario: scenario,
                    receiverHost: host, receiverPort: receiverPort, logger: logger)
    }

    /// Runs everything until SIGINT/SIGTERM, then removes the data folder.
    package func run() async throws {
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let receiver = DemoWebhookReceiver.application(host: receiverHost, port: receiverPort, logger: logger, say: scenario.say)
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: simulator.application), .init(service: receiver), .init(service: server.application),
                // The scenario ends after its last step; the demo goes on until Ctrl-C.
                .init(service: scenario, successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
