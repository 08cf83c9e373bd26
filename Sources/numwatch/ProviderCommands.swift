import App
import ArgumentParser
import Foundation
import ProviderAPI

struct CreditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "credit", abstract: "Show the account's credit.")
    @OptionGroup var provider: ProviderOptions

    func run() async throws {
        try await CLI.run {
            try await CLI.withProvider(provider) { client in
                print(try await OneShotCommands(provider: client).credit())
            }
        }
    }
}

struct PricesCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "prices",
        abstract: "Price and stock per country, cheapest first.",
        discussion: "Several services price a bundle: one number usable for all of them (at most 5). "
            + "Use --separately for one table per service.")
    @OptionGroup var provider: ProviderOptions
    @Argument(help: "Service codes, e.g. telegram whatsapp.") var services: [String]
    @Flag(help: "One table per service instead of the bundle's.") var separately = false
    @Flag(help: "Only countries with numbers in stock.") var inStock = false
    @Option(help: "Show at most this many countries.") var limit: Int?
    @Flag(help: "JSON instead of a table.") var json = false

    func run() async throws {
        try await CLI.run {
            let sets = separately ? try services.map { try ServiceSet($0) } : [try ServiceSet(services)]
            try await CLI.withProvider(provider) { client in
                let commands = OneShotCommands(provider: client)
                let options = OneShotCommands.PriceOptions(inStockOnly: inStock, limit: limit, json: json)
                var outputs: [String] = []
                for set in sets { outputs.append(try await commands.prices(set, options: options)) }
                print(outputs.joined(separator: "\n\n"))
            }
        }
    }
}

struct NumberCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "number", abstract: "Take a number, check it for SMS, cancel it.",
        subcommands: [Take.self, Check.self, Cancel.self])

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Take a number for one service or several (one number for all).")
        @OptionGroup var provider: ProviderOptions
        @Option(help: "Country code, e.g. romania.") var country: String
        @Option(help: "URL the provider POSTs each SMS to (keep it secret).") var callback: String?
        @Argument(help: "Service codes.") var services: [String]

        func run() async throws {
            try await CLI.run {
                let set = try ServiceSet(services)
                try await CLI.withProvider(provider) { client in
                    print(try await OneShotCommands(provider: client).take(set, country: country, callback: callback))
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the SMS a number has received (never more often than every 20 s).")
        @OptionGroup var provider: ProviderOptions
        @Flag(help: "Keep checking every 20 s until an SMS arrives or the number expires.") var wait = false
        @Argument(help: "Number ids.") var numberIDs: [String]

        func run() async throws {
            try await CLI.run {
                try await CLI.withProvider(provider) { client in
                    let commands = OneShotCommands(provider: client)
                    var pending = numberIDs
                    for round in 1... {
                        var stillWaiting: [String] = []
                        for id in pending {
                            let result = try await commands.check(id)
                            if wait, !result.hasSMS, !result.expired { stillWaiting.append(id) } else { print(result.text) }
                        }
                        guard !stillWaiting.isEmpty else { return }
                        let seconds = Int(client.accountGuard.pollInterval)
                        CLI.printError("check \(round): no SMS yet on \(stillWaiting.joined(separator: ", ")); next check in \(seconds) s (Ctrl-C to stop)")
                        try await Task.sleep(for: .seconds(seconds))
                        pending = stillWaiting
                    }
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a number that has received no SMS.")
        @OptionGroup var provider: ProviderOptions
        @Argument(help: "Number id.") var numberID: String

        func run() async throws {
            try await CLI.run {
                try await CLI.withProvider(provider) { client in
                    print(try await OneShotCommands(provider: client).cancel(numberID))
                }
            }
        }
    }
}
