import App
import Config
import Domain
import ArgumentParser
import Foundation
import Logging
import Numbers
import ProviderAPI
import Store

/// Options shared by the commands that call the provider.
struct ProviderOptions: ParsableArguments {
    @Option(name: .long, help: "The provider's base URL (default: $NUMWATCH_BASE_URL).")
    var baseURL: String?

    @Option(name: .long, help: "Read the token from this file (default: $NUMWATCH_TOKEN).")
    var tokenFile: String?

    @Option(name: .long, help: "Take the base URL, token and timeout from this configuration file.")
    var config: String?

    @Option(name: .long, help: "Seconds to wait for the provider (at most 300).")
    var timeout: Double = 10

    @Option(name: .long, help: "The ledger's SQLite database (default: storage.path of --config, else ~/.local/state/numwatch/numwatch.sqlite).")
    var database: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    @Option(name: .long, help: "Log lines on stderr as text or json (one object per line).")
    var logFormat: LogFormat = .text

    func validate() throws {
        // As `provider.timeout`: the ledger counts on a take being answered within minutes.
        guard timeout > 0, timeout <= 300 else { throw ValidationError("--timeout: between 0 and 300 seconds, got \(timeout)") }
    }
}

extension Logger.Level: @retroactive ExpressibleByArgument {}
extension LogFormat: ExpressibleByArgument {}

enum CLI {
    static func bootLogging(_ level: Logger.Level, format: LogFormat = .text) {
        format.bootstrap(level: level)
    }

    /// Runs one command body, turning failures into one line on stderr and the documented exit
    /// code: 2 for bad usage or configuration, 1 for everything else. Never a stack trace.
    static func run(_ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as UsageError {
            printError(error.description)
            throw ExitCode(2)
        } catch let error as ConfigErrors {
            // "config error: file:line: key: message", one line each; the file's name and the
            // values quoted come from outside, so their control characters are shown escaped.
            for problem in error.errors { writeError(escapingControls(problem.description)) }
            throw ExitCode(2)
        } catch let error as ServiceSetError {
            // Service codes given on the command line: bad usage.
            printError(error.description)
            throw ExitCode(2)
        } catch let error as ProviderError {
            if case .invalidRequest = error {
                printError(error.description)
                throw ExitCode(2)
            }
            printError(error.description)
            throw ExitCode(1)
        } catch let error as ExitCode {
            throw error
        } catch {
            printError("\(error)")
            throw ExitCode(1)
        }
    }

    /// For `validate()`: a numeric flag outside `range` is bad usage naming the flag and the range.
    static func check(_ value: Int, _ flag: String, within range: ClosedRange<Int>) throws {
        guard range.contains(value) else {
            throw ValidationError("\(flag): a whole number from \(range.lowerBound) to \(range.upperBound), got \(value)")
        }
    }

    /// `body`'s value, or its `OutOfBounds` as bad usage (one line, exit 2).
    static func usage<T>(_ body: () throws(OutOfBounds) -> T) throws(UsageError) -> T {
        do { return try body() } catch { throw UsageError(error.description) }
    }

    /// `config warning: file:line: key: ...` on stderr, one line each (escaped like errors); the
    /// command goes on.
    static func printWarnings(_ config: NumwatchConfig) {
        for warning in config.warnings(environment: ProcessInfo.processInfo.environment) {
            writeError(escapingControls(warning.description))
        }
    }

    /// One line on stderr. Control and bidi characters in it (a provider's message, a push's
    /// field, a flag's value) are shown escaped: they would recolour the terminal or forge a line.
    static func printError(_ message: String) {
        writeError("numwatch: " + escapingControls(message))
    }

    /// Where error lines go: stderr, or a test's sink when it runs commands in-process.
    @TaskLocal static var errorSink: (@Sendable (String) -> Void)?

    private static func writeError(_ line: String) {
        if let errorSink { errorSink(line) } else { FileHandle.standardError.write(Data((line + "\n").utf8)) }
    }

    /// Resolves the provider settings and runs `body` with a client, shutting HTTP down after.
    static func withProvider(
        _ options: ProviderOptions, _ body: (ProviderClient) async throws -> Void
    ) async throws {
        try await withProvider(options) { client, _ in try await body(client) }
    }

    /// As `withProvider`, with the configuration when `--config` was given.
    static func withProvider(
        _ options: ProviderOptions, _ body: (ProviderClient, NumwatchConfig?) async throws -> Void
    ) async throws {
        bootLogging(options.logLevel, format: options.logFormat)
        let settings: ProviderSettings
        var config: NumwatchConfig?
        if let path = options.config {
            let loaded = try ConfigLoader.load(path: path)
            let token = try loaded.provider.resolveToken(environment: ProcessInfo.processInfo.environment)
            settings = ProviderSettings(baseURL: options.baseURL ?? loaded.provider.baseURL, token: ProviderToken(token),
                                        timeoutSeconds: loaded.provider.timeout)
            config = loaded
        } else {
            settings = try ProviderSettings.resolve(
                baseURL: options.baseURL, tokenFile: options.tokenFile, timeoutSeconds: options.timeout)
        }
        let http = ProviderClient.makeHTTPClient()
        let client = settings.makeClient(http: http)
        do {
            try await body(client, config)
        } catch {
            try? await http.shutdown()
            throw error
        }
        try await http.shutdown()
    }

    /// Runs `body` with a number desk over the ledger: the configuration's database, limits and
    /// callback when `--config` is given (the same database `serve` uses), else the defaults.
    static func withNumbers(
        _ options: ProviderOptions, _ body: (NumberCommands, NumberDesk) async throws -> Void
    ) async throws {
        try await withProvider(options) { client, config in
            let ledger = try openLedger(database: options.database, config: config)
            if options.database == nil, config == nil {
                // The guards hold per database: say which one, so a user who also runs `serve`
                // knows to pass its --config (or --database) and share one day's count.
                printError("note: counting takes and checks in \(ProviderSettings.defaultDatabasePath);"
                    + " pass --config (serve's) or --database to share one ledger")
            }
            var settings = NumberDesk.Settings(account: providerAccountKey(baseURL: client.configuration.baseURL))
            if let config {
                settings = NumberDesk.Settings(
                    account: settings.account, pollInterval: config.provider.pollInterval, pollScope: config.provider.pollScope,
                    dailyTakeLimit: config.provider.dailyTakeLimit,
                    callbackURL: try config.callback.flatMap { callback in
                        guard callback.publicURL != nil else { return nil }
                        return callback.takeCallbackURL(secret: try callback.resolveSecret(environment: ProcessInfo.processInfo.environment))
                    })
            }
            let desk = NumberDesk(provider: client, ledger: ledger, settings: settings)
            try await body(NumberCommands(desk: desk, ledger: ledger), desk)
        }
    }

    static func openLedger(database: String?, config: NumwatchConfig?) throws -> Ledger {
        let path = database ?? config?.storage.path ?? ProviderSettings.defaultDatabasePath
        do {
            if path == ProviderSettings.defaultDatabasePath {
                // numwatch's own state directory: its owner's alone, also if an older version made it.
                try PrivateFiles.ownDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            }
            return try Ledger.open(path: path)
        } catch {
            throw RuntimeError("cannot open the ledger database \(path): \(error)")
        }
    }
}
