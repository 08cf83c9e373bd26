import Foundation
import ProviderAPI

/// `numwatch-bench alerts-latency [--interval 5] [--changes 20]`: from the moment the simulator's
/// stock crosses a rule's threshold to the moment a webhook receiver on loopback has the
/// notification, through the real `serve` (sampling, store, evaluation, outbox, delivery).
enum AlertLatencyBench {
    static func run(arguments: [String]) async throws {
        let interval = arguments.option("--interval", 5)
        let changes = arguments.option("--changes", 20)
        let rig = try await LatencyRig.start(interval: interval, creditInterval: "1h", alerts: """
              rules:
                - services: [telegram]
                  country: romania
                  stock_below: 100
            """)
        defer { rig.stop() }
        _ = await rig.simulator.engine.setCell(service: "telegram", country: "romania", stock: 1_000, price: 10_000)
        var arrived = rig.arrivals.makeAsyncIterator()
        var latencies: [Double] = []
        try await Task.sleep(for: .seconds(Double(interval) + 1))
        for change in 0..<changes {
            // Changes land anywhere in the sampling cycle.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<(interval * 1000))))
            let low = change % 2 == 0
            let start = ContinuousClock.now
            _ = await rig.simulator.engine.setCell(service: "telegram", country: "romania", stock: low ? 10 : 1_000, price: 10_000)
            guard let next = await arrived.next(low ? "firing" : "resolved", "NumwatchStockLow") else { break }
            latencies.append(start.duration(to: next.instant).inSeconds)
            print("change \(change + 1)/\(changes): \(low ? "fired" : "resolved") after \(String(format: "%.2f", latencies.last ?? 0)) s")
        }
        let sorted = latencies.sorted()
        print(String(format: "alert latency over %d changes, sampling every %d s: median %.2f s, p99 %.2f s, max %.2f s"
                     + " (goal: p99 ≤ interval + 1 s = %d s)", sorted.count, interval, LatencyRig.percentile(sorted, 0.5),
                     LatencyRig.percentile(sorted, 0.99), sorted.last ?? 0, interval + 1))
    }
}

extension [String] {
    /// The whole number after `name`, or `fallback`.
    func option(_ name: String, _ fallback: Int) -> Int {
        guard let index = firstIndex(of: name), index + 1 < endIndex else { return fallback }
        return Int(self[index + 1]) ?? fallback
    }
}
