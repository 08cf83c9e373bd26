import Domain
import ProviderAPI
import Sampler
import Store
import Synchronization

/// Per provider: requests by endpoint and status, and whether the last call succeeded. Each
/// provider's client reports through `observer(for:)`; the collector itself reports as `main`.
package final class ProviderMetrics: ProviderRequestObserver, InstantMetricsCollector {
    private struct Counts {
        var requests: [String: [String: UInt64]] = [:]
        var duplicateRows: [String: UInt64] = [:]
        var up: Bool?
    }

    private struct State {
        var providers: [ProviderName: Counts] = [:]
        var generation: UInt64 = 0
    }

    /// One provider's client's view of the collector.
    private struct Reporter: ProviderRequestObserver {
        let provider: ProviderName
        let metrics: ProviderMetrics
        func providerRequestFinished(endpoint: ProviderEndpoint, code: String, seconds: Double) {
            metrics.update(provider) { $0.requests[endpoint.rawValue, default: [:]][code, default: 0] += 1 }
        }
        func providerCallFinished(endpoint: ProviderEndpoint, succeeded: Bool) {
            metrics.update(provider) { $0.up = succeeded }
        }
        func providerAnswerHadDuplicateRows(endpoint: ProviderEndpoint, count: Int) {
            metrics.update(provider) { $0.duplicateRows[endpoint.rawValue, default: 0] += UInt64(count) }
        }
    }

    private let state = Mutex(State())

    package init() {}

    /// What `provider`'s client reports its requests to.
    package func observer(for provider: ProviderName) -> any ProviderRequestObserver { Reporter(provider: provider, metrics: self) }

    private func update(_ provider: ProviderName, _ body: (inout Counts) -> Void) {
        state.withLock { s in
            body(&s.providers[provider, default: Counts()])
            s.generation &+= 1
        }
    }

    package func providerRequestFinished(endpoint: ProviderEndpoint, code: String, seconds: Double) {
        Reporter(provider: .main, metrics: self).providerRequestFinished(endpoint: endpoint, code: code, seconds: seconds)
    }

    package func providerCallFinished(endpoint: ProviderEndpoint, succeeded: Bool) {
        Reporter(provider: .main, metrics: self).providerCallFinished(endpoint: endpoint, succeeded: succeeded)
    }

    package func providerAnswerHadDuplicateRows(endpoint: ProviderEndpoint, count: Int) {
        Reporter(provider: .main, metrics: self).providerAnswerHadDuplicateRows(endpoint: endpoint, count: count)
    }

    package var currentGeneration: UInt64 { state.withLock { $0.generation } }

    package func collect(into w: inout ExpositionWriter) async {
        let providers = state.withLock { $0.providers }.sorted { $0.key.rawValue < $1.key.rawValue }
        w.family("numwatch_provider_duplicate_rows_total", .counter,
                 help: "Rows the provider listed twice for one country in an answer (the first was kept).")
        for (provider, counts) in providers {
            for endpoint in counts.duplicateRows.keys.sorted() {
                w.sample("numwatch_provider_duplicate_rows_total", ["provider": provider.rawValue, "endpoint": endpoint],
                         Double(counts.duplicateRows[endpoint]!))
            }
        }
        w.family("numwatch_provider_up", .gauge,
                 help: "1 if the last provider call gave data, 0 if it failed (no answer, an error, or an answer that could not be read).")
        for (provider, counts) in providers {
            if let up = counts.up { w.sample("numwatch_provider_up", ["provider": provider.rawValue], up ? 1 : 0) }
        }
        w.family("numwatch_provider_requests_total", .counter, help: "Provider requests by endpoint and HTTP status (or timeout/transport).")
        for (provider, counts) in providers {
            for endpoint in counts.requests.keys.sorted() {
                for (code, count) in counts.requests[endpoint]!.sorted(by: { $0.key < $1.key }) {
                    w.sample("numwatch_provider_requests_total", ["provider": provider.rawValue, "endpoint": endpoint, "code": code],
                             Double(count))
                }
            }
        }
    }
}

/// Samples by outcome and the duration of the last one, per watch.
package final class SamplerMetrics: SamplerObserver, InstantMetricsCollector {
    private struct State {
        var samples: [PlatformKey: [String: UInt64]] = [:]
        var durations: [PlatformKey: Double] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    package func sampleFinished(provider: ProviderName, target: String, outcome: SampleOutcome, duration: Duration) {
        let key = PlatformKey(provider, target)
        state.withLock { s in
            s.samples[key, default: [:]][outcome.rawValue, default: 0] += 1
            s.durations[key] = duration.inSeconds
            s.generation &+= 1
        }
    }

    package var currentGeneration: UInt64 { state.withLock { $0.generation } }

    package func collect(into w: inout ExpositionWriter) async {
        let s = state.withLock { $0 }
        w.family("numwatch_samples_total", .counter, help: "Samples taken, by watch (platform, or credit) and outcome.")
        for key in s.samples.keys.sorted() {
            for (outcome, count) in s.samples[key]!.sorted(by: { $0.key < $1.key }) {
                w.sample("numwatch_samples_total", ["provider": key.provider.rawValue, "platform": key.platform, "outcome": outcome],
                         Double(count))
            }
        }
        w.family("numwatch_sample_duration_seconds", .gauge, help: "How long the last sample of a watch took.")
        for key in s.durations.keys.sorted() {
            w.sample("numwatch_sample_duration_seconds", ["provider": key.provider.rawValue, "platform": key.platform], s.durations[key]!)
        }
    }
}

/// numwatch's version.
package struct BuildCollector: InstantMetricsCollector {
    let version: String
    package init(version: String) { self.version = version }
    package var currentGeneration: UInt64 { 0 }
    package func collect(into w: inout ExpositionWriter) async {
        w.family("numwatch_build_info", .gauge, help: "Always 1; version is numwatch's version.")
        w.sample("numwatch_build_info", ["version": version], 1)
    }
}
