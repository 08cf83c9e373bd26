import Config
import Domain
import Foundation
import Logging
import Numbers
import ProviderAPI
import Sampler
import ServiceLifecycle
import Simulator
import Store

/// `numwatch demo`: three simulated providers (the seed document's, sms-activate's and 5sim's,
/// over one seeded market) and the monitor in one process, with a throwaway data folder and a
/// week of history written before the first sample (`DemoHistory`), sampling every 10 s, and a
/// scenario that makes alerts fire, webhooks arrive and numbers get taken and activated
/// (`DemoScenario`).
package struct Demo: Sendable {
    /// The seed document's provider, which numbers are taken from.
    package let simulator: Simulator
    /// sms-activate's and 5sim's protocols over the same market.
    package let others: [Simulator]
    package let server: NumwatchServer
    package let dataDirectory: URL
    /// The demo's configuration, as a file in `dataDirectory`.
    package var configFile: URL { dataDirectory.appendingPathComponent("numwatch.yml") }
    let scenario: DemoScenario
    let receiverHost: String
    let receiverPort: Int
    let logger: Logger

    /// The ports of one demo: numwatch's is `listen`.
    package struct Ports: Sendable {
        package var simulator: Int
        /// The demo's webhook receiver.
        package var receiver: Int
        package var smsActivate: Int
        package var fivesim: Int

        /// The simulator's port and the three after it.
        package init(simulator: Int) {
            self.init(simulator: simulator, receiver: simulator + 1, smsActivate: simulator + 2, fivesim: simulator + 3)
        }

        package init(simulator: Int, receiver: Int, smsActivate: Int, fivesim: Int) {
            self.simulator = simulator
            self.receiver = receiver
            self.smsActivate = smsActivate
            self.fivesim = fivesim
        }
    }

    /// The simulated providers' currency in Toman (the simulators and the configuration agree).
    static let tomanPerRouble = 450.0

    /// Listens on `listen` (numwatch) and `ports` on `host`. Writes the week of history first,
    /// telling `say` how far it got.
    package static func build(
        listen: ListenAddress, ports: Ports, host: String = "127.0.0.1", logger: Logger, quick: Bool = false,
        say: @escaping @Sendable (String) -> Void = { print($0); fflush(nil) }
    ) async throws -> Demo {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("numwatch-demo-\(ProcessInfo.processInfo.processIdentifier)-\(ports.simulator)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = SimulatorOptions()
        options.seed = UInt64(Date().timeIntervalSince1970)
        options.tomanPerUnit = tomanPerRouble
        // A livelier market than the default, so a few minutes of demo show movement and the week
        // before has its ups and downs (walked in five-minute steps before the first sample: a
        // livelier one takes that walk too long); SMS within a minute; and one country that
        // charges more than it lists.
        options.market.stockChangesPerHour = 4
        options.market.priceChangesPerDay = 8
        options.market.stepSeconds = 300
        options.smsDelaySeconds = quick ? 1...2 : 10...40
        options.smsProbability = 0.8
        options.overchargePercent = ["indonesia": 15]
        // One clock for the three, a week back until the history is written.
        let history = Duration.seconds(7 * 86_400)
        let clock = OffsetWallClock(offsetSeconds: -history.inSeconds)
        func simulator(_ kind: ProviderKind, port: Int) -> Simulator {
            var options = options
            options.kind = kind
            return Simulator(options: options, host: host, port: port, clock: clock, logger: logger)
        }
        let main = simulator(.myonlinesim, port: ports.simulator)
        let smsActivate = simulator(.smsActivate, port: ports.smsActivate)
        let fivesim = simulator(.fivesim, port: ports.fivesim)
        let interval = quick ? "1s" : "10s"
        let secret = "demo-callback-secret-\(UInt64.random(in: 1...UInt64.max))"
        // Written out too, so `numwatch compare --config` and the other commands can read the demo's.
        // Where telegram sells out: Romania, unless this run's seed puts telegram on sale elsewhere only.
        let sellOut = await main.engine.setCell(service: "telegram", country: "romania", stock: nil, price: nil)
            ? "romania" : await main.engine.offers(services: ["telegram"]).first?.country ?? "romania"
        let text = yaml(listen: listen, ports: ports, host: host, interval: interval, directory: directory, sellOut: sellOut)
        let configFile = directory.appendingPathComponent("numwatch.yml")
        try Data(text.utf8).write(to: configFile)
        let config = try ConfigLoader.parse(yaml: text, file: configFile.path)
        let environment = ["NUMWATCH_TOKEN": options.token, "NUMWATCH_CALLBACK_SECRET": secret]

        let settings = SamplerSettings(config)
        let engines: [ProviderName: SimulatorEngine] = [.main: main.engine, ProviderName("sa"): smsActivate.engine, ProviderName("fs"): fivesim.engine]
        var filler = DemoHistory(sources: settings.providers.compactMap { provider in engines[provider.id].map { .init(provider: provider, engine: $0) } },
                                 watches: settings.watches, clock: clock, span: history)
        if quick { filler.step = .seconds(3 * 3600) }
        let started = ContinuousClock.now
        try await filler.fill(into: HistoryStore.open(path: config.storage.path)) { done in
            say("writing a week of simulated history: \(Int((done * 100).rounded()))%")
        }
        say("a week of history written in \(String(format: "%.1f", (ContinuousClock.now - started).inSeconds)) s")
        // The market follows a seed taken from the time: the country may come out of the week
        // sold out at every provider (the three share the seed), its low-stock alert firing at the
        // first sample with 0, and the scenario's sell-out to 3 then telling nothing new. In stock
        // to begin with, so that the sell-out is what fires it.
        for engine in engines.values { _ = await engine.setCell(service: "telegram", country: sellOut, stock: 40, price: nil) }

        let server = try NumwatchServer.build(config: config, environment: environment, logger: logger)
        let scenario = DemoScenario(engine: main.engine, desk: server.desk, pace: quick ? .quick : .live, sellOutCountry: sellOut,
                                    logger: logger, say: say)
        return Demo(simulator: main, others: [smsActivate, fivesim], server: server, dataDirectory: directory, scenario: scenario,
                    receiverHost: host, receiverPort: ports.receiver, logger: logger)
    }

    /// The demo's configuration: the three providers, four watches (the bundle from the seed
    /// provider alone: the others sell no bundles), alerts and the webhook to the demo's receiver.
    static func yaml(listen: ListenAddress, ports: Ports, host: String, interval: String, directory: URL, sellOut: String) -> String {
        """
        providers:
          - id: main
            kind: myonlinesim
            base_url: http://\(host):\(ports.simulator)/
            token_env: NUMWATCH_TOKEN
          - id: sa
            kind: sms_activate
            base_url: http://\(host):\(ports.smsActivate)/stubs/handler_api.php
            token_env: NUMWATCH_TOKEN
            toman_per_unit: \(Int(tomanPerRouble))
          - id: fs
            kind: fivesim
            base_url: http://\(host):\(ports.fivesim)/
            token_env: NUMWATCH_TOKEN
            toman_per_unit: \(Int(tomanPerRouble))
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
            - name: telegram-\(sellOut)-stock
              services: [telegram]
              country: \(sellOut)
              stock_below: 10
              stock_clear: 20
        callback:
          public_url: \(listen.url)
        webhooks:
          - url: http://\(host):\(ports.receiver)/hook
            repeat_interval: 1h
        """
    }

    /// Runs everything until SIGINT/SIGTERM, then removes the data folder.
    package func run() async throws {
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let receiver = DemoWebhookReceiver.application(host: receiverHost, port: receiverPort, logger: logger, say: scenario.say)
        let group = ServiceGroup(configuration: .init(
            services: [
                .init(service: simulator.application), .init(service: others[0].application), .init(service: others[1].application),
                .init(service: receiver), .init(service: server.application),
                // The scenario ends after its last step; the demo goes on until Ctrl-C.
                .init(service: scenario, successTerminationBehavior: .ignore),
            ],
            gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
