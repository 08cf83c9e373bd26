import App
import Config
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import Simulator

/// The alert-latency benchmarks' world: a still simulated market, a webhook receiver on loopback
/// noting when (wall time) each notification arrives, and the real `serve` between them.
struct LatencyRig {
    struct Arrival: Sendable {
        var status: String
        var alertname: String
        /// Wall time, to compare with the sample times serve stores; and the monotonic instant.
        var at: Date
        var instant: ContinuousClock.Instant
    }

    let simulator: Simulator
    let server: NumwatchServer
    let arrivals: AsyncStream<Arrival>
    private let services: Task<Void, any Error>
    private let serving: Task<Void, any Error>
    private let directory: URL

    /// Starts the simulator and the receiver, then `serve` sampling telegram in romania every
    /// `interval` seconds (the credit every `creditInterval`), with `alerts` (YAML lines under
    /// `alerts:`) and one webhook to the receiver.
    static func start(interval: Int, creditInterval: String, alerts: String) async throws -> LatencyRig {
        try await start(yaml: """
            provider:
              base_url: SIMULATOR
            sampling:
              interval: \(interval)s
              credit_interval: \(creditInterval)
              jitter: 0
            storage:
              path: DATA/numwatch.sqlite
            http:
              listen: 127.0.0.1:0
            watches:
              - services: [telegram]
                countries: [romania]
            alerts:
            \(alerts)
            webhooks:
              - url: HOOK
            """)
    }

    /// Starts the simulator and the receiver, then `serve` with `yaml` (`SIMULATOR` and `HOOK` in
    /// it replaced by their addresses, `DATA` by a fresh folder).
    private static func start(yaml: String) async throws -> LatencyRig {
        var logger = Logger(label: "bench")
        logger.logLevel = .critical
        var options = SimulatorOptions()
        // A still market: only the benchmark moves the stock.
        options.market.stockChangesPerHour = 0
        options.market.priceChangesPerDay = 0
        options.market.sellOutsPerDay = 0
        let (simPorts, simPort) = AsyncStream.makeStream(of: Int.self)
        let simulator = Simulator(options: options, port: 0, logger: logger, onServerRunning: { simPort.yield($0) })
        let (arrivals, arrival) = AsyncStream.makeStream(of: Arrival.self)
        let (hookPorts, hookPort) = AsyncStream.makeStream(of: Int.self)
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = String(buffer: try await request.body.collect(upTo: 1 << 20))
            let status = body.contains("\"status\":\"firing\"") ? "firing" : "resolved"
            let name = body.firstMatch(of: /"alertname":"(\w+)"/).map { String($0.1) } ?? "?"
            arrival.yield(Arrival(status: status, alertname: name, at: Date(), instant: .now))
            return .ok
        }
        let receiver = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                                   onServerRunning: { hookPort.yield($0.localAddress?.port ?? 0) }, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [simulator.application, receiver], logger: logger))
        let services = Task { try await group.run() }
        var simIterator = simPorts.makeAsyncIterator()
        var hookIterator = hookPorts.makeAsyncIterator()
        guard let sim = await simIterator.next(), let hook = await hookIterator.next() else { throw CancellationError() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-latency-\(UUID().uuidString)")
        let config = try ConfigLoader.parse(yaml: yaml.replacingOccurrences(of: "SIMULATOR", with: "http://127.0.0.1:\(sim)/")
            .replacingOccurrences(of: "HOOK", with: "http://127.0.0.1:\(hook)/hook")
            .replacingOccurrences(of: "DATA", with: directory.path), file: "bench.yml")
        let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": options.token], port: 0, logger: logger)
        let serving = Task { try await server.run() }
        return LatencyRig(simulator: simulator, server: server, arrivals: arrivals, services: services, serving: serving,
                          directory: directory)
    }

    func stop() {
        serving.cancel()
        services.cancel()
        try? FileManager.default.removeItem(at: directory)
    }

    static func percentile(_ sorted: [Double], _ p: Double) -> Double {
        sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

extension AsyncStream<LatencyRig.Arrival>.Iterator {
    /// The next arrival of `status` for `alertname`, skipping others.
    mutating func next(_ status: String, _ alertname: String) async -> LatencyRig.Arrival? {
        while let arrival = await next() {
            if arrival.status == status, arrival.alertname == alertname { return arrival }
        }
        return nil
    }
}
