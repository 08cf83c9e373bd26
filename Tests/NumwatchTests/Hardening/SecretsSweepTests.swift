import App
import Config
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProviderAPI
import Simulator
import Synchronization
import Testing

/// Every secret numwatch is given — the provider token, a webhook's HMAC secret, a secret in a
/// webhook URL's path and query, the callback secret, the HTTP password and bearer token — made
/// recognisable, then looked for in everything numwatch says: its log, /metrics, every page, the
/// JSON API, refusals of wrong credentials, the webhook it sends, and the CLI's output. Zero hits.
@Suite struct SecretsSweepTests {
    static let secrets = [
        "token": "TOKENxSECRETx7c1e9a",
        "hmac": "HMACxSECRETx41f0",
        "path": "PATHxSECRETx9d2b",
        "query": "QUERYxSECRETx55aa",
        "callback": "CALLBACKxSECRETx0123456789",
        "password": "PASSWORDxSECRETx3e8f",
        "bearer": "BEARERxSECRETx0123456789abcdef",
    ]

    /// What serve and check-config read the secrets from.
    static let environment = [
        "NUMWATCH_TOKEN": secrets["token"]!, "NUMWATCH_CALLBACK_SECRET": secrets["callback"]!,
        "NUMWATCH_HTTP_PASSWORD": secrets["password"]!, "NUMWATCH_HTTP_TOKEN": secrets["bearer"]!,
    ]
    static let auth = """
        http:
          auth:
            username: sweeper
            password_env: NUMWATCH_HTTP_PASSWORD
            bearer_token_env: NUMWATCH_HTTP_TOKEN
        """
    static func basic(_ password: String) -> String { "Basic " + Data("sweeper:\(password)".utf8).base64EncodedString() }

    /// Everything a logger is told, message and metadata.
    final class CapturedLog: Sendable {
        private let lines = Mutex<[String]>([])
        var all: String { lines.withLock { $0.joined(separator: "\n") } }
        func handler(_ label: String) -> some LogHandler { Handler(label: label, log: self) }
        func append(_ line: String) { lines.withLock { $0.append(line) } }

        struct Handler: LogHandler {
            let label: String
            let log: CapturedLog
            var metadata: Logger.Metadata = [:]
            var logLevel: Logger.Level = .trace
            subscript(metadataKey key: String) -> Logger.Metadata.Value? {
                get { metadata[key] }
                set { metadata[key] = newValue }
            }
            func log(level: Logger.Level, message: Logger.Message, metadata: Logger.Metadata?, source: String, file: String, function: String, line: UInt) {
                log.append("\(level) \(label) \(message) \(self.metadata.merging(metadata ?? [:]) { $1 })")
            }
        }
    }

    func hits(_ text: String) -> [String] {
        Self.secrets.filter { text.contains($0.value) }.map(\.key).sorted()
    }

