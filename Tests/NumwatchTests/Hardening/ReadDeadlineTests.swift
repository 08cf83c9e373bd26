@testable import App
import Config
import Domain
import Foundation
import Hummingbird
import ProviderAPI
import Testing

/// Point 4: `http.read_timeout` cuts a client that trickles its request (the idle timeout counts
/// each body byte as activity, so it did not), and `http.max_connections` caps open connections.
/// Raw sockets on an ephemeral port play the clients; the server is built as `serve` builds it.
@Suite struct ReadDeadlineTests {
    static let read = 1.0
    /// Scheduling slack on a busy machine.
    static let slack = 2.0

    func withServer(_ http: HTTPConfig, _ body: @Sendable (Int) async throws -> Void) async throws {
        let router = Router()
        router.get("healthz") { _, _ in "ok" }
        router.post("push") { request, _ -> String in
            _ = try await request.body.collect(upTo: 65_536)
            return "ok"
        }
        try await serveOnLoopback(router, server: NumwatchServer.httpServer(http),
                                  configuration: NumwatchServer.applicationConfiguration(http)) { _, port in try await body(port) }
    }

    /// Seconds until the server closes `socket`, sending one byte every 200 ms; nil if still open after `limit`.
    func secondsUntilClosed(_ socket: RawSocket, limit: Double) async -> Double? {
        let start = ContinuousClock.now
        while ContinuousClock.now - start < .seconds(limit) {
            if await socket.closed(within: .milliseconds(200)) { return (ContinuousClock.now - start).inSeconds }
            socket.send("a")
        }
        return nil
    }

    @Test func aTrickledBodyIsCutAtTheReadTimeout() async throws {
        try await withServer(HTTPConfig(idleTimeout: .seconds(30), readTimeout: .seconds(Self.read))) { port in
            let socket = try RawSocket(port: port)
            #expect(socket.send("POST /push HTTP/1.1\r\nHost: numwatch\r\nContent-Length: 60000\r\n\r\n"))
            let closed = await secondsUntilClosed(socket, limit: Self.read + 8)
            let after = try #require(closed, "still open \(Self.read + 8) s into a body trickled a byte every 200 ms")
            #expect(after >= Self.read * 0.8 && after <= Self.read + Self.slack, "closed after \(after) s")
            print("ReadDeadlineTests: trickled body cut after \(after) s (read_timeout \(Self.read) s)")
        }
    }

    @Test func aTrickledHeadIsCutAtTheReadTimeoutNotTheIdleOne() async throws {
        try await withServer(HTTPConfig(idleTimeout: .seconds(30), readTimeout: .seconds(Self.read))) { port in
            let socket = try RawSocket(port: port)
            #expect(socket.send("GET /healthz HTTP/1.1\r\nHost: numwatch\r\nX-Slow: "))
            let closed = await secondsUntilClosed(socket, limit: Self.read + 8)
            let after = try #require(closed, "still open \(Self.read + 8) s into a trickled head")
            #expect(after <= Self.read + Self.slack, "closed after \(after) s")
        }
    }

    /// The deadline is per request: a kept-alive connection waiting between requests is the idle
    /// timeout's business, and a request that arrives whole is answered.
    @Test func aKeptAliveConnectionOutlivesTheReadTimeoutBetweenRequests() async throws {
        try await withServer(HTTPConfig(idleTimeout: .seconds(30), readTimeout: .seconds(Self.read))) { port in
            let socket = try RawSocket(port: port)
            #expect(socket.send("GET /healthz HTTP/1.1\r\nHost: numwatch\r\n\r\n"))
            #expect(await socket.read(within: .seconds(5)).hasPrefix("HTTP/1.1 200"))
            #expect(await !socket.closed(within: .seconds(Self.read * 2.5)))
            #expect(socket.send("POST /push HTTP/1.1\r\nHost: numwatch\r\nContent-Length: 5\r\n\r\nhello"))
            #expect(await socket.read(within: .seconds(5)).hasPrefix("HTTP/1.1 200"))
        }
    }

    /// Past the cap a connection waits to be accepted; it is served once another closes.
    @Test func connectionsPastTheCapWaitUntilOneCloses() async throws {
        try await withServer(HTTPConfig(idleTimeout: .seconds(30), readTimeout: .seconds(10), maxConnections: 4)) { port in
            var held: [RawSocket] = []
            for _ in 0..<4 {
                let socket = try RawSocket(port: port)
                #expect(socket.send("GET /healthz HTTP/1.1\r\nHost: numwatch\r\n\r\n"))
                #expect(await socket.read(within: .seconds(5)).hasPrefix("HTTP/1.1 200"))
                held.append(socket)
            }
            let waiting = try RawSocket(port: port)  // the kernel's backlog completes the handshake
            #expect(waiting.send("GET /healthz HTTP/1.1\r\nHost: numwatch\r\n\r\n"))
            #expect(await waiting.read(within: .seconds(1)) == "", "answered past the cap")
            held.removeFirst()  // closes it
            #expect(await waiting.read(within: .seconds(5)).hasPrefix("HTTP/1.1 200"))
        }
    }

    /// deploy/numwatch.service's LimitNOFILE leaves room above the default cap.
    @Test func theUnitsFileLimitMatchesTheCap() throws {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let unit = try String(contentsOf: url.appendingPathComponent("deploy/numwatch.service"), encoding: .utf8)
        let line = try #require(unit.split(separator: "\n").first { $0.hasPrefix("LimitNOFILE=") })
        let limit = try #require(Int(line.dropFirst("LimitNOFILE=".count)))
        #expect(limit >= HTTPConfig.defaultMaxConnections + 1_000, "LimitNOFILE=\(limit) for max_connections \(HTTPConfig.defaultMaxConnections)")
        #expect(limit <= HTTPConfig.defaultMaxConnections * 4)
    }
}

/// serve raises its soft descriptor limit far enough for `http.max_connections` and a reserve,
/// and accepts fewer connections where the hard limit does not allow them.
@Suite struct DescriptorLimitTests {
    @Test func theSoftLimitIsRaisedTowardsTheHardOne() {
        let reserve = DescriptorLimit.reserve
        // systemd's default 1024:524288: raised, all 2000 connections.
        #expect(DescriptorLimit.plan(requested: 2_000, soft: 1_024, hard: 524_288)
            == DescriptorLimit(raiseSoftLimitTo: UInt64(2_000 + reserve), maxConnections: 2_000))
        // Already enough: left alone.
        #expect(DescriptorLimit.plan(requested: 2_000, soft: 4_096, hard: 4_096) == DescriptorLimit(raiseSoftLimitTo: nil, maxConnections: 2_000))
        // A hard limit of 1024: fewer connections, so the database and a scrape still get descriptors.
        #expect(DescriptorLimit.plan(requested: 2_000, soft: 1_024, hard: 1_024)
            == DescriptorLimit(raiseSoftLimitTo: nil, maxConnections: 1_024 - reserve))
        #expect(DescriptorLimit.plan(requested: 2_000, soft: 256, hard: 1_500)
            == DescriptorLimit(raiseSoftLimitTo: 1_500, maxConnections: 1_500 - reserve))
    }
}
