import Logging
import ProviderAPI
import ServiceLifecycle
import Store

/// Samples the provider on a schedule and hands each round to the store.
///
/// A round is every target due at one wake-up: exactly one provider call per due watch (its
/// pricing, or the bundle's) plus one for the credit if due, at most `concurrency` in flight,
/// stored in one transaction. On SIGTERM/SIGINT the sleep is cut short and the loop ends; a round
/// already running finishes (each call is bounded by the client's timeout) and is stored.
public final class Sampler<C: Clock>: Service, Sendable where C.Duration == Duration {
    let settings: SamplerSettings
    let provider: any Provider
    let sink: any SampleSink
    let clock: C
    let wallClock: any WallClock
    let observer: (any SamplerObserver)?
    let logger: Logger
    let random: RandomSource
    let state: ScheduleBox

    public init(
        settings: SamplerSettings, provider: any Provider, sink: any SampleSink, clock: C,
        wallClock: any WallClock = SystemWallClock(), observer: (any SamplerObserver)? = nil,
        random: RandomSource = RandomSource(), logger: Logger = Logger(label: "numwatch.sampler")
    ) {
        self.settings = settings
        self.provider = provider
        self.sink = sink
        self.clock = clock
        self.wallClock = wallClock
        self.observer = observer
        self.logger = logger
        self.random = random
        var intervals: [Schedule.Target: Double] = [.credit: settings.creditInterval]
        for (index, watch) in settings.watches.enumerated() { intervals[.watch(index)] = watch.interval }
        state = ScheduleBox(Schedule(intervals: intervals, jitter: settings.jitter, maxBackoff: settings.maxBackoff))
    }

    public func run() async throws {
        let start = clock.now
        func elapsed() -> Double { start.duration(to: clock.now).seconds }
        logger.info("sampling \(settings.watches.count) watches and the credit")
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let wake = state.read { $0.nextWake() }
            if wake > elapsed() {
                do {
                    try await cancelWhenGracefulShutdown {
                        try await self.clock.sleep(until: start.advanced(by: .seconds(wake)), tolerance: nil)
                    }
                } catch {
                    break
                }
            }
            let due = state.read { $0.due(at: elapsed()) }
            if due.isEmpty { continue }
            let outcomes = await runRound(due)
            let now = elapsed()
            state.update { schedule in
                for outcome in outcomes {
                    schedule.completed(outcome.target, now: now, result: outcome.scheduleResult, unit: random.unit())
                }
            }
        }
        logger.info("sampler stopped")
    }

    /// Calls the provider once per due target, then stores the round in one transaction.
    @discardableResult
    public func runRound(_ due: [Schedule.Target]) async -> [TargetOutcome] {
        let outcomes = await withTaskGroup(of: TargetOutcome.self) { group in
            var pending = due[...]
            var results: [TargetOutcome] = []
            for _ in 0..<min(settings.concurrency, pending.count) {
                let target = pending.removeFirst()
                group.addTask { await self.sample(target) }
            }
            for await result in group {
                results.append(result)
                if let target = pending.popFirst() { group.addTask { await self.sample(target) } }
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
            observer?.sampleFinished(target: outcome.name, outcome: outcome.error?.outcome ?? "ok", seconds: outcome.seconds)
        }
        return outcomes
    }

    private func sample(_ target: Schedule.Target) async -> TargetOutcome {
        let started = wallClock.now()
        let clockStart = clock.now
        var outcome = TargetOutcome(target: target, name: "credit", time: Int64(started.secondsSince1970.rounded(.down)))
        switch target {
        case .credit:
            outcome.maxGap = Int64(settings.creditInterval * 3 + 1)
            do { outcome.credit = try await provider.credit() } catch { outcome.error = error }
        case let .watch(index):
            let watch = settings.watches[index]
            outcome.name = watch.platform
            outcome.maxGap = Int64(watch.interval * 3 + 1)
            do {
                outcome.rows = try await provider.prices(watch.services)
                    .filter { watch.countries?.contains($0.country) ?? true }
                    .map { ObservedRow(country: $0.country, name: $0.name, price: $0.price, stock: $0.count) }
            } catch {
                outcome.error = error
            }
        }
        outcome.seconds = clockStart.duration(to: clock.now).seconds
        if let error = outcome.error, error != .cancelled {
            logger.warning("\(outcome.name): \(error)")
        }
        return outcome
    }
}

/// How one call of a round went.
public struct TargetOutcome: Sendable {
    public let target: Schedule.Target
    public var name: String
    public var time: Int64
    public var seconds: Double = 0
    public var maxGap: Int64 = 180
    public var error: ProviderError?
    public var rows: [ObservedRow] = []
    public var credit: Int?

    init(target: Schedule.Target, name: String, time: Int64) {
        self.target = target
        self.name = name
        self.time = time
    }

    var scheduleResult: Schedule.Result {
        guard let error else { return .success }
        if case let .rateLimited(_, _, retryAfter) = error { return .failure(pauseAll: Double(retryAfter ?? 60)) }
        return .failure(pauseAll: nil)
    }

    var watchSample: WatchSample? {
        guard case .watch = target else { return nil }
        return WatchSample(platform: name, time: time, outcome: error?.outcome ?? "ok", message: error?.description,
                           durationSeconds: seconds, rows: rows, maxGapSeconds: maxGap)
    }

    var creditSample: CreditSample? {
        guard case .credit = target else { return nil }
        return CreditSample(time: time, outcome: error?.outcome ?? "ok", message: error?.description,
                            durationSeconds: seconds, credit: credit, maxGapSeconds: maxGap)
    }
}
