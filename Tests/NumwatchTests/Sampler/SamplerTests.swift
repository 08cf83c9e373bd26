import Config
import Domain
import Foundation
import ProviderAPI
@testable import Sampler
import Store
import ServiceLifecycle
import Synchronization
import Testing

/// A provider double: records calls, can fail, and can hold calls open to measure concurrency.
actor FakeProvider: Provider {
    var calls: [String] = []
    var inFlight = 0
    var maxInFlight = 0
    var failure: ProviderError?
    var holdSeconds: Double = 0
    var credits = 1_000

    func fail(with error: ProviderError?) { failure = error }
    func hold(_ seconds: Double) { holdSeconds = seconds }

    private func enter(_ name: String) async throws(ProviderError) {
        calls.append(name)
        inFlight += 1
        maxInFlight = max(maxInFlight, inFlight)
        if holdSeconds > 0 { try? await Task.sleep(for: .milliseconds(Int(holdSeconds * 1000))) }
        inFlight -= 1
        if let failure { throw failure }
    }

    func credit() async throws(ProviderError) -> Int {
        try await enter("credit")
        return credits
    }

    func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] {
        try await enter(services.platform)
        return ["romania", "russia", "chad"].map { PriceRow(country: $0, name: "n-\($0)", count: 10, price: 1_000) }
    }

    func takeNumber(_ services: ServiceSet, country: String, callback: String?) async throws(ProviderError) -> [IssuedNumber] { [] }
    func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus { throw .invalidRequest("unused") }
    func cancelNumber(_ numberID: String) async throws(ProviderError) -> String { "" }
}

/// A sink double that keeps every round.
final class RecordingSink: SampleSink, Sendable {
    private let rounds = Mutex<[SampleRound]>([])
    func ingest(_ round: SampleRound) async throws { rounds.withLock { $0.append(round) } }
    var all: [SampleRound] { rounds.withLock { $0 } }
}

private func watches(_ codes: [[String]], interval: Double = 60) throws -> [Watch] {
    try codes.map { Watch(services: try ServiceSet($0), interval: .seconds(interval)) }
}

@Suite struct ScheduleTests {
    @Test func successKeepsTheIntervalWithinTheJitterBounds() {
        let random = RandomSource(seed: 7)
        var schedule = Schedule(intervals: [.watch(0): .seconds(60)], jitter: 0.1, maxBackoff: .seconds(600))
        var previous = Duration.zero
        for _ in 0..<500 {
            let due = schedule.nextDue(.watch(0))!
            schedule.completed(.watch(0), now: due + .milliseconds(200), result: .success, unit: random.unit())
            let gap = schedule.nextDue(.watch(0))! - due
            #expect(gap >= .seconds(54) && gap <= .seconds(66))
            previous = due
        }
        #expect(previous > .seconds(500 * 54) && previous < .seconds(500 * 66))
        // Without jitter, exactly the interval.
        var exact = Schedule(intervals: [.credit: .seconds(30)], jitter: 0, maxBackoff: .seconds(600))
        exact.completed(.credit, now: .seconds(1), result: .success, unit: 0.9)
        #expect(exact.nextDue(.credit) == .seconds(30))
    }

    @Test func aSlowCallSkipsMissedSlotsInsteadOfPilingUp() {
        var schedule = Schedule(intervals: [.watch(0): .seconds(60)], jitter: 0, maxBackoff: .seconds(600))
        schedule.completed(.watch(0), now: .seconds(200), result: .success, unit: 0.5)
        #expect(schedule.nextDue(.watch(0)) == .seconds(240))
        #expect(schedule.due(at: .seconds(200)).isEmpty)
    }

    @Test func failuresBackOffExponentiallyUpToTheCapAndSuccessResets() {
        var schedule = Schedule(intervals: [.watch(0): .seconds(10)], jitter: 0, maxBackoff: .seconds(100))
        var delays: [Duration] = []
        var now = Duration.zero
        for _ in 0..<5 {
            schedule.completed(.watch(0), now: now, result: .failure(pauseAll: nil), unit: 0.5)
            delays.append(schedule.nextDue(.watch(0))! - now)
            now = schedule.nextDue(.watch(0))!
        }
        #expect(delays == [20, 40, 80, 100, 100].map { .seconds($0) })
        schedule.completed(.watch(0), now: now, result: .success, unit: 0.5)
        #expect(schedule.failures(.watch(0)) == 0)
        #expect(schedule.nextDue(.watch(0))! - now == .seconds(10))
    }

