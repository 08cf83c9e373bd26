import Store
import Synchronization

/// What became of a request to `/callback/<secret>` that got past the secret: the `result` label
/// of `numwatch_callback_pushes_total`.
package enum CallbackResult: Sendable, Hashable, CaseIterable {
    /// The ledger's verdict on a push it read (`Ledger.PushOutcome`).
    case ledger(Ledger.PushOutcome)
    /// A body that is not the check answer's fields in any accepted encoding (400).
    case malformed
    /// A body over `CallbackController.maxBodyBytes` read without a stated length (413; one that
    /// announces more is refused by the body limit before the route).
    case tooLarge
    /// From an address outside `callback.allow_from` (404, as to any stranger).
    case sourceNotAllowed
    /// The ledger could not be written (503: the provider sends it again).
    case error

    package static let allCases: [CallbackResult] =
        Ledger.PushOutcome.allCases.map { .ledger($0) } + [.malformed, .tooLarge, .sourceNotAllowed, .error]

    package var label: String {
        switch self {
        case let .ledger(outcome): outcome.rawValue
        case .malformed: "malformed"
        case .tooLarge: "too_large"
        case .sourceNotAllowed: "source_not_allowed"
        case .error: "error"
        }
    }
}

/// `numwatch_callback_pushes_total{result}`, every result from 0 so that a rate never starts
/// from an absent series.
package final class CallbackMetrics: InstantMetricsCollector {
    private struct State {
        var counts: [CallbackResult: UInt64] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    func count(_ result: CallbackResult) {
        state.withLock {
            $0.counts[result, default: 0] += 1
            $0.generation &+= 1
        }
    }

    package func count(of result: CallbackResult) -> UInt64 { state.withLock { $0.counts[result] ?? 0 } }

    package var currentGeneration: UInt64 { state.withLock { $0.generation } }

    package func collect(into w: inout ExpositionWriter) async {
        let counts = state.withLock { $0.counts }
        w.family("numwatch_callback_pushes_total", .counter,
                 help: "Requests to the SMS push route past its secret, by what became of them (recorded, nothing_new, or why refused).")
        for result in CallbackResult.allCases {
            w.sample("numwatch_callback_pushes_total", ["result": result.label], Double(counts[result] ?? 0))
        }
    }
}
