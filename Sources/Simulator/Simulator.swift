import AsyncHTTPClient
import Hummingbird
import Logging
import ProviderAPI

/// A running simulated provider: its engine (for levers) and the Hummingbird application serving it.
package struct Simulator: Sendable {
    package let engine: SimulatorEngine
    package let application: Application<RouterResponder<BasicRequestContext>>

    /// - Parameters:
    ///   - onServerRunning: told the bound port (useful with port 0).
    package init(
        options: SimulatorOptions,
        host: String = "127.0.0.1",
        port: Int = 8081,
        clock: any AdjustableClock = OffsetWallClock(),
        httpClient: HTTPClient = .shared,
        logger: Logger = Logger(label: "numwatch.simulator"),
        onServerRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) {
        let engine = SimulatorEngine(options: options, clock: clock)
        let pusher = CallbackPusher(http: httpClient, logger: logger) { await engine.countPush(acknowledged: $0) }
        let router = Router()
        switch options.kind {
        case .myonlinesim: ProviderRoutes(engine: engine, token: options.token).register(on: router)
        case .smsActivate: SmsActivateRoutes(engine: engine).register(on: router)
        case .fivesim: FivesimRoutes(engine: engine).register(on: router)
        }
        ControlRoutes(engine: engine, pusher: pusher).register(on: router)
        self.engine = engine
        self.application = Application(
            router: router,
            configuration: .init(address: .hostname(host, port: port), serverName: "numwatch-simulator"),
            services: [SimulatorTicker(engine: engine, pusher: pusher)],
            onServerRunning: { channel in await onServerRunning(channel.localAddress?.port ?? port) },
            logger: logger)
    }
}
