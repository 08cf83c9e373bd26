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
    var timeout: Double = ProviderSettings.defaultTimeout.inSeconds

    @Option(name: .long, help: "The ledger's SQLite database (default: storage.path of --config, else ~/.local/state/numwatch/numwatch.sqlite).")
    var database: String?

    @Option(name: .long, help: "Log level: trace, debug, info, notice, warning, error, critical.")
    var logLevel: Logger.Level = .warning

    @Option(name: .long, help: "Log lines on stderr as text or json (one object per line).")
    var logFormat: LogFormat = .text

    func validate() throws {
        // As `provider.timeout`: the ledger counts on a take being answered within minutes.
        guard timeout > 0, timeout <= ProviderSettings.longestTimeout.inSeconds else {
            throw ValidationError("--timeout: between 0 and 300 seconds, got \(timeout)")
        }
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

    /// Sets the provider account up from the flags (or `--config`) and runs `body` with its client;
    /// the account's HTTP client is shut down with `body`'s end.
    static func withProvider(
        _ options: ProviderOptions, _ body: (ProviderClient) async throws -> Void
    ) async throws {
        try await withAccount(options) { account, _ in try await body(account.client) }
    }

    /// As `withProvider`, with the whole account and the configuration when `--config` was given.
    static func withAccount(
        _ options: ProviderOptions, _ body: (ProviderAccount, NumwatchConfig?) async throws -> Void
    ) async throws {
        bootLogging(options.logLevel, format: options.logFormat)
        let environment = ProcessInfo.processInfo.environment
        let logger = Logger(label: "numwatch")
        let account: ProviderAccount
        var config: NumwatchConfig?
        if let path = options.config {
            var loaded = try ConfigLoader.load(path: path)
            // The provider commands speak the seed document's protocol: only to kind myonlinesim.
            _ = try loaded.requireNumbersProvider()
            if let baseURL = options.baseURL {
                // Over the file's, checked as the file's is.
                guard ProviderSettings.baseURLProblem(baseURL) == nil else { throw UsageError("--base-url: not an http(s) URL: \(baseURL)") }
                loaded.provider.baseURL = baseURL
            }
            account = try ProviderAccount(config: loaded, environment: environment, logger: logger)
            config = loaded
        } else {
            let settings = try ProviderSettings.commandLine(
                baseURL: options.baseURL, tokenFile: options.tokenFile, timeout: .seconds(options.timeout), environment: environment)
            account = try ProviderAccount(commandLine: settings, environment: environment, logger: logger)
        }
        try await account.run(logger: logger) { try await body(account, config) }
    }

    /// Runs `body` with a number desk over the ledger: the configuration's database, limits and
    /// callback when `--config` is given (the same database `serve` uses), else the defaults.
    static func withNumbers(
        _ options: ProviderOptions, _ body: (NumberCommands, NumberDesk) async throws -> Void
    ) async throws {
        try await withAccount(options) { account, config in
            let ledger = try openLedger(database: options.database, config: config)
            if options.database == nil, config == nil {
                // The guards hold per database: say which one, so a user who also runs `serve`
                // knows to pass its --config (or --database) and share one day's count.
                printError("note: counting takes and checks in \(defaultDatabasePath);"
                    + " pass --config (serve's) or --database to share one ledger")
            }
            let desk = account.desk(ledger: ledger, callbackURL: try config?.takeCallbackURL(environment: ProcessInfo.processInfo.environment))
            try await body(NumberCommands(desk: desk, ledger: ledger), desk)
        }
    }

    /// The database the CLI keeps its ledger in when no configuration names one: shared by every
    /// CLI run of this user, so a shell loop around `numwatch number check` is held to the poll
    /// interval and the daily take count is kept.
    static var defaultDatabasePath: String {
        let env = ProcessInfo.processInfo.environment
        let root = env["XDG_STATE_HOME"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.homeDirectoryForCurrentUser.appendingPathComponent(".local/state")
        return root.appendingPathComponent("numwatch/numwatch.sqlite").path
    }

    static func openLedger(database: String?, config: NumwatchConfig?) throws -> Ledger {
        let path = database ?? config?.storage.path ?? defaultDatabasePath
        do {
            if path == defaultDatabasePath {
                // numwatch's own state directory: its owner's alone, also if an older version made it.
                try PrivateFiles.ownDirectory(URL(fileURLWithPath: path).deletingLastPathComponent().path)
            }
            return try Ledger.open(path: path)
        } catch {
            throw RuntimeError("cannot open the ledger database \(path): \(error)")
        }
    }
}
