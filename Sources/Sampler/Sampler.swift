import Domain
import Logging
import ProviderAPI
import ServiceLifecycle
import Store
import Synchronization

/// Samples the providers on a schedule and hands each round to the store.
///
/// A round is every target due at one wake-up: exactly one call per due watch (its pricing, or
/// the bundle's) plus one per provider whose credit is due, at most the provider's concurrency in
/// flight at each provider, stored in one transaction. Each provider has a schedule of its own,
/// so one provider's rate limit or outage pauses and backs off its calls alone. On SIGTERM/SIGINT the sleep is cut short and the loop ends; a round
/// already running finishes (each call is bounded by the client's timeout) and is stored.
package final class Sampler<C: Clock>: Service, Sendable where C.Duration == Duration {
    let markets: [ProviderName: any MarketSource]
    let sink: any SampleSink
    let clock: C
    let wallClock: any WallClock
    let observer: (any SamplerObserver)?
    let logger: Logger
    let random: RandomSource
    let state: PlanBox
    /// The loop's timeline origin, set when `run` starts (a reload before that plans from 0).
    private let started = Mutex<C.Instant?>(nil)
    /// Rung by a reload, so the loop does not sleep through a new watch's first sample.
    private let replanned = Doorbell()

    package init(
        settings: SamplerSettings, markets: [ProviderName: any MarketSource], sink: any SampleSink, clock: C,
        wallClock: any WallClock = SystemWallClock(), observer: (any SamplerObserver)? = nil,
        random: RandomSource = RandomSource(), logger: Logger = Logger(label: "numwatch.sampler")
    ) {
        self.markets = markets
        self.sink = sink
        self.clock = clock
        self.wallClock = wallClock
        self.observer = observer
        self.logger = logger
        self.random = random
        state = PlanBox(Plan(settings: settings, schedules: Self.intervals(settings).mapValues {
            Schedule(intervals: $0, jitter: settings.sampling.jitter, maxBackoff: settings.sampling.maxBackoff)
        }))
    }

    /// The seed document's provider alone, as `provider` (the settings' watches all of `main`).
    package convenience init(
        settings: SamplerSettings, provider: any Provider, sink: any SampleSink, clock: C,
        wallClock: any WallClock = SystemWallClock(), observer: (any SamplerObserver)? = nil,
        random: RandomSource = RandomSource(), logger: Logger = Logger(label: "numwatch.sampler")
    ) {
        self.init(settings: settings, markets: [.main: SeedMarket(provider)], sink: sink, clock: clock, wallClock: wallClock,
                  observer: observer, random: random, logger: logger)
    }

    /// Per provider, its targets and their intervals: its watches, and its credit when it can be read.
    static func intervals(_ settings: SamplerSettings) -> [ProviderName: [Schedule.Target: Duration]] {
        var intervals: [ProviderName: [Schedule.Target: Duration]] = [:]
        for provider in settings.providers {
            intervals[provider.id] = provider.readsCredit ? [.credit: settings.sampling.creditInterval] : [:]
        }
        for (index, watch) in settings.watches.enumerated() { intervals[watch.provider, default: [:]][.watch(index)] = watch.interval }
        return intervals
    }

    /// Samples by `settings` from now on (SIGHUP): a watch that stays keeps its schedule and
    /// backoff, a new one is sampled at once, a removed one is no longer sampled. Jitter and the
    /// backoff cap apply to the calls planned after this.
    package func apply(_ settings: SamplerSettings) {
        let now = started.withLock { $0 }.map { $0.duration(to: clock.now) } ?? .zero
        state.update { plan in
            var carried: [Schedule.Target: Schedule.Target] = [.credit: .credit]
            for (index, watch) in settings.watches.enumerated() {
                if let old = plan.settings.watches.firstIndex(where: { $0.samplesTheSame(as: watch) }) {
                    carried[.watch(index)] = .watch(old)
                }
            }
            var schedules: [ProviderName: Schedule] = [:]
            for (provider, intervals) in Self.intervals(settings) {
                let old = plan.schedules[provider]
                    ?? Schedule(intervals: [:], jitter: settings.sampling.jitter, maxBackoff: settings.sampling.maxBackoff)
                schedules[provider] = old.replanned(intervals: intervals, carried: carried, now: now)
            }
            plan.schedules = schedules
            plan.settings = settings
            plan.generation += 1
        }
        replanned.ring()
    }

    package func run() async throws {
        let start = clock.now
        started.withLock { $0 = start }
        func elapsed() -> Duration { start.duration(to: clock.now) }
        logger.info("sampling \(settings.watches.count) watches and the credit of \(settings.providers.count) providers")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            // Nothing to sample at all (no watch, no credit): look again in a day, or at a reload's ring.
            let wake = state.read { $0.schedules.values.filter { !$0.targets.isEmpty }.map { $0.nextWake() }.min() }
                ?? elapsed() + .seconds(86_400)
            if wake > elapsed() {
                do {
                    try await cancelWhenGracefulShutdown {
                        await self.replanned.wait { try await self.clock.sleep(until: start.advanced(by: wake), tolerance: nil) }
                        try Task.checkCancellation()
                    }
                } catch {
                    break
                }
            }
            let (due, settings, generation) = state.read { plan in
                let now = elapsed()
                let due = plan.schedules.sorted { $0.key.rawValue < $1.key.rawValue }
                    .flatMap { provider, schedule in schedule.due(at: now).map { DueCall(provider: provider, target: $0) } }
                return (due, plan.settings, plan.generation)
            }
            if due.isEmpty { continue }
            let outcomes = await runRound(due, settings: settings)
            let now = elapsed()
            state.update { plan in
                // A reload during the round renumbered the watches: its outcomes belong to no target now.
                guard plan.generation == generation else { return }
                for outcome in outcomes {
                    plan.schedules[outcome.provider]?.completed(outcome.target, now: now, result: outcome.scheduleResult, unit: random.unit())
                }
            }
        }
        logger.info("sampler stopped")
    }

    /// Calls `provider` once per due target, then stores the round in one transaction.
    @discardableResult
    package func runRound(_ due: [Schedule.Target], of provider: ProviderName = .main) async -> [TargetOutcome] {
        await runRound(due.map { DueCall(provider: provider, target: $0) }, settings: settings)
    }

    /// One round of every target of every provider now, whatever the schedule (a fresh reading
    /// of everything at once): the schedule is left as it was.
    @discardableResult
    package func sampleEverything() async -> [TargetOutcome] {
        let (due, settings) = state.read { plan in
            (plan.schedules.sorted { $0.key.rawValue < $1.key.rawValue }.flatMap { provider, schedule in
                schedule.targets.map { DueCall(provider: provider, target: $0) }
            }, plan.settings)
        }
        return await runRound(due, settings: settings)
    }

    func runRound(_ due: [DueCall], settings: SamplerSettings) async -> [TargetOutcome] {
        let outcomes = await withTaskGroup(of: TargetOutcome.self) { group in
            // Each provider's calls wait in a queue of their own, at most its concurrency in flight.
            var pending = Dictionary(grouping: due, by: \.provider).mapValues { $0[...] }
            var inFlight: [ProviderName: Int] = [:]
            var results: [TargetOutcome] = []
            for provider in pending.keys.sorted(by: { $0.rawValue < $1.rawValue }) {
                while inFlight[provider, default: 0] < settings.concurrency(of: provider), let call = pending[provider]?.popFirst() {
                    inFlight[provider, default: 0] += 1
                    group.addTask { await self.sample(call, settings) }
                }
            }
            for await result in group {
                results.append(result)
                inFlight[result.provider, default: 1] -= 1
                if let call = pending[result.provider]?.popFirst() {
                    inFlight[result.provider, default: 0] += 1
                    group.addTask { await self.sample(call, settings) }
                }
            }
            return results
        }
        let kept = outcomes.filter { $0.error != .cancelled }
        let round = SampleRound(watches: kept.compactMap(\.watchSample), credits: kept.compactMap(\.creditSample))
        do {
            if !kept.isEmpty { try await sink.ingest(round) }
        } catch {
            logger.error("could not store a round: \(error)")
        }
        for outcome in kept {
            observer?.sampleFinished(provider: outcome.provider, target: outcome.name, outcome: outcome.sampleOutcome,
                                     duration: outcome.duration)
        }
        return outcomes
    }

    private func sample(_ call: DueCall, _ settings: SamplerSettings) async -> TargetOutcome {
        let started = wallClock.now()
        let clockStart = clock.now
        let provider = settings.provider(call.provider)
        var outcome = TargetOutcome(provider: call.provider, target: call.target, name: "credit",
                                    time: Int64(started.secondsSince1970.rounded(.down)))
        do throws(ProviderError) {
            guard let market = markets[call.provider] else { throw .invalidRequest("no client for provider \(call.provider)") }
            switch call.target {
            case .credit:
                outcome.maxGap = TargetOutcome.maxGap(settings.sampling.creditInterval)
                outcome.sentMs = started.milliseconds
                let native = try await market.balance()
                outcome.credit = try Self.toman(native, provider, what: "credit")
                if provider.tomanPerUnit != 1 { outcome.creditNative = native }
                outcome.answeredMs = wallClock.now().milliseconds
            case let .watch(index):
                // Never so: a round's targets come from the same plan as its settings. Dropped if it were.
                guard settings.watches.indices.contains(index) else { throw .cancelled }
                let watch = settings.watches[index]
                outcome.name = watch.platform
                outcome.maxGap = TargetOutcome.maxGap(watch.interval)
                outcome.rows = try await market.quotes(watch.services)
                    .filter { watch.countries?.contains($0.country) ?? true }
                    .map { quote throws(ProviderError) in
                        ObservedRow(country: quote.country, name: quote.name, price: try Self.toman(quote.price, provider, what: "price"),
                                    stock: quote.count, native: provider.tomanPerUnit == 1 ? nil : quote.price, detail: quote.detail)
                    }
            }
        } catch {
            outcome.error = error
        }
        outcome.duration = clockStart.duration(to: clock.now)
        if let error = outcome.error, error != .cancelled {
            logger.warning("\(call.provider) \(outcome.name): \(error)")
        }
        return outcome
    }

    /// `native` in whole Toman at the provider's rate; a value no price or credit can be (past a
    /// trillion Toman, negative or not a number) is the answer's fault, not a crash.
    static func toman(_ native: Double, _ provider: SampledProvider, what: String) throws(ProviderError) -> Int {
        let toman = (native * provider.tomanPerUnit).rounded()
        guard toman.isFinite, abs(toman) <= Double(Toman.largest) else {
            throw .malformed(status: 200, reason: "\(what) \(native) is out of range at \(provider.tomanPerUnit) Toman per unit", excerpt: "")
        }
        return Int(toman)
    }
}

/// One call a round makes: a target of one provider's schedule.
package struct DueCall: Sendable, Hashable {
    package var provider: ProviderName
    package var target: Schedule.Target
}
