import Domain
import ProviderAPI
import Store

/// How one call of a round went.
package struct TargetOutcome: Sendable {
    package let provider: ProviderName
    package let target: Schedule.Target
    package var name: String
    package var time: Int64
    /// How long the call took, on the sampler's clock.
    package var duration: Duration = .zero
    package var maxGap: Int64 = 180
    package var error: ProviderError?
    package var rows: [ObservedRow] = []
    /// In Toman, and as read where the provider's currency is another.
    package var credit: Int?
    package var creditNative: Double?
    /// When the credit call was sent and when its answer arrived (Unix ms).
    package var sentMs: Int64?
    package var answeredMs: Int64?

    init(provider: ProviderName, target: Schedule.Target, name: String, time: Int64) {
        self.provider = provider
        self.target = target
        self.name = name
        self.time = time
    }

    /// The longest gap (whole seconds, as the store counts) between two samples of a target
    /// sampled every `interval` that still counts as continuous observation: two missed samples.
    static func maxGap(_ interval: Duration) -> Int64 {
        (interval * 3).components.seconds + 1
    }

    /// `ok`, or how the call failed.
    var sampleOutcome: SampleOutcome { error?.outcome ?? .ok }

    var scheduleResult: Schedule.Result {
        guard let error else { return .success }
        if case let .rateLimited(_, _, retryAfter) = error { return .failure(pauseAll: .seconds(retryAfter ?? 60)) }
        switch error {
        case let .provider(status, _) where status < 500:
            // About this call (a service the provider will not price), not the provider as a whole.
            return .failure(pauseAll: nil, sharedCause: false)
        case .invalidRequest:
            return .failure(pauseAll: nil, sharedCause: false)
        default:
            return .failure(pauseAll: nil)
        }
    }

    var watchSample: WatchSample? {
        guard case .watch = target else { return nil }
        return WatchSample(provider: provider, platform: name, time: time, outcome: sampleOutcome, message: error?.description,
                           durationSeconds: duration.inSeconds, rows: rows, maxGapSeconds: maxGap)
    }

    var creditSample: CreditSample? {
        guard case .credit = target else { return nil }
        return CreditSample(provider: provider, time: time, outcome: sampleOutcome, message: error?.description,
                            durationSeconds: duration.inSeconds, credit: credit, native: creditNative, maxGapSeconds: maxGap,
                            sentMs: sentMs, answeredMs: answeredMs)
    }
}
