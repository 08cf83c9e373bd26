import App
import Config
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Web

/// `serve` as `numwatch serve` builds it from a file — two watches, the callback route, and
/// `http.auth` on or off — for the tests that send it hostile requests. The provider is
/// unreachable: what the sampler finds does not matter here.
enum HostileServe {
    static let platforms = ["telegram", "telegram+whatsapp"]
    static let callbackSecret = "CALLBACKxFUZZx0123456789"
    static let password = "PASSWORDxFUZZx3e8f"
    static let token = "BEARERxFUZZx0123456789abcdef"
    static let basic = "Basic " + Data("prometheus:\(password)".utf8).base64EncodedString()
    static let environment = [
        "NUMWATCH_TOKEN": "provider-token", "NUMWATCH_CALLBACK_SECRET": callbackSecret,
        "NUMWATCH_HTTP_PASSWORD": password, "NUMWATCH_HTTP_TOKEN": token,
    ]

    /// Runs `body` with the server (its routes) and a live client, then shuts it down.
    static func run<T: Sendable>(
        auth: Bool, logger: Logger = quiet, _ body: @Sendable (NumwatchServer, any TestClientProtocol) async throws -> T
    ) async throws -> T {
        let directory = try TemporaryDirectory.create("nw-hostile")
        defer { TemporaryDirectory.remove(directory) }
        let authKeys = "\n  auth:\n    username: prometheus\n    password_env: NUMWATCH_HTTP_PASSWORD\n    bearer_token_env: NUMWATCH_HTTP_TOKEN"
        let yaml = """
            provider:
              base_url: http://127.0.0.1:1/
            # The provider never answers: an hour's interval keeps /readyz from turning 503 (no
            # sample for three intervals) while a slow machine is still fuzzing.
            sampling:
              interval: 1h
              credit_interval: 1h
            storage:
              path: \(directory.path)/numwatch.sqlite
            watches:
              - services: [telegram]
              - services: [telegram, whatsapp]
            callback:
              public_url: https://numwatch.example
            http:
              listen: 127.0.0.1:0\(auth ? authKeys : "")
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: directory.appendingPathComponent("numwatch.yml").path)
        let server = try NumwatchServer.build(config: config, environment: environment, port: 0, logger: logger)
        return try await server.application.test(.live) { client in try await body(server, client) }
    }

    static let quiet: Logger = {
        var logger = Logger(label: "numwatch")
        logger.logLevel = .critical
        return logger
    }()

    /// A route's path with its captures (`{platform}`) filled by `fill(name)`.
    static func path(_ route: String, fill: (String) -> String) -> String {
        "/" + route.split(separator: "/").map { segment in
            segment.hasPrefix("{") && segment.hasSuffix("}") ? fill(String(segment.dropFirst().dropLast())) : String(segment)
        }.joined(separator: "/")
    }

    /// A real value for a capture, so the parameters behind it are reached.
    static func realistic(_ capture: String) -> String {
        switch capture {
        case "platform": "telegram"
        case "secret": callbackSecret
        default: "x"
        }
    }
}
