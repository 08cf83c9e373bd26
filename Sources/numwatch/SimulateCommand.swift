import App
import ArgumentParser
import Config
import Domain
import Logging
import ProviderAPI
import Simulator

struct SimulateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "simulate",
        abstract: "Run the provider simulator: the whole API over HTTP, no network needed.",
        discussion: "Levers (not part of the provider API): GET /_sim/state, PUT /_sim/faults, "
            + "POST /_sim/advance?seconds=N, /_sim/credit?credit=N, /_sim/unblock, "
            + "/_sim/cell?service=&country=&stock=&price=.")

    @Option(name: .customLong("protocol"),
            help: "Whose API to serve: myonlinesim (the seed document's), sms_activate (handler_api.php) or fivesim. The same --seed gives all three the same market.")
    var kind: ProviderKind = .myonlinesim
    @Option(help: "The value of one rouble in Toman, for sms_activate and fivesim: their prices and credit are the market's Toman at this rate.")
    var tomanPerUnit = 450.0
    @Option(help: "Address to listen on.") var listen = "127.0.0.1:8081"
    @Option(help: "The token the simulated account accepts (default: demo-token).") var token: String?
    @Option(help: "Seed of the market's random walk.") var seed: UInt64 = 1
    @Option(help: "Starting credit in Toman.") var credit = 2_000_000
    @Option(help: "Mean stock changes per country and service per hour.") var stockChangesPerHour = 1.0
    @Option(help: "Mean price changes per country and service per day.") var priceChangesPerDay = 2.0
    @Option(help: "Fraction of requests answered with a 500.") var errorRate = 0.0
    @Option(help: "Extra latency per request, in milliseconds.") var latencyMs = 0
    @Option(help: "Fraction of requests answered with cut-off JSON.") var malformedRate = 0.0
    @Option(help: "Fraction of requests answered with an HTML maintenance page.") var htmlRate = 0.0
    @Option(help: "Fraction of requests whose connection is dropped mid-answer.") var dropRate = 0.0
    @Option(help: "Fraction of requests answered with one of every fault mode, at random.") var anyFaultRate = 0.0
    @Option(help: "Every request answered with this fault: \(FaultMode.allCases.map(\.rawValue).joined(separator: ", ")).")
    var faultMode: FaultMode?
    @Option(help: "Pricing answers misreport their countries: shrink, grow or repeat.") var listing: ListingFault?
    @Option(help: "How SMS pushes are POSTed: json, form (urlencoded, PHP-style nested names) or multipart.")
    var pushEncoding: PushEncoding = .json
    @Option(help: "Each message's is_received: 1 (as documented), 0 (the simulator's ban then does not count it as an activation) or absent.")
    var isReceived: IsReceivedFlag = .one
    @Option(help: "Which day the 50-a-day ban counts: calendar (Tehran's) or rolling (the last 24 hours).")
    var banDay: BanDayReading = .calendar
    @Option(help: "What the poll limit counts: number (each number's checks) or account (all checks).")
    var pollScope: PollScope = .number
    @Option(help: "A bundle take's row price: share (each service's part) or total (the bundle's price on every row).")
    var bundlePrice: BundlePriceReading = .share
    @Option(help: "Whether a cancel and an unused expiry give the price back: on or off.") var refunds: Switch = .on
    @Option(help: "Log level.") var logLevel: Logger.Level = .info
    @Option(help: "Log lines on stderr as text or json (one object per line).") var logFormat: LogFormat = .text

    /// Rates feed the market's random walk (`Int(rate * ...)`): NaN, infinity or a huge one would trap there.
    func validate() throws {
        try CLI.check(credit, "--credit", within: 0...1_000_000_000_000)
        for (flag, value, most) in [("--stock-changes-per-hour", stockChangesPerHour, 3_600.0), ("--price-changes-per-day", priceChangesPerDay, 86_400)]
        where !(0...most).contains(value) {
            throw ValidationError("\(flag): a number from 0 to \(Int(most)), got \(value)")
        }
        // Shares of requests: outside 0 to 1 (or NaN) they mean nothing, and the latency sleeps.
        for (flag, value) in [("--error-rate", errorRate), ("--malformed-rate", malformedRate), ("--html-rate", htmlRate),
                              ("--drop-rate", dropRate), ("--any-fault-rate", anyFaultRate)] where !(0...1).contains(value) {
            throw ValidationError("\(flag): a fraction from 0 to 1, got \(value)")
        }
        try CLI.check(latencyMs, "--latency-ms", within: 0...600_000)
        // Prices are divided by it: zero, NaN or a huge one would make them meaningless.
        guard (1...1_000_000).contains(tomanPerUnit) else { throw ValidationError("--toman-per-unit: a number from 1 to 1000000, got \(tomanPerUnit)") }
    }

    func run() async throws {
        try await CLI.run {
            CLI.bootLogging(logLevel, format: logFormat)
            guard let address = ListenAddress(parsing: listen) else { throw UsageError("--listen: expected host:port, got \(listen)") }
            var options = SimulatorOptions()
            if let token { options.token = token }
            options.kind = kind
            options.tomanPerUnit = tomanPerUnit
            options.seed = seed
            options.startingCredit = credit
            options.market.stockChangesPerHour = stockChangesPerHour
            options.market.priceChangesPerDay = priceChangesPerDay
            options.pushEncoding = pushEncoding
            options.isReceived = isReceived
            options.banDay = banDay
            options.pollScope = pollScope
            options.bundlePrice = bundlePrice
            options.refunds = refunds == .on
            options.faults = Faults(errorRate: errorRate, latencyMs: latencyMs, malformedRate: malformedRate, htmlRate: htmlRate, dropRate: dropRate,
                                    mode: faultMode, anyRate: anyFaultRate, listing: listing)
            if let problem = options.faults.problem { throw UsageError(problem.replacingOccurrences(of: "_", with: "-")) }
            let explicitToken = token != nil
            let kind = kind
            let simulator = Simulator(options: options, host: address.host, port: address.port) { port in
                let url = ListenAddress(host: address.host, port: port).url
                let tokenLine = explicitToken ? "the token you passed with --token" : "demo-token"
                switch kind {
                case .myonlinesim:
                    print("numwatch simulator listening on \(url)")
                    print("Try, in another terminal:")
                    print("  export NUMWATCH_BASE_URL=\(url)")
                    print(explicitToken ? "  export NUMWATCH_TOKEN=...   (the token you passed with --token)" : "  export NUMWATCH_TOKEN=demo-token")
                    print("  numwatch credit && numwatch prices telegram whatsapp --limit 10")
                case .smsActivate:
                    print("numwatch simulator (sms_activate) listening on \(url)")
                    print("base_url: \(url)stubs/handler_api.php   (kind: sms_activate, api_key: \(tokenLine), prices in RUB)")
                case .fivesim:
                    print("numwatch simulator (fivesim) listening on \(url)")
                    print("base_url: \(url)   (kind: fivesim, Bearer token for /v1/user/profile: \(tokenLine), prices in RUB)")
                }
            }
            let size = await simulator.engine.catalogueSummary()
            print("catalogue: \(size.services) services × \(size.countries) countries (\(size.cells) on sale), seed \(seed)")
            try await simulator.application.runService()
        }
    }
}

extension FaultMode: ExpressibleByArgument {}
extension ProviderKind: ExpressibleByArgument {}
extension BanDayReading: ExpressibleByArgument {}
extension PollScope: ExpressibleByArgument {}
extension BundlePriceReading: ExpressibleByArgument {}

/// `--refunds on|off`.
enum Switch: String, ExpressibleByArgument {
    case on, off
}
extension ListingFault: ExpressibleByArgument {}
extension PushEncoding: ExpressibleByArgument {}
extension IsReceivedFlag: ExpressibleByArgument {}
