import Config
import Domain
import Foundation
import ProviderAPI
import Testing

/// Every bad configuration of `BadConfigs.swift` is reported exactly, all errors of a file together.
extension ConfigTests {
    @Suite struct Invalid {
        @Test(arguments: ConfigTests.badConfigs)
        func badConfigIsReportedExactly(_ bad: BadConfig) {
            #expect(ConfigTests.messages(bad.yaml) == bad.expected)
        }

        @Test func thereAreAtLeastTwentyBadConfigs() {
            #expect(ConfigTests.badConfigs.count >= 20)
        }

        /// Errors from every section come together, ordered by line even though the provider
        /// section (read first) is last in the file.
        @Test func allErrorsTogetherInLineOrder() {
            let yaml = """
                watches:
                  - services: [a, b, c, d, e, f]
                  - services: [telegram]
                    interval: soon
                sampling:
                  jitter: lots
                provider:
                  base_url: not a url
                  bogus: 1
                """
            let errors: [ConfigError]
            do {
                _ = try ConfigLoader.parse(yaml: yaml, file: "/etc/numwatch.yml")
                Issue.record("parsed")
                return
            } catch {
                errors = error.errors
            }
            #expect(errors.map(\.line) == [2, 4, 6, 8, 9])
            #expect(errors.map(\.key) == ["watches[0].services", "watches[1].interval", "sampling.jitter", "provider.base_url", "provider.bogus"])
            #expect(ConfigErrors(errors).description == """
                config error: /etc/numwatch.yml:2: watches[0].services: at most 5 services in a bundle
                config error: /etc/numwatch.yml:4: watches[1].interval: expected a duration like 30s, 5m or 1h, got "soon"
                config error: /etc/numwatch.yml:6: sampling.jitter: expected a number, got "lots"
                config error: /etc/numwatch.yml:8: provider.base_url: expected an http(s) URL like https://example.org/, got text that is not a URL
                config error: /etc/numwatch.yml:9: provider.bogus: unknown key (expected one of: base_url, token_env, token_file, timeout, poll_interval, poll_scope, daily_take_limit)
                """)
        }

        @Test func unreadableFileIsOneErrorWithoutKey() {
            let path = "/nonexistent/numwatch-\(UUID().uuidString).yml"
            #expect(throws: ConfigErrors([ConfigError(file: path, line: nil, key: "", message: "cannot read the configuration: no such file")])) {
                try ConfigLoader.load(path: path)
            }
            #expect(ConfigError(file: path, line: nil, key: "", message: "m").description == "config error: \(path): m")
        }

        @Test func directoryIsNotAConfiguration() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            #expect(throws: ConfigErrors([ConfigError(file: dir.path, line: nil, key: "", message: "cannot read the configuration: it is a directory")])) {
                try ConfigLoader.load(path: dir.path)
            }
        }

        /// Webhook secrets, URL paths and queries never reach a message, whatever else is wrong.
        @Test func webhookSecretsNeverAppear() {
            let yaml = BadConfig.base("""
                webhooks:
                  - url: https://hooks.example/T000/B000/PATHSECRET?token=QUERYSECRET
                    secret: HMACSECRET
                    format: [HMACSECRET]
                    repeat_interval: HMACSECRET
                    extra: PATHSECRET
                  - url: ftp://USERSECRET:PASSSECRET@hooks.example/PATHSECRET
                    secret: [HMACSECRET]
                  - url: "PATHSECRET QUERYSECRET"
                    secret: ""
                """)
            let text = ConfigTests.messages(yaml).joined(separator: "\n")
            #expect(text.contains("webhooks[0].format"))
            #expect(text.contains("webhooks[1].secret"))
            #expect(text.contains("webhooks[2].url"))
            for secret in ["PATHSECRET", "QUERYSECRET", "HMACSECRET", "USERSECRET", "PASSSECRET"] {
                #expect(!text.contains(secret), "\(secret) leaked into: \(text)")
            }
        }
    }
}