    @Test func noSecretInLogsMetricsPagesAPIOrWebhooks() async throws {
        let directory = try TemporaryDirectory.create("nw-secrets")
        defer { TemporaryDirectory.remove(directory) }
        var options = SimulatorOptions()
        options.token = Self.secrets["token"]!
        let log = CapturedLog()
        let logger = Logger(label: "numwatch") { log.handler($0) }
        let receiver = WebhookReceiver()
        try await SimulatorHarness.run(options: options) { sim in
            try await receiver.serve { url in
                // The receiver answers /hook/<one segment>: the path secret is that segment.
                let base = url[..<url.range(of: "/hook/")!.upperBound]
                let hook = "\(base)\(Self.secrets["path"]!)?key=\(Self.secrets["query"]!)"
                let yaml = """
                    provider:
                      base_url: \(sim.baseURL)
                    sampling:
                      interval: 1s
                      credit_interval: 1s
                    storage:
                      path: \(directory.path)/numwatch.sqlite
                    http:
                      listen: 127.0.0.1:0
                      auth:
                        username: sweeper
                        password_env: NUMWATCH_HTTP_PASSWORD
                        bearer_token_env: NUMWATCH_HTTP_TOKEN
                    watches:
                      - services: [telegram]
                        countries: [romania, russia]
                    alerts:
                      credit_below: 1000000000
                    callback:
                      public_url: http://127.0.0.1:1/
                    webhooks:
                      - url: \(hook)
                        secret: \(Self.secrets["hmac"]!)
                    """
                let config = try ConfigLoader.parse(yaml: yaml, file: "secrets.yml")
                let server = try NumwatchServer.build(
                    config: config,
                    environment: Self.environment, port: 0, logger: logger)
                try await server.application.test(.live) { client in
                    // The credit alert's webhook (bounded: a failure must not hang the suite).
                    try await receiver.waitFor(1, atMost: .seconds(30))
                    var said: [String: String] = [:]
                    // The right credentials (so the pages are the real ones), none, and wrong ones
                    // that hold the right ones: refusals must not echo what was presented.
                    let authorizations = [
                        Self.basic(Self.secrets["password"]!), "Bearer \(Self.secrets["bearer"]!)", "",
                        Self.basic(Self.secrets["password"]! + "x"), "Bearer \(Self.secrets["bearer"]!)x",
                    ]
                    for path in ["/metrics", "/", "/watch/telegram", "/alerts", "/healthz", "/readyz", "/no-such-page",
                                 "/api/v1/history?platform=telegram&country=romania&since=1h", "/callback/wrong-guess"] {
                        for accept in ["text/html", "application/json"] {
                            for (index, authorization) in authorizations.enumerated() {
                                var headers: HTTPFields = [.accept: accept]
                                if !authorization.isEmpty { headers[.authorization] = authorization }
                                let response = try await client.execute(
                                    uri: path, method: path.hasPrefix("/callback") ? .post : .get, headers: headers)
                                said["\(path) (\(accept), authorization \(index))"] = String(buffer: response.body) + "\n"
                                    + response.headers.map { "\($0.name): \($0.value)" }.joined(separator: "\n")
                            }
                        }
                    }
                    #expect(said["/metrics (text/html, authorization 0)"]?.contains("numwatch_credit_toman") == true)
                    #expect(said["/metrics (text/html, authorization 2)"]?.contains("401") == true)
                    // What a ServiceGroupError would quote if a service stopped: each service's description.
                    said["the application's description"] = String(describing: server.application) + String(reflecting: server.application)
                    for (what, text) in said { #expect(hits(text).isEmpty, "\(what)") }
                }
                return url
            }
        }
        let deliveries = await receiver.received
        #expect(!deliveries.isEmpty)
        for delivery in deliveries {
            let text = String(decoding: delivery.body, as: UTF8.self) + "\n" + delivery.headers.map { "\($0): \($1)" }.joined(separator: "\n")
            #expect(hits(text).isEmpty, "webhook body or headers")
        }
        #expect(!log.all.isEmpty)
        #expect(hits(log.all).isEmpty, "log")
    }

    @Test func noSecretInTheCLIsOutputOrErrors() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-secrets-cli")
        defer { TemporaryDirectory.remove(directory) }
        var options = SimulatorOptions()
        options.token = Self.secrets["token"]!
        try await SimulatorHarness.run(options: options) { sim in
            let file = directory.appendingPathComponent("numwatch.yml")
            try """
                provider:
                  base_url: \(sim.baseURL)
                storage:
                  path: numwatch.sqlite
                watches:
                  - services: [telegram]
                callback:
                  public_url: http://127.0.0.1:1/
                webhooks:
                  - url: http://127.0.0.1:1/hook/\(Self.secrets["path"]!)?key=\(Self.secrets["query"]!)
                    secret: \(Self.secrets["hmac"]!)
                \(Self.auth)
                """.write(to: file, atomically: true, encoding: .utf8)
            let good = Self.environment
            // A bearer token that is not one (a space in it): check-config refuses it without quoting it.
            var badBearer = good
            badBearer["NUMWATCH_HTTP_TOKEN"] = Self.secrets["bearer"]! + " x"
            let runs: [([String], [String: String])] = [
                (["credit", "--config", file.path], good),
                (["prices", "telegram", "--limit", "3", "--config", file.path], good),
                (["number", "take", "--config", file.path, "--country", "russia", "telegram"], good),
                (["numbers", "--config", file.path], good),
                (["check-config", "--config", file.path], good),
                (["rules", "--config", file.path], good),
                // A wrong token the provider refuses, and one with a typo of the real one.
                (["credit", "--config", file.path], ["NUMWATCH_TOKEN": Self.secrets["token"]! + "x"]),
                // No callback secret: the configuration error must not quote anything secret.
                (["number", "take", "--config", file.path, "--country", "russia", "telegram"], ["NUMWATCH_TOKEN": Self.secrets["token"]!]),
                (["check-config", "--config", file.path], badBearer),
            ]
            for (arguments, environment) in runs {
                let result = try await CLIProcess.run(arguments, environment: environment)
                #expect(hits(result.stdout + result.stderr).isEmpty, "numwatch \(arguments.joined(separator: " ")): \(result.stderr)")
            }
        }
    }
}
