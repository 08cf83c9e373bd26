import Config
import Domain
import Store
import Synchronization

/// The watches and providers in force, for everything that shows them (/metrics, the report,
/// the API): replaced on a reload, with a version that changes each time.
package final class LiveWatches: Sendable {
    private let state: Mutex<(watches: [Watch], providers: [SampledProvider], version: UInt64)>

    package init(_ watches: [Watch], providers: [SampledProvider] = [.main]) { state = Mutex((watches, providers, 0)) }

    package convenience init(_ settings: SamplerSettings) { self.init(settings.watches, providers: settings.providers) }

    package var current: [Watch] { state.withLock { $0.watches } }
    /// Every configured provider, in the configuration's order.
    package var providers: [SampledProvider] { state.withLock { $0.providers } }
    package var version: UInt64 { state.withLock { $0.version } }

    package func replace(_ watches: [Watch], providers: [SampledProvider]? = nil) {
        state.withLock { $0 = (watches, providers ?? $0.providers, $0.version &+ 1) }
    }

    package func replace(_ settings: SamplerSettings) { replace(settings.watches, providers: settings.providers) }
}

/// What the sampler needs to know of a provider: the rate its prices and credit are converted to
/// Toman at, how many of its calls may be in flight, and whether its credit can be read.
package struct SampledProvider: Sendable, Equatable {
    package var id: ProviderName
    package var tomanPerUnit: Double
    /// nil: `sampling.concurrency`.
    package var concurrency: Int?
    /// False for a provider configured without a token (5sim's prices need none).
    package var readsCredit: Bool
    /// The `currency` label of its prices and credit as read.
    package var currency: String

    package init(
        id: ProviderName, tomanPerUnit: Double = 1, concurrency: Int? = nil, readsCredit: Bool = true,
        currency: String = ProviderKind.myonlinesim.defaultCurrency
    ) {
        self.id = id
        self.tomanPerUnit = tomanPerUnit
        self.concurrency = concurrency
        self.readsCredit = readsCredit
        self.currency = currency
    }

    package init(_ settings: ProviderSettings) {
        self.init(id: settings.id, tomanPerUnit: settings.tomanPerUnit, concurrency: settings.concurrency,
                  readsCredit: settings.token != nil, currency: settings.currency)
    }

    /// The configuration's `provider:`, in Toman.
    package static let main = SampledProvider(id: .main)
}

/// What the sampler runs: the providers, the watches (each of one provider), and the
/// `sampling:` section's credit interval, jitter, concurrency and backoff cap (its `interval`
/// is already in each watch).
package struct SamplerSettings: Sendable, Equatable {
    package var watches: [Watch]
    package var sampling: SamplingConfig
    package var providers: [SampledProvider]

    package init(watches: [Watch], sampling: SamplingConfig = SamplingConfig(), providers: [SampledProvider] = [.main]) {
        self.watches = watches
        self.sampling = sampling
        self.providers = providers
    }

    /// What `config` says to sample. Start-up and SIGHUP both build the sampler's settings here,
    /// so a reloaded file is sampled exactly as the same file would be after a restart.
    package init(_ config: NumwatchConfig) {
        self.init(watches: config.watches, sampling: config.sampling, providers: config.providers.map(SampledProvider.init))
    }

    /// `id`'s settings (a provider of no watch's and not listed: Toman, the shared limit).
    func provider(_ id: ProviderName) -> SampledProvider {
        providers.first { $0.id == id } ?? SampledProvider(id: id)
    }

    /// `id`'s calls in flight at once, at least one.
    func concurrency(of id: ProviderName) -> Int { max(1, provider(id).concurrency ?? sampling.concurrency) }
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
    /// `target` is a platform or `credit`, of `provider`.
    func sampleFinished(provider: ProviderName, target: String, outcome: SampleOutcome, duration: Duration)
}
