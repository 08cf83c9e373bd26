import App
import AsyncHTTPClient
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProviderAPI
import ServiceLifecycle
import Simulator

/// A simulator that can be stopped and started again on the same port: while it is down, every
/// connection to it is refused, as to a provider whose server is gone.
actor RestartableSimulator {
    let options: SimulatorOptions
    let clock: ManualWallClock
    private(set) var port = 0
    private(set) var engine: SimulatorEngine?
    private var running: (group: ServiceGroup, task: Task<Void, any Error>)?

    init(options: SimulatorOptions, clock: ManualWallClock) {
        self.options = options
        self.clock = clock
    }

    var baseURL: String { "http://127.0.0.1:\(port)/" }

    /// Starts it (on its old port after a stop). Returns when it listens.
    func start() async throws {
        var logger = Logger(label: "test.simulator")
        logger.logLevel = .critical
        let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
        let simulator = Simulator(options: options, host: "127.0.0.1", port: port, clock: clock, logger: logger) { portSink.yield($0) }
        let group = ServiceGroup(configuration: .init(services: [simulator.application], logger: logger))
        let task = Task {
            defer { portSink.finish() }
            try await group.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let bound = await iterator.next() else { throw CancellationError() }
        port = bound
        engine = simulator.engine
        running = (group, task)
    }

    func stop() async throws {
        guard let running else { return }
        await running.group.triggerGracefulShutdown()
        try await running.task.value
        self.running = nil
    }

    func setFaults(_ faults: Faults) async {
        await engine?.setFaults(faults)
    }
}

/// `numwatch serve` in-process against a `RestartableSimulator`, with the sampler on a manual
/// clock and the wall clock moved with it: a test lives through an hour of outages in seconds,
/// while every provider call and every page is real HTTP.
struct ServeHarness: Sendable {
    let server: NumwatchServer
    let simulator: RestartableSimulator
    let clock: ManualClock
    let wall: ManualWallClock
    let client: any TestClientProtocol

    /// Sampler seconds since start.
    var elapsed: Double { clock.now.offset.inSeconds }

    /// Starts a simulator, then serve with `yaml` (its `BASE_URL` replaced by the simulator's),
    /// and runs `body` once the first round is stored.
    static func run<T: Sendable>(
        yaml: String, options: SimulatorOptions = SimulatorOptions(),
        _ body: @Sendable (ServeHarness) async throws -> T
    ) async throws -> T {
        let wall = ManualWallClock(Timestamp(parsing: "2026-03-01T08:00:00Z")!)
        let simulator = RestartableSimulator(options: options, clock: wall)
        try await simulator.start()
        let config = try ConfigLoader.parse(yaml: yaml.replacingOccurrences(of: "BASE_URL", with: await simulator.baseURL), file: "test.yml")
        var logger = Logger(label: "test.serve")
        logger.logLevel = .critical
        let clock = ManualClock()
        let server = try NumwatchServer.build(
            config: config, environment: ["NUMWATCH_TOKEN": options.token], port: 0, logger: logger, clock: clock, wallClock: wall)
        do {
            let result = try await server.application.test(.live) { client in
                let harness = ServeHarness(server: server, simulator: simulator, clock: clock, wall: wall, client: client)
                try await harness.settled()
                return try await body(harness)
            }
            try await simulator.stop()
            return result
        } catch {
            try? await simulator.stop()
            throw error
        }
    }

    /// The sampler and the alert timer sleep on the manual clock between wake-ups.
    var time: ClockDriver { ClockDriver(clock: clock, wall: wall, sleepers: 2) }

    /// Waits (bounded) until the sampler and the alert timer have finished what they were doing
    /// and sleep again.
    func settled() async throws { try await time.settled() }

    /// Lives until `seconds` on the sampler's timeline, waking the sampler (and the alert timer) at
    /// each of its wake-ups and letting every round finish before time moves on.
    func run(until seconds: Double) async throws { try await time.run(until: seconds) }

    func get(_ path: String, html: Bool = false) async throws -> String {
        let headers: HTTPFields = html ? [.accept: "text/html"] : [:]
        let response = try await client.execute(uri: path, method: .get, headers: headers, body: nil)
        return String(buffer: response.body)
    }

    /// The value of one sample line of /metrics (`name{labels}`), or nil if absent.
    func metric(_ series: String) async throws -> Double? {
        let text = try await get("/metrics")
        return text.split(separator: "\n").lazy
            .first { $0.hasPrefix(series + " ") }
            .flatMap { Double($0.dropFirst(series.count + 1)) }
    }
}

struct HarnessTimeout: Error, CustomStringConvertible {
    let what: String
    var description: String { "timed out waiting for \(what)" }
}
