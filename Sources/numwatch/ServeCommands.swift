import Alerting
import App
import ArgumentParser
import Config
import Domain
import Foundation
import Logging
import ProviderAPI
import Store

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve", abstract: "Sample the provider on a schedule, keep the history, serve /metrics.")
    @Option(help: "Configuration file.") var config = "numwatch.yml"
    @Option(help: "Log level.") var logLevel: Logger.Level = .info
    @Option(help: "Log lines on stderr as text or json (one object per line).") var logFormat: LogFormat = .text

    func run() async throws {
        try await CLI.run {
            ProcessMemory.tuneAllocator()
            CLI.bootLogging(logLevel, format: logFormat)
            let loaded = try ConfigLoader.load(path: config)
            CLI.printWarnings(loaded)
            let server = try NumwatchServer.build(config: loaded, logger: Logger(label: "numwatch"))
            print("numwatch \(numwatchVersion): \(loaded.watches.count) watches, history in \(loaded.storage.path), "
                + "metrics on http://\(loaded.http.host):\(loaded.http.port)/metrics")
            fflush(nil)  // the banner before the first log line, also when piped
            try await server.run()
        }
    }
}

struct CheckConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "check-config", abstract: "Validate a configuration file and exit.")
    @Option(help: "Configuration file.") var config = "numwatch.yml"
    @Flag(help: "List each provider: its kind, base URL, currency, rate, token key and the watches it samples; then ask each one of another kind than the seed's for its prices and names, and list what cannot be matched.")
    var providers = false

    func run() async throws {
        try await CLI.run {
            let loaded = try ConfigLoader.load(path: config)
            _ = try loaded.providerTokens(environment: ProcessInfo.processInfo.environment)
            _ = try loaded.http.auth?.resolve(environment: ProcessInfo.processInfo.environment)
            _ = try loaded.resolvingWebhookSecrets(environment: ProcessInfo.processInfo.environment)
            CLI.printWarnings(loaded)
            print(escapingControls("\(config): ok — \(loaded.watches.count) watches (\(loaded.watchSummary)), history in \(loaded.storage.path)"))
            if providers {
                for line in loaded.providerListing() { print(escapingControls(line)) }
                // The names each adapter cannot match take calls to the providers: progress on stderr.
                let found = try await NameCheck.lines(
                    config: loaded, environment: ProcessInfo.processInfo.environment, logger: Logger(label: "numwatch")
                ) { FileHandle.standardError.write(Data((escapingControls($0) + "\n").utf8)) }
                for line in found { print(escapingControls(line)) }
            }
        }
    }
}

struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export", abstract: "Print the stored history: the value at --since, then every change.")
    @Option(help: "Configuration file.") var config = "numwatch.yml"
    @Option(help: "csv or json.") var format: String = "csv"
    @Option(help: "Only this platform (a service, or a bundle like telegram+whatsapp).") var platform: String?
    @Option(help: "Only this country code.") var country: String?
    @Option(help: "Only this provider's history (its id; `main` for `provider:`).") var provider: String?
    @Option(help: "How far back, e.g. 6h, 7d.") var since = "7d"

    func run() async throws {
        try await CLI.run {
            guard let chosen = ExportFormat(rawValue: format) else { throw UsageError("--format: expected csv or json, got \(format)") }
            let lookBack = try CLI.usage { () throws(OutOfBounds) in try parseDuration(since, parameter: "--since", within: .lookBack) }
            let loaded = try ConfigLoader.load(path: config)
            guard FileManager.default.fileExists(atPath: loaded.storage.path) else {
                throw RuntimeError("no history yet: \(loaded.storage.path) does not exist (has numwatch serve run?)")
            }
            let store = try HistoryStore.open(path: loaded.storage.path)
            let rows = try await store.export(provider: provider.map(ProviderName.init), platform: platform, country: country, since: Int64(Date().timeIntervalSince1970) - lookBack.components.seconds)
            FileHandle.standardOutput.write(Data(Exporter.render(rows, format: chosen).utf8))
        }
    }
}

struct RulesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules", abstract: "Print the configured alerts as Prometheus alerting rules (for promtool and rule_files).")
    @Option(help: "Configuration file.") var config = "numwatch.yml"

    func run() async throws {
        try await CLI.run {
            let loaded = try ConfigLoader.load(path: config)
            print(PrometheusRules.render(loaded), terminator: "")
        }
    }
}

struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "One watch across providers: per country, the cheapest in stock, by how much, and each provider's price and stock.")
    @Argument(help: "The watch: a service, or a bundle like telegram+whatsapp.") var platform: String
    @Option(help: "Configuration file.") var config = "numwatch.yml"
    @Option(help: "Only this country code.") var country: String?
    @Flag(help: "JSON instead of a table.") var json = false

    func run() async throws {
        try await CLI.run {
            let loaded = try ConfigLoader.load(path: config)
            let watched = loaded.watches.filter { $0.platform == platform }
            guard !watched.isEmpty else {
                let known = Set(loaded.watches.map(\.platform)).sorted().joined(separator: ", ")
                throw UsageError("no watch of \(platform) in \(config) (watched: \(known))")
            }
            guard FileManager.default.fileExists(atPath: loaded.storage.path) else {
                throw RuntimeError("no history yet: \(loaded.storage.path) does not exist (has numwatch serve run?)")
            }
            let store = try HistoryStore.open(path: loaded.storage.path)
            let providers = loaded.providers.map(\.id).filter { id in watched.contains { $0.provider == id } }
            let rows = await store.snapshot().compare(platform: platform, providers: providers, countries: country.map { [$0] })
            if json {
                let currencies = Dictionary(loaded.providers.map { ($0.id, $0.currency) }, uniquingKeysWith: { first, _ in first })
                FileHandle.standardOutput.write(Data(Compare.json(rows, currencies: currencies).utf8))
            } else if rows.isEmpty {
                print("No country of \(platform) has been sampled yet" + (country.map { " in \($0)" } ?? "") + ".")
            } else {
                print(Compare.table(rows, providers: providers), terminator: "")
            }
        }
    }
}
