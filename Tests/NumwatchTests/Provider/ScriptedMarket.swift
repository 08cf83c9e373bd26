import AsyncHTTPClient
import Domain
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
@testable import ProviderAPI
import Synchronization

/// A provider whose answers the test sets: each route (`getPrices`, `getCountries`, … for
/// sms_activate; `prices`, `countries`, `profile` for 5sim) answers its current reply, and every
/// request is recorded (its route, query and Authorization header).
final class ScriptedMarket: Sendable {
    struct Reply: Sendable {
        var status: HTTPResponse.Status = .ok
        var body: String
        var contentType = "text/plain"
        var retryAfter: String?

        static func json(_ body: String, status: HTTPResponse.Status = .ok) -> Reply {
            Reply(status: status, body: body, contentType: "application/json")
        }

        static func fixture(_ path: String) -> Reply {
            let data = try! NumwatchTests.fixture(path)
            return Reply(body: String(decoding: data, as: UTF8.self), contentType: path.hasSuffix(".json") ? "application/json" : "text/plain")
        }
    }

    struct Asked: Sendable {
        let route: String
        let query: [String: String]
        let authorization: String?
    }

    private let replies = Mutex<[String: Reply]>([:])
    private let log = Mutex<[Asked]>([])

    init(_ replies: [String: Reply] = [:]) {
        self.replies.withLock { $0 = replies }
    }

    func set(_ route: String, _ reply: Reply) { replies.withLock { $0[route] = reply } }

    var asked: [Asked] { log.withLock { $0 } }

    func count(_ route: String) -> Int { asked.filter { $0.route == route }.count }

    private func answer(_ route: String, _ request: Request) -> Response {
        let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }) { first, _ in first }
        log.withLock { $0.append(Asked(route: route, query: query, authorization: request.headers[.authorization])) }
        guard let reply = replies.withLock({ $0[route] }) else {
            return Response(status: .notFound, headers: [.contentType: "text/plain"], body: .init(byteBuffer: ByteBuffer(string: "no reply set")))
        }
        var headers: HTTPFields = [.contentType: reply.contentType]
        if let retryAfter = reply.retryAfter { headers[.retryAfter] = retryAfter }
        return Response(status: reply.status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: reply.body)))
    }

    /// sms_activate's handler, at `stubs/handler_api.php`: the route is the `action`.
    var smsActivateRouter: Router<BasicRequestContext> {
        let router = Router()
        router.get("stubs/handler_api.php") { request, _ -> Response in
            self.answer(request.uri.queryParameters["action"].map(String.init) ?? "", request)
        }
        return router
    }

    /// 5sim's routes, under `v1/`.
    var fiveSimRouter: Router<BasicRequestContext> {
        let router = Router()
        router.get("v1/guest/prices") { request, _ -> Response in self.answer("prices", request) }
        router.get("v1/guest/countries") { request, _ -> Response in self.answer("countries", request) }
        router.get("v1/user/profile") { request, _ -> Response in self.answer("profile", request) }
        return router
    }

    /// Serves `router` on a free loopback port while `body` runs with the base URL and a client.
    static func serve<T: Sendable>(
        _ router: Router<BasicRequestContext>, _ body: @Sendable (_ baseURL: String, _ http: HTTPClient) async throws -> T
    ) async throws -> T {
        let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(redirectConfiguration: .disallow))
        do {
            let result = try await serveOnLoopback(router) { baseURL, _ in try await body(baseURL, http) }
            try await http.shutdown()
            return result
        } catch {
            try? await http.shutdown()
            throw error
        }
    }
}

/// Every `ProviderRequestObserver` report: requests by endpoint and code, and calls that ended.
final class MarketObserver: ProviderRequestObserver, Sendable {
    private let state = Mutex<(requests: [String], calls: [String])>(([], []))

    func providerRequestFinished(endpoint: ProviderEndpoint, code: String, seconds: Double) {
        state.withLock { $0.requests.append("\(endpoint.rawValue) \(code)") }
    }

    func providerCallFinished(endpoint: ProviderEndpoint, succeeded: Bool) {
        state.withLock { $0.calls.append("\(endpoint.rawValue) \(succeeded ? "up" : "down")") }
    }

    var requests: [String] { state.withLock { $0.requests } }
    var calls: [String] { state.withLock { $0.calls } }
}
