import Domain
import ProviderAPI
import Sampler
import Testing
import Web

/// A sample's outcome is a closed set, and its raw values are what `numwatch_samples_total{outcome}`
/// and the `sample_run` table have always said (docs/metrics.md lists them).
@Suite struct SampleOutcomeTests {
    @Test func theExportedLabelValuesAreTheDocumentedOnes() {
        #expect(SampleOutcome.allCases.map(\.rawValue) == [
            "ok", "unauthorized", "rate_limited", "provider_error", "html_page", "malformed", "transport", "timeout", "cancelled",
            "invalid_request", "poll_too_soon",
        ])
    }

    @Test func eachProviderErrorEndsASampleAsBefore() {
        let errors: [(ProviderError, SampleOutcome)] = [
            (.unauthorized(status: 401, detail: ""), .unauthorized),
            (.rateLimited(status: 429, message: "", retryAfterSeconds: nil), .rateLimited),
            (.provider(status: 500, message: ""), .providerError),
            (.htmlPage(status: 503, title: ""), .htmlPage),
            (.malformed(status: 200, reason: "", excerpt: ""), .malformed),
            (.unreadableTake(status: 200, reason: "", raw: ""), .malformed),
            (.transport("refused"), .transport),
            (.timeout(seconds: 10), .timeout),
            (.cancelled, .cancelled),
            (.invalidRequest("no country given"), .invalidRequest),
        ]
        for (error, outcome) in errors { #expect(error.outcome == outcome, "\(error)") }
    }

    @Test func samplerMetricsCountEachOutcomeUnderItsLabelAndKeepTheLastDuration() async {
        let metrics = SamplerMetrics()
        metrics.sampleFinished(provider: .main, target: "telegram", outcome: .ok, duration: .milliseconds(250))
        metrics.sampleFinished(provider: .main, target: "telegram", outcome: .rateLimited, duration: .milliseconds(500))
        metrics.sampleFinished(provider: .main, target: "credit", outcome: .providerError, duration: .milliseconds(100))
        metrics.sampleFinished(provider: .main, target: "telegram", outcome: .rateLimited, duration: .milliseconds(500))
        var writer = ExpositionWriter(format: .text004)
        await metrics.collect(into: &writer)
        let samples = writer.output.split(separator: "\n").filter { $0.hasPrefix("numwatch_samples_total{") }
        #expect(samples == [
            #"numwatch_samples_total{provider="main",platform="credit",outcome="provider_error"} 1"#,
            #"numwatch_samples_total{provider="main",platform="telegram",outcome="ok"} 1"#,
            #"numwatch_samples_total{provider="main",platform="telegram",outcome="rate_limited"} 2"#,
        ])
        // The last sample's duration, in seconds at the exposition.
        #expect(writer.output.contains(#"numwatch_sample_duration_seconds{provider="main",platform="credit"} 0.1"# + "\n"))
        #expect(writer.output.contains(#"numwatch_sample_duration_seconds{provider="main",platform="telegram"} 0.5"# + "\n"))
    }
}
