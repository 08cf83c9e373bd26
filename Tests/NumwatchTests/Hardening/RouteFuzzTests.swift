import App
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import Web

/// Every route the router has — read from the router, so a route added later is fuzzed without
/// editing this test — gets every hostile value of the corpus in every query parameter numwatch
/// reads (`QueryParameter`), an unknown one and a repeated key, in its path captures and as a
/// body, with GET, HEAD, POST, PUT and DELETE, with `http.auth` off and on (with and without
/// credentials). Nothing may answer 5xx; `/healthz` answers after each route; a caller without
/// credentials is never told a watch's name.
@Suite struct RouteFuzzTests {
    static let methods: [HTTPRequest.Method] = [.get, .head, .post, .put, .delete]
    static let bodyTypes: [String?] = [nil, "application/json", "application/x-www-form-urlencoded", "multipart/form-data; boundary=X"]
    /// Parameters are sent together, split over several requests where one URL would pass this:
    /// the HTTP parser's limit on a request head is 80 KB.
    static let maxURLBytes = 24 * 1024

    @Test(arguments: [false, true])
    func noRouteAnswers5xxToAnyHostileValue(auth: Bool) async throws {
        let (requests, routes) = try await HostileServe.run(auth: auth) { server, client in
            let paths = Array(Set(server.routes.map(\.path))).sorted()
            var requests = 0
            for route in paths {
                for target in Self.targets(route) {
                    for method in Self.methods {
                        // Also wrapped as one multipart part, so the multipart reader gets past its first delimiter.
                        let value = requests % 8 == 3 ? "--X\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n\(target.value)\r\n--X--" : target.value
                        let body = method == .post || method == .put ? ByteBuffer(string: value) : nil
                        for authorization in auth ? [nil, HostileServe.basic] : [nil] {
                            var headers: HTTPFields = [.accept: requests % 2 == 0 ? "text/html" : "application/json"]
                            if let authorization { headers[.authorization] = authorization }
                            // A body in turn as each encoding a route may read (the push reads three).
                            if body != nil, let type = Self.bodyTypes[requests % Self.bodyTypes.count] { headers[.contentType] = type }
                            let response: TestResponse
                            do {
                                response = try await client.execute(uri: target.uri, method: method, headers: headers, body: body)
                            } catch {
                                Issue.record("\(method) \(target.uri.prefix(200)): no answer: \(error)")
                                continue
                            }
                            requests += 1
                            #expect(response.status.code < 500, "\(method) \(target.uri.prefix(200)) → \(response.status)")
                            if auth, authorization == nil {
                                let text = String(buffer: response.body)
                                #expect(!HostileServe.platforms.contains { text.contains($0) }, "\(method) \(target.uri.prefix(200)) names a watch")
                            }
                        }
                    }
                }
                let health = try await client.execute(uri: "/healthz", method: .get, headers: [:], body: nil)
                #expect(health.status == .ok, "/healthz after \(route)")
            }
            return (requests, paths)
        }
        #expect(Set(routes).isSuperset(of: ["/metrics", "/healthz", "/readyz", "/api/v1/history", "/", "/watch/{platform}", "/alerts", "/callback/{secret}"]))
        print("route fuzzer, http.auth \(auth ? "on" : "off"): \(requests) requests to \(routes.count) routes"
            + " (\(HostileCorpus.values.count) hostile values, \(QueryParameter.allCases.count) parameters, \(Self.methods.count) methods)")
    }

    /// What no well-behaved client sends — raw markup, controls and invalid UTF-8 in the request
    /// line or a header — goes to serve on a socket of its own: it answers 400 or hangs up, and
    /// answers the next client.
    @Test func requestLinesNoClientWouldSendDoNotStopServe() async throws {
        let lines = [
            "GET /?since=<script>\u{1}\u{1B}[31m HTTP/1.1", "GET /watch/\u{202E}x HTTP/1.1", "GET /\u{0}metrics HTTP/1.1",
            "GET " + String(repeating: "/a", count: 50_000) + " HTTP/1.1", "BREW /metrics HTTP/1.1", "GET /metrics HTTP/9.9",
        ]
        let requests = try await HostileServe.run(auth: true) { _, client in
            var sent = 0
            for line in lines {
                for header in ["Host: x", "Host: x\r\nAuthorization: \u{1B}Basic \u{FF}", "Host: x\r\nContent-Length: -1"] {
                    let socket = try RawSocket(port: client.port!)
                    _ = socket.send(line + "\r\n" + header + "\r\n\r\n")
                    let answer = await socket.answerOrClose(within: .seconds(10)) ?? ""
                    #expect(!answer.hasPrefix("HTTP/1.1 5"), "\(line.prefix(60).debugDescription) → \(answer.prefix(40).debugDescription)")
                    sent += 1
                    #expect(try await client.execute(uri: "/healthz", method: .get, headers: [:], body: nil).status == .ok)
                }
            }
            return sent
        }
        print("route fuzzer, raw request lines: \(requests) requests")
    }

    struct Target {
        var uri: String
        /// The value sent, as the body of a POST or PUT.
        var value: String
    }

    /// For each hostile value and each of its URL forms: the route with real captures and every
    /// parameter set to the value (plus an unknown one and a repeated `platform`), and, for a
    /// route with captures, the route with the value in each capture.
    static func targets(_ route: String) -> [Target] {
        let real = HostileServe.path(route) { HostileServe.realistic($0) }
        var targets: [Target] = []
        for value in HostileCorpus.values {
            for form in HostileCorpus.urlForms(value) {
                let pairs = QueryParameter.allCases.map { "\($0.rawValue)=\(form)" } + ["no_such_parameter=\(form)", "platform=telegram", "platform=\(form)"]
                var query: [String] = []
                for pair in pairs {
                    if !query.isEmpty, real.utf8.count + query.joined(separator: "&").utf8.count + pair.utf8.count > maxURLBytes {
                        targets.append(Target(uri: real + "?" + query.joined(separator: "&"), value: value))
                        query = []
                    }
                    query.append(pair)
                }
                targets.append(Target(uri: real + "?" + query.joined(separator: "&"), value: value))
                if route.contains("{"), form.utf8.count <= maxURLBytes {
                    targets.append(Target(uri: HostileServe.path(route) { _ in form }, value: value))
                }
            }
        }
        return targets
    }
}
