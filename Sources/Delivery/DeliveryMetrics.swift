import Synchronization

/// Counts for `numwatch_webhook_*`. The queue's length and oldest entry are read from the outbox
/// by the delivery loop after each change, so a scrape costs no query.
package final class DeliveryMetrics: Sendable {
    package struct Counts: Sendable, Equatable {
        package var delivered: UInt64 = 0
        /// Attempts that failed (each retry counts).
        package var failedAttempts: UInt64 = 0
        /// Notifications dropped: a permanent refusal, too old, or a webhook no longer configured.
        package var gaveUp: UInt64 = 0
        package var queueLength = 0
        /// Unix seconds when the oldest undelivered notification was queued.
        package var oldestQueued: Double?
        package var generation: UInt64 = 0
    }

    private let counts = Mutex(Counts())

    package init() {}

    package var current: Counts { counts.withLock { $0 } }

    func update(_ change: (inout Counts) -> Void) {
        counts.withLock { c in
            let before = c
            change(&c)
            if c != before { c.generation &+= 1 }
        }
    }
}
