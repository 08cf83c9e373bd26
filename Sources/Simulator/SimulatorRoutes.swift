import Foundation
import Hummingbird
import NIOCore

/// The provider's API, served from a `SimulatorEngine`.
struct ProviderRoutes {
    let engine: SimulatorEngine
    let token: String

    func register(on router: Router<BasicRequestContext>) {
        router.get("login") { _, _ in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: "<!DOCTYPE html><html><head><title>Login</title></head><body><form>…</form></body></html>")))
        }
        let api = router.group("api/v1")
            .add(middleware: FaultMiddleware(engine: engine))
            .add(middleware: TokenMiddleware(engine: engine, token: token))
        api.get("user/credit") { _, _ in await engine.creditReply().response }
        api.post("pricing") { request, _ in
            guard let p = try? await RequestParameters.parse(request) else { return SimReply.invalidJSON.response }
            return await engine.pricing(p.codes).response
        }
        api.post("number") { request, _ in
            guard let p = try? await RequestParameters.parse(request) else { return SimReply.invalidJSON.response }
            return await engine.take(p.codes, country: p.country, callback: p.callback).response
        }
        api.get("number/:id") { _, context in
            await engine.check(context.parameters.get("id") ?? "").response
        }
        api.delete("number/:id") { _, context in
            await engine.cancel(context.parameters.get("id") ?? "").response
        }
    }
}

extension SimReply {
    static let invalidJSON = SimReply.error(400, "The request body is not valid JSON.")

    var response: Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        if let retryAfter { headers[.retryAfter] = String(retryAfter) }
        return Response(status: .init(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(string: body.rendered)))
    }
}

/// Bearer token check, answering as servers of this family do: JSON 401 to a client that asks for
/// JSON, a redirect to the login page to one that does not. Then the account gate (ban, block).
struct TokenMiddleware: RouterMiddleware {
    typealias Context = BasicRequestContext
    let engine: SimulatorEngine
    let token: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let presented = request.headers[.authorization].flatMap { header -> String? in
            header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        }
        guard presented == token else {
            let wantsJSON = request.headers[.accept]?.lowercased().contains("json") ?? false
            if wantsJSON { return SimReply.error(401, "Unauthenticated.").response }
            return Response(status: .found, headers: [.location: "/login"])
        }
        if let refused = await engine.gate() { return refused.response }
        return try await next(request, context)
    }
}
