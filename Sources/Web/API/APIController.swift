import Config
import Hummingbird
import ProviderAPI
import Sampler
import Store

/// The JSON side: `/healthz` and `/api/v1/history`. Answers are `Encodable` values encoded by the
/// request context's encoder; bad input is an `HTTPError`.
package struct APIController: Sendable {
    let store: HistoryStore
    let watches: [WatchPlan]
    let retention: RetentionPolicy
    let wallClock: any WallClock

    package init(store: HistoryStore, watches: [WatchPlan], retention: RetentionPolicy, wallClock: any WallClock = SystemWallClock()) {
        self.store = store
        self.watches = watches
        self.retention = retention
        self.wallClock = wallClock
    }

    package func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("healthz") { _, _ in await health() }
        router.get("api/v1/history") { request, _ in try await history(request.uri.queryParameters) }
    }

    struct TargetHealth: Encodable {
        var target: String
        var lastOutcome: String?
        var lastOkAgeSeconds: Int64?
        var lastMessage: String?
    }

    struct HealthAnswer: ResponseEncodable {
        var status: String
        var targets: [TargetHealth]
    }

    private func health() async -> HealthAnswer {
        let snapshot = await store.snapshot()
        let now = Int64(wallClock.now().secondsSince1970)
        let targets = (watches.map(\.platform) + [creditTarget]).map { name in
            let health = snapshot.health[name]
            return TargetHealth(target: name, lastOutcome: health?.lastOutcome, lastOkAgeSeconds: health?.lastOk.map { now - $0 },
                                lastMessage: health?.lastOutcome == "ok" ? nil : health?.lastMessage)
        }
        return HealthAnswer(status: "ok", targets: targets)
    }

    struct HistoryAnswer: ResponseEncodable {
        var platform: String
        var country: String
        var resolution: String
        var from: Int64
        var to: Int64
        var points: [HistoryPoint]
    }

    private func history(_ query: Parameters) async throws -> HistoryAnswer {
        guard let platform = query.get("platform"), let country = query.get("country") else {
            throw HTTPError(.badRequest, message: "give platform= and country= (and optionally since=, e.g. 7d)")
        }
        guard let seconds = parseDuration(query.get("since") ?? "24h"), seconds > 0 else {
            throw HTTPError(.badRequest, message: "since: expected a duration like 6h or 7d")
        }
        let now = Int64(wallClock.now().secondsSince1970)
        let from = now - Int64(seconds)
        let chosen = try query.get("resolution").map { name in
            guard let resolution = Resolution.allCases.first(where: { $0.name == name }) else {
                throw HTTPError(.badRequest, message: "resolution: expected raw, 1h or 1d")
            }
            return resolution
        } ?? Resolution.fitting(from: from, to: now, now: now, retention: retention)
        // A store failure propagates: Hummingbird answers 500 and logs it.
        let points = try await store.history(platform: platform, country: country, from: from, to: now, resolution: chosen)
        return HistoryAnswer(platform: platform, country: country, resolution: chosen.name, from: from, to: now, points: points)
    }
}
