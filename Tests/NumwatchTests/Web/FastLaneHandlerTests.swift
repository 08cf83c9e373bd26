import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import Testing
@testable import Web

/// `MetricsFastLaneHandler` alone on an `EmbeddedChannel`: request parts in, and either an answer
/// out (answered here) or the same parts on towards the router (passed on), one step at a time.
@Suite struct FastLaneHandlerTests {
    /// A lane whose body is built and its plain text joined: current, so answerable here.
    static func channel() async throws -> (EmbeddedChannel, MetricsFastLane) {
        let endpoint = MetricsEndpoint(collectors: [BuildCollector(version: "1.2.3")])
        _ = await endpoint.body(.text004).bytes
        let lane = MetricsFastLane(endpoint: endpoint, credentials: nil, serverName: "numwatch")
        return (EmbeddedChannel(handler: MetricsFastLaneHandler(lane: lane)), lane)
    }

    static func get(_ path: String = "/metrics", _ fields: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: .get, scheme: nil, authority: "numwatch", path: path, headerFields: fields))
    }

    /// A request without a body: its head, then its end.
    static func send(_ head: HTTPRequestPart, to channel: EmbeddedChannel) throws {
        try channel.writeInbound(head)
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// The router's answer, written out through the handler.
    static func routerAnswers(_ channel: EmbeddedChannel) throws {
        try channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
        try channel.writeOutbound(HTTPResponsePart.end(nil))
    }

    /// The parts that went on towards the router.
    static func passedOn(_ channel: EmbeddedChannel) throws -> [HTTPRequestPart] {
        var parts: [HTTPRequestPart] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) { parts.append(part) }
        return parts
    }

    /// The parts written out by the handler (or through it).
    static func answered(_ channel: EmbeddedChannel) throws -> [HTTPResponsePart] {
        var parts: [HTTPResponsePart] = []
        while let part = try channel.readOutbound(as: HTTPResponsePart.self) { parts.append(part) }
        return parts
    }

    @Test func aCurrentBodyIsAnsweredHereWithNothingPassedOn() async throws {
        let (channel, lane) = try await Self.channel()
        try Self.send(Self.get(), to: channel)
        let answer = try Self.answered(channel)
        #expect(answer.count == 3)
        guard case let .head(head)? = answer.first else { Issue.record("no head: \(answer)"); return }
        #expect(head.status == .ok)
        #expect(head.headerFields[.contentType] == "text/plain; version=0.0.4; charset=utf-8")
        #expect(try Self.passedOn(channel).isEmpty)
        #expect(lane.counts == (1, 0))
    }

    /// The router answers a request that announces a body without waiting for it: so is it passed
    /// on at its head, not held for a body that may come late or never.
    @Test(arguments: [["Content-Length": "10"], ["Transfer-Encoding": "chunked"], ["Expect": "100-continue"]])
    func aHeadAnnouncingABodyIsPassedOnAtOnce(_ announced: [String: String]) async throws {
        let (channel, lane) = try await Self.channel()
        var fields = HTTPFields()
        for (name, value) in announced { fields[HTTPField.Name(name)!] = value }
        try channel.writeInbound(Self.get("/metrics", fields))
        #expect(try Self.passedOn(channel).count == 1)
        #expect(try Self.answered(channel).isEmpty)
        #expect(lane.counts == (0, 1))
    }

    /// After a request that asked to close, no later one is answered here, even once the router
    /// has written its answer (and is about to close).
    @Test func nothingIsAnsweredHereAfterARequestToClose() async throws {
        let (channel, lane) = try await Self.channel()
        try Self.send(Self.get("/healthz", [.connection: "keep-alive, close"]), to: channel)
        #expect(try Self.passedOn(channel).count == 2)
        try Self.routerAnswers(channel)
        #expect(try Self.answered(channel).count == 2)
        try Self.send(Self.get(), to: channel)
        #expect(try Self.passedOn(channel).count == 2)
        #expect(try Self.answered(channel).isEmpty)
        #expect(lane.counts.answered == 0)
    }

    /// While a request passed on is unanswered, later ones follow it; once answered, the lane is open again.
    @Test func aScrapeBehindAnUnansweredRequestFollowsItThenTheLaneOpens() async throws {
        let (channel, lane) = try await Self.channel()
        try Self.send(Self.get("/healthz"), to: channel)
        try Self.send(Self.get(), to: channel)
        #expect(try Self.passedOn(channel).count == 4)
        for _ in 1...2 { try Self.routerAnswers(channel) }
        _ = try Self.answered(channel)
        try Self.send(Self.get(), to: channel)
        #expect(try Self.answered(channel).count == 3)
        #expect(lane.counts == (1, 1))
    }

    /// A client that does not read its answers: the router's back-pressure handles it.
    @Test func aChannelThatCannotTakeMoreIsLeftToTheRouter() async throws {
        let (channel, lane) = try await Self.channel()
        channel.isWritable = false
        try Self.send(Self.get(), to: channel)
        #expect(try Self.passedOn(channel).count == 2)
        #expect(lane.counts == (0, 1))
    }

    /// A body part after a held head sends both on, in order.
    @Test func aBodyAfterAHeldHeadSendsBothOn() async throws {
        let (channel, _) = try await Self.channel()
        try channel.writeInbound(Self.get())
        #expect(try Self.passedOn(channel).isEmpty)  // held: its end may show it has no body
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(string: "x")))
        try channel.writeInbound(HTTPRequestPart.end(nil))
        let parts = try Self.passedOn(channel)
        #expect(parts.count == 3)
        if case .head = parts.first {} else { Issue.record("the head is not first: \(parts)") }
    }
}
