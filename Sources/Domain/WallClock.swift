import Foundation
import Synchronization

/// The time of day, injectable so tests never sleep.
package protocol WallClock: Sendable {
    func now() -> Timestamp
}

package struct SystemWallClock: WallClock {
    package init() {}
    package func now() -> Timestamp { Timestamp(Date()) }
}

/// A clock that only moves when told to. For tests and simulated time.
package final class ManualWallClock: WallClock {
    private let current: Mutex<Timestamp>

    package init(_ start: Timestamp = Timestamp(microsecondsSince1970: 1_767_225_600_000_000)) {
        current = Mutex(start)
    }

    package func now() -> Timestamp { current.withLock { $0 } }

    package func advance(seconds: Double) {
        current.withLock { $0 = $0.adding(seconds: seconds) }
    }

    package func set(_ time: Timestamp) {
        current.withLock { $0 = time }
    }
}
