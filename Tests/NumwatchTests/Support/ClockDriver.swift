import Domain
import Foundation
import ProviderAPI

/// Moves a manual clock and the wall clock together, stopping at every wake-up of the services
/// sleeping on it and letting them finish (all `sleepers` asleep again) before time moves on.
struct ClockDriver: Sendable {
    let clock: ManualClock
    let wall: ManualWallClock
    /// How many services sleep on `clock` between wake-ups.
    let sleepers: Int

    /// Lives until `seconds` on the clock's timeline.
    func run(until seconds: Double) async throws {
        let target = ManualClock.Instant(offset: .milliseconds(Int64(seconds * 1000)))
        while let next = clock.nextDeadline, next <= target {
            try await move(to: next)
        }
        if clock.now < target { try await move(to: target) }
    }

    /// Waits (bounded) until every service has finished what it was doing and sleeps again.
    func settled() async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while clock.sleeperCount < sleepers {
            guard ContinuousClock.now < deadline else { throw HarnessTimeout(what: "\(sleepers) services to go back to sleep") }
            try await Task.sleep(for: .milliseconds(5))
        }
    }

    private func move(to instant: ManualClock.Instant) async throws {
        let delta = clock.now.duration(to: instant)
        wall.advance(seconds: delta.inSeconds)
        await clock.advance(by: delta)
        try await settled()
    }
}
