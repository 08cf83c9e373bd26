import Synchronization

/// The schedule, shared between the loop and tests that look at it.
final class ScheduleBox: Sendable {
    private let schedule: Mutex<Schedule>
    init(_ schedule: Schedule) { self.schedule = Mutex(schedule) }
    func read<T: Sendable>(_ body: (Schedule) -> T) -> T { schedule.withLock { body($0) } }
    func update(_ body: (inout Schedule) -> Void) { schedule.withLock { body(&$0) } }
}

extension Sampler {
    /// A copy of the current schedule (for tests and the health view).
    public var schedule: Schedule { state.read { $0 } }
}

/// Uniform numbers in [0, 1) for jitter; seedable so tests are repeatable.
public final class RandomSource: Sendable {
    private let seed: Mutex<UInt64>

    public init(seed: UInt64 = UInt64.random(in: 1...UInt64.max)) { self.seed = Mutex(seed) }

    /// SplitMix64: tiny, and good enough for spreading wake-ups.
    public func unit() -> Double {
        seed.withLock { s in
            s &+= 0x9E37_79B9_7F4A_7C15
            var z = s
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return Double((z ^ (z >> 31)) >> 11) * 0x1.0p-53
        }
    }
}
