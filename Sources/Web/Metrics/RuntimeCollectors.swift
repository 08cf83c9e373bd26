import Domain
import ProviderAPI
import Sampler
import Synchronization

/// Provider requests by endpoint and status, and whether the last call succeeded.
package final class ProviderMetrics: ProviderRequestObserver, MetricsCollector {
    private struct State {
        var requests: [String: [String: UInt64]] = [:]
        var duplicateRows: [String: UInt64] = [:]
        var up: Bool?
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    package func providerRequestFinished(endpoint: ProviderEndpoint, code: String, seconds: Double) {
        state.withLock { s in
            s.requests[endpoint.rawValue, default: [:]][code, default: 0] += 1
            s.generation &+= 1
        }
    }

    package func providerCallFinished(endpoint: ProviderEndpoint, succeeded: Bool) {
        state.withLock { s in
            s.up = succeeded
            s.generation &+= 1
        }
    }

    package func providerAnswerHadDuplicateRows(endpoint: ProviderEndpoint, count: Int) {
        state.withLock { s in
            s.duplicateRows[endpoint.rawValue, default: 0] += UInt64(count)
            s.generation &+= 1
        }
    }

    package var generation: UInt64 { state.withLock { $0.generation } }

    package func collect(into w: inout ExpositionWriter) async {
        let s = state.withLock { $0 }
        w.family("numwatch_provider_duplicate_rows_total", .counter,
                 help: "Rows the provider listed twice for one country in an answer (the first was kept).")
        for endpoint in s.duplicateRows.keys.sorted() {
            w.sample("numwatch_provider_duplicate_rows_total", ["endpoint": endpoint], Double(s.duplicateRows[endpoint]!))
        }
        w.family("numwatch_provider_up", .gauge, help: "1 if the last provider call gave data, 0 if it failed (no answer, an error, or an answer that could not be read).")
        if let up = s.up { w.sample("numwatch_provider_up", up ? 1 : 0) }
        w.family("numwatch_provider_requests_total", .counter, help: "Provider requests by endpoint and HTTP status (or timeout/transport).")
        for endpoint in s.requests.keys.sorted() {
            for (code, count) in s.requests[endpoint]!.sorted(by: { $0.key < $1.key }) {
                w.sample("numwatch_provider_requests_total", ["endpoint": endpoint, "code": code], Double(count))
            }
        }
    }
}

/// Samples by outcome and the duration of the last one, per watch.
package final class SamplerMetrics: SamplerObserver, MetricsCollector {
    private struct State {
        var samples: [String: [String: UInt64]] = [:]
        var durations: [String: Double] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())

    package init() {}

    package func sampleFinished(target: String, outcome: SampleOutcome, duration: Duration) {
        state.withLock { s in
            s.samples[target, default: [:]][outcome.rawValue, default: 0] += 1
            s.durations[target] = duration.inSeconds
            s.generation &+= 1
        }
    }

    package var generation: UInt64 { state.withLock { $0.generation } }

    package func collect(into w: inout ExpositionWriter) async {
        let s = state.withLock { $0 }
        w.family("numwatch_samples_total", .counter, help: "Samples taken, by watch (platform, or credit) and outcome.")
        for platform in s.samples.keys.sorted() {
            for (outcome, count) in s.samples[platform]!.sorted(by: { $0.key < $1.key }) {
                w.sample("numwatch_samples_total", ["platform": platform, "outcome": outcome], Double(count))
            }
        }
        w.family("numwatch_sample_duration_seconds", .gauge, help: "How long the last sample of a watch took.")
        for platform in s.durations.keys.sorted() {
            w.sample("numwatch_sample_duration_seconds", ["platform": platform], s.durations[platform]!)
        }
    }
}

/// numwatch's version.
package struct BuildCollector: MetricsCollector {
    let version: String
    package init(version: String) { self.version = version }
    package var generation: UInt64 { 0 }
    package func collect(into w: inout ExpositionWriter) async {
        w.family("numwatch_build_info", .gauge, help: "Always 1; version is numwatch's version.")
        w.sample("numwatch_build_info", ["version": version], 1)
    }
}
