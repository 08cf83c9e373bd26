import Synchronization

/// Wakes a sleeping loop: the webhook delivery when something was queued, the sampler when its
/// plan changed (a reload), either on shutdown.
package final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    package init() {}

    package func ring() {
        let waiter = state.withLock { s -> CheckedContinuation<Void, Never>? in
            guard let waiter = s.waiter else { s.rung = true; return nil }
            s.waiter = nil
            return waiter
        }
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
    }
}
