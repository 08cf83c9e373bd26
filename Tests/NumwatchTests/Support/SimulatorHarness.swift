import AsyncHTTPClient
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOHTTP1
import Numbers
import ProviderAPI
import Simulator
import Store

/// A simulator on an ephemeral loopback port with a manual clock, and a client pointed at it.
struct SimulatorHarness: Sendable {
    let engine: SimulatorEngine
    let clock: ManualWallClock
    let baseURL: String
    let http: HTTPClient
    let token: String
    let observer: RecordingObserver

    /// A bare client: no guard of the account's bans (that is `NumberDesk`'s job).
    func client(token: String? = nil, timeout: Duration = .seconds(5), maxResponseBytes: Int = 4 << 20) -> ProviderClient {
        ProviderClient(settings: ProviderSettings(baseURL: baseURL, timeout: timeout), token: ProviderToken(token ?? self.token),
                       httpClient: http, maxResponseBytes: maxResponseBytes, observer: observer)
    }

    /// A number desk over `ledger` on the simulator's clock.
    func desk(
        _ ledger: Ledger, pollInterval: Duration = .seconds(20), pollScope: PollScope = .account, dailyTakeLimit: Int = 45,
        callbackURL: String? = nil
    ) -> NumberDesk {
        NumberDesk(
            provider: client(), ledger: ledger,
            settings: ProviderSettings(baseURL: baseURL, pollInterval: pollInterval, pollScope: pollScope, dailyTakeLimit: dailyTakeLimit),
            callbackURL: callbackURL, clock: clock)
    }

    /// Raw request for answers the client would refuse to send or would classify away.
    func raw(_ method: HTTPMethod, _ path: String, headers: [(String, String)] = [], body: String? = nil) async throws -> (status: Int, headers: [(String, String)], body: String) {
        var request = HTTPClientRequest(url: baseURL + path)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(string: body)) }
        let response = try await http.execute(request, timeout: .seconds(5))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, String(buffer: bytes))
    }

    /// `start` is the simulated provider's clock at first: a test whose numwatch side runs on the
    /// real clock (a CLI process, serve built as in production) starts it at the real time.
    static func run<T: Sendable>(
        options: SimulatorOptions = SimulatorOptions(), start: Timestamp = Timestamp(parsing: "2026-03-01T08:00:00Z")!,
        _ body: @Sendable (SimulatorHarness) async throws -> T
    ) async throws -> T {
        let clock = ManualWallClock(start)
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        var logger = Logger(label: "test.simulator")
        logger.logLevel = .critical
        let simulator = Simulator(options: options, host: "127.0.0.1", port: 0, clock: clock, httpClient: http, logger: logger)
        do {
            let result = try await simulator.application.test(.live) { client in
                let harness = SimulatorHarness(
                    engine: simulator.engine, clock: clock, baseURL: "http://127.0.0.1:\(client.port!)/",
                    http: http, token: options.token, observer: RecordingObserver())
                return try await body(harness)
            }
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// Records what the client reports for metrics.
final class RecordingObserver: ProviderRequestObserver, @unchecked Sendable {
    private let lock = NSLock()
    private var calls: [(ProviderEndpoint, String)] = []

    func providerRequestFinished(endpoint: ProviderEndpoint, code: String, seconds: Double) {
        lock.withLock { calls.append((endpoint, code)) }
    }

    var recorded: [(endpoint: ProviderEndpoint, code: String)] { lock.withLock { calls.map { ($0.0, $0.1) } } }
}

/// Reads a test fixture's text.
func fixture(_ path: String) throws -> Data {
    let url = Bundle.module.url(forResource: "Fixtures/\(path)", withExtension: nil)!
    return try Data(contentsOf: url)
}

/// The error a throwing call ended with, or nil.
func providerError<T>(_ body: () async throws(ProviderError) -> T) async -> ProviderError? {
    do {
        _ = try await body()
        return nil
    } catch {
        return error
    }
}
