/// When each watch (and the credit) is next due, with jitter and backoff. Pure and synchronous:
/// the sampler's loop asks it what is due and tells it how each call went.
///
/// Times are spans of the sampler's own timeline (`.zero` = start), from an injected clock.
package struct Schedule: Sendable {
    package enum Target: Hashable, Sendable {
        case watch(Int)
        case credit
    }

    package enum Result: Sendable, Equatable {
        case success
        /// A failure; `pauseAll` (a rate limit) stops every call for that long. `sharedCause`: the
        /// provider as a whole failed (down, refusing us, answering garbage), not this target alone.
        case failure(pauseAll: Duration?, sharedCause: Bool = true)
    }

    struct Entry: Sendable {
        var interval: Duration
        var next: Duration
        var failures = 0
        /// The last failure was the provider's as a whole.
        var sharedCause = false
    }

    package let jitter: Double
    package let maxBackoff: Duration
    private(set) var entries: [Target: Entry] = [:]
    /// No provider call before this (after a 429 or a poll block).
    package private(set) var pausedUntil: Duration = .zero

    package init(intervals: [Target: Duration], jitter: Double, maxBackoff: Duration) {
        self.jitter = min(max(jitter, 0), 0.5)
        self.maxBackoff = maxBackoff
        for (target, interval) in intervals { entries[target] = Entry(interval: interval, next: .zero) }
    }

    /// The schedule for new `intervals`, keeping what this one knows of the targets that stay
    /// (`carried` maps a new target to its old self): their next slot and failures, so a reload
    /// neither resets a backoff nor makes every watch due at once. New targets are due at `now`.
    package func replanned(intervals: [Target: Duration], carried: [Target: Target], now: Duration) -> Schedule {
        var next = Schedule(intervals: intervals, jitter: jitter, maxBackoff: maxBackoff)
        next.pausedUntil = pausedUntil
        for (target, interval) in intervals {
            if let old = carried[target], var entry = entries[old] {
                if entry.interval != interval { entry.next = min(entry.next, now + interval) }
                entry.interval = interval
                next.entries[target] = entry
            } else {
                next.entries[target]?.next = now
            }
        }
        return next
    }

    /// The targets due at `now`, credit last; nothing while paused.
    package func due(at now: Duration) -> [Target] {
        guard now >= pausedUntil else { return [] }
        return entries.filter { $0.value.next <= now }.keys.sorted { order($0) < order($1) }
    }

    /// When the loop should wake next (the sampler always plans the credit, so there is a target).
    package func nextWake() -> Duration {
        max(pausedUntil, entries.values.map(\.next).min() ?? pausedUntil)
    }

    package func nextDue(_ target: Target) -> Duration? { entries[target]?.next }
    /// Every target, watches in order, the credit last.
    package var targets: [Target] { entries.keys.sorted { order($0) < order($1) } }
    package func failures(_ target: Target) -> Int { entries[target]?.failures ?? 0 }

    /// Plans the next call of `target`, whose call ended at `now`.
    /// `unit` is a random number in [0, 1) (injected so tests can pin it).
    package mutating func completed(_ target: Target, now: Duration, result: Result, unit: Double) {
        guard var entry = entries[target] else { return }
        let spread = 1 + jitter * (2 * unit - 1)
        switch result {
        case .success:
            // The provider answers again: every other target backing off from the same outage is
            // tried now instead of at the end of its backoff, so fresh data follows an outage
            // within one round of the first success (not up to `maxBackoff` later). Only a
            // recovery does this, and only for failures of the provider as a whole, so a watch
            // that keeps failing for a reason of its own keeps its backoff.
            if entry.failures > 0 {
                for (other, otherEntry) in entries where other != target && otherEntry.failures > 0 && otherEntry.sharedCause {
                    entries[other]?.next = min(otherEntry.next, now)
                }
            }
            entry.failures = 0
            // Keep the phase: the next slot after the planned one, skipping slots a slow call
            // has overrun, so samples never pile up.
            var next = entry.next + entry.interval * spread
            while next <= now { next += entry.interval }
            entry.next = next
        case let .failure(pause, sharedCause):
            entry.failures += 1
            entry.sharedCause = sharedCause
            let backoff = max(entry.interval, min(maxBackoff, entry.interval * (1 << min(entry.failures, 20))))
            entry.next = now + backoff * spread
            if let pause {
                pausedUntil = max(pausedUntil, now + pause)
                entry.next = max(entry.next, pausedUntil + entry.interval * (jitter * unit))
            }
        }
        entries[target] = entry
    }

    private func order(_ target: Target) -> Int {
        switch target {
        case let .watch(index): index
        case .credit: Int.max
        }
    }
}
