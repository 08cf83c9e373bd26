import Config
import Hummingbird
import NIOCore

/// `http.auth`: every request needs the configured credentials — HTTP basic, a bearer token, or
/// either when both are configured — except the few paths that must answer without them.
///
/// Deny by default: the check is on the path of every request, so a route added later, an
/// unknown path (401, not 404: no map of the routes for strangers) and every method are covered.
/// A refusal is an `HTTPError`, so the error middleware makes it a page for browsers (which then
/// ask for a password) and JSON for scripts. The credentials presented are never echoed or logged.
package struct AuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let credentials: HTTPCredentials

    package init(credentials: HTTPCredentials) {
        self.credentials = credentials
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let accepted = Self.accepts(request.headers, credentials)
        if !accepted, Self.isProbe(request.uri.path) {
            // A probe without credentials learns up or not: the full answer names the watches,
            // the provider's last messages (an account ban, say) and database errors.
            let response = try await next(request, context)
            let status = response.status.code < 300 ? (request.uri.path == "/readyz" ? "ready" : "ok") : "not ready"
            return Response(status: response.status, headers: [.contentType: "application/json"],
                            body: .init(byteBuffer: ByteBuffer(string: #"{"status":"\#(status)"}"#)))
        }
        guard accepted || Self.isOpen(request.uri.path) else {
            // Logged (at most once a second) and counted by the refusal middleware.
            throw HTTPError(.unauthorized, headers: challenges,
                            message: "This numwatch needs a user name and password or a bearer token (http.auth).")
        }
        return try await next(request, context)
    }

    /// `/healthz` and `/readyz` are for probes that carry no credentials (systemd, a load
    /// balancer), which get the status alone; `/callback/{secret}` has its own secret in the path.
    /// Exact paths only: `/healthz/../metrics` or `//metrics` are not open.
    static func isOpen(_ path: String) -> Bool {
        isProbe(path) || (path.hasPrefix("/callback/") && !path.contains(".."))
    }

    static func isProbe(_ path: String) -> Bool { path == "/healthz" || path == "/readyz" }

    /// Both parts of a basic pair are compared in full before deciding, so the time taken does
    /// not say which one was wrong.
    /// `nil` credentials (no `http.auth`) accept everyone.
    static func accepts(_ headers: HTTPFields, _ credentials: HTTPCredentials?) -> Bool {
        guard let credentials else { return true }
        switch AuthorizationHeader(headers) {
        case let .basic(username, password)?:
            guard let expected = credentials.basic else { return false }
            let user = ConstantTime.equals(username, expected.username)
            let secret = ConstantTime.equals(password, expected.password)
            return user && secret
        case let .bearer(token)?:
            guard let expected = credentials.bearerToken else { return false }
            return ConstantTime.equals(token, expected)
        case nil:
            return false
        }
    }

    /// One `WWW-Authenticate` per scheme configured: browsers answer the Basic one with a login box.
    var challenges: HTTPFields {
        var fields = HTTPFields()
        fields[values: .wwwAuthenticate] = [
            credentials.basic.map { _ in #"Basic realm="numwatch", charset="UTF-8""# },
            credentials.bearerToken.map { _ in #"Bearer realm="numwatch""# },
        ].compactMap { $0 }
        return fields
    }
}
