import App
import AsyncHTTPClient
import Config
import Domain
import Foundation
import HummingbirdTesting
import Logging
import Numbers
import ProviderAPI
import Store
import Testing

/// One provider-settings type from the file and from the flags, one setup of the account, and
/// its HTTP client as a service that is shut down with its group (never by hand).
@Suite struct ProviderAccountTests {
    static let quiet: Logger = {
        var logger = Logger(label: "test.account")
        logger.logLevel = .critical
        return logger
    }()

    static func config(_ providerLines: String) throws -> NumwatchConfig {
        try ConfigLoader.parse(yaml: "provider:\n\(providerLines)\nwatches:\n  - services: [telegram]\n", file: "/etc/numwatch/numwatch.yml")
    }

    @Test func theFileAndTheFlagsGiveEqualSettingsForTheSameInputs() throws {
        let fromFile = try Self.config("  base_url: https://p.example/api/\n  token_file: /run/secrets/token\n  timeout: 7s")
        let fromFlags = try ProviderSettings.commandLine(
            baseURL: "https://p.example/api/", tokenFile: "/run/secrets/token", timeout: .seconds(7), environment: [:])
        #expect(fromFile.provider == fromFlags)
        // Only the environment: the token's variable and every limit as the file's defaults.
        let bare = try Self.config("  base_url: http://127.0.0.1:8081/")
        let fromEnvironment = try ProviderSettings.commandLine(
            baseURL: nil, tokenFile: nil, environment: ["NUMWATCH_BASE_URL": "http://127.0.0.1:8081/"])
        #expect(bare.provider == fromEnvironment)
        #expect(fromEnvironment.account == "http://127.0.0.1:8081")
    }

    /// `provider:`'s times are `Duration`s from the reader to the client and the desk.
    @Test func theProvidersTimesAreDurationsThroughToTheDesk() throws {
        let config = try Self.config("  base_url: https://p.example/\n  timeout: 1m30s\n  poll_interval: 2m\n  poll_scope: number")
        #expect(config.provider.timeout == .seconds(90))
        #expect(config.provider.pollInterval == .seconds(120))
        let account = ProviderAccount(settings: config.provider, token: ProviderToken("t"))
        let desk = account.desk(ledger: try Ledger.inMemory(), callbackURL: nil)
        #expect(account.client.settings == config.provider)
        #expect(desk.checkInterval == .seconds(121))  // and a second of margin
        #expect(desk.settings.pollScope == .number)
        #expect(desk.settings.account == "https://p.example")
    }

    /// The file and the flags refuse the same base URLs (the CLI's own check let through URLs
    /// with an empty host, `http://user@/path` and `http://:8081/`, that the file refused).
    @Test(arguments: [
        "https://p.example/", "http://127.0.0.1:8081", "HTTPS://P.example", "ftp://p.example/", "p.example",
        "https:///api/v1", "http://", "https:", "http://user@/path", "http://:8081/", "mailto:x@p.example",
        "http://[::1]:8081/", "http://exa mple.com/", "https://%zz/", "http://?x",
    ])
    func theFileAndTheFlagsRefuseTheSameBaseURLs(_ url: String) throws {
        let fileRefuses = (try? Self.config("  base_url: \"\(url)\"")) == nil
        var flagsRefuse = false
        do {
            _ = try ProviderSettings.commandLine(baseURL: url, tokenFile: nil, environment: [:])
        } catch {
            flagsRefuse = true
            #expect(error.description == "--base-url: not an http(s) URL: \(url)")
        }
        #expect(fileRefuses == flagsRefuse, "\(url): the file \(fileRefuses ? "refuses" : "accepts"), the flags \(flagsRefuse ? "refuse" : "accept")")
    }

    @Test func theCommandLinesTokenErrorsAreAsBeforeAndNeverHoldTheToken() throws {
        let directory = try TemporaryDirectory.create("nw-account")
        defer { TemporaryDirectory.remove(directory) }
        let settings = ProviderSettings(baseURL: "https://p.example/", token: .file(directory.appendingPathComponent("missing").path))
        do {
            _ = try ProviderAccount(commandLine: settings, environment: ["NUMWATCH_TOKEN": "not-this-one"], logger: Self.quiet)
            Issue.record("a missing token file was taken")
        } catch {
            #expect(error.description == "--token-file: cannot read \(directory.path)/missing")
        }
        do {
            _ = try ProviderAccount(commandLine: ProviderSettings(baseURL: "https://p.example/"), environment: ["NUMWATCH_TOKEN": " "], logger: Self.quiet)
            Issue.record("a blank token was taken")
        } catch {
            #expect(error.description == "no provider token: set NUMWATCH_TOKEN or pass --token-file (or use --config)")
        }
    }

    @Test func aOneShotBodyEndsItsGroupAndTheClientIsShutDown() async throws {
        let account = ProviderAccount(settings: ProviderSettings(baseURL: "http://127.0.0.1:1/"), token: ProviderToken("t"))
        let http = account.service.client
        let value = try await account.run(logger: Self.quiet) { 42 }
        #expect(value == 42)
        await #expect(throws: HTTPClientError.alreadyShutdown) { try await http.shutdown() }
    }

    @Test func aFailingBodyIsRethrownAndTheClientIsShutDownAllTheSame() async throws {
        let account = ProviderAccount(settings: ProviderSettings(baseURL: "http://127.0.0.1:1/"), token: ProviderToken("t"))
        let http = account.service.client
        await #expect(throws: ProviderError.invalidRequest("no country given")) {
            try await account.run(logger: Self.quiet) { throw ProviderError.invalidRequest("no country given") }
        }
        await #expect(throws: HTTPClientError.alreadyShutdown) { try await http.shutdown() }
    }

    /// A failure between the setup and the group's start (a database that will not open) must not
    /// leave a client running: AsyncHTTPClient traps on one dropped running.
    @Test func aServiceNeverRunShutsItsClientDownWhenDropped() async throws {
        var service: ProviderHTTPService? = ProviderHTTPService()
        let http = try #require(service?.client)
        service = nil
        await #expect(throws: HTTPClientError.alreadyShutdown) { try await http.shutdown() }
    }

    /// serve's provider client is a service of its application: the group's end shuts it down.
    @Test func serveShutsItsProviderClientDownWithItsGroup() async throws {
        let directory = try TemporaryDirectory.create("nw-account-serve")
        defer { TemporaryDirectory.remove(directory) }
        let config = try ConfigLoader.parse(yaml: """
            provider:
              base_url: http://127.0.0.1:1/
              timeout: 1s  # the first round's refused request keeps shutdown waiting until then
            storage:
              path: \(directory.path)/numwatch.sqlite
            http:
              listen: 127.0.0.1:0
            watches:
              - services: [telegram]
            """, file: "test.yml")
        let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": "provider-token"], port: 0, logger: Self.quiet)
        let service = try #require(server.application.services.first as? ProviderHTTPService)
        try await server.application.test(.live) { client in
            _ = try await client.execute(uri: "/healthz", method: .get)
        }
        await #expect(throws: HTTPClientError.alreadyShutdown) { try await service.client.shutdown() }
    }
}