    @Test func backoffJitterStaysWithinBounds() {
        let random = RandomSource(seed: 3)
        for _ in 0..<200 {
            var schedule = Schedule(intervals: [.watch(0): .seconds(10)], jitter: 0.2, maxBackoff: .seconds(1_000))
            schedule.completed(.watch(0), now: .zero, result: .failure(pauseAll: nil), unit: random.unit())
            #expect((.seconds(16) ... .seconds(24)).contains(schedule.nextDue(.watch(0))!))
        }
    }

    @Test func theFirstSuccessAfterAnOutageRetriesEveryFailingTargetAtOnce() {
        var schedule = Schedule(intervals: [.watch(0): .seconds(60), .watch(1): .seconds(60), .credit: .seconds(60)], jitter: 0, maxBackoff: .seconds(300))
        // An outage: every target fails four times and backs off to the cap.
        for target in [Schedule.Target.watch(0), .watch(1), .credit] {
            for round in 0..<4 { schedule.completed(target, now: .seconds(round * 300), result: .failure(pauseAll: nil), unit: 0.5) }
        }
        #expect(schedule.nextDue(.watch(1)) == .seconds(1_200))
        // The credit comes back at 1,000 s: both watches are due then, not at 1,200 s.
        schedule.completed(.credit, now: .seconds(1_000), result: .success, unit: 0.5)
        #expect(schedule.due(at: .seconds(1_000)) == [.watch(0), .watch(1)])
    }

    @Test func aTargetThatKeepsFailingIsNotRetriedAtEveryOtherSuccess() {
        var schedule = Schedule(intervals: [.watch(0): .seconds(60), .credit: .seconds(60)], jitter: 0, maxBackoff: .seconds(600))
        schedule.completed(.watch(0), now: .zero, result: .failure(pauseAll: nil), unit: 0.5)
        schedule.completed(.watch(0), now: .seconds(120), result: .failure(pauseAll: nil), unit: 0.5)
        // The credit never failed: its success is no recovery, and watch 0 keeps its backoff.
        schedule.completed(.credit, now: .seconds(130), result: .success, unit: 0.5)
        #expect(schedule.nextDue(.watch(0)) == .seconds(360))
    }

    @Test func aWatchFailingForItsOwnReasonKeepsItsBackoffWhenTheProviderRecovers() {
        var schedule = Schedule(intervals: [.watch(0): .seconds(60), .credit: .seconds(60)], jitter: 0, maxBackoff: .seconds(600))
        // Watch 0's service is refused (a 4xx of its own) while the provider is down for the credit.
        schedule.completed(.watch(0), now: .zero, result: .failure(pauseAll: nil, sharedCause: false), unit: 0.5)
        schedule.completed(.credit, now: .zero, result: .failure(pauseAll: nil), unit: 0.5)
        schedule.completed(.credit, now: .seconds(100), result: .success, unit: 0.5)
        // Its own 120 s backoff stands: not pulled forward to the credit's recovery at 100 s.
        #expect(schedule.nextDue(.watch(0)) == .seconds(120))
        #expect(!schedule.due(at: .seconds(100)).contains(.watch(0)))
    }

    @Test func aRateLimitPausesEveryCall() {
        var schedule = Schedule(intervals: [.watch(0): .seconds(10), .watch(1): .seconds(10), .credit: .seconds(10)], jitter: 0, maxBackoff: .seconds(600))
        schedule.completed(.watch(0), now: .seconds(5), result: .failure(pauseAll: .seconds(60)), unit: 0.5)
        #expect(schedule.pausedUntil == .seconds(65))
        #expect(schedule.due(at: .seconds(30)).isEmpty)
        #expect(schedule.due(at: .seconds(65)) == [.watch(0), .watch(1), .credit])
        #expect(schedule.nextWake() == .seconds(65))
    }
}

@Suite struct SamplerRoundTests {
    @Test func aRoundMakesExactlyOneCallPerDueWatchPlusCreditAndOneIngest() async throws {
        let provider = FakeProvider()
        let sink = RecordingSink()
        let sampler = Sampler(
            settings: SamplerSettings(watches: try watches([["telegram"], ["whatsapp", "telegram"], ["viber"]])),
            provider: provider, sink: sink, clock: ManualClock(), wallClock: ManualWallClock())
        await sampler.runRound([.watch(0), .watch(1), .credit])
        #expect(await provider.calls.sorted() == ["credit", "telegram", "telegram+whatsapp"])
        #expect(sink.all.count == 1)
        #expect(sink.all[0].watches.map(\.platform).sorted() == ["telegram", "telegram+whatsapp"])
        #expect(sink.all[0].credit?.credit == 1_000)
    }

