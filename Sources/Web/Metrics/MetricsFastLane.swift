import Config
import Foundation
import HTTPTypes
import HummingbirdCore
import Logging
import NIOCore
import NIOHTTPTypes
import Synchronization

/// `GET /metrics` answered on the event loop when the cached body is current, the way nginx
/// answers a static file: no hop to the cooperative pool and back, no request context, no
/// middleware chain. That hand-off, not the bytes, was most of what an idle scrape cost (`perf`:
/// `finish_task_switch` on top), and kept numwatch at half of nginx's rate on a cached gzip body.
///
/// Only a request whose answer is sure to be the router's goes this way: `GET /metrics` exactly,
/// no body (none announced either), no `Connection: close`, credentials accepted (if `http.auth`
/// is on), and a body that `MetricsEndpoint.readyBody` says is current (plain only once joined).
/// Everything else, every request while an earlier one on the connection is still being answered
/// (answers go out in order), and every one after a `Connection: close`, goes on to the router
/// unchanged. `FastLaneTests` checks both give the same answer.
package struct MetricsFastLane: Sendable {
    let endpoint: MetricsEndpoint
    let credentials: HTTPCredentials?
    let serverName: String?
    private let answered = Counter()
    private let passedOn = Counter()

    package init(endpoint: MetricsEndpoint, credentials: HTTPCredentials?, serverName: String?) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.serverName = serverName
    }

    /// Scrapes of `/metrics` answered here, and passed on to the router, since the start.
    package var counts: (answered: Int, passedOn: Int) { (answered.value, passedOn.value) }

    /// Hummingbird's HTTP/1.1 channel with the lane in its pipeline.
    package func http1(_ configuration: HTTP1Channel.Configuration) -> HTTPServerBuilder {
        HTTPServerBuilder { responder in
            FastLaneHTTP1Channel(inner: HTTP1Channel(responder: responder, configuration: configuration), lane: self)
        }
    }

    /// Whether the head alone allows answering here: it announces no body (one announced is
    /// passed on at once: the router answers without waiting for it) and its end must still show
    /// there is none.
    func mayAnswer(_ head: HTTPRequest) -> Bool {
        let fields = head.headerFields
        return head.method == .get && head.path == "/metrics" && !Self.closes(head)
            && (fields[.contentLength] ?? "0") == "0" && fields[.transferEncoding] == nil && fields[.expect] == nil
            && AuthMiddleware<WebRequestContext>.accepts(fields, credentials)
    }

    /// A `Connection` header with a `close` token: the router answers it and closes, and no later
    /// request on the connection may be answered (RFC 9112 §9.6). Not answered here either.
    static func closes(_ head: HTTPRequest) -> Bool {
        head.headerFields[values: .connection].contains { value in
            value.split(separator: ",").contains { $0.trimmingCharacters(in: .whitespaces).lowercased() == "close" }
        }
    }

    func passingOn(_ head: HTTPRequest) {
        if head.path == "/metrics" { passedOn.increment() }
    }

    /// The answer, if the cached body is current; `nil` sends the request to the router.
    func answer(_ head: HTTPRequest, date: String) -> (head: HTTPResponse, body: ByteBuffer)? {
        let format = MetricsEndpoint.format(accept: head.headerFields[.accept])
        guard let body = endpoint.readyBody(format) else { return nil }
        let gzipped = MetricsEndpoint.acceptsGzip(head.headerFields[.acceptEncoding]) ? body.gzipped : nil
        guard let bytes = gzipped ?? body.joinedBytes else { return nil }
        // The headers the router's answer has: its own, the edge middleware's, Hummingbird's.
        var fields = MetricsController.headers(format, gzipped: gzipped != nil)
        fields[.contentLength] = String(bytes.readableBytes)
        fields[.xContentTypeOptions] = "nosniff"
        fields[.date] = date
        if let serverName { fields[.server] = serverName }
        answered.increment()
        return (HTTPResponse(status: .ok, headerFields: fields), bytes)
    }
}

private final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}

/// `HTTP1Channel` with `MetricsFastLaneHandler` placed right before the async channel that feeds
/// the router: after Hummingbird's connection-state handler, so that its idle timeout and
/// graceful-shutdown bookkeeping see the requests answered here like any other.
struct FastLaneHTTP1Channel: ServerChildChannel {
    typealias Value = HTTP1Channel.Value
    let inner: HTTP1Channel
    let lane: MetricsFastLane

    func setup(channel: any Channel, logger: Logger) -> EventLoopFuture<Value> {
        // The inner setup's future is already complete: this runs at once, on the channel's loop,
        // before the first read.
        inner.setup(channel: channel, logger: logger).flatMapThrowing { value in
            let pipeline = channel.pipeline.syncOperations
            let state = try pipeline.handler(type: HTTPConnectionStateHandler.self)
            try pipeline.addHandler(MetricsFastLaneHandler(lane: lane), position: .after(state))
            return value
        }
    }

    func handle(value: Value, logger: Logger) async {
        await inner.handle(value: value, logger: logger)
    }
}

/// One connection's side of the lane. Holds a head that may be answered here until its end
/// arrives (a body part sends both on); counts the requests passed on whose answers are not yet
/// written in full, and answers nothing itself while there are any.
final class MetricsFastLaneHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let lane: MetricsFastLane
    private var held: HTTPRequest?
    private var awaitingAnswer = 0
    /// A request passed on asked to close: nothing more is answered here.
    private var closing = false
    private var date = HTTPDate()

    init(lane: MetricsFastLane) {
        self.lane = lane
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            // A client that does not read its answers is left to the router's back-pressure.
            if awaitingAnswer == 0, !closing, context.channel.isWritable, lane.mayAnswer(head) {
                held = head
                return
            }
            passOn(head, context)
        case .body:
            if let head = held {
                held = nil
                passOn(head, context)
            }
            context.fireChannelRead(data)
        case .end:
            guard let head = held else { return context.fireChannelRead(data) }
            held = nil
            guard let answer = lane.answer(head, date: date.now()) else {
                passOn(head, context)
                return context.fireChannelRead(data)
            }
            context.write(wrapOutboundOut(.head(answer.head)), promise: nil)
            context.write(wrapOutboundOut(.body(answer.body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), awaitingAnswer > 0 { awaitingAnswer -= 1 }
        context.write(data, promise: promise)
    }

    private func passOn(_ head: HTTPRequest, _ context: ChannelHandlerContext) {
        awaitingAnswer += 1
        if MetricsFastLane.closes(head) { closing = true }
        lane.passingOn(head)
        context.fireChannelRead(wrapInboundOut(.head(head)))
    }
}

/// The `Date` header (RFC 9110 IMF-fixdate), formatted once a second. Hummingbird's own cache is
/// internal to it; the names are spelled out because `strftime`'s follow the process's locale.
struct HTTPDate {
    private var second = -1
    private var text = ""
    private static let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    mutating func now() -> String {
        now(time(nil))
    }

    mutating func now(_ t: time_t) -> String {
        if t != second {
            second = t
            text = Self.format(t)
        }
        return text
    }

    static func format(_ t: time_t) -> String {
        var t = t
        var parts = tm()
        gmtime_r(&t, &parts)
        func two(_ n: Int32) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }
}
