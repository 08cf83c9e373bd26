import App
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing
import Web

/// `serve` as built from a configuration file: `http.auth`, the body limit and `http.idle_timeout`
/// wired through `NumwatchServer.build`, and where it listens by default.
@Suite struct ServeAccessTests {
    static let password = "PASSWORDxSECRETx3e8f"
    static let token = "BEARERxSECRETx0123456789abcdef"

    /// A configuration in a fresh directory, the password in a file beside it; the provider is
    /// unreachable (the sampler's failures do not matter here).
    static func configured(_ http: String) throws -> (config: NumwatchConfig, directory: URL) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-access-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try "\(password)\n".write(to: directory.appendingPathComponent("http-password"), atomically: true, encoding: .utf8)
        let yaml = """
            provider:
              base_url: http://127.0.0.1:1/
            storage:
              path: numwatch.sqlite
            watches:
              - services: [telegram]
            \(http)
            """
        return (try ConfigLoader.parse(yaml: yaml, file: directory.appendingPathComponent("numwatch.yml").path), directory)
    }

    static let quiet: Logger = {
        var logger = Logger(label: "numwatch")
        logger.logLevel = .critical
        return logger
    }()

    @Test func authBodyLimitAndIdleTimeoutFromTheFile() async throws {
        let (config, directory) = try Self.configured("""
            http:
              listen: 127.0.0.1:0
              idle_timeout: 3s
              auth:
                username: prometheus
                password_file: http-password
                bearer_token_env: NUMWATCH_HTTP_TOKEN
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let server = try NumwatchServer.build(
            config: config, environment: ["NUMWATCH_TOKEN": "provider-token", "NUMWATCH_HTTP_TOKEN": Self.token], port: 0, logger: Self.quiet)
        let basic = "Basic " + Data("prometheus:\(Self.password)".utf8).base64EncodedString()
        try await exercise(server, basic: basic)
    }

    func exercise(_ server: NumwatchServer, basic: String) async throws {
        try await server.application.test(.live) { client in
            #expect(try await client.execute(uri: "/metrics", method: .get).status == .unauthorized)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: basic]).status == .ok)
            #expect(try await client.execute(uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(Self.token)"]).status == .ok)
            #expect(try await client.execute(uri: "/", method: .get, headers: [.authorization: basic]).status == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)

            // 413 from the announced length, once the credentials are accepted: a stranger gets
            // the 401 first, which says nothing of what is behind it.
            let limit = BodyLimitMiddleware<WebRequestContext>.maxBytes
            for (authorization, status) in [(basic, HTTPResponse.Status.contentTooLarge), ("", .unauthorized)] {
                let big = try await client.execute(uri: "/metrics", method: .post, headers: [.authorization: authorization],
                                                   body: ByteBuffer(repeating: 0x61, count: limit + 1))
                #expect(big.status == status)
            }
            let atLimit = try await client.execute(uri: "/metrics", method: .post, headers: [.authorization: basic],
                                                   body: ByteBuffer(repeating: 0x61, count: limit))
            #expect(atLimit.status != .contentTooLarge)

            // Last, and with 3s rather than 1s: the test client's own kept-alive connection must
            // not be cut between the requests above on a loaded machine.
            let socket = try RawSocket(port: client.port!)
            let start = ContinuousClock.now
            #expect(await socket.closed(within: .seconds(9)))
            let after = ContinuousClock.now - start
            #expect(after > .seconds(2.4) && after < .seconds(5), "idle connection closed after \(after)")
        }
    }

    @Test func listensOnLoopbackByDefault() async throws {
        let (config, directory) = try Self.configured("")
        defer { try? FileManager.default.removeItem(at: directory) }
        #expect(config.http.host == "127.0.0.1" && config.http.idleTimeout == .seconds(30) && config.http.auth == nil)
        let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": "provider-token"], logger: Self.quiet)
        #expect(server.application.configuration.address == .hostname("127.0.0.1", port: 9464))
    }

    @Test func aMissingSecretStopsTheStartNamingFileLineAndKey() async throws {
        let (config, directory) = try Self.configured("""
            http:
              auth:
                username: prometheus
                password_env: NUMWATCH_HTTP_PASSWORD
                bearer_token_file: no-such-file
            """)
        defer { try? FileManager.default.removeItem(at: directory) }
        let error = #expect(throws: ConfigErrors.self) {
            try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": "provider-token"], logger: Self.quiet)
        }
        let file = directory.appendingPathComponent("numwatch.yml").path
        #expect(error?.description == """
            config error: \(file):10: http.auth.password_env: environment variable NUMWATCH_HTTP_PASSWORD is not set or empty
            config error: \(file):11: http.auth.bearer_token_file: cannot read the bearer token file: no such file
            """)
    }
}
