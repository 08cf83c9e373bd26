import ProviderAPI

/// `number check --wait`: checks several numbers (a bundle's ids) until each has an SMS or has
/// expired, spreading the checks so that no id is checked within the poll interval and, across
/// ids, one check goes out every `interval / ids` seconds at most: a steady trickle, never a burst
/// that could get the client rate-limited.
public struct SMSWaiter: Sendable {
    public enum Event: Sendable {
        /// A number is done: it has an SMS, or it expired without one.
        case finished(NumberStatus, expired: Bool)
        /// Nothing yet; the next check (of `numberID`) is at `next`.
        case waiting(pending: [String], numberID: String, next: Timestamp)
    }

    let desk: NumberDesk
    let clock: any WallClock
    /// Waits until the given time (tests move a manual clock instead of sleeping).
    let sleep: @Sendable (Timestamp) async throws -> Void

    public init(desk: NumberDesk, clock: any WallClock = SystemWallClock(),
                sleep: @escaping @Sendable (Timestamp) async throws -> Void) {
        self.desk = desk
        self.clock = clock
        self.sleep = sleep
    }

    public func wait(for numberIDs: [String], onEvent: @Sendable (Event) -> Void) async throws {
        let interval = desk.settings.pollInterval
        var next: [String: Timestamp] = [:]
        var order: [String] = []
        for id in numberIDs where next[id] == nil {
            next[id] = clock.now()
            order.append(id)
        }
        var lastCheck: Timestamp?
        // Fixed from the start: as ids finish, the others keep their own 20 s rhythm.
        let spacing = interval / Double(max(order.count, 1))
        while !next.isEmpty {
            // The id due first (ties in the order given), no sooner than the spacing allows.
            let id = order.filter { next[$0] != nil }.min { next[$0]! < next[$1]! }!
            var at = next[id]!
            if let lastCheck { at = max(at, lastCheck.adding(seconds: spacing)) }
            if clock.now() < at {
                onEvent(.waiting(pending: order.filter { next[$0] != nil }, numberID: id, next: at))
                try await sleep(at)
            }
            do {
                let status = try await desk.check(id)
                let now = clock.now()
                lastCheck = now
                let expired = status.expiresAt.map { $0 <= now } ?? false
                if !status.messages.isEmpty || expired {
                    next[id] = nil
                    onEvent(.finished(status, expired: expired && status.messages.isEmpty))
                } else {
                    // Past its expiry there is nothing left to wait for: one last look, then stop.
                    let due = now.adding(seconds: interval)
                    next[id] = status.expiresAt.map { min(due, max($0, now.adding(seconds: interval))) } ?? due
                }
            } catch ProviderError.pollTooSoon(_, let allowed, _) {
                next[id] = allowed  // another process checked it: wait our turn
            } catch ProviderError.rateLimited(_, _, let retryAfter) {
                // Blocked all the same (another client on the account?): every id waits it out.
                let until = clock.now().adding(seconds: Double(retryAfter ?? 60))
                for pending in next.keys { next[pending] = max(next[pending]!, until) }
            }
        }
    }
}
