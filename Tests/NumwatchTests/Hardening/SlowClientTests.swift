import App
import Config
import Domain
import Hummingbird
import HummingbirdTesting
import Store
import Testing
import Web

/// `http.idle_timeout`: a client that connects and sends nothing, or dribbles its request head,
/// is dropped after the idle time instead of holding a connection forever; a client that keeps
/// asking is not. A raw socket on an ephemeral port plays the client; the timeout is short.
@Suite struct SlowClientTests {
    static let idle = 1.0
    /// Scheduling slack on a busy machine (two other builds share its cores).
    static let slack = 1.5

    /// Served as `serve` serves, `/metrics` from the event loop once its body is built: the lane
    /// is returned, to tell how many scrapes it answered.
    @discardableResult
    func withServer(idle: Double = idle, _ body: @Sendable (Int) async throws -> Void) async throws -> MetricsFastLane {
        let metrics = MetricsEndpoint(collectors: [])
        let router = NumwatchServer.buildRouter(
            metrics: metrics, store: try HistoryStore.inMemory(), watches: [], creditInterval: .seconds(60),
            retention: RetentionPolicy(), alerts: nil)
        let lane = MetricsFastLane(endpoint: metrics, credentials: nil, serverName: "numwatch")
        let http = HTTPConfig(idleTimeout: .seconds(idle))
        let app = Application(router: router, server: NumwatchServer.httpServer(http, lane: lane),
                              configuration: NumwatchServer.applicationConfiguration(http, port: 0))
        try await app.test(.live) { client in try await body(client.port!) }
        return lane
    }

    /// Seconds until the server closes `socket`, doing `meanwhile` every 100 ms; nil when it is
    /// still open after `limit` seconds.
    func secondsUntilClosed(_ socket: RawSocket, limit: Double, meanwhile: () -> Void = {}) async -> Double? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(limit) {
            if await socket.closed(within: .milliseconds(100)) { return seconds(ContinuousClock.now - start) }
            meanwhile()
        }
        return nil
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    @Test func aSilentConnectionIsDroppedAfterTheIdleTime() async throws {
        try await withServer { port in
            let socket = try RawSocket(port: port)
            let closed = await secondsUntilClosed(socket, limit: Self.idle + 5)
            let after = try #require(closed, "still open \(Self.idle + 5) s after connecting")
            #expect(after >= Self.idle * 0.8 && after <= Self.idle + Self.slack, "closed after \(after) s")
            print("SlowClientTests: silent connection closed after \(after) s (idle_timeout \(Self.idle) s)")
        }
    }

    /// Bytes that never complete a request head do not count as activity.
    @Test func aDribbledRequestHeadIsDroppedToo() async throws {
        try await withServer { port in
            let socket = try RawSocket(port: port)
            #expect(socket.send("GET /metrics HTTP/1.1\r\nHost: numwatch\r\nX-Slow: "))
            let closed = await secondsUntilClosed(socket, limit: Self.idle + 5) { socket.send("a") }
            let after = try #require(closed, "still open \(Self.idle + 5) s after connecting, a byte sent every 100 ms")
            #expect(after <= Self.idle + Self.slack, "closed after \(after) s")
            print("SlowClientTests: dribbling client closed after \(after) s")
        }
    }

    /// `/metrics` twice: the second is answered on the event loop, which the idle timeout sees too.
    @Test(arguments: ["/healthz", "/metrics"])
    func aKeptAliveConnectionIsDroppedWhenIdleAfterItsAnswer(path: String) async throws {
        let lane = try await withServer { port in
            let socket = try RawSocket(port: port)
            for _ in 1...(path == "/metrics" ? 2 : 1) {
                #expect(socket.send("GET \(path) HTTP/1.1\r\nHost: numwatch\r\n\r\n"))
                #expect(await socket.read(within: .seconds(5)).hasPrefix("HTTP/1.1 200"))
            }
            let closed = await secondsUntilClosed(socket, limit: Self.idle + 5)
            let after = try #require(closed, "still open \(Self.idle + 5) s after the answer")
            #expect(after <= Self.idle + Self.slack, "closed after \(after) s")
        }
        #expect(lane.counts.answered == (path == "/metrics" ? 1 : 0))
    }

    /// The timeout is for idleness, not a connection's age: a scraper asking more often than
    /// the idle time keeps its connection. (A longer idle time here: the pauses between requests
    /// must stay well under it on a loaded machine.)
    @Test(arguments: ["/healthz", "/metrics"])
    func aClientThatKeepsAskingKeepsItsConnection(path: String) async throws {
        let idle = 3.0
        let lane = try await withServer(idle: idle) { port in
            let socket = try RawSocket(port: port)
            let start = ContinuousClock.now
            var answers = 0
            while seconds(ContinuousClock.now - start) < idle * 2.2 {
                #expect(socket.send("GET \(path) HTTP/1.1\r\nHost: numwatch\r\n\r\n"))
                if await socket.read(within: .seconds(2)).hasPrefix("HTTP/1.1 200") { answers += 1 }
                #expect(await !socket.closed(within: .milliseconds(500)))
            }
            #expect(answers >= 4)
        }
        // All but the first /metrics (which builds the body) answered on the event loop.
        #expect(path == "/healthz" ? lane.counts.answered == 0 : lane.counts.answered >= 3)
    }
}
