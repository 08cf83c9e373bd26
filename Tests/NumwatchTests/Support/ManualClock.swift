import Synchronization

/// A `Clock` that moves only when a test advances it; sleepers wake in deadline order.
final class ManualClock: Clock, Sendable {
    struct Instant: InstantProtocol {
        var offset: Duration
        func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        func duration(to other: Instant) -> Duration { other.offset - offset }
        static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        let id: Int
        let deadline: Instant
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextID = 0
    }

    private let state = Mutex(State())
    var now: Instant { state.withLock { $0.now } }
    var minimumResolution: Duration { .zero }
    var sleeperCount: Int { state.withLock { $0.sleepers.count } }
    /// When the earliest sleeper wakes.
    var nextDeadline: Instant? { state.withLock { $0.sleepers.map(\.deadline).min() } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        let id = state.withLock { s -> Int in s.nextID += 1; return s.nextID }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { s -> Bool in
                    if deadline <= s.now || Task.isCancelled { return true }
                    s.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
            try Task.checkCancellation()
        } onCancel: {
            let sleeper = state.withLock { s -> Sleeper? in
                guard let index = s.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return s.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward, waking every sleeper whose deadline has come, one deadline at a time.
    func advance(by duration: Duration) async {
        let target = now.advanced(by: duration)
        while true {
            let woken = state.withLock { s -> Sleeper? in
                guard let index = s.sleepers.indices.filter({ s.sleepers[$0].deadline <= target })
                    .min(by: { s.sleepers[$0].deadline < s.sleepers[$1].deadline }) else { return nil }
                let sleeper = s.sleepers.remove(at: index)
                s.now = max(s.now, sleeper.deadline)
                return sleeper
            }
            guard let woken else { break }
            woken.continuation.resume()
            await settle()
        }
        state.withLock { $0.now = max($0.now, target) }
        await settle()
    }

    /// Lets woken tasks run until they are asleep again (bounded, so a test never hangs).
    func settle(expectingSleepers count: Int = 1) async {
        for _ in 0..<2_000 {
            await Task.yield()
            if sleeperCount >= count { return }
        }
    }
}
