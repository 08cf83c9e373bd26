import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// Why a request was refused: the `reason` of `numwatch_http_refused_total`.
package enum RefusalReason: String, CaseIterable, Sendable {
    case unauthorized, notFound = "not_found", methodNotAllowed = "method_not_allowed"
    case tooLarge = "too_large", badRequest = "bad_request", otherClientError = "other"

    init(_ status: HTTPResponse.Status) {
        self = switch status {
        case .unauthorized: .unauthorized
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .contentTooLarge: .tooLarge
        case .badRequest: .badRequest
        default: .otherClientError
        }
    }
}

/// Counts every refused request (a 4xx) by reason, exactly, and logs at most one line a second
/// per reason, saying how many went unlogged since: a stranger sending thousands of bad requests
/// cannot fill the disk or bury the lines that matter.
package final class RefusalLog: InstantMetricsCollector {
    private struct State {
        var counts: [RefusalReason: UInt64] = [:]
        /// Per reason: when its last line was written, and how many refusals went unlogged since.
        var lastLine: [RefusalReason: (at: ContinuousClock.Instant, skipped: UInt64)] = [:]
        var generation: UInt64 = 0
    }

    private let state = Mutex(State())
    private let now: @Sendable () -> ContinuousClock.Instant

    package init(now: @escaping @Sendable () -> ContinuousClock.Instant = { ContinuousClock.now }) {
        self.now = now
    }

    /// Counts one refusal; returns how many were left unlogged before it when this one is to be
    /// logged, `nil` when the reason already had its line this second.
    package func record(_ reason: RefusalReason) -> UInt64? {
        let at = now()
        return state.withLock { s in
            s.counts[reason, default: 0] += 1
            s.generation &+= 1
            if let last = s.lastLine[reason], at < last.at + .seconds(1) {
                s.lastLine[reason] = (last.at, last.skipped + 1)
                return nil
            }
            let skipped = s.lastLine[reason]?.skipped ?? 0
            s.lastLine[reason] = (at, 0)
            return skipped
        }
    }

    package var currentGeneration: UInt64 { state.withLock { $0.generation } }

    package func collect(into w: inout ExpositionWriter) async {
        let counts = state.withLock { $0.counts }
        w.family("numwatch_http_refused_total", .counter,
                 help: "Requests refused with a 4xx, by reason (unauthorized, not_found, method_not_allowed, too_large, bad_request, other).")
        for reason in RefusalReason.allCases {
            w.sample("numwatch_http_refused_total", ["reason": reason.rawValue], Double(counts[reason] ?? 0))
        }
    }
}

/// The outermost middleware: counts and logs (rate-limited) every 4xx, and gives every answer the
/// headers it needs — `X-Content-Type-Options: nosniff` on all (JSON and `/metrics` must not be
/// sniffed into HTML), and `X-Frame-Options: DENY` on pages, which also say `frame-ancestors
/// 'none'` in their policy. HTTP errors are made into their answers here, so they get them too.
package struct EdgeMiddleware<Context: RequestContext>: RouterMiddleware {
    let refusals: RefusalLog

    package init(refusals: RefusalLog) {
        self.refusals = refusals
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError {
            response = try error.response(from: request, context: context)
        }
        if (400..<500).contains(response.status.code) { refused(response.status, request: request, context: context) }
        response.headers[.xContentTypeOptions] = "nosniff"
        if response.headers[.contentType]?.hasPrefix("text/html") == true { response.headers[.xFrameOptions] = "DENY" }
        return response
    }

    private func refused(_ status: HTTPResponse.Status, request: Request, context: Context) {
        guard let skipped = refusals.record(RefusalReason(status)) else { return }
        // Never the callback's path: it holds the secret (or a guess at it).
        let path = request.uri.path.hasPrefix("/callback/") ? "/callback/…" : String(request.uri.path.prefix(200))
        var metadata: Logger.Metadata = ["status": "\(status.code)", "method": "\(request.method)", "path": "\(path)"]
        if skipped > 0 { metadata["unlogged_since"] = "\(skipped)" }
        context.logger.notice("refused request", metadata: metadata)
    }
}

extension HTTPField.Name {
    static let xFrameOptions = Self("X-Frame-Options")!
}
