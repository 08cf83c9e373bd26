import Foundation
import Simulator
import Testing

/// Issue 11's provider fault matrix: `serve` against a simulator that misbehaves one way for ten
/// minutes (sampler time), then heals. For every fault: serve keeps answering, keeps the last good
/// prices (marked stale), says `numwatch_provider_up 0`, records the fault's class, backs off,
/// raises NumwatchProviderDown after `provider_down_after` (and delivers it), and recovers by
/// itself within `max_backoff` of the provider healing, resolving the alert.
@Suite struct FaultMatrixTests {
    struct FaultCase: Sendable, CustomTestStringConvertible {
        /// nil: the simulator is stopped, so connections are refused.
        var faults: Faults?
        var outcome: String
        var name: String
        /// `provider.timeout`: long enough for a loaded machine's healthy answers, but for the timeout case.
        var timeout = "10s"
        var testDescription: String { name }
    }

    static let cases: [FaultCase] = [
        // AsyncHTTPClient retries a refused connection until the deadline: a short one keeps it quick.
        FaultCase(faults: nil, outcome: "transport", name: "connection refused", timeout: "3s"),
        // The client gives up after `provider.timeout` (3 s here); the simulator answers after 10 s.
        FaultCase(faults: Faults(latencyMs: 10_000), outcome: "timeout", name: "timeout", timeout: "3s"),
        FaultCase(faults: Faults(mode: .error), outcome: "provider_error", name: "500"),
        FaultCase(faults: Faults(mode: .html), outcome: "html_page", name: "503 HTML page"),
        FaultCase(faults: Faults(mode: .unauthorized), outcome: "unauthorized", name: "401"),
        FaultCase(faults: Faults(mode: .loginRedirect), outcome: "unauthorized", name: "302 to a login page"),
        FaultCase(faults: Faults(mode: .rateLimited), outcome: "rate_limited", name: "429 with Retry-After"),
        FaultCase(faults: Faults(mode: .pollBlock), outcome: "rate_limited", name: "poll block"),
        FaultCase(faults: Faults(mode: .banned), outcome: "provider_error", name: "account ban answer"),
        FaultCase(faults: Faults(mode: .truncated), outcome: "malformed", name: "truncated JSON"),
        FaultCase(faults: Faults(mode: .garbage), outcome: "malformed", name: "not JSON"),
        FaultCase(faults: Faults(mode: .wrongShape), outcome: "malformed", name: "JSON of the wrong shape"),
        FaultCase(faults: Faults(mode: .oversize), outcome: "malformed", name: "body over the size cap"),
        FaultCase(faults: Faults(mode: .drop), outcome: "transport", name: "connection dropped mid-answer"),
    ]

    static func yaml(_ directory: URL, hook: String, timeout: String = "10s") -> String {
        """
        provider:
          base_url: BASE_URL
          timeout: \(timeout)
        sampling:
          interval: 60s
          credit_interval: 60s
          jitter: 0
        storage:
          path: \(directory.path)/numwatch.sqlite
        http:
          listen: 127.0.0.1:0
          # The test's client keeps one connection while the sampler lives through ten minutes.
          idle_timeout: 1h
        alerts:
          provider_down_after: 2m
        webhooks:
          - url: \(hook)
        watches:
          - services: [telegram]
            countries: [romania, russia, india]
        """
    }

    static let romaniaPrice = #"numwatch_price_toman{provider="main",platform="telegram",country="romania"}"#

