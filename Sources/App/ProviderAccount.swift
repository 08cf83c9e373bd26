import Config
import Domain
import Foundation
import Logging
import Numbers
import ProviderAPI
import ServiceLifecycle
import Store

/// The provider account as numwatch works it, set up one way for `serve`, `demo` and the CLI's
/// provider commands: the client that speaks to the provider, its HTTP client as a service
/// (`service`, first in the group that uses the account), and number desks over a ledger.
package struct ProviderAccount: Sendable {
    package let client: ProviderClient
    package let service: ProviderHTTPService
    /// Scrubs the token out of text the provider may have echoed it in.
    package let redactor: SecretRedactor

    package var settings: ProviderSettings { client.settings }

    package init(
        settings: ProviderSettings, token: ProviderToken,
        observer: (any ProviderRequestObserver)? = nil, logger: Logger = Logger(label: "numwatch.provider")
    ) {
        service = ProviderHTTPService()
        client = ProviderClient(settings: settings, token: token, httpClient: service.client, observer: observer, logger: logger)
        redactor = SecretRedactor(token: token.value)
    }

    /// From the configuration (`serve`, `demo`, the CLI's `--config`): the token read now.
    package init(
        config: NumwatchConfig, environment: [String: String],
        observer: (any ProviderRequestObserver)? = nil, logger: Logger = Logger(label: "numwatch.provider")
    ) throws(ConfigErrors) {
        self.init(settings: config.provider, token: try config.providerToken(environment: environment), observer: observer, logger: logger)
    }

    /// From the CLI's flags and environment (no `--config`): the token read now, its failures
    /// worded for the command line.
    package init(commandLine settings: ProviderSettings, environment: [String: String], logger: Logger) throws(UsageError) {
        let token: String
        let location = settings.token ?? .environment(ProviderSettings.defaultTokenVariable)
        do {
            token = try location.read(environment: environment)
        } catch {
            switch (error, location) {
            case let (.noSuchFile, .file(path)), let (.directory, .file(path)), let (.unreadable, .file(path)):
                throw UsageError("--token-file: cannot read \(path)")
            case (.severalLines, _):
                throw UsageError("--token-file: the token file holds more than one line; expected just the token")
            default:
                throw UsageError("no provider token: set NUMWATCH_TOKEN or pass --token-file (or use --config)")
            }
        }
        self.init(settings: settings, token: ProviderToken(token), logger: logger)
    }

    /// A number desk for this account over `ledger`; its takes pass `callbackURL`
    /// (`CallbackConfig.takeCallbackURL`) unless the caller gives one.
    package func desk(ledger: Ledger, callbackURL: String?, clock: any WallClock = SystemWallClock()) -> NumberDesk {
        NumberDesk(provider: client, ledger: ledger, settings: settings, callbackURL: callbackURL, clock: clock)
    }

    /// Runs `body` (a one-shot command) beside the account's HTTP client in a group of their own;
    /// the body's end, or its error, shuts the group down, and the client with it. The body's
    /// error is the one thrown (its message and exit code are the command's); the group's only
    /// when the body succeeded. A shutdown asked for before the group has started is kept until it
    /// starts (swift-service-lifecycle 2.13, the version Package.swift requires).
    package func run<T: Sendable>(logger: Logger, _ body: () async throws -> T) async throws -> T {
        let group = ServiceGroup(configuration: .init(services: [service], logger: logger))
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            let result: Result<T, any Error>
            do { result = .success(try await body()) } catch { result = .failure(error) }
            await group.triggerGracefulShutdown()
            let groupError: (any Error)?
            do { try await tasks.waitForAll(); groupError = nil } catch { groupError = error }
            let value = try result.get()
            if let groupError { throw groupError }
            return value
        }
    }
}

extension ProviderSettings {
    /// The CLI's `--base-url`, `--token-file` and `--timeout` over `NUMWATCH_BASE_URL` and
    /// `NUMWATCH_TOKEN`, checked as `provider:` is. Never echoes the token in an error.
    package static func commandLine(
        baseURL: String?, tokenFile: String?, timeout: Duration = defaultTimeout, environment: [String: String]
    ) throws(UsageError) -> ProviderSettings {
        guard let base = baseURL ?? environment["NUMWATCH_BASE_URL"], !base.isEmpty else {
            throw UsageError("no provider base URL: pass --base-url, set NUMWATCH_BASE_URL, or use --config")
        }
        guard baseURLProblem(base) == nil else { throw UsageError("--base-url: not an http(s) URL: \(base)") }
        return ProviderSettings(
            baseURL: base, token: tokenFile.map(SecretLocation.file) ?? .environment(defaultTokenVariable), timeout: timeout)
    }
}
