import HTTPTypes
import Hummingbird
import Synchronization

/// The routes a router answers, filled in once they are all added (the middleware that reads
/// it is added before them).
package final class RouteTable: Sendable {
    private let routes = Mutex<[(method: HTTPRequest.Method, segments: [Substring])]>([])

    package init() {}

    package func set(_ routes: [(method: HTTPRequest.Method, path: String)]) {
        let parsed = routes.map { ($0.method, $0.path.split(separator: "/")) }
        self.routes.withLock { $0 = parsed }
    }

    /// The methods some route answers at `path` (a `{capture}` matches any one segment); HEAD
    /// wherever GET.
    func methods(at path: String) -> Set<HTTPRequest.Method> {
        let given = path.split(separator: "/")
        var methods = Set(routes.withLock { $0 }.filter { route in
            route.segments.count == given.count && zip(route.segments, given).allSatisfy { $0 == $1 || $0.hasPrefix("{") }
        }.map(\.method))
        if methods.contains(.get) { methods.insert(.head) }
        return methods
    }
}

/// A known path asked with a method no route there answers is a 405 with `Allow`, not the 404
/// Hummingbird gives it: the innermost middleware, where the router's "not found" is thrown.
package struct MethodCheckMiddleware<Context: RequestContext>: RouterMiddleware {
    let table: RouteTable

    package init(table: RouteTable) {
        self.table = table
    }

    package func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let methods = table.methods(at: request.uri.path)
            guard !methods.isEmpty, !methods.contains(request.method) else { throw error }
            throw HTTPError(.methodNotAllowed, headers: [.allow: methods.map(\.rawValue).sorted().joined(separator: ", ")])
        }
    }
}
