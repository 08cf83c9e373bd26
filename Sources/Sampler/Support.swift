import Domain
import Synchronization

/// What the sampler runs: its settings and each provider's schedule, replaced together on a
/// reload (a schedule's `.watch(i)` means the i-th watch of these settings, and no other).
struct Plan: Sendable {
    var settings: SamplerSettings
    var schedules: [ProviderName: Schedule]
    /// Bumped by each reload, so outcomes of a round started before it are not booked on the new plan.
    var generation = 0
}

/// The plan, shared between the loop, reloads and tests that look at it.
final class PlanBox: Sendable {
    private let plan: Mutex<Plan>
    init(_ plan: Plan) { self.plan = Mutex(plan) }
    func read<T: Sendable>(_ body: (Plan) -> T) -> T { plan.withLock { body($0) } }
    func update<T: Sendable>(_ body: (inout Plan) -> T) -> T { plan.withLock { body(&$0) } }
}

extension Sampler {
    /// A copy of a provider's current schedule (for tests and the health view).
    package func schedule(of provider: ProviderName = .main) -> Schedule? { state.read { $0.schedules[provider] } }
    /// The schedule of the provider `main`.
    package var schedule: Schedule { schedule(of: .main) ?? Schedule(intervals: [:], jitter: 0, maxBackoff: .zero) }
    /// The settings in force (they change on a reload).
    package var settings: SamplerSettings { state.read { $0.settings } }
}

/// Uniform numbers in [0, 1) for jitter; seedable so tests are repeatable.
package final class RandomSource: Sendable {
    private let seed: Mutex<UInt64>

    package init(seed: UInt64 = UInt64.random(in: 1...UInt64.max)) { self.seed = Mutex(seed) }

    /// SplitMix64: tiny, and good enough for spreading wake-ups.
    package func unit() -> Double {
        seed.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
    }
}
