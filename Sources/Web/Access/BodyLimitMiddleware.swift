import Hummingbird

/// Refuses, with 413, a request that announces a body larger than any route reads.
///
/// Only `POST /callback/{secret}` reads a body (and stops at the same limit itself, for chunked
/// bodies that announce no length); every other route ignores it. Answering before the body is
/// read spares buffering it: Hummingbird then reads what is sent and drops it, keeping the
/// connection for the client's next request (no `Connection: close` it would not honour).
package struct BodyLimitMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The largest body any route reads: the callback's push.
    package static var maxBytes: Int { CallbackController.maxBodyBytes }

    package init() {}

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > Self.maxBytes {
            throw HTTPError(.contentTooLarge, message: "body larger than \(Self.maxBytes) bytes")
        }
        return try await next(request, context)
    }
}
