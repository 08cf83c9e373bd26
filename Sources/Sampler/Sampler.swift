import Domain
import Logging
import ProviderAPI
import ServiceLifecycle
import Store
import Synchronization

/// Samples the provider on a schedule and hands each round to the store.
///
/// A round is every target due at one wake-up: exactly one provider call per due watch (its
/// pricing, or the bundle's) plus one for the credit if due, at most `concurrency` in flight,
/// stored in one transaction. On SIGTERM/SIGINT the sleep is cut short and the loop ends; a round
/// already running finishes (each call is bounded by the client's timeout) and is stored.
package final class Sampler<C: Clock>: Service, Sendable where C.Duration == Duration {
    let provider: any Provider
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
        settings: SamplerSettings, provider: any Provider, sink: any SampleSink, clock: C,
        wallClock: any WallClock = SystemWallClock(), observer: (any SamplerObserver)? = nil,
        random: RandomSource = RandomSource(), logger: Logger = Logger(label: "numwatch.sampler")
    ) {
        self.provider = provider
        self.sink = sink
        self.clock = clock
        self.wallClock = wallClock
        self.observer = observer
        self.logger = logger
        self.random = random
        state = PlanBox(Plan(settings: settings, schedule: Schedule(
            intervals: Self.intervals(settings), jitter: settings.sampling.jitter, maxBackoff: settings.sampling.maxBackoff)))
    }

    static func intervals(_ settings: SamplerSettings) -> [Schedule.Target: Duration] {
        var intervals: [Schedule.Target: Duration] = [.credit: settings.sampling.creditInterval]
        for (index, watch) in settings.watches.enumerated() { intervals[.watch(index)] = watch.interval }
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
            plan.schedule = plan.schedule.replanned(intervals: Self.intervals(settings), carried: carried, now: now)
            plan.settings = settings
            plan.generation += 1
        }
        replanned.ring()
    }

    package func run() async throws {
        let start = clock.now
        started.withLock { $0 = start }
        func elapsed() -> Duration { start.duration(to: clock.now) }
        logger.info("sampling \(settings.watches.count) watches and the credit")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let wake = state.read { $0.schedule.nextWake() }
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
            let (due, settings, generation) = state.read { ($0.schedule.due(at: elapsed()), $0.settings, $0.generation) }
            if due.isEmpty { continue }
            let outcomes = await runRound(due, settings: settings)
            let now = elapsed()
            state.update { plan in
                // A reload during the round renumbered the watches: its outcomes belong to no target now.
                guard plan.generation == generation else { return }
                for outcome in outcomes {
                    plan.schedule.completed(outcome.target, now: now, result: outcome.scheduleResult, unit: random.unit())
                }
            }
        }
        logger.info("sampler stopped")
    }

    /// Calls the provider once per due target, then stores the round in one transaction.
    @discardableResult
    package func runRound(_ due: [Schedule.Target]) async -> [TargetOutcome] {
        await runRound(due, settings: settings)
    }

    func runRound(_ due: [Schedule.Target], settings: SamplerSettings) async -> [TargetOutcome] {
        let outcomes = await withTaskGroup(of: TargetOutcome.self) { group in
            var pending = due[...]
            var results: [TargetOutcome] = []
            for _ in 0..<min(settings.concurrency, pending.count) {
                let target = pending.removeFirst()
                group.addTask { await self.sample(target, settings) }
            }
            for await result in group {
                results.append(result)
                if let target = pending.popFirst() { group.addTask { await self.sample(target, settings) } }
            }
            return results
        }
        let kept = outcomes.filter { $0.error != .cancelled }
        var round = SampleRound(watches: kept.compactMap(\.watchSample))
        round.credit = kept.compactMap(\.creditSample).first
        do {
            if !kept.isEmpty { try await sink.ingest(round) }
        } catch {
            logger.error("could not store a round: \(error)")
        }
        for outcome in kept {
            observer?.sampleFinished(target: outcome.name, outcome: outcome.sampleOutcome, duration: outcome.duration)
        }
        return outcomes
    }

    private func sample(_ target: Schedule.Target, _ settings: SamplerSettings) async -> TargetOutcome {
        let started = wallClock.now()
        let clockStart = clock.now
        var outcome = TargetOutcome(target: target, name: "credit", time: Int64(started.secondsSince1970.rounded(.down)))
        switch target {
        case .credit:
            outcome.maxGap = TargetOutcome.maxGap(settings.sampling.creditInterval)
            outcome.sentMs = started.milliseconds
            do {
                outcome.credit = try await provider.credit()
                outcome.answeredMs = wallClock.now().milliseconds
            } catch { outcome.error = error }
        case let .watch(index):
            // Never so: a round's targets come from the same plan as its settings. Dropped if it were.
            guard settings.watches.indices.contains(index) else { outcome.error = .cancelled; return outcome }
            let watch = settings.watches[index]
            outcome.name = watch.platform
            outcome.maxGap = TargetOutcome.maxGap(watch.interval)
            do {
                outcome.rows = try await provider.prices(watch.services)
                    .filter { watch.countries?.contains($0.country) ?? true }
                    .map { ObservedRow(country: $0.country, name: $0.name, price: $0.price, stock: $0.count) }
            } catch {
                outcome.error = error
            }
        }
        outcome.duration = clockStart.duration(to: clock.now)
        if let error = outcome.error, error != .cancelled {
            logger.warning("\(outcome.name): \(error)")
        }
        return outcome
    }
}

/// How one call of a round went.
package struct TargetOutcome: Sendable {
    package let target: Schedule.Target
    package var name: String
    package var time: Int64
    /// How long the call took, on the sampler's clock.
    package var duration: Duration = .zero
    package var maxGap: Int64 = 180
    package var error: ProviderError?
    package var rows: [ObservedRow] = []
    package var credit: Int?
    /// When the credit call was sent and when its answer arrived (Unix ms).
    package var sentMs: Int64?
    package var answeredMs: Int64?

    init(target: Schedule.Target, name: String, time: Int64) {
        self.target = target
        self.name = name
        self.time = time
    }

    /// The longest gap (whole seconds, as the store counts) between two samples of a target
    /// sampled every `interval` that still counts as continuous observation: two missed samples.
    static func maxGap(_ interval: Duration) -> Int64 {
        (interval * 3).components.seconds + 1
    }

    /// `ok`, or how the call failed.
    var sampleOutcome: SampleOutcome { error?.outcome ?? .ok }

    var scheduleResult: Schedule.Result {
        guard let error else { return .success }
        if case let .rateLimited(_, _, retryAfter) = error { return .failure(pauseAll: .seconds(retryAfter ?? 60)) }
        switch error {
        case let .provider(status, _) where status < 500:
            // About this call (a service the provider will not price), not the provider as a whole.
            return .failure(pauseAll: nil, sharedCause: false)
        case .invalidRequest:
            return .failure(pauseAll: nil, sharedCause: false)
        default:
            return .failure(pauseAll: nil)
        }
    }

    var watchSample: WatchSample? {
        guard case .watch = target else { return nil }
        return WatchSample(platform: name, time: time, outcome: sampleOutcome, message: error?.description,
                           durationSeconds: duration.inSeconds, rows: rows, maxGapSeconds: maxGap)
    }

    var creditSample: CreditSample? {
        guard case .credit = target else { return nil }
        return CreditSample(time: time, outcome: sampleOutcome, message: error?.description,
                            durationSeconds: duration.inSeconds, credit: credit, maxGapSeconds: maxGap, sentMs: sentMs, answeredMs: answeredMs)
    }
}
