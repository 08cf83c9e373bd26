import App
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing
import Web

/// Headers and protocol details: frames, sniffing, the auth scheme's case, HEAD, and refusals
/// that are counted exactly but logged at most once a second per reason.
@Suite struct EdgeHeadersTests {
    static let authorised: HTTPFields = [.authorization: HostileServe.basic]

    @Test func pagesRefuseFramesAndNothingIsSniffed() async throws {
        try await HostileServe.run(auth: true) { _, client in
            for path in ["/", "/watch/telegram", "/alerts", "/no-such-page"] {
                let page = try await client.execute(uri: path, method: .get, headers: Self.authorised + [.accept: "text/html"], body: nil)
                #expect(page.headers[.contentSecurityPolicy]?.contains("frame-ancestors 'none'") == true, "\(path)")
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY", "\(path)")
            }
            for path in ["/metrics", "/healthz", "/api/v1/history?platform=telegram&country=romania", "/api/v1/history", "/no-such-page"] {
                let answer = try await client.execute(uri: path, method: .get, headers: Self.authorised, body: nil)
                #expect(answer.headers[.xContentTypeOptions] == "nosniff", "\(path) → \(answer.status)")
            }
            let refused = try await client.execute(uri: "/metrics", method: .get, headers: [:], body: nil)
            #expect(refused.status == .unauthorized && refused.headers[.xContentTypeOptions] == "nosniff")
        }
    }

    @Test func theAuthSchemeIsCaseInsensitive() async throws {
        try await HostileServe.run(auth: true) { _, client in
            let encoded = Data("prometheus:\(HostileServe.password)".utf8).base64EncodedString()
            for authorization in ["bearer \(HostileServe.token)", "BEARER \(HostileServe.token)", "BASIC \(encoded)", "basic  \(encoded)"] {
                let answer = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: authorization], body: nil)
                #expect(answer.status == .ok, "\(authorization.prefix(7))")
            }
            for wrong in ["bearer", "Bearer \(HostileServe.token)x", "Basic \(encoded)x", "Digest \(encoded)"] {
                let answer = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: wrong], body: nil)
                #expect(answer.status == .unauthorized, "\(wrong.prefix(7))")
            }
        }
    }

    @Test func headWorksWhereverGetDoes() async throws {
        try await HostileServe.run(auth: true) { server, client in
            #expect(try await client.execute(uri: "/healthz", method: .head, headers: [:], body: nil).status == .ok)
            for route in server.routes where route.method == .get && !route.path.contains("{") {
                let get = try await client.execute(uri: route.path, method: .get, headers: Self.authorised, body: nil)
                let head = try await client.execute(uri: route.path, method: .head, headers: Self.authorised, body: nil)
                #expect(head.status == get.status, "HEAD \(route.path)")
                #expect(head.body.readableBytes == 0, "HEAD \(route.path)")
            }
        }
    }

    @Test func aKnownPathAskedWithAnotherMethodIs405WithAllow() async throws {
        try await HostileServe.run(auth: true) { _, client in
            for (method, path, headers, allow) in [
                (HTTPRequest.Method.put, "/healthz", HTTPFields(), "GET, HEAD"), (.get, "/callback/x", [:], "POST"),
                (.delete, "/metrics", Self.authorised, "GET, HEAD"), (.post, "/watch/telegram", Self.authorised, "GET, HEAD"),
            ] {
                let answer = try await client.execute(uri: path, method: method, headers: headers, body: nil)
                #expect(answer.status == .methodNotAllowed, "\(method) \(path)")
                #expect(answer.headers[.allow] == allow, "\(method) \(path)")
            }
            // A route's own 404 stays one: the method is right, the watch is not configured.
            let unknown = try await client.execute(uri: "/watch/viber", method: .get, headers: Self.authorised, body: nil)
            #expect(unknown.status == .notFound)
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: Self.authorised, body: nil).body)
            #expect(metrics.contains(#"numwatch_http_refused_total{reason="method_not_allowed"} 4"#))
        }
    }

    /// Captured log lines (message and metadata).
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func handler(_ label: String) -> TextLogHandler {
            var handler = TextLogHandler(label: label) { line in self.lines.withLock { $0.append(line) } }
            handler.logLevel = .notice
            return handler
        }
    }

    @Test func refusalsAreCountedExactlyAndLoggedAtMostOnceASecondPerReason() async throws {
        let log = Lines()
        let logger = Logger(label: "numwatch") { log.handler($0) }
        let start = ContinuousClock.now
        let (lines, elapsed, metrics) = try await HostileServe.run(auth: true, logger: logger) { _, client in
            for _ in 0..<200 {
                _ = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer wrong"], body: nil)
            }
            for _ in 0..<50 {
                _ = try await client.execute(uri: "/no-such-page", method: .get, headers: Self.authorised, body: nil)
            }
            let elapsed = ContinuousClock.now - start
            let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get, headers: Self.authorised, body: nil).body)
            return (log.lines.withLock { $0 }.filter { $0.contains("refused request") }, elapsed, metrics)
        }
        #expect(metrics.contains(#"numwatch_http_refused_total{reason="unauthorized"} 200"#))
        #expect(metrics.contains(#"numwatch_http_refused_total{reason="not_found"} 50"#))
        let seconds = Int(elapsed.components.seconds) + 1
        let unauthorised = lines.filter { $0.contains("status=401") }.count
        let notFound = lines.filter { $0.contains("status=404") }.count
        #expect(unauthorised >= 1 && unauthorised <= seconds + 1, "\(unauthorised) lines in \(elapsed)")
        #expect(notFound >= 1 && notFound <= seconds + 1, "\(notFound) lines in \(elapsed)")
    }

    @Test func theRefusalLogSaysHowManyWentUnlogged() {
        final class Now: Sendable { let instant = Mutex(ContinuousClock.now) }
        let now = Now()
        let log = RefusalLog { now.instant.withLock { $0 } }
        #expect(log.record(.unauthorized) == 0)
        #expect(log.record(.unauthorized) == nil)
        #expect(log.record(.notFound) == 0)  // each reason has its own second
        #expect(log.record(.unauthorized) == nil)
        now.instant.withLock { $0 += .milliseconds(1_001) }
        #expect(log.record(.unauthorized) == 2)
        #expect(log.record(.unauthorized) == nil)
    }
}

private func + (a: HTTPFields, b: HTTPFields) -> HTTPFields {
    var fields = a
    fields.append(contentsOf: b)
    return fields
}