    @Test func noMoreCallsInFlightThanTheConcurrencyLimit() async throws {
        let provider = FakeProvider()
        await provider.hold(0.02)
        var settings = SamplerSettings(watches: try watches((0..<10).map { [["s\($0)"]][0] }))
        settings.sampling.concurrency = 3
        let sampler = Sampler(settings: settings, provider: provider, sink: RecordingSink(), clock: ManualClock(), wallClock: ManualWallClock())
        await sampler.runRound((0..<10).map { .watch($0) })
        #expect(await provider.calls.count == 10)
        #expect(await provider.maxInFlight == 3)
    }

    @Test func failedCallsAreStoredWithTheirOutcomeAndCountriesAreFiltered() async throws {
        let provider = FakeProvider()
        let sink = RecordingSink()
        var plan = try watches([["telegram"]])
        plan[0].countries = ["romania", "chad"]
        let sampler = Sampler(settings: SamplerSettings(watches: plan), provider: provider, sink: sink, clock: ManualClock(), wallClock: ManualWallClock())
        await sampler.runRound([.watch(0)])
        #expect(sink.all[0].watches[0].rows.map(\.country).sorted() == ["chad", "romania"])
        await provider.fail(with: .timeout(seconds: 10))
        let outcomes = await sampler.runRound([.watch(0), .credit])
        #expect(sink.all[1].watches[0].outcome == .timeout)
        #expect(sink.all[1].credit?.outcome == .timeout)
        #expect(outcomes.allSatisfy { $0.scheduleResult == .failure(pauseAll: nil) })
        await provider.fail(with: .rateLimited(status: 429, message: "slow down", retryAfterSeconds: 42))
        #expect(await sampler.runRound([.credit]).first?.scheduleResult == .failure(pauseAll: .seconds(42)))
    }
}

@Suite struct SamplerLoopTests {
    @Test func theLoopSamplesEachWatchAtItsIntervalAndStopsWhenCancelled() async throws {
        let provider = FakeProvider()
        let sink = RecordingSink()
        let clock = ManualClock()
        var plan = try watches([["telegram"]], interval: 60)
        plan += try watches([["whatsapp"]], interval: 30)
        let sampler = Sampler(
            settings: SamplerSettings(watches: plan, sampling: SamplingConfig(creditInterval: .seconds(120), jitter: 0)),
            provider: provider, sink: sink, clock: clock, wallClock: ManualWallClock())
        let task = Task { try await sampler.run() }
        await clock.settle()
        for _ in 0..<10 { await clock.advance(by: .seconds(30)) }  // 300 s
        let calls = await provider.calls
        #expect(calls.filter { $0 == "telegram" }.count == 6)   // t = 0, 60, ..., 300
        #expect(calls.filter { $0 == "whatsapp" }.count == 11)  // t = 0, 30, ..., 300
        #expect(calls.filter { $0 == "credit" }.count == 3)     // t = 0, 120, 240
        #expect(sink.all.count == 11)
        task.cancel()
        try await task.value
        #expect(clock.sleeperCount == 0)
    }
}

@Suite struct SamplerShutdownTests {
    /// SIGTERM mid-round: the calls in flight finish, their round is stored, and the loop ends
    /// instead of sleeping to the next round.
    @Test func gracefulShutdownFinishesTheRoundInFlightAndStops() async throws {
        let provider = FakeProvider()
        await provider.hold(0.3)
        let sink = RecordingSink()
        let clock = ManualClock()
        let sampler = Sampler(
            settings: SamplerSettings(watches: try watches([["telegram"], ["whatsapp"]]), sampling: SamplingConfig(jitter: 0)),
            provider: provider, sink: sink, clock: clock, wallClock: ManualWallClock())
        let group = ServiceGroup(configuration: .init(services: [sampler], logger: .init(label: "test")))
        let running = Task { try await group.run() }
        // Wait (bounded) until the first round's calls are in flight, then ask for shutdown.
        for _ in 0..<500 where await provider.inFlight == 0 { try await Task.sleep(for: .milliseconds(2)) }
        #expect(await provider.inFlight > 0)
        await group.triggerGracefulShutdown()
        try await running.value
        #expect(sink.all.count == 1)
        #expect(sink.all.first?.watches.allSatisfy { $0.outcome == .ok } == true)
        #expect(await provider.calls.count == 3)
    }
}
