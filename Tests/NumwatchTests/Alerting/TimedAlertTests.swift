import Alerting
import App
import Config
import Domain
import Foundation
import ProviderAPI
import Sampler
import Store
import Synchronization
import Testing

/// Issue 21: an alert that time alone moves is judged when time moves it, not at the next round.
/// Each test runs the real sampler and the alert timer on one manual clock: judged only on rounds,
/// every alert here would come a round (or, while the provider fails, a backoff step) late.
@Suite struct TimedAlertTests {
    static let t0 = AlertingHarness.t0  // 2026-01-01 00:00 UTC = 03:30 in Tehran; its day ends at 20:30 UTC

    @Test func providerDownIsQueuedAtLastSuccessPlusTheSettingNotAtTheNextRetry() async throws {
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(20)))
        try await rig.running {
            // t = 0: the first round succeeds. From t = 1 every call fails.
            try await rig.run(until: 1)
            await rig.provider.setFailing(true)
            try await rig.run(until: 120)
        }
        let calls = await rig.provider.calls
        #expect(calls.last { $0.ok }?.at == 0)
        // The backoff: retries 5, 10, 20, 40 s apart; none falls between 15 and 35.
        #expect(Array(Set(calls.filter { !$0.ok }.map(\.at))).sorted() == [5, 15, 35, 75])
        #expect(rig.queued == ["firing NumwatchProviderDown at 20"])
    }

    @Test func providerDownResolvesAtTheFirstSuccessAfterTheOutage() async throws {
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(20)))
        try await rig.running {
            try await rig.run(until: 1)
            await rig.provider.setFailing(true)
            try await rig.run(until: 50)
            await rig.provider.setFailing(false)
            try await rig.run(until: 120)
        }
        // The retry after 35 comes 40 s later, and succeeds.
        #expect(await rig.provider.calls.first { $0.ok && $0.at > 1 }?.at == 75)
        #expect(rig.queued == ["firing NumwatchProviderDown at 20", "resolved NumwatchProviderDown at 75"])
    }

    @Test func aReloadThatShortensTheDelayFiresAtOnce() async throws {
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(300)))
        try await rig.running {
            try await rig.run(until: 1)
            await rig.provider.setFailing(true)
            try await rig.run(until: 160)  // retries at 5, 15, 35, 75, 155; the next at 315
            rig.harness.evaluator.apply(AlertRules(AlertsConfig(providerDownAfter: .seconds(60))))
            try await rig.time.settled()  // the timer, woken by the reload, judges before time moves on
            try await rig.run(until: 200)
        }
        #expect(rig.queued == ["firing NumwatchProviderDown at 160"])
    }

    @Test func aPendingAlertFiresWhenItsForHasPassedBetweenRounds() async throws {
        // Stock 188 is below 200; rounds every minute, `for: 30s`.
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(3_600), rules: [rule(stockBelow: 200, for: .seconds(30))]), interval: 60)
        try await rig.running { try await rig.run(until: 100) }
        #expect(rig.queued == ["firing NumwatchStockLow romania at 30"])
    }

    @Test func aPendingAlertWaitsWhileItsWatchFails() async throws {
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(3_600), rules: [rule(stockBelow: 200, for: .seconds(30))]), interval: 20)
        try await rig.running {
            try await rig.run(until: 1)
            await rig.provider.setFailing(true)  // the round at 20 fails; the retry comes at 60
            try await rig.run(until: 55)
            #expect(rig.queued.isEmpty)  // the stock it was judged on is no longer the provider's last word
            await rig.provider.setFailing(false)
            try await rig.run(until: 70)
        }
        #expect(rig.queued == ["firing NumwatchStockLow romania at 60"])
    }

    @Test func aPriceChangeAlertResolvesWhenItsHoldEnds() async throws {
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(7 * 86_400), rules: [rule(change: 20)]), interval: 1_000)
        try await rig.running {
            try await rig.run(until: 1)
            await rig.provider.setPrice(15_000)
            try await rig.run(until: 4_800)  // rounds at 1000, 2000, …, 4000, 5000; the hold ends at 4600
        }
        let hold = Int64(AlertRules.priceChangeHold.inSeconds)
        #expect(rig.queued == ["firing NumwatchPriceChange romania at 1000", "resolved NumwatchPriceChange romania at \(1_000 + hold)"])
    }

    /// The ban counts the Tehran day and the last 24 hours; NumwatchBanRisk reads the fuller. One
    /// take at 10 s fills both: the Tehran midnight (73,800 s) empties the day, and the alert
    /// resolves when the take leaves the 24 hours and their 5-minute margin (86,710 s), between
    /// two hourly rounds.
    @Test func banRiskResolvesWhenItsTakeLeavesTheLast24Hours() async throws {
        let store = try HistoryStore.inMemory()
        let ledger = try Ledger(writer: store.writer)
        let time = Timestamp(microsecondsSince1970: (Self.t0 + 10) * 1_000_000)
        let day = ProviderTime.day(of: time)
        let request = Ledger.TakeRequest(account: "https://p", platform: "telegram", country: "russia", count: 1,
                                         listedPrice: 100, atMs: (Self.t0 + 10) * 1000, providerDay: day.date,
                                         tehranDay: day.start.milliseconds..<day.end.milliseconds)
        guard case .reserved = try await ledger.reserveTake(request, limit: 45, force: false) else { throw CancellationError() }
        // Rounds every hour: at 82,800 and 86,400, then 90,000 s.
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(7 * 86_400), banRiskAt: 1), interval: 3_600, store: store,
                               account: "https://p", webhooks: [WebhookConfig(url: "https://ops.example/hook", repeatInterval: .seconds(7 * 86_400))])
        try await rig.running { try await rig.run(until: 87_000) }
        #expect(rig.queued == ["firing NumwatchBanRisk at 0", "resolved NumwatchBanRisk at 86710"])
    }

    @Test func aFiringAlertIsToldAgainAtItsRepeatIntervalBetweenRounds() async throws {
        let webhook = WebhookConfig(url: "https://ops.example/hook", repeatInterval: .seconds(600))
        let rig = try TimedRig(AlertsConfig(providerDownAfter: .seconds(7 * 86_400), rules: [rule(stockBelow: 200)]), interval: 3_600,
                               webhooks: [webhook])
        try await rig.running { try await rig.run(until: 1_300) }
        #expect(rig.queued == ["firing NumwatchStockLow romania at 0", "firing NumwatchStockLow romania at 600",
                               "firing NumwatchStockLow romania at 1200"])
    }

    /// After a restart the facts stored before it are stale: nothing is judged by time until the
    /// first round, so a restart longer than `provider_down_after` pages nobody.
    @Test func aRestartJudgesNothingByTimeBeforeItsFirstRound() async throws {
        let directory = try TemporaryDirectory.create("nw-timed")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let alerts = AlertsConfig(providerDownAfter: .seconds(300), rules: [rule(stockBelow: 200, for: .seconds(30))])
        do {
            // Before the restart: the first round opens a pending alert, then serve stops at 10.
            let before = try TimedRig(alerts, interval: 120, store: try HistoryStore.open(path: path))
            try await before.running { try await before.run(until: 10) }
            #expect(before.queued.isEmpty)
        }
        // Ten minutes later, the provider answering: the first round is what judges.
        let after = try TimedRig(alerts, interval: 120, store: try HistoryStore.open(path: path), startingAt: 600)
        try await after.running { try await after.run(until: 100) }
        #expect(after.queued == ["firing NumwatchStockLow romania at 600"])
    }
}

