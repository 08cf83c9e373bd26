import Config
import Domain
import Store
import Synchronization

/// The watches in force, for everything that shows them (/metrics, the report, the API):
/// replaced on a reload, with a version that changes each time.
package final class LiveWatches: Sendable {
    private let state: Mutex<(watches: [Watch], version: UInt64)>

    package init(_ watches: [Watch]) { state = Mutex((watches, 0)) }

    package var current: [Watch] { state.withLock { $0.watches } }
    package var version: UInt64 { state.withLock { $0.version } }

    package func replace(_ watches: [Watch]) {
        state.withLock { $0 = (watches, $0.version &+ 1) }
    }
}

/// What the sampler runs: the watches, and the `sampling:` section's credit interval, jitter,
/// concurrency and backoff cap (its `interval` is already in each watch).
package struct SamplerSettings: Sendable, Equatable {
    package var watches: [Watch]
    package var sampling: SamplingConfig

    package init(watches: [Watch], sampling: SamplingConfig = SamplingConfig()) {
        self.watches = watches
        self.sampling = sampling
    }

    /// What `config` says to sample. Start-up and SIGHUP both build the sampler's settings here,
    /// so a reloaded file is sampled exactly as the same file would be after a restart.
    package init(_ config: NumwatchConfig) {
        self.init(watches: config.watches, sampling: config.sampling)
    }

    /// Provider calls in flight at once, at least one.
    var concurrency: Int { max(1, sampling.concurrency) }
}

/// What a reload changes in a running sampler, whatever its clock.
package protocol SamplerControl: Sendable {
    func apply(_ settings: SamplerSettings)
}

extension Sampler: SamplerControl {}

/// Where a round goes. `HistoryStore` is the real one.
package protocol SampleSink: Sendable {
    func ingest(_ round: SampleRound) async throws
}

extension HistoryStore: SampleSink {}

/// Told about every sample, for the self-metrics.
package protocol SamplerObserver: Sendable {
    /// `target` is a platform or `credit`.
    func sampleFinished(target: String, outcome: SampleOutcome, duration: Duration)
}
