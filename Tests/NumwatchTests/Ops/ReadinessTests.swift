import App
import Domain
import Foundation
import GRDB
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Sampler
import Store
import Testing
import Web

/// `/healthz` says the process answers; `/readyz` that the database reads and a sample succeeded
/// within 3 × the longest interval (here 60 s watches, 120 s credit: 360 s).
@Suite struct ReadinessTests {
    static let start: Int64 = 1_700_000_000

    private func app(_ store: HistoryStore, clock: ManualWallClock) throws -> some ApplicationProtocol {
        let watches = [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: store, watches: watches, creditInterval: .seconds(120),
            retention: RetentionPolicy(), alerts: nil, wallClock: clock)
        return Application(router: router)
    }

    private struct Ready: Decodable, Equatable {
        var status: String
        var failed: [String]
        var database: String
        var sample: String
    }

    private func ready(_ client: some TestClientProtocol) async throws -> (HTTPResponse.Status, Ready) {
        try await client.execute(uri: "/readyz", method: .get) { response in
            (response.status, try JSONDecoder().decode(Ready.self, from: Data(buffer: response.body)))
        }
    }

    private func clock(_ seconds: Int64) -> ManualWallClock {
        ManualWallClock(Timestamp(microsecondsSince1970: seconds * 1_000_000))
    }

    private func sampled(at time: Int64, outcome: SampleOutcome = .ok) async throws -> HistoryStore {
        let store = try HistoryStore.inMemory()
        try await store.ingest(SampleRound(watches: [WatchSample(
            platform: "telegram", time: time, outcome: outcome,
            rows: outcome == .ok ? [ObservedRow(country: "romania", name: "r", price: 1, stock: 1)] : [])]))
        return store
    }

    /// Names an adapter could not match are listed per provider: a detail, never a failure.
    @Test func unmatchedNamesAreListedPerProviderWithoutFailingReadiness() async throws {
        actor Unmatched: MarketSource {
            nonisolated var kind: ProviderKind { .smsActivate }
            func balance() async throws(ProviderError) -> Double { 0 }
            func quotes(_ services: ServiceSet) async throws(ProviderError) -> [Quote] { [] }
            func unmatchedNames() async -> UnmatchedNames { UnmatchedNames(services: ["bale"], countries: ["190 (Southkorea)"]) }
        }
        let store = try await sampled(at: Self.start)
        let watches = [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: store, watches: watches, creditInterval: .seconds(120),
            retention: RetentionPolicy(), alerts: nil, wallClock: clock(Self.start + 30),
            markets: [.main: SeedMarket(FakeProvider()), ProviderName("sa"): Unmatched()])
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/readyz", method: .get) { response in
                #expect(response.status == .ok)
                let body = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                let names = body?["unmatched_names"] as? [String: [String: Any]]
                #expect(names?.keys.sorted() == ["sa"])
                #expect(names?["sa"]?["services"] as? [String] == ["bale"])
                #expect(names?["sa"]?["countries"] as? [String] == ["190 (Southkorea)"])
            }
        }
    }

    @Test func readyWithARecentSampleAndNotOnceItIsOld() async throws {
        let store = try await sampled(at: Self.start)
        let clock = clock(Self.start + 30)
        try await app(store, clock: clock).test(.router) { client in
            let (status, body) = try await ready(client)
            #expect(status == .ok)
            #expect(body.status == "ready" && body.failed.isEmpty && body.database == "ok")
            #expect(body.sample == "ok: last success 30 s ago (limit 360 s)")

            // Past the window since the sample, and since the start (at +30 s).
            clock.set(Timestamp(microsecondsSince1970: (Self.start + 400) * 1_000_000))
            let (late, lateBody) = try await ready(client)
            #expect(late == .serviceUnavailable)
            #expect(lateBody == Ready(status: "not ready", failed: ["sample"], database: "ok",
                                      sample: "no successful sample for 400 s (limit 360 s)"))
            // /healthz stays 200: the process is alive, only not ready.
            try await client.execute(uri: "/healthz", method: .get) { #expect($0.status == .ok) }
        }
    }

    @Test func aFreshStartIsReadyForOneWindowWithoutASample() async throws {
        let store = try HistoryStore.inMemory()
        let clock = clock(Self.start)
        try await app(store, clock: clock).test(.router) { client in
            clock.advance(seconds: 100)
            let (status, body) = try await ready(client)
            #expect(status == .ok)
            #expect(body.sample == "ok: started 100 s ago, waiting for the first success (limit 360 s)")
            clock.advance(seconds: 300)
            let (late, lateBody) = try await ready(client)
            #expect(late == .serviceUnavailable)
            #expect(lateBody.failed == ["sample"])
            #expect(lateBody.sample == "no successful sample since the start 400 s ago (limit 360 s)")
        }
    }

    @Test func failedSamplesDoNotCount() async throws {
        let store = try await sampled(at: Self.start - 1_000)
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: Self.start + 400, outcome: .timeout, message: "slow")]))
        let clock = clock(Self.start)
        try await app(store, clock: clock).test(.router) { client in
            clock.advance(seconds: 401)
            let (status, body) = try await ready(client)
            #expect(status == .serviceUnavailable)
            #expect(body.sample == "no successful sample for 1401 s (limit 360 s)")
        }
    }

    @Test func aDatabaseThatCannotBeReadIsNotReady() async throws {
        let store = try await sampled(at: Self.start)
        let clock = clock(Self.start + 10)
        try await app(store, clock: clock).test(.router) { client in
            // (Closing the connection instead crashes inside GRDB's read, so the read is made to fail.)
            try await store.writer.write { try $0.execute(sql: "DROP TABLE sample_run") }
            let (status, body) = try await ready(client)
            #expect(status == .serviceUnavailable)
            #expect(body.failed == ["database"])
            #expect(body.database.hasPrefix("a trivial read failed: "))
            #expect(body.sample.hasPrefix("ok: "))
        }
    }
}
