import Domain
import ProviderAPI

/// `number check --wait`: checks several numbers (a bundle's ids) until each has an SMS or has
/// expired, spreading the checks so that no id is checked within the poll interval and, across
/// ids, one check goes out every interval (`poll_scope: account`, the default) or every
/// `interval / ids` seconds (`poll_scope: number`) at most: a steady trickle, never a burst that
/// could get the client rate-limited.
package struct SMSWaiter: Sendable {
    package enum Event: Sendable {
        /// A number is done: it has an SMS that activates it, or it expired without one.
        case finished(NumberStatus, expired: Bool)
        /// Nothing yet; the next check (of `numberID`) is at `next`.
        case waiting(pending: [String], numberID: String, next: Timestamp)
    }

    let desk: NumberDesk
    let clock: any WallClock
    /// Waits until the given time (tests move a manual clock instead of sleeping).
    let sleep: @Sendable (Timestamp) async throws -> Void

    package init(desk: NumberDesk, clock: any WallClock = SystemWallClock(),
                sleep: @escaping @Sendable (Timestamp) async throws -> Void) {
        self.desk = desk
        self.clock = clock
        self.sleep = sleep
    }

    /// How long a number without a stated expiry is waited for: the provider's numbers live 20
    /// minutes (its samples; its text says 15).
    package static let waitWithoutExpiry: Duration = .seconds(25 * 60)
    /// Failed checks in a row (no answer, a 5xx) before the wait gives up.
    package static let failuresInARow = 5

    package func wait(for numberIDs: [String], onEvent: @Sendable (Event) -> Void) async throws {
        let interval = desk.checkInterval
        let start = clock.now()
        var next: [String: Timestamp] = [:]
        var order: [String] = []
        for id in numberIDs where next[id] == nil {
            next[id] = start
            order.append(id)
        }
        var lastCheck: Timestamp?
        var failures = 0
        // Fixed from the start: as ids finish, the others keep their own rhythm.
        let spacing = desk.settings.pollScope == .account ? interval : interval / max(order.count, 1)
        while !next.isEmpty {
            // The id due first (ties in the order given), no sooner than the spacing allows.
            let id = order.filter { next[$0] != nil }.min { next[$0]! < next[$1]! }!
            var at = next[id]!
            if let lastCheck { at = max(at, lastCheck.adding(seconds: spacing.inSeconds)) }
            if clock.now() < at {
                onEvent(.waiting(pending: order.filter { next[$0] != nil }, numberID: id, next: at))
                try await sleep(at)
            }
            do {
                let status = try await desk.check(id)
                failures = 0
                let now = clock.now()
                lastCheck = now
                let expired = status.expiresAt.map { $0 <= now } ?? (now.secondsSince1970 - start.secondsSince1970 >= Self.waitWithoutExpiry.inSeconds)
                // A message flagged is_received 0 does not end the wait: it did not activate.
                let received = status.messages.contains { $0.isReceived != false }
                if received || expired {
                    next[id] = nil
                    onEvent(.finished(status, expired: expired && !received))
                } else {
                    next[id] = now.adding(seconds: interval.inSeconds)
                }
            } catch ProviderError.pollTooSoon(_, let allowed, _, _) {
                next[id] = allowed  // another process checked it: wait our turn
            } catch ProviderError.rateLimited(_, _, let retryAfter) {
                // Blocked all the same (another client on the account?): every id waits it out.
                let until = clock.now().adding(seconds: Double(retryAfter ?? 60))
                for pending in next.keys { next[pending] = max(next[pending]!, until) }
            } catch let error as ProviderError where error.isTransient {
                // No answer this time: the number's next turn, unless the provider stays away.
                failures += 1
                guard failures < Self.failuresInARow else { throw error }
                lastCheck = clock.now()
                next[id] = clock.now().adding(seconds: interval.inSeconds)
            }
        }
    }
}
