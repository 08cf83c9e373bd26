import App
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import ProviderAPI
import Sampler
import Store
import Testing
import Web

/// `http.auth` on serve's own router: who gets in, what a refusal looks like, what stays open.
@Suite struct AccessTests {
    static let user = "prometheus"
    static let password = "PASSWORDxSECRETx3e8f"
    static let token = "BEARERxSECRETx0123456789abcdef"
    static let both = HTTPCredentials(basic: .init(username: user, password: password), bearerToken: token)
    static let callbackSecret = "cb-0123456789abcdef-XYZ"

    /// The report's fixture behind `credentials`, with the callback route as `serve` adds it.
    static func app(_ credentials: HTTPCredentials?) async throws -> some ApplicationProtocol {
        let store = try await ReportFixture.seededStore()
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: [StoreCollector(store: store, watches: ReportFixture.watches)]), store: store,
            watches: ReportFixture.watches, creditInterval: .seconds(60), retention: RetentionPolicy(), alerts: nil,
            wallClock: ManualWallClock(Timestamp(microsecondsSince1970: ReportFixture.now * 1_000_000)), credentials: credentials)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        CallbackController(secret: callbackSecret, recorder: CallbackTests.RecordingPushes(), logger: logger).addRoutes(to: router)
        return Application(router: router)
    }

    static func basic(_ user: String, _ password: String) -> String {
        "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// Every protected route, an unknown path, and paths that try to pass for an open one.
    static let protected = [
        "/", "/watch/telegram", "/alerts", "/metrics", "/api/v1/history?platform=telegram&country=romania",
        "/no-such-page", "//metrics", "/healthz/../metrics", "/callback/../metrics", "/HEALTHZ",
    ]

    @Test func withoutCredentialsEveryRouteButTheProbesIs401WithBothChallenges() async throws {
        try await Self.app(Self.both).test(.router) { client in
            for path in Self.protected {
                let json = try await client.execute(uri: path, method: .get, headers: [.accept: "application/json"])
                #expect(json.status == .unauthorized, "\(path)")
                #expect(json.headers[values: .wwwAuthenticate] == [#"Basic realm="numwatch", charset="UTF-8""#, #"Bearer realm="numwatch""#])
                #expect(json.headers[.contentType]?.hasPrefix("application/json") == true, "\(path)")
                #expect(String(buffer: json.body).hasPrefix(#"{"error":{"message":"#), "\(path)")

                let html = try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"])
                #expect(html.status == .unauthorized, "\(path)")
                #expect(html.headers[values: .wwwAuthenticate].count == 2, "\(path)")
                #expect(html.headers[.contentType] == "text/html; charset=utf-8", "\(path)")
                // The page names no watched platform: a stranger learns nothing of what is watched.
                #expect(!String(buffer: html.body).contains("/watch/"), "\(path)")
            }
            for method in [HTTPRequest.Method.post, .put, .delete, .head] {
                #expect(try await client.execute(uri: "/metrics", method: method).status == .unauthorized)
            }
        }
    }

    @Test func theProbesAndTheCallbackAnswerWithoutCredentials() async throws {
        try await Self.app(Self.both).test(.router) { client in
            // The status alone: the full answer names the watches and the provider's messages.
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(String(buffer: health.body) == #"{"status":"ok"}"#)
            let ready = try await client.execute(uri: "/readyz", method: .get)
            #expect(ready.status != .unauthorized)
            #expect([#"{"status":"ready"}"#, #"{"status":"not ready"}"#].contains(String(buffer: ready.body)))
            let full = try await client.execute(uri: "/healthz", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(String(buffer: full.body).contains("targets"))
            // The callback keeps its own secret: a wrong one is the usual 404, the right one is heard.
            #expect(try await client.execute(uri: "/callback/wrong-guess", method: .post).status == .notFound)
            let push = try await client.execute(uri: "/callback/\(Self.callbackSecret)", method: .post, body: ByteBuffer(string: "{}"))
            #expect(push.status == .badRequest)
        }
    }

    @Test func basicAndBearerBothGetIn() async throws {
        try await Self.app(Self.both).test(.router) { client in
            for authorization in [Self.basic(Self.user, Self.password), "Bearer \(Self.token)"] {
                for path in ["/", "/watch/telegram", "/alerts", "/metrics", "/api/v1/history?platform=telegram&country=romania"] {
                    let response = try await client.execute(uri: path, method: .get, headers: [.authorization: authorization])
                    #expect(response.status == .ok, "\(path) with \(authorization.prefix(6))")
                }
                // Credentials do not turn an unknown path into something else.
                #expect(try await client.execute(uri: "/nothing", method: .get, headers: [.authorization: authorization]).status == .notFound)
            }
        }
    }

    @Test func wrongCredentialsAreRefusedAndNeverEchoed() async throws {
        let wrong = [
            Self.basic(Self.user, Self.password + "x"), Self.basic(Self.user + "x", Self.password), Self.basic("", Self.password),
            Self.basic(Self.user, String(Self.password.dropLast())), "Bearer \(Self.token)x", "Bearer \(Self.password)",
            "Bearer " + String(Self.token.dropLast()), "Token \(Self.token)", Self.basic(Self.user, Self.token),
            "Basic !!!not-base64", "Basic " + Data(Self.password.utf8).base64EncodedString(),
        ]
        try await Self.app(Self.both).test(.router) { client in
            for authorization in wrong {
                for accept in ["text/html", "application/json"] {
                    let response = try await client.execute(
                        uri: "/metrics", method: .get, headers: [.authorization: authorization, .accept: accept])
                    #expect(response.status == .unauthorized, "\(authorization)")
                    let said = String(buffer: response.body) + response.headers.map(\.value).joined(separator: "\n")
                    for secret in [Self.password, Self.token, String(Self.token.dropLast()), authorization] {
                        #expect(!said.contains(secret), "\(authorization) (\(accept))")
                    }
                }
            }
        }
    }

    @Test func onlyTheConfiguredSchemeIsOfferedAndAccepted() async throws {
        let basicOnly = HTTPCredentials(basic: .init(username: Self.user, password: Self.password), bearerToken: nil)
        try await Self.app(basicOnly).test(.router) { client in
            let refused = try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.token)"])
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[values: .wwwAuthenticate] == [#"Basic realm="numwatch", charset="UTF-8""#])
        }
        let bearerOnly = HTTPCredentials(basic: nil, bearerToken: Self.token)
        try await Self.app(bearerOnly).test(.router) { client in
            let refused = try await client.execute(
                uri: "/metrics", method: .get, headers: [.authorization: Self.basic(Self.user, Self.password)])
            #expect(refused.status == .unauthorized)
            #expect(refused.headers[values: .wwwAuthenticate] == [#"Bearer realm="numwatch""#])
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.token)"]).status == .ok)
        }
    }

    /// The default: no `http.auth`, nothing asked (the demo and CI run like this).
    @Test func withoutAuthConfiguredNothingIsAsked() async throws {
        try await Self.app(nil).test(.router) { client in
            for path in ["/", "/metrics", "/alerts", "/api/v1/history?platform=telegram&country=romania"] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.wwwAuthenticate] == nil)
            }
        }
    }

    @Test func credentialsAreNeverPrinted() {
        let shown = "\(Self.both) \(String(reflecting: Self.both)) \(Self.both.basic!) \(String(reflecting: Self.both.basic!))"
        #expect(!shown.contains(Self.password) && !shown.contains(Self.token))
        #expect(Self.both.description == "basic (prometheus) and bearer")
    }
}
