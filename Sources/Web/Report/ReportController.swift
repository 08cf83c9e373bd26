import Alerting
import Config
import Domain
import Hummingbird
import ProviderAPI
import Sampler
import Store

/// What the report's pages read: the store, the configured watches, the alerts, the ledger.
struct ReportSources: Sendable {
    let store: HistoryStore
    let live: LiveWatches
    /// The watches in force (a reload changes them): one per platform and provider sampling it.
    var watches: [Watch] { live.current }
    /// The providers shown, in the configuration's order.
    var providers: [SampledProvider] { live.providers }
    /// More than one provider: the pages name the provider of every value and compare them.
    var several: Bool { providers.count > 1 }
    /// The watched platforms, once each, in the configuration's order.
    var platforms: [String] { Self.unique(watches.map(\.platform)) }

    /// The providers sampling `platform`, in the configuration's order.
    func providers(of platform: String) -> [SampledProvider] {
        let sampling = Set(watches.filter { $0.platform == platform }.map(\.provider))
        return providers.filter { sampling.contains($0.id) }
    }

    static func unique(_ platforms: [String]) -> [String] {
        var seen = Set<String>()
        return platforms.filter { seen.insert($0).inserted }
    }

    let creditInterval: Duration
    let retention: RetentionPolicy
    let alerts: (any AlertsReading)?
    let ledger: (any ActivationReading)?
    let settings: ReportSettings

    /// Every target's freshness: each watch under its provider, then each provider's credit.
    func freshness(_ snapshot: Snapshot, now: Int64) -> Freshness {
        // Watches in platform order, each platform's providers together.
        let byPlatform = platforms.flatMap { platform in
            providers(of: platform).compactMap { provider in
                watches.first { $0.platform == platform && $0.provider == provider.id }.map { (provider.id, platform, $0.interval) }
            }
        }
        let credits = providers.filter(\.readsCredit).map { ($0.id, creditTarget, creditInterval) }
        return Freshness(snapshot: snapshot, intervals: byPlatform + credits, several: several, now: now)
    }
}

/// The HTML report: `/` (overview), `/watch/{platform}`, `/alerts`. Server-side HTML from
/// escaping templates, inline CSS and SVG, no script. Errors are `HTTPError`s, shown as pages.
package struct ReportController: Sendable {
    let sources: ReportSources
    let pages: ReportPages
    let wallClock: any WallClock
    let cache = PageCache()

    package init(
        store: HistoryStore, watches: LiveWatches, creditInterval: Duration = .seconds(60), retention: RetentionPolicy,
        alerts: (any AlertsReading)?, ledger: (any ActivationReading)? = nil, settings: ReportSettings = ReportSettings(),
        wallClock: any WallClock = SystemWallClock()
    ) {
        sources = ReportSources(store: store, live: watches, creditInterval: creditInterval, retention: retention,
                                alerts: alerts, ledger: ledger, settings: settings)
        pages = ReportPages(settings: settings, watches: watches)
        self.wallClock = wallClock
    }

    package func addRoutes<Context: RequestContext>(to group: RouterGroup<Context>) {
        group.add(middleware: errorPages(always: true))
            .get("/") { _, _ in try await cached("overview") { try await overview(at: $0) } }
            .get("watch/:platform") { request, context in
                let platform = try context.parameters.require("platform")
                let query = try WatchQuery(request.uri.queryParameters)
                return try await cached("watch \(platform) \(query.cacheKey)") { try await watch(platform, query: query, at: $0) }
            }
            .get("alerts") { _, _ in try await cached("alerts") { await alerts(at: $0) } }
    }

    /// The page named `page` (its route and the parameters it reads, so a made-up query string
    /// is the same page) at this second, rendered by `render` (given the second) or from the cache.
    private func cached(_ page: String, render: @escaping @Sendable (Int64) async throws -> HTMLPage) async throws -> HTMLPage {
        let at = now
        let key = PageCache.Key(page: page, second: at, storeVersion: await sources.store.snapshot().version,
                                watchesVersion: sources.live.version)
        return try await cache.page(key) { try await render(at) }
    }

    /// Turns `HTTPError`s into HTML pages: always on the report's routes (`always`), and on the
    /// others (an unknown path, say) when the client asks for HTML, so a browser gets a page
    /// and a script keeps its JSON error. With `credentials` (`http.auth`), a caller who does
    /// not present them gets a bare page: no navigation (the watches' names), time zone or version.
    package func errorPages<Context: RequestContext>(always: Bool, credentials: HTTPCredentials? = nil) -> some RouterMiddleware<Context> {
        HTMLErrorMiddleware(pages: pages, wallClock: wallClock, always: always, credentials: credentials)
    }

    private var now: Int64 { Int64(wallClock.now().secondsSince1970) }

    private func overview(at: Int64) async throws -> HTMLPage {
        pages.render(try await OverviewPage(sources: sources, pages: pages).model(now: at), template: "overview")
    }

    private func watch(_ platform: String, query: WatchQuery, at: Int64) async throws -> HTMLPage {
        let name = platform.removingPercentEncoding ?? platform
        return pages.render(try await WatchPage(sources: sources, pages: pages).model(platform: name, query: query, now: at), template: "watch")
    }

    private func alerts(at: Int64) async -> HTMLPage {
        pages.render(await AlertsPage(sources: sources, pages: pages).model(now: at), template: "alerts")
    }
}

struct HTMLErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let pages: ReportPages
    let wallClock: any WallClock
    let always: Bool
    let credentials: HTTPCredentials?

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError {
            guard always || request.headers[.accept]?.contains("text/html") == true else { throw error }
            // The error's own headers too: a 401's WWW-Authenticate is what makes a browser ask.
            var response = page(error.status, message: error.body, request: request, context: context)
            response.headers.append(contentsOf: error.headers)
            return response
        } catch {
            // Anything else on a report page (the database, say) is a 500 page; logged, since
            // Hummingbird no longer sees the error.
            guard always else { throw error }
            context.logger.error("report page failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            return page(.internalServerError, message: "The page could not be made: \(error)", request: request, context: context)
        }
    }

    private func page(_ status: HTTPResponse.Status, message: String?, request: Request, context: Context) -> Response {
        guard AuthMiddleware<Context>.accepts(request.headers, credentials) else {
            return pages.bareError(status, message: message).response(from: request, context: context)
        }
        let now = Int64(wallClock.now().secondsSince1970)
        return pages.error(status, message: message, path: request.uri.path, now: now).response(from: request, context: context)
    }
}
