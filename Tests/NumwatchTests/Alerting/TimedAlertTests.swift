import Alerting
import Config
import Foundation
import ProviderAPI
import Sampler
import Store
import Synchronization
import Testing

/// Issue 21: an alert that time alone moves is judged when time moves it, not at the next round.
/// The sampler backs off while the provider fails, so rounds come 5, 10, 20, 40 s apart: judged
/// only on rounds, NumwatchProviderDown would come one backoff step late.
@Suite struct TimedAlertTests {
    /// A provider that answers, or fails with a 500, and notes when (sampler seconds) it was called.
    actor SwitchableProvider: Provider {
        private(set) var calls: [(at: Double, ok: Bool)] = []
        var failing = false
        let clock: ManualClock

        init(clock: ManualClock) { self.clock = clock }

        func setFailing(_ failing: Bool) { self.failing = failing }

        private func call() throws(ProviderError) {
            calls.append((clock.now.offset.seconds, !failing))
            if failing { throw .provider(status: 500, message: "Server Error") }
        }

        func credit() async throws(ProviderError) -> Int {
            try call()
            return 100_000
        }

        func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] {
            try call()
            return [PriceRow(country: "romania", name: "رومانی", count: 188, price: 10_000)]
        }

        func takeNumber(_ services: ServiceSet, country: String, callback: String?) async throws(ProviderError) -> [IssuedNumber] { [] }
        func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus { throw .invalidRequest("unused") }
        func cancelNumber(_ numberID: String) async throws(ProviderError) -> String { "" }
    }

    /// The sampler and the alert timer on one manual clock, the wall clock moved with it.
    struct Rig {
        let clock = ManualClock()
        let wall = ManualWallClock(Timestamp(microsecondsSince1970: AlertingHarness.t0 * 1_000_000))
        let provider: SwitchableProvider
        let harness: AlertingHarness
        let sampler: Sampler<ManualClock>
        let timer: AlertTimer<ManualClock>

        init(_ alerts: AlertsConfig) throws {
            provider = SwitchableProvider(clock: clock)
            harness = try AlertingHarness(alerts)
            let watch = WatchPlan(services: try ServiceSet(["telegram"]), interval: 5)
            sampler = Sampler(settings: SamplerSettings(watches: [watch], creditInterval: 5, jitter: 0, maxBackoff: 300),
                              provider: provider, sink: harness.store, clock: clock, wallClock: wall)
            timer = AlertTimer(store: harness.store, evaluator: harness.evaluator, clock: clock, wallClock: wall)
        }

        /// Seconds since t0 at which each notification was queued, with its status.
        var queued: [(at: Int64, status: String)] {
            harness.queue.notifications.map { ($0.time - AlertingHarness.t0, $0.status.rawValue) }
        }

        /// Runs both services while `body` moves time.
        func running(_ body: () async throws -> Void) async throws {
            let sampling = Task { try await sampler.run() }
            let timing = Task { try await timer.run() }
            try await time.settled()
            try await body()
            sampling.cancel()
            timing.cancel()
            try await sampling.value
            try await timing.value
        }

        var time: ClockDriver { ClockDriver(clock: clock, wall: wall, sleepers: 2) }

        func run(until seconds: Double) async throws { try await time.run(until: seconds) }
    }

    @Test func providerDownIsQueuedAtLastSuccessPlusTheSettingNotAtTheNextRetry() async throws {
        let rig = try Rig(AlertsConfig(providerDownAfter: 20))
        try await rig.running {
            // t = 0: the first round succeeds. From t = 1 every call fails.
            try await rig.run(until: 1)
            await rig.provider.setFailing(true)
            try await rig.run(until: 120)
        }
        let calls = await rig.provider.calls
        let lastSuccess = try #require(calls.last { $0.ok }?.at)
        #expect(lastSuccess == 0)
        let failedAt = calls.filter { !$0.ok }.map(\.at)
        // The backoff: retries 5, 10, 20, 40 s apart; none falls between 15 and 35.
        #expect(Array(Set(failedAt)).sorted() == [5, 15, 35, 75])
        #expect(rig.queued.map(\.status) == ["firing"])
        let firedAt = try #require(rig.queued.first?.at)
        #expect(firedAt >= Int64(lastSuccess) + 20 && firedAt <= Int64(lastSuccess) + 21, "queued at \(firedAt) s")
    }

    @Test func providerDownResolvesAtTheFirstSuccessAfterTheOutage() async throws {
        let rig = try Rig(AlertsConfig(providerDownAfter: 20))
        try await rig.running {
            try await rig.run(until: 1)
            await rig.provider.setFailing(true)
            try await rig.run(until: 50)
            await rig.provider.setFailing(false)
            try await rig.run(until: 120)
        }
        let calls = await rig.provider.calls
        let firstSuccessAfter = try #require(calls.first { $0.ok && $0.at > 1 }?.at)
        #expect(firstSuccessAfter == 75)  // the retry after 35, 40 s later
        #expect(rig.queued.map(\.status) == ["firing", "resolved"])
        #expect(rig.queued.last?.at == Int64(firstSuccessAfter))
    }

    @Test func aPendingAlertFiresWhenItsForHasPassedBetweenRounds() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100, for: 30)]))
        try await h.stock(5, at: 0)
        #expect(h.sent.isEmpty)
        #expect(h.evaluator.nextTimeDue(now: AlertingHarness.t0) == AlertingHarness.t0 + 30)
        try await h.store.passTime(to: AlertingHarness.t0 + 29)
        #expect(h.sent.isEmpty)
        try await h.store.passTime(to: AlertingHarness.t0 + 30)
        #expect(h.sent == ["firing NumwatchStockLow romania"])
        #expect(h.queue.notifications.first?.time == AlertingHarness.t0 + 30)
    }

    @Test func aPendingAlertWaitsWhileItsWatchFails() async throws {
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: 3_600, rules: [rule(stockBelow: 100, for: 30)]))
        try await h.stock(5, at: 0)
        let failed = WatchSample(platform: "telegram", time: AlertingHarness.t0 + 10, outcome: "timeout", rows: [])
        try await h.store.ingest(SampleRound(watches: [failed]))
        try await h.store.passTime(to: AlertingHarness.t0 + 30)
        // The stock it was judged on is no longer the provider's last word: it waits for a sample.
        #expect(h.sent.isEmpty)
        // Judged at 30 already: nothing is due again until a round changes what is known.
        #expect(h.evaluator.nextTimeDue(now: AlertingHarness.t0 + 31) == AlertingHarness.t0 + 3_600)
        try await h.stock(5, at: 40)
        #expect(h.sent == ["firing NumwatchStockLow romania"])
    }

    @Test func aPriceChangeAlertResolvesWhenItsHoldEndsBetweenRounds() async throws {
        // A provider silent for an hour would be due first: a week keeps it out of the way.
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: 7 * 86_400, rules: [rule(change: 20)]))
        try await h.pricing(at: 0, [("romania", 10_000, 50)])
        try await h.pricing(at: 60, [("romania", 15_000, 50)])
        #expect(h.sent == ["firing NumwatchPriceChange romania"])
        let hold = AlertRules.priceChangeHold
        #expect(h.evaluator.nextTimeDue(now: AlertingHarness.t0 + 61) == AlertingHarness.t0 + 60 + hold)
        try await h.store.passTime(to: AlertingHarness.t0 + 60 + hold)
        #expect(h.sent == ["firing NumwatchPriceChange romania", "resolved NumwatchPriceChange romania"])
    }

    @Test func banRiskResolvesAtTheTehranMidnightItself() async throws {
        let store = try HistoryStore.inMemory()
        let ledger = try Ledger(writer: store.writer)
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: 7 * 86_400, banRiskAt: 1), store: store, account: "https://p")
        let t0 = AlertingHarness.t0  // 2026-01-01 00:00 UTC = 03:30 in Tehran; its day ends at 20:30 UTC
        let time = Timestamp(microsecondsSince1970: (t0 + 10) * 1_000_000)
        let request = Ledger.TakeRequest(account: "https://p", platform: "telegram", country: "russia", count: 1,
                                         listedPrice: 100, atMs: (t0 + 10) * 1000, providerDay: ProviderTime.day(of: time).date)
        guard case .reserved = try await ledger.reserveTake(request, limit: 45, force: false) else { throw CancellationError() }
        try await h.credit(1_000, at: 20)
        #expect(h.sent == ["firing NumwatchBanRisk"])
        let midnight = t0 + 73_800
        #expect(h.evaluator.nextTimeDue(now: t0 + 20) == midnight)
        try await h.store.passTime(to: midnight)
        #expect(h.sent == ["firing NumwatchBanRisk", "resolved NumwatchBanRisk"])
        #expect(h.queue.notifications.last?.time == midnight)
    }
}
