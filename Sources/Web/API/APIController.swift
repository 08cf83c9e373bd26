import Config
import Domain
import Hummingbird
import ProviderAPI
import Sampler
import Store

/// The JSON side: `/healthz`, `/readyz` and `/api/v1/history`. Answers are `Encodable` values encoded by the
/// request context's encoder; bad input is an `HTTPError`.
package struct APIController: Sendable {
    let store: HistoryStore
    let live: LiveWatches
    /// The watches in force (a reload changes them).
    var watches: [Watch] { live.current }
    let creditInterval: Duration
    let retention: RetentionPolicy
    let wallClock: any WallClock
    /// When this controller was built: the process's start, for /readyz's grace period.
    let started: Int64
    /// Per provider, the names its adapter could not match (listed by /readyz, never failing it).
    let unmatched: @Sendable () async -> [ProviderName: UnmatchedNames]

    package init(store: HistoryStore, watches: [Watch], creditInterval: Duration = .seconds(60), retention: RetentionPolicy,
                 wallClock: any WallClock = SystemWallClock()) {
        self.init(store: store, watches: LiveWatches(watches), creditInterval: creditInterval, retention: retention, wallClock: wallClock)
    }

    package init(store: HistoryStore, watches: LiveWatches, creditInterval: Duration = .seconds(60), retention: RetentionPolicy,
                 wallClock: any WallClock = SystemWallClock(),
                 unmatched: @escaping @Sendable () async -> [ProviderName: UnmatchedNames] = { [:] }) {
        self.unmatched = unmatched
        self.store = store
        self.live = watches
        self.creditInterval = creditInterval
        self.retention = retention
        self.wallClock = wallClock
        self.started = Int64(wallClock.now().secondsSince1970)
    }

    /// Every watch at its provider, then each provider's credit where it is read.
    private var sampledTargets: [PlatformKey] {
        watches.map { PlatformKey($0.provider, $0.platform) }
            + live.providers.filter(\.readsCredit).map { PlatformKey($0.id, creditTarget) }
    }

    package func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("healthz") { _, _ in await health() }
        router.get("readyz") { _, _ in await readiness() }
        router.get("api/v1/history") { request, _ in try await history(request.uri.queryParameters) }
    }

    struct TargetHealth: Encodable {
        var provider: String
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
        let targets = sampledTargets.map { key in
            let health = snapshot[key.provider].health[key.platform]
            return TargetHealth(provider: key.provider.rawValue, target: key.platform, lastOutcome: health?.lastOutcome, lastOkAgeSeconds: health?.lastOk.map { now - $0 },
                                lastMessage: health?.lastOutcome == SampleOutcome.ok.rawValue ? nil : health?.lastMessage)
        }
        return HealthAnswer(status: "ok", targets: targets)
    }

    struct ReadyAnswer: ResponseEncodable {
        var status: String
        /// The checks that failed, by name: `database`, `sample`.
        var failed: [String]
        var database: String
        var sample: String
        /// Per provider with any: what its names could not be matched to (a detail, not a failure).
        var unmatchedNames: [String: UnmatchedAnswer]?
    }

    struct UnmatchedAnswer: Encodable {
        var services: [String]
        var countries: [String]
        var listProblem: String?
    }

    /// `/readyz`: 200 when the database answers a trivial read and a sample succeeded recently,
    /// else 503 with the failed checks named. `/healthz` only says the process answers.
    ///
    /// "Recently" is within 3 × the longest configured interval (any watch's or the credit's): one
    /// late round is jitter or a backoff, three are an outage. For that same window after the start
    /// the sample check passes without one (the first round takes a moment, and an earlier run's
    /// history may be old); after it, only a recent success does.
    private func readiness() async -> EditedResponse<ReadyAnswer> {
        let now = Int64(wallClock.now().secondsSince1970)
        var failed: [String] = []
        var database = "ok"
        do {
            try await store.checkReadable()
        } catch {
            database = "a trivial read failed: \(error)"
            failed.append("database")
        }
        let longest = (watches.map(\.interval) + [creditInterval]).max()!
        let window = Int64((longest * 3).inSeconds.rounded(.up))
        let snapshot = await store.snapshot()
        let lastOk = sampledTargets.compactMap { snapshot[$0.provider].health[$0.platform]?.lastOk }.max()
        let sample: String
        if let lastOk, now - lastOk <= window {
            sample = "ok: last success \(now - lastOk) s ago (limit \(window) s)"
        } else if now - started <= window {
            sample = "ok: started \(now - started) s ago, waiting for the first success (limit \(window) s)"
        } else {
            sample = lastOk.map { "no successful sample for \(now - $0) s (limit \(window) s)" }
                ?? "no successful sample since the start \(now - started) s ago (limit \(window) s)"
            failed.append("sample")
        }
        var names: [String: UnmatchedAnswer] = [:]
        for (provider, unmatched) in await unmatched() where !unmatched.isEmpty {
            names[provider.rawValue] = UnmatchedAnswer(services: unmatched.services, countries: unmatched.countries,
                                                       listProblem: unmatched.listProblem)
        }
        let answer = ReadyAnswer(status: failed.isEmpty ? "ready" : "not ready", failed: failed, database: database, sample: sample,
                                 unmatchedNames: names.isEmpty ? nil : names)
        return EditedResponse(status: failed.isEmpty ? .ok : .serviceUnavailable, response: answer)
    }

    struct HistoryAnswer: ResponseEncodable {
        var provider: String
        var platform: String
        var country: String
        var resolution: String
        var from: Int64
        var to: Int64
        var points: [HistoryPoint]
    }

    private func history(_ query: Parameters) async throws -> HistoryAnswer {
        guard let platform = query.get(.platform), let country = query.get(.country) else {
            throw HTTPError(.badRequest, message: "give platform= and country= (and optionally provider=, since=, e.g. 7d)")
        }
        let provider = ProviderName(query.get(.provider) ?? ProviderName.main.rawValue)
        let since: Duration
        do {
            since = try parseDuration(query.get(.since) ?? "24h", parameter: "since", within: .lookBack)
        } catch {
            throw HTTPError(.badRequest, message: error.description)
        }
        let now = Int64(wallClock.now().secondsSince1970)
        let from = now - since.components.seconds
        let chosen = try query.get(.resolution).map { name in
            guard let resolution = Resolution.allCases.first(where: { $0.name == name }) else {
                throw HTTPError(.badRequest, message: "resolution: expected raw, 1h or 1d")
            }
            return resolution
        } ?? Resolution.fitting(from: from, to: now, now: now, retention: retention)
        // A store failure propagates: Hummingbird answers 500 and logs it.
        let points = try await store.history(provider: provider, platform: platform, country: country, from: from, to: now,
                                             resolution: chosen)
        return HistoryAnswer(provider: provider.rawValue, platform: platform, country: country, resolution: chosen.name, from: from, to: now, points: points)
    }
}
