import Domain
import Hummingbird
import NIOCore

/// Applies `Faults` to the provider API's requests: each `FaultMode` answered as a misbehaving
/// provider of this kind answers.
struct FaultMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let engine: SimulatorEngine
    /// Whose API it guards: a few faults read differently in each protocol (`foreignReply`).
    var kind: ProviderKind = .myonlinesim

    struct Dropped: Error {}

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let (mode, latency) = await engine.rollFault()
        if latency > 0 { try await Task.sleep(for: .milliseconds(latency)) }
        guard let mode else { return try await next(request, context) }
        if let answer = Self.foreignReply(mode, kind: kind, now: engine.clock.now()) { return answer }
        return try await Self.reply(mode, retryAfter: engine.faults.retryAfter)
    }

    static func reply(_ mode: FaultMode, retryAfter: Int) async throws -> Response {
        switch mode {
        case .error:
            return SimReply.error(500, "Server Error").response
        case .html:
            return page(.serviceUnavailable, "<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>We'll be back soon</h1><p>Scheduled maintenance.</p></body></html>")
        case .unauthorized:
            return SimReply.error(401, "Unauthenticated.").response
        case .loginRedirect:
            return Response(status: .found, headers: [.location: "/login"])
        case .rateLimited:
            return SimReply.error(429, "Too Many Attempts.", retryAfter: retryAfter).response
        case .pollBlock:
            return SimReply.error(403, "You are blocked for polling too fast. Try again in a minute.").response
        case .banned:
            return SimReply.error(403, "Your account is blocked: more than 50 numbers taken today and none activated. Contact support to unblock it.").response
        case .truncated:
            return json(#"{"data":[{"name":"رومانی","count":18"#)
        case .garbage:
            // PHP's plain-text warning (with display_errors in HTML mode it would start with "<br />",
            // which numwatch reads as a login page instead).
            return json("PHP Warning:  mysqli_connect(): (HY000/2002): Connection refused in /var/www/api.php on line 12\n")
        case .wrongShape:
            return json(#"{"status":"success","data":"maintenance","credit":null,"message":null}"#)
        case .oversize:
            // Valid JSON all the way (a huge list), streamed so the simulator holds one chunk.
            let row = ByteBuffer(string: String(repeating: #"{"name":"x","count":1,"price":1,"country":"x"},"#, count: 1_400))
            let chunks = (6 << 20) / row.readableBytes
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init { writer in
                try await writer.write(ByteBuffer(string: #"{"data":["#))
                for _ in 0..<chunks { try await writer.write(row) }
                try await writer.write(ByteBuffer(string: #"{"name":"x","count":1,"price":1,"country":"x"}]}"#))
                try await writer.finish(nil)
            })
        case .drop:
            // Promise a body, send part of it, then fail: the server closes the connection mid-answer.
            return Response(status: .ok, headers: [.contentType: "application/json"],
                            body: .init(contentLength: 4096) { writer in
                                try await writer.write(ByteBuffer(string: #"{"status":"succ"#))
                                throw Dropped()
                            })
        case .slow:
            try await Task.sleep(for: .seconds(30))
            return SimReply.error(504, "Gateway Timeout").response
        }
    }

    private static func json(_ body: String) -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }

    private static func page(_ status: HTTPResponse.Status, _ html: String) -> Response {
        Response(status: status, headers: [.contentType: "text/html; charset=UTF-8"], body: .init(byteBuffer: ByteBuffer(string: html)))
    }
}