    @Test(arguments: cases)
    func serveRidesOutTheFaultAndRecovers(_ fault: FaultCase) async throws {
        let directory = try TemporaryDirectory.create("nw-fault")
        defer { TemporaryDirectory.remove(directory) }
        let receiver = WebhookReceiver()
        try await receiver.serve { hook in
            try await ServeHarness.run(yaml: Self.yaml(directory, hook: hook, timeout: fault.timeout)) { serve in
                #expect(try await serve.metric(#"numwatch_provider_up{provider="main"}"#) == 1)
                let goodPrice = try #require(try await serve.metric(Self.romaniaPrice))

                // Ten minutes of the fault.
                if let faults = fault.faults { await serve.simulator.setFaults(faults) } else { try await serve.simulator.stop() }
                try await serve.run(until: 600)

                #expect(try await serve.metric(#"numwatch_provider_up{provider="main"}"#) == 0)
                let failed = try await serve.metric(#"numwatch_samples_total{provider="main",platform="telegram",outcome="\#(fault.outcome)"}"#)
                // Backing off: 60 s, then 120, 240 and 300 s apart (not every 60 s: 10 tries).
                #expect(failed.map { (2...4).contains($0) } == true, "telegram failed \(failed ?? 0) times as \(fault.outcome)")
                #expect(try await serve.metric(Self.romaniaPrice) == goodPrice)
                let overview = try await serve.get("/", html: true)
                #expect(overview.contains(#"<span class="stale">stale</span>"#))
                #expect(try await serve.get("/healthz").contains("ok"))
                try await receiver.waitFor(1, atMost: .seconds(20))
                let firing = try Self.alertNames(await receiver.received[0].body)
                #expect(firing == ["firing NumwatchProviderDown"])
                #expect(try await serve.get("/alerts", html: true).contains("NumwatchProviderDown"))

                // The provider heals: fresh data within max_backoff (5 min), the alert resolves.
                if fault.faults != nil { await serve.simulator.setFaults(Faults()) } else { try await serve.simulator.start() }
                let healed = serve.elapsed
                while try await serve.metric(#"numwatch_provider_up{provider="main"}"#) != 1, serve.elapsed < healed + 300 {
                    try await serve.run(until: serve.elapsed + 10)
                }
                #expect(serve.elapsed - healed <= 300, "fresh data \(serve.elapsed - healed) s after the provider healed")
                let freshSince = serve.wall.now().secondsSince1970 - 10
                #expect(try await serve.metric(#"numwatch_last_sample_timestamp_seconds{provider="main",platform="telegram"}"#).map { $0 >= freshSince } == true)
                #expect(try await serve.metric(#"numwatch_credit_last_sample_timestamp_seconds{provider="main"}"#).map { $0 >= freshSince } == true)
                #expect(try await !serve.get("/", html: true).contains(#"<span class="stale">"#))
                try await receiver.waitFor(2, atMost: .seconds(20))
                #expect(try Self.alertNames(await receiver.received[1].body) == ["resolved NumwatchProviderDown"])
            }
        }
    }

    /// A listing that shrinks, grows or repeats a country between samples is data, not a fault:
    /// the provider stays up, a repeated country keeps its first row (and is counted), a new one
    /// is exported, and one left out is no longer exported as in stock.
    @Test func aListingThatShrinksGrowsOrRepeatsIsTakenAsItComes() async throws {
        let directory = try TemporaryDirectory.create("nw-listing")
        defer { TemporaryDirectory.remove(directory) }
        let yaml = Self.yaml(directory, hook: "http://127.0.0.1:9/hook").replacingOccurrences(of: "    countries: [romania, russia, india]\n", with: "")
            .replacingOccurrences(of: "    countries: [romania, russia, india]", with: "")
        try await ServeHarness.run(yaml: yaml) { serve in
            let before = try await serve.get("/metrics")
            let listed = Self.countries(before)
            #expect(listed.count > 10)

            await serve.simulator.setFaults(Faults(listing: .repeat))
            try await serve.run(until: 60)
            #expect(try await serve.metric(#"numwatch_provider_duplicate_rows_total{provider="main",endpoint="pricing"}"#) == 1)
            #expect(try await serve.metric(#"numwatch_provider_up{provider="main"}"#) == 1)

            await serve.simulator.setFaults(Faults(listing: .grow))
            try await serve.run(until: 120)
            #expect(try await serve.metric(#"numwatch_price_toman{provider="main",platform="telegram",country="atlantis"}"#) == 99_000)
            #expect(try await serve.get("/watch/telegram", html: true).contains("آتلانتیس"))

            await serve.simulator.setFaults(Faults(listing: .shrink))
            try await serve.run(until: 180)
            let shrunk = Self.countries(try await serve.get("/metrics"))
            #expect(shrunk.count < listed.count)
            #expect(try await serve.metric(#"numwatch_provider_up{provider="main"}"#) == 1)
        }
    }

    /// "firing NumwatchProviderDown" for each alert of an Alertmanager webhook body.
    static func alertNames(_ body: Data) throws -> [String] {
        let object = try #require(try JSONSerialization.jsonObject(with: body) as? [String: Any])
        let alerts = try #require(object["alerts"] as? [[String: Any]])
        return alerts.map { alert in
            let labels = alert["labels"] as? [String: String] ?? [:]
            return "\(alert["status"] as? String ?? "?") \(labels["alertname"] ?? "?")"
        }
    }

    /// Countries of telegram prices in stock on a /metrics page.
    static func countries(_ metrics: String) -> Set<String> {
        var found = Set<String>()
        for line in metrics.split(separator: "\n") where line.hasPrefix(#"numwatch_numbers_available{provider="main",platform="telegram""#) && !line.hasSuffix(" 0") {
            if let range = line.range(of: #"country=""#), let end = line[range.upperBound...].firstIndex(of: "\"") {
                found.insert(String(line[range.upperBound..<end]))
            }
        }
        return found
    }
}
