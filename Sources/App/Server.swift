import Alerting
import AsyncHTTPClient
import Config
import Delivery
import Domain
import Foundation
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import Numbers
import ProviderAPI
import Sampler
import ServiceLifecycle
import Store
import Web

/// `numwatch serve`: the sampler and the maintenance job beside the HTTP server, in one
/// ServiceGroup with graceful shutdown on SIGTERM/SIGINT.
package struct NumwatchServer: Sendable {
    package let application: Application<RouterResponder<WebRequestContext>>
    package let store: HistoryStore
    /// The number desk takes, checks and pushes go through (the demo's scenario takes with it).
    package let desk: NumberDesk
    /// What SIGHUP runs (tests call it directly).
    package let reloader: ConfigReloader
    /// Every route the router answers: its method and path (`/watch/{platform}`), for the route fuzzer.
    package let routes: [(method: HTTPRequest.Method, path: String)]

    /// Builds everything `serve` runs from a validated configuration. Throws `ConfigErrors` for a
    /// token that cannot be read, and the store's error for a database that cannot be opened.
    package static func build(
        config: NumwatchConfig,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        port: Int? = nil,
        logger: Logger = Logger(label: "numwatch")
    ) throws -> NumwatchServer {
        try build(config: config, environment: environment, port: port, logger: logger, clock: ContinuousClock(), wallClock: SystemWallClock())
    }

    /// `build` with the sampler's clock and the wall clock given: tests move time themselves.
    package static func build<C: Clock>(
        config: NumwatchConfig, environment: [String: String], port: Int?, logger: Logger, clock: C, wallClock: any WallClock
    ) throws -> NumwatchServer where C.Duration == Duration {
        // Every secret before anything is opened. (A throw after the account exists leaves no HTTP
        // client running: its service shuts down a client it never ran.)
        let providerMetrics = ProviderMetrics()
        let providerAccount = try ProviderAccount(config: config, environment: environment,
                                                  observer: providerMetrics.observer(for: config.provider.id), logger: logger)
        let markets = try providerAccount.markets(config: config, environment: environment, observer: providerMetrics.observer(for:),
                                                  logger: logger)
        let callbackSecret = try config.callback.map { try $0.resolveSecret(environment: environment) }
        let callbackURL = callbackSecret.flatMap { config.callback?.takeCallbackURL(secret: $0) }
        let credentials = try config.http.auth?.resolve(environment: environment)
        var signing = config
        signing.webhooks = try config.resolvingWebhookSecrets(environment: environment)
        let store: HistoryStore
        do {
            store = try HistoryStore.open(path: config.storage.path)
        } catch {
            throw RuntimeError("cannot open the database \(config.storage.path): \(error)")
        }
        let samplerMetrics = SamplerMetrics()
        let provider = providerAccount.client
        let samplerSettings = SamplerSettings(config)
        let liveWatches = LiveWatches(samplerSettings)
        let account = config.provider.account
        let ledger: Ledger
        do {
            ledger = try Ledger(writer: store.writer)
            // Takes stored by an older numwatch may hold a secret in an encoding it did not redact.
            let redactor = providerAccount.redactor.adding(callbackURL.map(SecretRedactor.callback) ?? [])
            let scrubbed = try store.writer.write { try Ledger.scrub($0, redact: redactor.redact) }
            if scrubbed > 0 { logger.notice("redacted a secret from \(scrubbed) stored take answers") }
        } catch {
            throw RuntimeError("cannot open the ledger in \(config.storage.path): \(error)")
        }
        let sampler = Sampler(settings: samplerSettings, markets: markets,
                              sink: CreditReadingSink(store: store, ledger: ledger, account: account, provider: config.provider.id),
                              clock: clock, wallClock: wallClock, observer: samplerMetrics, logger: logger)
        let retention = RetentionPolicy(
            raw: config.storage.rawRetention, hourly: config.storage.hourlyRetention, total: config.storage.retention)
        let maintenance = MaintenanceJob(store: store, retention: retention, clock: ContinuousClock(), logger: logger)
        let desk = providerAccount.desk(ledger: ledger, callbackURL: callbackURL)
        let alerting = try buildAlerting(config: signing, store: store, account: account, wallClock: wallClock, logger: logger)
        let alertTimer = AlertTimer(store: store, evaluator: alerting.evaluator, clock: clock, wallClock: wallClock, logger: logger)
        // Its series only where its route is.
        let callbackMetrics = callbackSecret.map { _ in CallbackMetrics() }
        let refusals = RefusalLog()
        let routeTable = RouteTable()
        let metrics = MetricsEndpoint(collectors: [
            StoreCollector(store: store, watches: liveWatches), DatabaseSizeCollector(store: store), providerMetrics, samplerMetrics,
            AlertsCollector(evaluator: alerting.evaluator), DeliveryCollector(metrics: alerting.deliveryMetrics),
            LedgerCollector(ledger: ledger, account: account, provider: config.provider.id), refusals, BuildCollector(version: numwatchVersion),
        ] + (callbackMetrics.map { [$0] } ?? []))
        let router = buildRouter(metrics: metrics, store: store, watches: config.watches, creditInterval: config.sampling.creditInterval,
                                 retention: retention, alerts: alerting.book,
                                 timeZone: TimeZone(identifier: config.report.timeZone) ?? .gmt,
                                 refresh: config.report.refresh, wallClock: wallClock, ledger: AccountLedger(ledger: ledger, account: account),
                                 liveWatches: liveWatches, credentials: credentials, refusals: refusals, routeTable: routeTable,
                                 markets: markets)
        if let callbackSecret, let callbackMetrics {
            let sources = PushSources(allowFrom: config.callback?.allowFrom, trustedProxies: config.http.trustedProxies)
            CallbackController(secret: callbackSecret, recorder: desk, sources: sources, metrics: callbackMetrics, logger: logger)
                .addRoutes(to: router)
        }
        let routes = router.routes.map { ($0.method, $0.path.description) }
        routeTable.set(routes)
        let reloader = ConfigReloader(config: config, sampler: sampler, watches: liveWatches, evaluator: alerting.evaluator, logger: logger)
        // Room for http.max_connections in the descriptor limit, or fewer connections, said.
        var listener = config.http
        let descriptors = DescriptorLimit.apply(requested: listener.maxConnections)
        listener.maxConnections = descriptors.maxConnections
        if let shortfall = descriptors.shortfall { logger.warning("\(shortfall)") }
        let application = Application(
            router: router,
            server: httpServer(listener, lane: MetricsFastLane(endpoint: metrics, credentials: credentials, serverName: serverName)),
            configuration: applicationConfiguration(listener, port: port),
            // The provider's HTTP client first: the group stops its services in reverse order.
            services: [providerAccount.service, sampler, maintenance, alerting.delivery, alertTimer, reloader,
                       MetricsPrebuilder(endpoint: metrics, rounds: store.stored)],
            logger: logger)
        return NumwatchServer(application: application, store: store, desk: desk, reloader: reloader, routes: routes)
    }

    /// HTTP/1.1 with `http.idle_timeout` and `http.read_timeout`: Hummingbird waits forever by
    /// default, so a client that connects and sends nothing, dribbles a request head or trickles a
    /// body would hold its connection for good.
    /// With `lane`, `/metrics` is answered from the event loop while its body is current.
    package static func httpServer(_ http: HTTPConfig, lane: MetricsFastLane? = nil) -> HTTPServerBuilder {
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [RequestReadDeadline(timeout: .milliseconds(http.readTimeout.inMilliseconds))],
            idleTimeout: .milliseconds(http.idleTimeout.inMilliseconds))
        return lane?.http1(configuration) ?? .http1(configuration: configuration)
    }

    static let serverName = "numwatch"

    /// Where to listen, and `http.max_connections`: past it, new connections wait in the kernel's
    /// backlog until one closes (the read and idle timeouts see that one does), instead of each
    /// taking a file descriptor until the process has none left to accept a scrape with.
    package static func applicationConfiguration(_ http: HTTPConfig, port: Int? = nil) -> ApplicationConfiguration {
        .init(address: .hostname(http.host, port: port ?? http.port), serverName: serverName,
              availableConnectionsDelegate: MaximumAvailableConnections(http.maxConnections))
    }

    /// The HTTP side, one controller each: /metrics, the JSON API (/healthz, /readyz, /api/v1/history) and
    /// the HTML report (/, /watch/{platform}, /alerts). Errors are pages for browsers, JSON otherwise.
    /// `ledger` gives the watch pages their "Activated" column; `liveWatches`, when given, is what
    /// a reload changes (else `watches`, fixed). With `credentials`, every route but the probes
    /// and the callback needs them; body limits apply always. `refusals` counts the 4xx answers
    /// (`numwatch_http_refused_total`); `routeTable` learns the routes, for 405s (a caller that
    /// adds routes after this sets it again).
    package static func buildRouter(
        metrics: MetricsEndpoint, store: HistoryStore, watches: [Watch], creditInterval: Duration, retention: RetentionPolicy,
        alerts: (any AlertsReading)?, timeZone: TimeZone = TimeZone(identifier: "UTC")!, refresh: Duration? = nil,
        wallClock: any WallClock = SystemWallClock(), ledger: (any ActivationReading)? = nil, liveWatches: LiveWatches? = nil,
        credentials: HTTPCredentials? = nil, refusals: RefusalLog = RefusalLog(), routeTable: RouteTable = RouteTable(),
        markets: [ProviderName: any MarketSource] = [:]
    ) -> Router<WebRequestContext> {
        // HEAD wherever GET: a monitor's or a proxy's check with HEAD must not read 404.
        let router = Router(context: WebRequestContext.self, options: .autoGenerateHeadEndpoints)
        let live = liveWatches ?? LiveWatches(watches)
        let report = ReportController(
            store: store, watches: live, creditInterval: creditInterval, retention: retention, alerts: alerts, ledger: ledger,
            settings: ReportSettings(timeZone: timeZone, refresh: refresh), wallClock: wallClock)
        // Before any route: a router's middleware covers only the routes added after it (and unknown paths).
        // Outermost first. The credentials are checked before the body limit, so a stranger's
        // 100 KB POST is a 401, and every error page to a caller without them is bare.
        router.add(middleware: EdgeMiddleware<WebRequestContext>(refusals: refusals))
        router.add(middleware: report.errorPages(always: false, credentials: credentials))
        if let credentials { router.add(middleware: AuthMiddleware<WebRequestContext>(credentials: credentials)) }
        router.add(middleware: BodyLimitMiddleware<WebRequestContext>())
        router.add(middleware: MethodCheckMiddleware<WebRequestContext>(table: routeTable))
        MetricsController(endpoint: metrics).addRoutes(to: router)
        APIController(store: store, watches: live, creditInterval: creditInterval, retention: retention, wallClock: wallClock) {
            var unmatched: [ProviderName: UnmatchedNames] = [:]
            for (id, market) in markets { unmatched[id] = await market.unmatchedNames() }
            return unmatched
        }.addRoutes(to: router)
        report.addRoutes(to: router.group())
        routeTable.set(router.routes.map { ($0.method, $0.path.description) })
        return router
    }

    /// Runs until SIGTERM/SIGINT, then shuts down in order (the provider's HTTP client last).
    package func run() async throws {
        try await application.runService()
    }
}

