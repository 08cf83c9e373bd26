import App
import Config
import Domain
import Numbers
import ArgumentParser
import Foundation
import ProviderAPI
import Synchronization

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

    func validate() throws {
        if let limit { try CLI.check(limit, "--limit", within: 1...100_000) }
    }

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
        commandName: "number", abstract: "Take a number, check it for SMS, cancel it (recorded in the ledger).",
        subcommands: [Take.self, Check.self, Cancel.self])

    struct Take: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Take a number for one service or several (one number for all).",
            discussion: "Refused once the limit (provider.daily_take_limit, default 45) is reached with none activated, "
                + "in the provider's Tehran day or in the last 24 hours: the provider bans accounts past 50 a day and "
                + "does not say which day. A take whose outcome is unknown "
                + "(no answer, a 5xx) counts as taken and is never retried by numwatch.")
        @OptionGroup var provider: ProviderOptions
        @Option(help: "Country code, e.g. romania.") var country: String?
        @Flag(help: "Buy in the cheapest country in stock (a fresh pricing call).") var cheapest = false
        @Option(help: "With --cheapest: only countries whose activation rate in the ledger is at least this (0 to 1).")
        var minActivation: Double?
        @Option(help: "With --min-activation: numbers with a known outcome a country needs for its rate to count.")
        var minNumbers: Int = 5
        @Option(help: "URL the provider POSTs each SMS to (default: callback.public_url of --config).") var callback: String?
        @Flag(help: "Take even past the daily limit (risks the provider's ban).") var force = false
        @Argument(help: "Service codes.") var services: [String]

        func validate() throws {
            guard cheapest != (country != nil) else {
                throw ValidationError("give --country COUNTRY or --cheapest (not both)")
            }
            if let minActivation, !(0...1).contains(minActivation) {
                throw ValidationError("--min-activation is a share between 0 and 1, like 0.6")
            }
            if minActivation != nil, !cheapest { throw ValidationError("--min-activation goes with --cheapest") }
            try CLI.check(minNumbers, "--min-numbers", within: 1...1_000_000)
        }

        func run() async throws {
            try await CLI.run {
                let set = try ServiceSet(services)
                try await CLI.withNumbers(provider) { commands, _ in
                    if cheapest {
                        let criteria = CheapestCountry.Criteria(minActivation: minActivation, minNumbers: minNumbers)
                        print(try await commands.takeCheapest(set, criteria: criteria, callback: callback, force: force))
                    } else {
                        print(try await commands.take(set, country: country ?? "", callback: callback, force: force))
                    }
                }
            }
        }
    }

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the SMS a number has received (one check per account every 30 s by default: provider.poll_interval, poll_scope).")
        @OptionGroup var provider: ProviderOptions
        @Flag(help: "Keep checking until each number has an SMS or has expired, spreading the checks.") var wait = false
        @Argument(help: ArgumentHelp("Number ids (a bundle's several ids are checked in turn).", valueName: "number-id")) var numberIDs: [String]

        func run() async throws {
            try await CLI.run {
                try await CLI.withNumbers(provider) { commands, desk in
                    let clock = SystemWallClock()
                    let sleep: @Sendable (Timestamp) async throws -> Void = { until in
                        let seconds = until.secondsSince1970 - clock.now().secondsSince1970
                        if seconds > 0 { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) }
                    }
                    guard wait else {
                        // Each result as it comes: a later id's failure must not hide an earlier code.
                        let failed = await commands.check(numberIDs, say: { print($0) }, sleep: sleep)
                        for id in numberIDs { if let error = failed[id] { CLI.printError("\(id): \(error)") } }
                        if let error = failed.values.first { throw numberIDs.count == 1 ? error : ExitCode(1) }
                        return
                    }
                    let waiter = SMSWaiter(desk: desk, clock: clock, sleep: sleep)
                    let explained = Mutex(false)
                    try await waiter.wait(for: numberIDs) { event in
                        switch event {
                        case let .finished(status, expired):
                            print(commands.describe(status, expired: expired))
                        case let .waiting(pending, id, next):
                            let time = HumanTime(now: clock.now())
                            CLI.printError("no SMS yet on \(pending.joined(separator: ", ")); next check of \(id) at \(time.format(next)) (Ctrl-C to stop)")
                            // Once: why it waits, and that the push would not need to.
                            let first = explained.withLock { told in
                                defer { told = true }
                                return !told
                            }
                            if first {
                                CLI.printError(NumberCommands.whyWait(desk.settings.pollScope) + ".")
                            }
                        }
                    }
                }
            }
        }
    }

    struct Cancel: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Cancel a number that has received no SMS.")
        @OptionGroup var provider: ProviderOptions
        @Argument(help: ArgumentHelp("Number id.", valueName: "number-id")) var numberID: String

        func run() async throws {
            try await CLI.run {
                try await CLI.withNumbers(provider) { commands, _ in
                    print(try await commands.cancel(numberID))
                }
            }
        }
    }
}

struct NumbersCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numbers",
        abstract: "The ledger: numbers taken through numwatch, their price, SMS and outcome.")
    @Option(name: .long, help: "The configuration whose database (storage.path) and provider to read.") var config: String?
    @Option(name: .long, help: "The ledger's SQLite database (default: storage.path of --config, else ~/.local/state/numwatch/numwatch.sqlite).")
    var database: String?
    @Option(help: "Only numbers taken this recently, e.g. 24h or 7d.") var since: String?
    @Option(help: "Only this platform (a service code, or a bundle's codes joined by +).") var platform: String?
    @Option(help: "Show at most this many takes.") var limit: Int = 50
    @Option(help: "Show what is kept of one take whose answer could not be used.") var take: Int64?

    func validate() throws {
        try CLI.check(limit, "--limit", within: 1...100_000)
    }

    func run() async throws {
        try await CLI.run {
            CLI.bootLogging(.warning)
            let loaded = try config.map { try ConfigLoader.load(path: $0) }
            let ledger = try CLI.openLedger(database: database, config: loaded)
            let listing = LedgerListing(ledger: ledger, account: loaded?.provider.account)
            if let take {
                print(try await listing.rawAnswer(takeID: take))
                return
            }
            let seconds = try since.map { text in
                try CLI.usage { () throws(OutOfBounds) in Double(try parseDuration(text, parameter: "--since", within: .lookBack).components.seconds) }
            }
            print(try await listing.render(sinceSeconds: seconds, platform: platform, limit: limit))
        }
    }
}
