import Synchronization

/// Wakes a sleeping loop: the webhook delivery when something was queued, the sampler when its
/// plan changed (a reload), either on shutdown.
package final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
        /// The sleep of the wait in progress, cancelled by a ring: a test clock then no longer
        /// counts it as asleep from the moment the loop is woken.
        var timer: Task<Void, Never>?
    }

    private let state = Mutex(State())

    package init() {}

    package func ring() {
        let (waiter, timer) = state.withLock { s -> (CheckedContinuation<Void, Never>?, Task<Void, Never>?) in
            defer { s.timer = nil }
            guard let waiter = s.waiter else { s.rung = true; return (nil, s.timer) }
            s.waiter = nil
            return (waiter, s.timer)
        }
        timer?.cancel()
        waiter?.resume()
    }

    /// Returns when rung (or if rung since the last wait), after `timeout`, or when cancelled.
    package func wait(timeout: Duration) async {
        await wait { try await Task.sleep(for: timeout) }
    }

    /// Returns when rung (or if rung since the last wait), when `sleep` returns, or when cancelled.
    package func wait(orAfter sleep: @escaping @Sendable () async throws -> Void) async {
        let timer = Task {
            do { try await sleep() } catch { return }
            self.ring()
        }
        state.withLock { $0.timer = timer }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let now = state.withLock { s -> Bool in
                    if s.rung { s.rung = false; return true }
                    s.waiter = continuation
                    return false
                }
                if now { continuation.resume() }
            }
        } onCancel: {
            self.ring()
        }
        timer.cancel()
        state.withLock { s in if s.timer == timer { s.timer = nil } }
    }
}
