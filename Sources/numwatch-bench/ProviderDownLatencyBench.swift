import Foundation
import GRDB
import Simulator

/// `numwatch-bench provider-down-latency [--outages 10] [--interval 5] [--after 20]`: the
/// provider starts answering 500 at a random moment of the sampling cycle; how long after the
/// condition became true (the last successful call + `provider_down_after`) NumwatchProviderDown
/// reaches a webhook receiver on loopback, through the real `serve`. The sampler backs off
/// meanwhile (retries 5, 10, 20, 40 s apart), so an alert judged only on rounds would be late by
/// up to one backoff step.
enum ProviderDownLatencyBench {
    static func run(arguments: [String]) async throws {
        let outages = arguments.option("--outages", 10)
        let interval = arguments.option("--interval", 5)
        let after = arguments.option("--after", 20)
        let rig = try await LatencyRig.start(interval: interval, creditInterval: "\(interval)s", alerts: """
              provider_down_after: \(after)s
            """)
        defer { rig.stop() }
        var arrived = rig.arrivals.makeAsyncIterator()
        var delays: [Double] = []
        try await Task.sleep(for: .seconds(Double(interval) + 1))
        for outage in 1...outages {
            // Faults land anywhere in the sampling cycle.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<(interval * 1000))))
            await rig.simulator.engine.setFaults(Faults(mode: .error))
            guard let fired = await arrived.next("firing", "NumwatchProviderDown") else { break }
            let lastOk = try await rig.server.store.writer.read { db in
                try Int64.fetchOne(db, sql: "SELECT MAX(last_t) FROM sample_run WHERE outcome = 'ok'")
            } ?? 0
            // Sample times are whole seconds (the start of the call, rounded down), and so is the
            // condition: the alert is due at that second + provider_down_after.
            let due = Date(timeIntervalSince1970: Double(lastOk + Int64(after)))
            delays.append(fired.at.timeIntervalSince(due))
            print(String(format: "outage %d/%d: NumwatchProviderDown at the receiver %.2f s after last success + %d s",
                         outage, outages, delays.last ?? 0, after))
            await rig.simulator.engine.setFaults(Faults())
            // Resolved at the first success, then healthy for a round before the next outage.
            guard await arrived.next("resolved", "NumwatchProviderDown") != nil else { break }
            try await Task.sleep(for: .seconds(Double(interval)))
        }
        let sorted = delays.sorted()
        print(String(format: "provider-down latency over %d outages (interval %d s, provider_down_after %d s, backoff to 5m):"
                     + " median %.2f s, p99 %.2f s, max %.2f s past last success + provider_down_after (goal: p99 ≤ 1 s + delivery)",
                     sorted.count, interval, after, LatencyRig.percentile(sorted, 0.5), LatencyRig.percentile(sorted, 0.99),
                     sorted.last ?? 0))
    }
}
