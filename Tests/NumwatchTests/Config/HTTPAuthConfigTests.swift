import Config
import Domain
import Foundation
import Testing

/// `http.auth` and `http.idle_timeout`: read, checked with file:line:key errors, secrets read at
/// start-up and never quoted.
@Suite struct HTTPAuthConfigTests {
    static func parse(_ http: String, file: String = "numwatch.yml") throws(ConfigErrors) -> HTTPConfig {
        try ConfigLoader.parse(yaml: ConfigTests.minimal + "\nhttp:\n" + http, file: file).http
    }

    /// `parse`'s error lines, or `["parsed"]`.
    static func errors(_ http: String) -> [String] {
        do {
            _ = try parse(http)
            return ["parsed"]
        } catch {
            return error.errors.map(\.description)
        }
    }

    @Test func everyKeyIsRead() throws {
        let http = try Self.parse("""
              idle_timeout: 45s
              auth:
                username: prometheus
                password_env: MY_PASSWORD
                bearer_token_file: secrets/token
            """, file: "/etc/numwatch/numwatch.yml")
        #expect(http.idleTimeout == .seconds(45))
        #expect(http.auth == HTTPAuthConfig(
            username: "prometheus", passwordEnv: "MY_PASSWORD", passwordLine: 9, bearerTokenFile: "/etc/numwatch/secrets/token",
            bearerTokenLine: 10, configFile: "/etc/numwatch/numwatch.yml"))
        #expect(try Self.parse("  listen: :9464").auth == nil)
        #expect(try Self.parse("  listen: :9464").idleTimeout == .seconds(30))
    }

    @Test(arguments: [
        ("  idle_timeout: 0s", "config error: numwatch.yml:6: http.idle_timeout: must be at least 1s, got 0s"),
        ("  idle_timeout: 2h", "config error: numwatch.yml:6: http.idle_timeout: must be at most 1h, got 2h"),
        ("  auth:", "config error: numwatch.yml:6: http.auth: give username with password_env or password_file (basic),"
            + " bearer_token_env or bearer_token_file (bearer), or both; leave auth out for no authentication"),
        ("  auth:\n    username: prometheus",
         "config error: numwatch.yml:7: http.auth.username: basic authentication needs password_env or password_file too"),
        ("  auth:\n    password_env: P", "config error: numwatch.yml:7: http.auth.password_env: basic authentication needs a username too"),
        ("  auth:\n    username: a:b\n    password_env: P", "config error: numwatch.yml:7: http.auth.username: a user name may not hold a colon or control characters"),
        ("  auth:\n    bearer_token_env: T\n    bearer_token_file: t",
         "config error: numwatch.yml:8: http.auth.bearer_token_file: give bearer_token_env or bearer_token_file, not both (bearer_token_env is on line 7)"),
        ("  auth:\n    bearer_token_env: s3cr3t-token-pasted-here",
         "config error: numwatch.yml:7: http.auth.bearer_token_env: expected the name of an environment variable like NUMWATCH_HTTP_TOKEN"
            + " (A-Z, 0-9 and _; the value is not shown in case it is the token itself)"),
    ])
    func badValuesAreReportedExactly(http: String, error: String) {
        #expect(Self.errors(http) == [error])
    }

    /// A misspelt key leaves `auth:` with nothing usable: both are said.
    @Test func aMisspeltKeyIsUnknownAndLeavesAuthEmpty() {
        #expect(Self.errors("  auth:\n    bearer_token: x") == [
            "config error: numwatch.yml:6: http.auth: give username with password_env or password_file (basic),"
                + " bearer_token_env or bearer_token_file (bearer), or both; leave auth out for no authentication",
            "config error: numwatch.yml:7: http.auth.bearer_token: unknown key (expected one of: username,"
                + " password_env, password_file, bearer_token_env, bearer_token_file)",
        ])
    }

    @Test func theSecretsAreReadAtStartFromTheEnvironmentOrAFile() throws {
        let directory = try ConfigTests.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        try "  tok_0123456789-ABCDEF/+=\n".write(to: directory.appendingPathComponent("token"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("numwatch.yml").path
        let auth = try #require(try Self.parse("""
              auth:
                username: prometheus
                password_env: NUMWATCH_HTTP_PASSWORD
                bearer_token_file: token
            """, file: file).auth)
        let credentials = try auth.resolve(environment: ["NUMWATCH_HTTP_PASSWORD": " correct horse battery \n"])
        #expect(credentials.basic?.username == "prometheus" && credentials.basic?.password == "correct horse battery")
        #expect(credentials.bearerToken == "tok_0123456789-ABCDEF/+=")

        let bearerOnly = try #require(try Self.parse("  auth:\n    bearer_token_env: T").auth)
        #expect(try bearerOnly.resolve(environment: ["T": "0123456789abcdef"]).basic == nil)
    }

    @Test func weakOrMalformedSecretsAreRefusedWithoutBeingQuoted() throws {
        let auth = try #require(try Self.parse("  auth:\n    username: u\n    password_env: P\n    bearer_token_env: T").auth)
        let cases: [([String: String], [String])] = [
            (["P": "hunter2", "T": "0123456789abcdef"],
             ["config error: numwatch.yml:8: http.auth.password_env: the password is 7 characters; it needs at least 8"]),
            (["P": "hunter2hunter2", "T": "short-token"],
             ["config error: numwatch.yml:9: http.auth.bearer_token_env: the bearer token is 11 characters; it needs at least 16"]),
            (["P": "hunter2hunter2", "T": "0123456789 abcdef"],
             ["config error: numwatch.yml:9: http.auth.bearer_token_env: the bearer token may hold only A-Z, a-z, 0-9 and - . _ ~ + /"
                + " (then = at the end), e.g. from `openssl rand -hex 32`"]),
            ([:], ["config error: numwatch.yml:8: http.auth.password_env: environment variable P is not set or empty",
                   "config error: numwatch.yml:9: http.auth.bearer_token_env: environment variable T is not set or empty"]),
        ]
        for (environment, expected) in cases {
            do {
                _ = try auth.resolve(environment: environment)
                Issue.record("resolved \(environment.keys.sorted())")
            } catch {
                #expect(error.errors.map(\.description) == expected)
                for secret in environment.values { #expect(!error.description.contains(secret)) }
            }
        }
    }
}
