@testable import App
import CompressNIO
import Config
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import Store
import Synchronization
import Testing
@testable import Web

/// `/metrics` answered on the event loop (`MetricsFastLane`) is the router's answer, byte for
/// byte but the `Date`: checked by asking the same questions of two live servers over one
/// endpoint, one with the lane and one without. And the lane steps aside whenever it must: the
/// data moved, a collector would have to wait, the plain body is not joined yet, a request on the
/// connection is still being answered.
@Suite(.timeLimit(.minutes(1))) struct FastLaneTests {
    /// A collector whose value, and generation, the test turns.
    final class Dial: InstantMetricsCollector {
        private let value = Mutex<UInt64>(1)
        var currentGeneration: UInt64 { value.withLock { $0 } }
        func turn() { value.withLock { $0 += 1 } }
        func collect(into w: inout ExpositionWriter) async {
            w.family("test_dial", .gauge, help: "A value the test turns.")
            w.sample("test_dial", Double(currentGeneration))
        }
    }

    /// A collector whose generation is known only by waiting (as the ledger's is when its
    /// once-a-second read is due).
    struct Waiting: MetricsCollector {
        var generation: UInt64 { get async { 7 } }
        func collect(into w: inout ExpositionWriter) async {
            w.family("test_waiting", .gauge, help: "A value behind a wait.")
            w.sample("test_waiting", 7)
        }
    }

    /// Sendable by hand: the router is set up before the servers start and only read after.
    struct Rig: @unchecked Sendable {
        let endpoint: MetricsEndpoint
        let lane: MetricsFastLane
        let router: Router<WebRequestContext>
    }

    static func rig(_ extra: [any MetricsCollector] = [], credentials: HTTPCredentials? = nil) async throws -> Rig {
        let store = try HistoryStore.inMemory()
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: 1_700_000_000, rows: [
            ObservedRow(country: "romania", name: "Romania <\"ro\">", price: 12_345, stock: 7),
            ObservedRow(country: "iran", name: "Iran", price: 9_000, stock: 0),
        ])]))
        let watches = [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]
        let endpoint = MetricsEndpoint(collectors: [StoreCollector(store: store, watches: watches)] + extra + [BuildCollector(version: "9.9.9")])
        let router = NumwatchServer.buildRouter(
            metrics: endpoint, store: store, watches: watches, creditInterval: .seconds(60), retention: RetentionPolicy(), alerts: nil,
            credentials: credentials)
        return Rig(endpoint: endpoint, lane: MetricsFastLane(endpoint: endpoint, credentials: credentials, serverName: "numwatch"),
                   router: router)
    }

    /// Runs `body` with a client of a live server with the lane and one of a server without it,
    /// both over `rig`'s endpoint and router, on ephemeral ports.
    static func withServers(_ rig: Rig, _ body: @Sendable (_ lane: any TestClientProtocol, _ router: any TestClientProtocol) async throws -> Void)
        async throws {
        let configuration = NumwatchServer.applicationConfiguration(HTTPConfig(), port: 0)
        let withLane = Application(router: rig.router, server: NumwatchServer.httpServer(HTTPConfig(), lane: rig.lane),
                                   configuration: configuration)
        let without = Application(router: rig.router, server: NumwatchServer.httpServer(HTTPConfig()), configuration: configuration)
        try await withLane.test(.live) { laneClient in
            try await without.test(.live) { routerClient in try await body(laneClient, routerClient) }
        }
    }

    /// What a client sees of an answer: status, headers but `Date`, body.
    struct Seen: Equatable, CustomStringConvertible {
        let status: Int
        let headers: [String]
        let body: [UInt8]

        init(_ response: TestResponse) {
            status = response.status.code
            headers = response.headers.filter { $0.name != .date }.map { "\($0.name.canonicalName): \($0.value)" }
            body = Array(response.body.readableBytesView)
        }

        var description: String { "\(status) \(headers) \(body.count) bytes" }
    }

    static let bearer = HTTPCredentials(basic: nil, bearerToken: "scrape-token-0123456789abcdef")

    /// Every kind of request a scraper, a browser or a stranger sends to /metrics.
    static let requests: [(method: HTTPRequest.Method, uri: String, headers: HTTPFields)] = {
        var requests: [(HTTPRequest.Method, String, HTTPFields)] = []
        let accepts: [String?] = [nil, "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5", "text/plain", "*/*"]
        let encodings: [String?] = [nil, "gzip", "gzip;q=0", "br, gzip;q=0.5"]
        let auths: [String?] = [nil, "Bearer scrape-token-0123456789abcdef", "Bearer wrong-token-0123456789abcdef"]
        for accept in accepts {
            for encoding in encodings {
                for auth in auths {
                    var headers = HTTPFields()
                    if let accept { headers[.accept] = accept }
                    if let encoding { headers[.acceptEncoding] = encoding }
                    if let auth { headers[.authorization] = auth }
                    requests.append((.get, "/metrics", headers))
                }
            }
        }
        let gzip: HTTPFields = [.acceptEncoding: "gzip", .authorization: "Bearer scrape-token-0123456789abcdef"]
        for (method, uri) in [(HTTPRequest.Method.head, "/metrics"), (.post, "/metrics"), (.get, "/metrics?x=1"), (.get, "/metrics/"),
                              (.get, "//metrics"), (.get, "/METRICS")] {
            requests.append((method, uri, gzip))
        }
        return requests
    }()

    @Test(arguments: [false, true])
    func theLaneAnswersAsTheRouterDoes(withAuth: Bool) async throws {
        let rig = try await Self.rig(credentials: withAuth ? Self.bearer : nil)
        try await Self.withServers(rig) { lane, router in
            // Twice: the first round finds the bodies unbuilt (and the plain one unjoined), the second finds them ready.
            for round in 1...2 {
                for request in Self.requests {
                    let fromLane = Seen(try await lane.executeRequest(uri: request.uri, method: request.method, headers: request.headers, body: nil))
                    let fromRouter = Seen(try await router.executeRequest(uri: request.uri, method: request.method, headers: request.headers, body: nil))
                    #expect(fromLane == fromRouter, "round \(round): \(request.method) \(request.uri) \(request.headers)")
                }
            }
        }
        // Of the 48 GETs of /metrics per round, those with accepted credentials: all 48 without auth, 16 with it.
        let answerable = withAuth ? 16 : 48
        let counts = rig.lane.counts
        #expect(counts.answered >= answerable, "\(counts)")  // the second round, at least
        #expect(counts.answered + counts.passedOn == 2 * 48 + 2 * 2, "\(counts)")  // the HEADs and POSTs of /metrics pass on too
    }

    @Test func aScrapeAfterTheDataMovedGoesTheLongWayAndTheNextIsAnsweredOnTheLoop() async throws {
        let dial = Dial()
        let rig = try await Self.rig([dial])
        try await Self.withServers(rig) { lane, _ in
            // What each scrape showed, and the lane's counts after it.
            var seen: [String] = []
            func scrape(_ headers: HTTPFields) async throws {
                let value = try await Self.dial(lane, headers)
                seen.append("\(value ?? -1) \(rig.lane.counts.answered)/\(rig.lane.counts.passedOn)")
            }
            let gzip: HTTPFields = [.acceptEncoding: "gzip"]
            try await scrape(gzip)  // nothing built yet: the long way
            try await scrape(gzip)
            dial.turn()
            try await scrape(gzip)  // the body on hand is of the old value
            try await scrape(gzip)
            // Plain: built with the gzip but joined only by a scrape that asks for it, off the loop.
            try await scrape([:])
            try await scrape([:])
            // Once plain was asked for, the next build joins it: its first plain scrape is answered here.
            dial.turn()
            try await scrape(gzip)
            try await scrape([:])
            #expect(seen == ["1 0/1", "1 1/1", "2 1/2", "2 2/2", "2 2/3", "2 3/3", "3 3/4", "3 4/4"])
        }
    }

    @Test func aCollectorThatMustWaitSendsEveryScrapeTheLongWay() async throws {
        let rig = try await Self.rig([Waiting()])
        try await Self.withServers(rig) { lane, _ in
            for _ in 1...3 {
                let response = try await lane.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
                #expect(String(buffer: response.body).contains("test_waiting 7\n"))
            }
        }
        #expect(rig.lane.counts == (0, 3))
    }

    /// Answers go out in the order asked: a scrape pipelined behind a request the router is still
    /// answering is not answered ahead of it.
    @Test func aPipelinedScrapeWaitsForTheAnswerBeforeIt() async throws {
        let rig = try await Self.rig()
        let gate = AsyncStream.makeStream(of: Void.self)
        rig.router.get("held") { _, _ -> String in
            for await _ in gate.stream { break }
            return "held answer"
        }
        let laneCounts = rig.lane
        try await Self.withServers(rig) { lane, _ in
            _ = try await lane.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            _ = try await lane.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            let before = laneCounts.counts
            #expect(before.answered == 1)  // the body is ready: alone, a scrape is answered on the loop
            let socket = try RawSocket(port: try #require(lane.port))
            #expect(socket.send("GET /held HTTP/1.1\r\nHost: numwatch\r\n\r\nGET /metrics HTTP/1.1\r\nHost: numwatch\r\n\r\n"))
            // The scrape's head has reached the lane, which passed it on behind /held (or, wrongly, answered it).
            while laneCounts.counts == before {
                try await Task.sleep(for: .milliseconds(1))
            }
            gate.continuation.yield()
            var answers = ""
            while answers.components(separatedBy: "HTTP/1.1 200").count < 3 || !answers.contains("numwatch_build_info") {
                try Task.checkCancellation()
                answers += await socket.read(within: .seconds(5))
            }
            let held = try #require(answers.range(of: "held answer"))
            let scrape = try #require(answers.range(of: "# HELP"))
            #expect(held.lowerBound < scrape.lowerBound)
            #expect(laneCounts.counts.answered == before.answered)
        }
    }

    @Test func aClientAskingToCloseIsAnsweredAndClosedByTheRouter() async throws {
        let rig = try await Self.rig()
        try await Self.withServers(rig) { lane, _ in
            _ = try await lane.executeRequest(uri: "/metrics", method: .get, headers: [:], body: nil)
            let socket = try RawSocket(port: try #require(lane.port))
            #expect(socket.send("GET /metrics HTTP/1.1\r\nHost: numwatch\r\nConnection: close\r\n\r\n"))
            #expect(await socket.closed(within: .seconds(10)))
        }
        #expect(rig.lane.counts == (0, 2))
    }

    static func dial(_ client: any TestClientProtocol, _ headers: HTTPFields) async throws -> Int? {
        let response = try await client.executeRequest(uri: "/metrics", method: .get, headers: headers, body: nil)
        var body = response.body
        if response.headers[.contentEncoding] == "gzip" { body = try body.decompress(with: .gzip()) }
        let line = String(buffer: body).split(separator: "\n").first { $0.hasPrefix("test_dial ") }
        return line.flatMap { Int($0.dropFirst("test_dial ".count)) }
    }

    @Test func theDateHeaderIsIMFFixdate() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(1_796_688_000 + 3_723) == "Tue, 08 Dec 2026 01:02:03 GMT")
        var date = HTTPDate()
        #expect(date.now(86_400 * 365) == "Fri, 01 Jan 1971 00:00:00 GMT")
        #expect(date.now(86_400 * 365) == "Fri, 01 Jan 1971 00:00:00 GMT")
    }
}
