import Config
import Foundation
import Testing

/// Point 8: what the file allows but is unsafe is one `config warning: file:line: key: ...` line
/// each, from `check-config` and `serve`, which still run.
@Suite struct ConfigWarningTests {
    static func config(_ extra: String, listen: String = "127.0.0.1:9464") throws -> NumwatchConfig {
        try ConfigLoader.parse(yaml: """
            provider:
              base_url: https://provider.example/
            http:
              listen: '\(listen)'
            watches:
              - services: [telegram]
            \(extra)
            """, file: "numwatch.yml")
    }

    static let strong = "9f2c4e71b0a85d3e6c17f04a92b8d5e3"

    func lines(_ config: NumwatchConfig, _ environment: [String: String] = [:]) -> [String] {
        config.warnings(environment: ["NUMWATCH_TOKEN": Self.strong].merging(environment) { $1 }).map(\.description)
    }

    @Test func aListenerBeyondLoopbackWithoutAuthWarns() throws {
        #expect(lines(try Self.config("", listen: "0.0.0.0:9464")) == [
            "config warning: numwatch.yml:4: http.listen: 0.0.0.0 is reachable from other machines and http.auth is off: anyone"
                + " who can connect reads the report, the API and /metrics; add http.auth or listen on 127.0.0.1",
        ])
        for listen in ["127.0.0.1:9464", "127.0.0.2:80", "[::1]:9464", ":9464", "localhost:9464"] {
            #expect(lines(try Self.config("", listen: listen)).isEmpty, "\(listen)")
        }
    }

    @Test func plainHTTPCallbackToAnotherHostWarns() throws {
        let plain = try Self.config("callback:\n  public_url: http://numwatch.example/")
        #expect(lines(plain, ["NUMWATCH_CALLBACK_SECRET": Self.strong]) == [
            "config warning: numwatch.yml:8: callback.public_url: plain http to numwatch.example: the callback secret in every"
                + " take's URL and every SMS pushed travel unencrypted; use https",
        ])
        for url in ["https://numwatch.example/", "http://127.0.0.1:9464/"] {
            #expect(lines(try Self.config("callback:\n  public_url: \(url)"), ["NUMWATCH_CALLBACK_SECRET": Self.strong]).isEmpty)
        }
    }

    /// Each rule a weak secret can break is named; the secret itself never is.
    @Test func weakSecretsSayWhichRuleTheyBroke() throws {
        let config = try Self.config("""
            callback:
              public_url: https://numwatch.example/
            webhooks:
              - url: https://ops.example/hook
                secret_env: HOOK_SECRET
            """, listen: "127.0.0.1:9464")
        let environment = ["NUMWATCH_TOKEN": "short-token", "NUMWATCH_CALLBACK_SECRET": "aaaaaaaaaaaaaaaaaaaaaaaa",
                           "HOOK_SECRET": "abababababababababababab"]
        let found = lines(config, environment)
        #expect(found == [
            "config warning: numwatch.yml: provider.token_env: the provider token is weak: shorter than 16 characters",
            "config warning: numwatch.yml:7: callback.secret_env: the callback secret is weak: one character repeated",
            "config warning: numwatch.yml:11: webhooks[0].secret_env: the webhook secret is weak: about 48 bits by a simple"
                + " estimate, fewer than 64",
        ])
        for secret in environment.values { #expect(!found.joined().contains(secret)) }
        #expect(SecretStrength.weakness(of: Self.strong) == nil)
        #expect(SecretStrength.weakness(of: "0123456789abcdef") == nil)  // 16 hex digits: 64 bits
    }

    @Test func anInlineWebhookSecretWorksWithAWarningAndSecretEnvOrFileWithout() throws {
        let inline = try Self.config("webhooks:\n  - url: https://ops.example/hook\n    secret: \(Self.strong)")
        #expect(lines(inline) == [
            "config warning: numwatch.yml:9: webhooks[0].secret: the HMAC secret is written in the file, which is copied and"
                + " committed more often than a secret; move it to secret_env or secret_file",
        ])
        #expect(try inline.resolvingWebhookSecrets(environment: [:])[0].secret == Self.strong)

        let directory = try TemporaryDirectory.create("nw-webhook-secret")
        defer { TemporaryDirectory.remove(directory) }
        try (Self.strong + "\n").write(to: directory.appendingPathComponent("hook.key"), atomically: true, encoding: .utf8)
        let fromFile = try ConfigLoader.parse(yaml: """
            provider:
              base_url: https://provider.example/
            watches:
              - services: [telegram]
            webhooks:
              - url: https://ops.example/a
                secret_file: hook.key
              - url: https://ops.example/b
                secret_env: HOOK_B
                signature: v0
            """, file: directory.appendingPathComponent("numwatch.yml").path)
        #expect(lines(fromFile, ["HOOK_B": Self.strong]).isEmpty)
        let hooks = try fromFile.resolvingWebhookSecrets(environment: ["HOOK_B": "b-" + Self.strong])
        #expect(hooks.map(\.secret) == [Self.strong, "b-" + Self.strong])
        #expect(hooks.map(\.signature) == [.v1, .v0])
        #expect(throws: ConfigErrors([ConfigError(
            file: directory.appendingPathComponent("numwatch.yml").path, line: 9, key: "webhooks[1].secret_env",
            message: "environment variable HOOK_B is not set or empty")])) {
            _ = try fromFile.resolvingWebhookSecrets(environment: [:])
        }
    }

    @Test func badWebhookSecretAndSignatureKeysAreErrors() {
        let messages = ConfigTests.messages("""
            provider:
              base_url: https://provider.example/
            watches:
              - services: [telegram]
            webhooks:
              - url: https://ops.example/a
                secret: inline-secret-value
                secret_env: HOOK_A
              - url: https://ops.example/b
                signature: v2
            """)
        #expect(messages == [
            "config error: numwatch.yml:8: webhooks[0].secret_env: give one of secret, secret_env and secret_file, not several",
            "config error: numwatch.yml:10: webhooks[1].signature: expected v1 (timestamped, the default) or v0 (the body alone,"
                + " weaker), got \"v2\"",
        ])
    }

    /// Both commands print the warnings and go on: check-config exits 0; serve gets as far as the
    /// token it cannot read (exit 2), having warned first.
    @Test func checkConfigAndServePrintTheWarnings() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-warnings")
        defer { TemporaryDirectory.remove(directory) }
        let file = directory.appendingPathComponent("numwatch.yml")
        try """
            provider:
              base_url: https://provider.example/
            storage:
              path: numwatch.sqlite
            http:
              listen: 0.0.0.0:0
            watches:
              - services: [telegram]
            """.write(to: file, atomically: true, encoding: .utf8)
        let warning = "config warning: \(file.path):6: http.listen: 0.0.0.0 is reachable from other machines and http.auth is off:"
            + " anyone who can connect reads the report, the API and /metrics; add http.auth or listen on 127.0.0.1\n"
        let check = try await CLIProcess.run(["check-config", "--config", file.path], environment: ["NUMWATCH_TOKEN": "tok"])
        #expect(check.status == 0)
        // Without a line (token_env is the default, not in the file), first.
        #expect(check.stderr == "config warning: \(file.path): provider.token_env: the provider token is weak:"
            + " shorter than 16 characters\n" + warning)
        #expect(check.stdout.hasPrefix("\(file.path): ok"))
        let serve = try await CLIProcess.run(["serve", "--config", file.path])
        #expect(serve.status == 2)
        #expect(serve.stderr.hasPrefix(warning), "\(serve.stderr)")
    }
}
