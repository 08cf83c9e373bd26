import Config
import Domain
import Foundation
import ProviderAPI
@testable import Sampler
import Store
import Synchronization
import Testing

/// A provider in roubles (or any currency): quotes and a balance as read, calls recorded.
actor FakeMarket: MarketSource {
    nonisolated let kind: ProviderKind
    var calls: [String] = []
    var inFlight = 0
    var maxInFlight = 0
    var failure: ProviderError?
    var holdMilliseconds = 0
    var quotes: [Quote] = [Quote(country: "india", name: "India", price: 18.5, count: 7, detail: "virtual21")]

    init(kind: ProviderKind = .smsActivate) { self.kind = kind }

    func fail(with error: ProviderError?) { failure = error }
    func hold(milliseconds: Int) { holdMilliseconds = milliseconds }
    func offer(_ quotes: [Quote]) { self.quotes = quotes }

    private func enter(_ name: String) async throws(ProviderError) {
        calls.append(name)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if holdMilliseconds > 0 { try? await Task.sleep(for: .milliseconds(holdMilliseconds)) }
        inFlight -= 1
        if let failure { throw failure }
    }

    func balance() async throws(ProviderError) -> Double {
        try await enter("credit")
        return 100.25
    }

    func quotes(_ services: ServiceSet) async throws(ProviderError) -> [Quote] {
        try await enter(services.platform)
        return quotes
    }

    func unmatchedNames() async -> UnmatchedNames { UnmatchedNames() }
}

@Suite struct SamplerProvidersTests {
    static let sa = ProviderName("sa"), fs = ProviderName("fs")

    static func watch(_ code: String, _ provider: ProviderName) throws -> Watch {
        Watch(services: try ServiceSet([code]), interval: .seconds(60), provider: provider)
    }

    @Test func pricesAndCreditAreInTomanAtTheProvidersRateWithTheNativeValueKept() async throws {
        let market = FakeMarket()
        let sink = RecordingSink()
        let settings = SamplerSettings(watches: [try Self.watch("telegram", Self.sa)],
                                       providers: [SampledProvider(id: Self.sa, tomanPerUnit: 450, currency: "RUB")])
        let sampler = Sampler(settings: settings, markets: [Self.sa: market], sink: sink, clock: ManualClock(), wallClock: ManualWallClock())
        await sampler.sampleEverything()
        let round = try #require(sink.all.first)
        let row = try #require(round.watches.first?.rows.first)
        #expect(round.watches.first?.provider == Self.sa)
        #expect(row.price == 8325 && row.native == 18.5 && row.detail == "virtual21")  // 18.5 × 450
        #expect(round.credits.map(\.provider) == [Self.sa])
        #expect(round.credits.first?.credit == 45_113 && round.credits.first?.native == 100.25)  // 100.25 × 450, rounded
    }

    @Test func aPriceNoTomanCanHoldIsTheAnswersFaultNotACrash() async throws {
        let market = FakeMarket()
        await market.offer([Quote(country: "india", name: "India", price: 1e300, count: 1)])
        let sink = RecordingSink()
        let settings = SamplerSettings(watches: [try Self.watch("telegram", Self.sa)],
                                       providers: [SampledProvider(id: Self.sa, tomanPerUnit: 450, readsCredit: false)])
        let sampler = Sampler(settings: settings, markets: [Self.sa: market], sink: sink, clock: ManualClock(), wallClock: ManualWallClock())
        await sampler.sampleEverything()
        #expect(sink.all.first?.watches.first?.outcome == .malformed)
        // No token, no credit call.
        #expect(await market.calls == ["telegram"])
    }

    /// A provider with nothing to sample (no watch of its own, no token for its credit) has an
    /// empty schedule: the loop sleeps until the others' next call instead of spinning on it.
    @Test func aProviderWithNothingToSampleLeavesTheLoopAsleep() async throws {
        let main = FakeMarket(kind: .myonlinesim), fs = FakeMarket(kind: .fivesim)
        let clock = ManualClock()
        let settings = SamplerSettings(
            watches: [try Self.watch("telegram", .main)], sampling: SamplingConfig(creditInterval: .seconds(60), jitter: 0),
            providers: [.main, SampledProvider(id: Self.fs, tomanPerUnit: 450, readsCredit: false)])
        let sampler = Sampler(settings: settings, markets: [.main: main, Self.fs: fs], sink: RecordingSink(), clock: clock,
                              wallClock: ManualWallClock())
        let task = Task { try await sampler.run() }
        await clock.settle()
        #expect(clock.sleeperCount == 1)
        await clock.advance(by: .seconds(60))
        #expect(await main.calls == ["telegram", "credit", "telegram", "credit"])
        #expect(await fs.calls.isEmpty)
        task.cancel()
        try await task.value
    }

    @Test func eachProviderHasItsOwnConcurrencyAndItsOwnRateLimitPause() async throws {
        let sa = FakeMarket(), fs = FakeMarket(kind: .fivesim)
        await sa.hold(milliseconds: 20)
        await fs.hold(milliseconds: 20)
        let codes = (0..<6).map { "s\($0)" }
        var settings = SamplerSettings(
            watches: try codes.map { try Self.watch($0, Self.sa) } + codes.map { try Self.watch($0, Self.fs) },
            providers: [SampledProvider(id: Self.sa, concurrency: 1, readsCredit: false), SampledProvider(id: Self.fs, readsCredit: false)])
        settings.sampling.concurrency = 3
        let sampler = Sampler(settings: settings, markets: [Self.sa: sa, Self.fs: fs], sink: RecordingSink(), clock: ManualClock(),
                              wallClock: ManualWallClock())
        await sampler.sampleEverything()
        #expect(await sa.maxInFlight == 1)
        #expect(await fs.maxInFlight == 3)
        #expect(await sa.calls.count == 6)
        #expect(await fs.calls.count == 6)

        // A 429 at sa pauses sa's schedule alone.
        await sa.hold(milliseconds: 0)
        await sa.fail(with: .rateLimited(status: 429, message: "slow down", retryAfterSeconds: 120))
        let outcomes = await sampler.runRound([.watch(0)], of: Self.sa)
        let now = Duration.zero
        await sampler.state.update { plan in
            for outcome in outcomes { plan.schedules[outcome.provider]?.completed(outcome.target, now: now, result: outcome.scheduleResult, unit: 0.5) }
        }
        #expect(sampler.schedule(of: Self.sa)?.pausedUntil == .seconds(120))
        #expect(sampler.schedule(of: Self.fs)?.pausedUntil == .zero)
    }
}