/// The sampler and the alert timer on one manual clock, the wall clock moved with it, against a
/// provider that answers or fails as the test says.
struct TimedRig {
    /// A provider that answers, or fails with a 500, and notes when (rig seconds) it was called.
    actor Provider: ProviderAPI.Provider {
        private(set) var calls: [(at: Double, ok: Bool)] = []
        private var failing = false
        private var price = 10_000
        let clock: ManualClock

        init(clock: ManualClock) { self.clock = clock }

        func setFailing(_ failing: Bool) { self.failing = failing }
        func setPrice(_ price: Int) { self.price = price }

        private func call() throws(ProviderError) {
            calls.append((clock.now.offset.inSeconds, !failing))
            if failing { throw .provider(status: 500, message: "Server Error") }
        }

        func credit() async throws(ProviderError) -> Int {
            try call()
            return 100_000
        }

        func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] {
            try call()
            return [PriceRow(country: "romania", name: "رومانی", count: 188, price: price)]
        }

        func takeNumber(_ services: ServiceSet, country: String, callback: String?) async throws(ProviderError) -> [IssuedNumber] { [] }
        func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus { throw .invalidRequest("unused") }
        func cancelNumber(_ numberID: String) async throws(ProviderError) -> String { "" }
    }

    let clock = ManualClock()
    let wall: ManualWallClock
    let start: Int64
    let provider: Provider
    let harness: AlertingHarness
    let sampler: Sampler<ManualClock>
    let timer: AlertTimer<ManualClock>

    /// Samples one watch and the credit every `interval` seconds from `startingAt` seconds past t0.
    init(_ alerts: AlertsConfig, interval: Double = 5, store: HistoryStore? = nil, account: String? = nil,
         webhooks: [WebhookConfig] = [WebhookConfig(url: "https://ops.example/hook?secret=s")], startingAt: Int64 = 0) throws {
        start = AlertingHarness.t0 + startingAt
        wall = ManualWallClock(Timestamp(microsecondsSince1970: start * 1_000_000))
        provider = Provider(clock: clock)
        harness = try AlertingHarness(alerts, webhooks: webhooks, store: store, account: account)
        let watch = Watch(services: try ServiceSet(["telegram"]), interval: .seconds(interval))
        sampler = Sampler(settings: SamplerSettings(
                              watches: [watch], sampling: SamplingConfig(creditInterval: .seconds(interval), jitter: 0, maxBackoff: .seconds(300))),
                          provider: provider, sink: harness.store, clock: clock, wallClock: wall)
        // The wall clock here never jumps: no need to look at it every minute.
        timer = AlertTimer(store: harness.store, evaluator: harness.evaluator, clock: clock, wallClock: wall, longestSleep: .seconds(86_400))
    }

    /// What was queued, as "firing NumwatchStockLow romania at 30": seconds past t0.
    var queued: [String] {
        harness.queue.notifications.flatMap { n in
            n.alerts.map { "\(n.status.rawValue) \($0.labels["alertname"]!)" + ($0.labels["country"].map { " \($0)" } ?? "")
                + " at \(n.time - AlertingHarness.t0)" }
        }
    }

    var time: ClockDriver { ClockDriver(clock: clock, wall: wall, sleepers: 2) }

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

    /// Lives until `seconds` past the rig's start.
    func run(until seconds: Double) async throws { try await time.run(until: seconds) }
}
