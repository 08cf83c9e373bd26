import App
import Config
import Foundation
import Hummingbird
import Logging
import ProviderAPI
import ServiceLifecycle
import Simulator

/// `numwatch-bench alerts-latency [--interval 5] [--changes 20]`: from the moment the simulator's
/// stock crosses a rule's threshold to the moment a webhook receiver on loopback has the
/// notification, through the real `serve` (sampling, store, evaluation, outbox, delivery).
enum AlertLatencyBench {
    static func run(arguments: [String]) async throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.endIndex else { return fallback }
            return Int(arguments[index + 1]) ?? fallback
        }
        let interval = option("--interval", 5)
        let changes = option("--changes", 20)
        var logger = Logger(label: "bench")
        logger.logLevel = .error

        var options = SimulatorOptions()
        // A still market: only the benchmark moves the stock.
        options.market.stockChangesPerHour = 0
        options.market.priceChangesPerDay = 0
        options.market.sellOutsPerDay = 0
        let (simPorts, simPort) = AsyncStream.makeStream(of: Int.self)
        let simulator = Simulator(options: options, port: 0, logger: logger, onServerRunning: { simPort.yield($0) })
        let (arrivals, arrival) = AsyncStream.makeStream(of: (status: String, at: ContinuousClock.Instant).self)
        let (hookPorts, hookPort) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            let status = String(buffer: body).contains("\"status\":\"firing\"") ? "firing" : "resolved"
            arrival.yield((status, .now))
            return .ok
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                   onServerRunning: { hookPort.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let first = ServiceGroup(configuration: .init(services: [simulator.application, receiver], logger: logger))
        let running = Task { try await first.run() }
        var simIterator = simPorts.makeAsyncIterator()
        var hookIterator = hookPorts.makeAsyncIterator()
        guard let sim = await simIterator.next(), let hook = await hookIterator.next() else { return }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-latency-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let config = try ConfigLoader.parse(yaml: """
            provider:
              base_url: http://127.0.0.1:\(sim)/
            sampling:
              interval: \(interval)s
              credit_interval: 1h
              jitter: 0
            storage:
              path: \(directory.path)/numwatch.sqlite
            http:
              listen: 127.0.0.1:0
            watches:
              - services: [telegram]
                countries: [romania]
            alerts:
              rules:
                - services: [telegram]
                  country: romania
                  stock_below: 100
            webhooks:
              - url: http://127.0.0.1:\(hook)/hook
            """, file: "bench.yml")
        let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": options.token], port: 0, logger: logger)
        _ = await simulator.engine.setCell(service: "telegram", country: "romania", stock: 1_000, price: 10_000)
        let serving = Task { try await server.run() }
        var arrived = arrivals.makeAsyncIterator()
        var latencies: [Double] = []
        try await Task.sleep(for: .seconds(Double(interval) + 1))
        for change in 0..<changes {
            // Changes land anywhere in the sampling cycle.
            try await Task.sleep(for: .milliseconds(Int.random(in: 0..<(interval * 1000))))
            let low = change % 2 == 0
            let start = ContinuousClock.now
            _ = await simulator.engine.setCell(service: "telegram", country: "romania", stock: low ? 10 : 1_000, price: 10_000)
            while let next = await arrived.next() {
                guard next.status == (low ? "firing" : "resolved") else { continue }
                latencies.append(start.duration(to: next.at).seconds)
                break
            }
            print("change \(change + 1)/\(changes): \(low ? "fired" : "resolved") after \(String(format: "%.2f", latencies.last ?? 0)) s")
        }
        serving.cancel()
        running.cancel()
        let sorted = latencies.sorted()
        func percentile(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        print(String(format: "alert latency over %d changes, sampling every %d s: median %.2f s, p99 %.2f s, max %.2f s"
                     + " (goal: p99 ≤ interval + 1 s = %d s)", sorted.count, interval, percentile(0.5), percentile(0.99),
                     sorted.last ?? 0, interval + 1))
    }
}
