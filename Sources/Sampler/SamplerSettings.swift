import ProviderAPI
import Store
import Synchronization

/// One watch as the sampler runs it.
public struct WatchPlan: Sendable, Equatable {
    public var services: ServiceSet
    /// nil: every country the provider lists.
    public var countries: Set<String>?
    public var interval: Double

    public init(services: ServiceSet, countries: Set<String>? = nil, interval: Double) {
        self.services = services
        self.countries = countries
        self.interval = interval
    }

    public var platform: String { services.platform }
}

/// The watches in force, for everything that shows them (/metrics, the report, the API):
/// replaced on a reload, with a version that changes each time.
public final class LiveWatches: Sendable {
    private let state: Mutex<(watches: [WatchPlan], version: UInt64)>

    public init(_ watches: [WatchPlan]) { state = Mutex((watches, 0)) }

    public var current: [WatchPlan] { state.withLock { $0.watches } }
    public var version: UInt64 { state.withLock { $0.version } }

    public func replace(_ watches: [WatchPlan]) {
        state.withLock { $0 = (watches, $0.version &+ 1) }
    }
}

public struct SamplerSettings: Sendable {
    public var watches: [WatchPlan]
    public var creditInterval: Double
    public var jitter: Double
    /// Provider calls in flight at once, at most.
    public var concurrency: Int
    public var maxBackoff: Double

    public init(watches: [WatchPlan], creditInterval: Double = 60, jitter: Double = 0.1, concurrency: Int = 4, maxBackoff: Double = 300) {
        self.watches = watches
        self.creditInterval = creditInterval
        self.jitter = jitter
        self.concurrency = max(1, concurrency)
        self.maxBackoff = maxBackoff
    }
}

/// What a reload changes in a running sampler, whatever its clock.
public protocol SamplerControl: Sendable {
    func apply(_ settings: SamplerSettings)
}

extension Sampler: SamplerControl {}

/// Where a round goes. `HistoryStore` is the real one.
public protocol SampleSink: Sendable {
    func ingest(_ round: SampleRound) async throws
}

extension HistoryStore: SampleSink {}

/// Told about every sample, for the self-metrics.
public protocol SamplerObserver: Sendable {
    /// `target` is a platform or `credit`; `outcome` is `ok` or an error's outcome name.
    func sampleFinished(target: String, outcome: String, seconds: Double)
}
