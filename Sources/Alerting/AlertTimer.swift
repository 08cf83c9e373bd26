import Domain
import Logging
import ServiceLifecycle
import Store

/// Judges the alerts that time alone moves at the moment it moves them, between rounds.
///
/// Rounds come further apart while the provider fails (the sampler backs off), so an alert judged
/// only on rounds comes a backoff step late exactly when it matters: NumwatchProviderDown. This
/// service sleeps until the evaluator's next such moment (`nextTimeDue`), or until a pass or a
/// reload changes it, then lets the store hand the evaluator a round with no samples: the same
/// transaction, outbox and fingerprints as a round's.
package struct AlertTimer<C: Clock>: Service where C.Duration == Duration {
    let store: HistoryStore
    let evaluator: AlertEvaluator
    let clock: C
    let wallClock: any WallClock
    let logger: Logger
    /// The longest sleep: a wall clock that jumps (NTP) is noticed within this.
    let longestSleep: Duration

    package init(
        store: HistoryStore, evaluator: AlertEvaluator, clock: C, wallClock: any WallClock = SystemWallClock(),
        longestSleep: Duration = .seconds(60), logger: Logger = Logger(label: "numwatch.alerting")
    ) {
        self.store = store
        self.evaluator = evaluator
        self.clock = clock
        self.wallClock = wallClock
        self.longestSleep = longestSleep
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let now = wallClock.now().secondsSince1970
            let second = Int64(now.rounded(.down))
            let due = evaluator.nextTimeDue
            var wait = due.map { min(.seconds(max(0, Double($0) - now)), longestSleep) } ?? longestSleep
            if let due, due <= second {
                do {
                    // No hook: nothing would judge the alerts (never so in serve).
                    if try await store.passTime(to: second) { continue }
                    wait = longestSleep
                } catch {
                    // The database is busy or failing: try again in a second, not in a tight loop.
                    logger.error("could not evaluate the alerts that time moves: \(error)")
                    wait = .seconds(1)
                }
            }
            let sleep = wait
            do {
                try await cancelWhenGracefulShutdown {
                    await evaluator.passed.wait { try await clock.sleep(for: sleep) }
                    try Task.checkCancellation()
                }
            } catch {
                return
            }
        }
    }
}
