import Config
import Domain
import Foundation
import ProviderAPI
import Testing

extension ConfigTests {
    @Suite struct Token {
        static let secret = "tok-123456-SECRET"

        func makeProvider(_ lines: String, file: String = "numwatch.yml") throws -> NumwatchConfig {
            try ConfigLoader.parse(yaml: "provider:\n  base_url: https://p.example/\n\(lines)\nwatches:\n  - services: [telegram]\n",
                                   file: file)
        }

        @Test func fromTheEnvironment() throws {
            let provider = try makeProvider("  timeout: 5s")
            #expect(try provider.providerToken(environment: ["NUMWATCH_TOKEN": "  \(Self.secret)\n"]).value == Self.secret)
            let named = try makeProvider("  token_env: MY_TOKEN")
            #expect(try named.providerToken(environment: ["MY_TOKEN": Self.secret, "NUMWATCH_TOKEN": "other"]).value == Self.secret)
        }

        @Test func missingEnvironmentVariable() throws {
            let provider = try makeProvider("  token_env: MY_TOKEN")
            #expect(throws: ConfigErrors([ConfigError(file: "numwatch.yml", line: 3, key: "provider.token_env",
                                                      message: "environment variable MY_TOKEN is not set or empty")])) {
                try provider.providerToken(environment: ["MY_TOKEN": "  ", "NUMWATCH_TOKEN": Self.secret])
            }
            do {
                _ = try NumwatchConfig(provider: ProviderSettings(baseURL: "https://p.example/"), watches: [], file: "")
                    .providerToken(environment: [:])
                Issue.record("resolved")
            } catch {
                #expect(error.description == "config error: configuration: provider.token_env: environment variable NUMWATCH_TOKEN is not set or empty")
            }
            do {
                _ = try ConfigLoader.parse(yaml: ConfigTests.minimal, file: "numwatch.yml").providerToken(environment: [:])
                Issue.record("resolved")
            } catch {
                #expect(error.description == "config error: numwatch.yml: provider.token_env: environment variable NUMWATCH_TOKEN is not set or empty")
            }
        }

        @Test func fromATokenFileNextToTheConfig() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try "\n  \(Self.secret)  \n\n".write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)
            let file = dir.appendingPathComponent("numwatch.yml").path
            try "provider:\n  base_url: https://p.example/\n  token_file: token\nwatches:\n  - services: [telegram]\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            let config = try ConfigLoader.load(path: file)
            #expect(config.provider.token == .file(dir.appendingPathComponent("token").path))
            #expect(try config.providerToken(environment: ["NUMWATCH_TOKEN": "not this one"]).value == Self.secret)
        }

        @Test func tokenFileErrors() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let empty = dir.appendingPathComponent("empty")
            try " \n".write(to: empty, atomically: true, encoding: .utf8)
            let twoLines = dir.appendingPathComponent("two")
            try "\(Self.secret)\n\(Self.secret)\n".write(to: twoLines, atomically: true, encoding: .utf8)
            let cases: [(String, String)] = [
                (dir.appendingPathComponent("missing").path, "cannot read the token file: no such file"),
                (dir.path, "cannot read the token file: it is a directory"),
                (empty.path, "the token file is empty"),
                (twoLines.path, "the token file holds more than one line; expected just the token"),
            ]
            for (path, message) in cases {
                let provider = try makeProvider("  token_file: \(path)", file: "/etc/numwatch.yml")
                do {
                    _ = try provider.providerToken(environment: ["NUMWATCH_TOKEN": Self.secret])
                    Issue.record("resolved \(path)")
                } catch {
                    #expect(error.description == "config error: /etc/numwatch.yml:3: provider.token_file: \(message)")
                    #expect(!error.description.contains(Self.secret))
                }
            }
        }
    }
}

@Suite struct CallbackConfigTests {
    @Test func theSecretComesFromTheEnvironmentIsLongEnoughAndIsNeverQuoted() throws {
        let config = try ConfigLoader.parse(yaml: ConfigTests.minimal + "\ncallback:\n  public_url: https://nw.example/\n", file: "numwatch.yml")
        let callback = try #require(config.callback)
        let secret = try callback.resolveSecret(environment: ["NUMWATCH_CALLBACK_SECRET": "0123456789abcdef-XY"])
        #expect(callback.takeCallbackURL(secret: secret) == "https://nw.example/callback/0123456789abcdef-XY")
        let short = #expect(throws: ConfigErrors.self) { try callback.resolveSecret(environment: ["NUMWATCH_CALLBACK_SECRET": "hunter2"]) }
        #expect(short?.description.contains("callback.secret_env: the callback secret is 7 characters; it needs at least 16") == true)
        #expect(short?.description.contains("hunter2") == false)
        let missing = #expect(throws: ConfigErrors.self) { try callback.resolveSecret(environment: [:]) }
        #expect(missing?.description.contains("environment variable NUMWATCH_CALLBACK_SECRET is not set or empty") == true)
        #expect(try ConfigLoader.parse(yaml: ConfigTests.minimal, file: "numwatch.yml").callback == nil)
    }
}
