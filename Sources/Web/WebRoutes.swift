import Config
import Foundation
import Hummingbird
import NIOCore
import ProviderAPI
import Sampler
import Store

/// The HTTP side of `numwatch serve`: /metrics, /healthz and the history API.
public struct WebRoutes: Sendable {
    let metrics: MetricsEndpoint
    let store: HistoryStore
    let watches: [WatchPlan]
    let retention: RetentionPolicy
    let wallClock: any WallClock

    public init(metrics: MetricsEndpoint, store: HistoryStore, watches: [WatchPlan], retention: RetentionPolicy, wallClock: any WallClock = SystemWallClock()) {
        self.metrics = metrics
        self.store = store
        self.watches = watches
        self.retention = retention
        self.wallClock = wallClock
    }

    public func register(on router: Router<BasicRequestContext>) {
        router.get("metrics") { request, _ in
            let format = MetricsEndpoint.format(accept: request.headers[.accept])
            let body = await metrics.body(format)
            var headers: HTTPFields = [.contentType: format.contentType]
            if MetricsEndpoint.acceptsGzip(request.headers[.acceptEncoding]) {
                headers[.contentEncoding] = "gzip"
                return Response(status: .ok, headers: headers, body: .init(byteBuffer: body.gzipped))
            }
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: body.bytes))
        }
        router.get("healthz") { _, _ in
            await health()
        }
        router.get("api/v1/history") { request, _ in
            let query = request.uri.queryParameters
            return await history(platform: query.get("platform"), country: query.get("country"),
                                 since: query.get("since"), resolution: query.get("resolution"))
        }
    }

    struct TargetHealth: Encodable {
        var target: String
        var lastOutcome: String?
        var lastOkAgeSeconds: Int64?
        var lastMessage: String?
    }

    struct HealthAnswer: Encodable {
        var status: String
        var targets: [TargetHealth]
    }

    private func health() async -> Response {
        let snapshot = await store.snapshot()
        let now = Int64(wallClock.now().secondsSince1970)
        let targets = (watches.map(\.platform) + [creditTarget]).map { name in
            let health = snapshot.health[name]
            return TargetHealth(target: name, lastOutcome: health?.lastOutcome, lastOkAgeSeconds: health?.lastOk.map { now - $0 },
                                lastMessage: health?.lastOutcome == "ok" ? nil : health?.lastMessage)
        }
        return encode(HealthAnswer(status: "ok", targets: targets))
    }

    struct HistoryAnswer: Encodable {
        var platform: String
        var country: String
        var resolution: String
        var from: Int64
        var to: Int64
        var points: [HistoryPoint]
    }

    private func history(platform: String?, country: String?, since: String?, resolution: String?) async -> Response {
        guard let platform, let country else {
            return error("give platform= and country= (and optionally since=, e.g. 7d)", .badRequest)
        }
        guard let seconds = parseDuration(since ?? "24h"), seconds > 0 else {
            return error("since: expected a duration like 6h or 7d", .badRequest)
        }
        let now = Int64(wallClock.now().secondsSince1970)
        let from = now - Int64(seconds)
        let chosen = resolution.flatMap { name in Resolution.allCases.first { $0.name == name } }
            ?? Resolution.fitting(from: from, to: now, now: now, retention: retention)
        do {
            let points = try await store.history(platform: platform, country: country, from: from, to: now, resolution: chosen)
            return encode(HistoryAnswer(platform: platform, country: country, resolution: chosen.name, from: from, to: now, points: points))
        } catch {
            return self.error("history unavailable: \(error)", .internalServerError)
        }
    }

    private func error(_ message: String, _ status: HTTPResponse.Status) -> Response {
        encode(["error": message], status: status)
    }

    private func encode(_ value: some Encodable, status: HTTPResponse.Status = .ok) -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