/// The alert evaluator, hooked into the store's write of each round, and the delivery service
/// that drains the outbox it fills.
struct AlertingParts {
    let evaluator: AlertEvaluator
    let delivery: WebhookDelivery
    let deliveryMetrics: DeliveryMetrics
    let book: AlertBook
}

func buildAlerting(
    config: NumwatchConfig, store: HistoryStore, account: String?, wallClock: any WallClock, logger: Logger
) throws -> AlertingParts {
    let doorbell = Doorbell()
    let longest = (config.watches.map(\.interval) + [config.sampling.interval, config.sampling.creditInterval]).max() ?? .seconds(60)
    // Alertmanager must not expire a firing alert between two re-sends, even while backing off.
    let apiHold = Duration.seconds(Int64((max(longest, config.sampling.maxBackoff, .seconds(60)) * 3).inSeconds + 60))
    let outbox = Outbox(externalBase: config.http.externalBase, apiHold: apiHold, doorbell: doorbell, clock: wallClock)
    let evaluator = try AlertEvaluator(
        rules: AlertRules(config), webhooks: config.webhooks, queue: outbox, database: store.writer,
        account: account, logger: logger)
    store.setRoundHook(evaluator)
    let metrics = DeliveryMetrics()
    let delivery = WebhookDelivery(database: store.writer, webhooks: config.webhooks, doorbell: doorbell, metrics: metrics,
                                   clock: wallClock, logger: logger)
    return AlertingParts(evaluator: evaluator, delivery: delivery, deliveryMetrics: metrics, book: AlertBook(database: store.writer))
}

/// A runtime failure with a message for the one-line error (exit 1).
package struct RuntimeError: Error, CustomStringConvertible, Sendable {
    package let description: String
    package init(_ description: String) { self.description = description }
}
