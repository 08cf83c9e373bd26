import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

/// One way the simulator reads the document's open sentences (docs/provider-api.md's table).
struct Reading: Sendable, CustomTestStringConvertible {
    var banDay: BanDayReading
    var pollScope: PollScope
    var bundlePrice: BundlePriceReading
    var refunds: Bool

    /// Every combination of the four switches.
    static let all: [Reading] = BanDayReading.allCases.flatMap { ban in
        PollScope.allCases.flatMap { poll in
            BundlePriceReading.allCases.flatMap { price in
                [true, false].map { Reading(banDay: ban, pollScope: poll, bundlePrice: price, refunds: $0) }
            }
        }
    }

    func apply(to options: inout SimulatorOptions) {
        options.banDay = banDay
        options.pollScope = pollScope
        options.bundlePrice = bundlePrice
        options.refunds = refunds
    }

    var testDescription: String {
        "--ban-day \(banDay.rawValue) --poll-scope \(pollScope.rawValue) --bundle-price \(bundlePrice.rawValue) --refunds \(refunds ? "on" : "off")"
    }
}

/// numwatch's guards and ledger with their defaults, against every reading the simulator plays:
/// none gets the account banned or blocked, and the ledger's money matches the credit.
@Suite struct ReadingsMatrixTests {
    @Test(arguments: Reading.all)
    func noReadingBansBlocksOrMisleadsTheLedger(_ reading: Reading) async throws {
        var options = SimulatorOptions()
        options.smsProbability = 0
        options.dailyTakeBan = 4
        reading.apply(to: &options)
        try await SimulatorHarness.run(options: options) { sim in
            sim.clock.set(Timestamp(parsing: "2026-03-01T20:20:00Z")!)  // 23:50 in Tehran
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, pollInterval: ProviderLimits.defaultPollInterval, dailyTakeLimit: 4)
            let commands = NumberCommands(desk: desk, ledger: ledger, clock: sim.clock)
            let start = await sim.engine.currentCredit
            // Up to the limit just before Tehran's midnight: a bundle and two single numbers.
            // (A second apart: the ledger tells one take's credit change from the next by time.)
            var ids = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia").numbers.map(\.numberID)
            for _ in 0..<2 {
                sim.clock.advance(seconds: 1)
                ids += try await desk.take(ServiceSet("telegram"), country: "russia").numbers.map(\.numberID)
            }
            // `number check` of all four at once: spaced, never a burst.
            let clock = sim.clock
            let failed = await commands.check(ids, say: { _ in }) { until in
                clock.advance(seconds: max(0, until.secondsSince1970 - clock.now().secondsSince1970))
            }
            #expect(failed.isEmpty)
            // Three numbers are given back before they expire, six minutes apart: a cancel's refund
            // is the credit's rise from the reading before it to one at least five minutes after
            // it, with nothing else in between (the next cancel's reading before is this one's after).
            for id in ids.dropLast() {
                _ = try await desk.cancel(id)
                sim.clock.advance(seconds: 6 * 60)
            }
            _ = try await desk.readCredit()
            // Past Tehran's midnight, a new day: refused all the same.
            #expect(sim.clock.now() > Timestamp(parsing: "2026-03-01T20:30:00Z")!)
            await #expect(throws: TakeLimitReached.self) { try await desk.take(ServiceSet("telegram"), country: "russia") }
            // The last expires unused, and a reading of the credit five minutes after it tells
            // whether the provider refunded it.
            sim.clock.set(Timestamp(parsing: "2026-03-01T20:46:00Z")!)
            _ = try await desk.readCredit()

            #expect(await sim.engine.isBanned == false)
            #expect(await sim.engine.isBlocked == false)
            #expect(sim.observer.recorded.allSatisfy { $0.code == "200" })
            let spent = try await ledger.totals().pairs.reduce(0) { $0 + $1.spent }
            let end = await sim.engine.currentCredit
            #expect(spent == start - end)  // the ledger's money is the credit's
            let entries = try await ledger.entries()
            #expect(entries.allSatisfy { $0.number?.chargedPrice != nil && $0.number?.refunded != nil })
        }
    }
}

/// The same switches on `numwatch simulate`, for a person trying a reading by hand.
@Suite struct SimulateReadingSwitchesTests {
    @Test func simulateOffersEveryReadingAndRefusesAnUnknownOne() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let help = try await CLIProcess.run(["simulate", "--help"])
        #expect(help.status == 0)
        for option in ["--ban-day <ban-day>", "--poll-scope <poll-scope>", "--bundle-price <bundle-price>", "--refunds <refunds>"] {
            #expect(help.stdout.contains(option), "\(option) missing from: \(help.stdout)")
        }
        let bad = try await CLIProcess.run(["simulate", "--ban-day", "weekly"])
        #expect(bad.status == 2)
        #expect(bad.stderr.contains("--ban-day") && bad.stderr.contains("weekly"))
    }
}
