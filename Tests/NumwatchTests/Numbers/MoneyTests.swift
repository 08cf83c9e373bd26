import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

/// Money read from the credit, not from a reading of the document: a bundle's charge is the
/// credit's drop whatever its rows state, a refund is the credit's rise after a cancel, and a
/// drop that cannot be attributed is "unknown".
@Suite struct MoneyTests {
    /// `numwatch numbers` as a person reads it.
    static func listing(_ ledger: Ledger, _ sim: SimulatorHarness) async throws -> String {
        try await LedgerListing(ledger: ledger, account: nil, clock: sim.clock).render(sinceSeconds: nil, platform: nil, limit: 10)
    }

    static func options(bundlePrice: BundlePriceReading = .share, refunds: Bool = true) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.smsProbability = 0
        options.bundlePrice = bundlePrice
        options.refunds = refunds
        return options
    }

    /// Rows that repeat the bundle's price: numwatch used to add them (twice the charge, a
    /// +100 % markup); now the credit's drop is the charge and the rows are "stated" beside it.
    @Test func aBundleWhoseRowsRepeatItsPriceIsChargedWhatTheCreditShows() async throws {
        try await SimulatorHarness.run(options: Self.options(bundlePrice: .total)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let before = await sim.engine.currentCredit
            let take = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia")
            let drop = before - (await sim.engine.currentCredit)
            #expect(take.chargedPrice == drop)
            #expect(take.statedPrice == 2 * drop)  // each row says the whole bundle's price
            #expect(NumberCommands.money(take).contains("Charged \(grouped(drop)) Toman (the credit's drop)"))
            #expect(NumberCommands.money(take).contains("rows state \(grouped(2 * drop)) in all, not what the credit shows"))
            #expect(try await ledger.totals().pairs.first?.spent == drop)
            let listing = try await Self.listing(ledger, sim)
            #expect(listing.contains("(stated \(grouped(drop)))"))
        }
    }

    /// Under the share reading the rows add up to the charge: nothing to flag.
    @Test func aBundleWhoseRowsAreSharesShowsNoDifference() async throws {
        try await SimulatorHarness.run(options: Self.options(bundlePrice: .share)) { sim in
            let ledger = try Ledger.inMemory()
            let before = await sim.engine.currentCredit
            let take = try await sim.desk(ledger).take(ServiceSet(["telegram", "whatsapp"]), country: "russia")
            let after = await sim.engine.currentCredit
            #expect(take.chargedPrice == before - after)
            #expect(take.statedPrice == take.chargedPrice)
            #expect(!NumberCommands.money(take).contains("stated"))
        }
    }

    /// The case: a take cancelled, the credit back where it was, and `numbers` still
    /// said it was spent. Now the refund is recorded, from a reading of the credit at least five
    /// minutes after the cancel (as for an expiry), and spent is net of it.
    @Test(arguments: [true, false])
    func aCancelsRefundIsReadFromTheCredit(refunds: Bool) async throws {
        try await SimulatorHarness.run(options: Self.options(refunds: refunds)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let start = await sim.engine.currentCredit
            let take = try await desk.take(ServiceSet("telegram"), country: "romania")
            let charged = try #require(take.chargedPrice)
            sim.clock.advance(seconds: 60)
            _ = try await desk.cancel(take.numbers[0].numberID)
            #expect(try await ledger.entries().first?.number?.refunded == nil)
            #expect(try await Self.listing(ledger, sim).contains("cancelled, refund unknown"))
            sim.clock.advance(seconds: 5 * 60)
            _ = try await desk.readCredit()
            let number = try #require(try await ledger.entries().first?.number)
            #expect(number.refunded == (refunds ? charged : 0))
            let spent = try #require(try await ledger.totals().pairs.first?.spent)
            let end = await sim.engine.currentCredit
            #expect(spent == start - end)
            let listing = try await Self.listing(ledger, sim)
            #expect(listing.contains("cancelled, \(grouped(charged)) refunded") == refunds)
        }
    }

    /// An unused expiry: the provider may or may not refund it. The credit read before it and
    /// again five minutes or more after it tells, when nothing else moved it in between.
    @Test(arguments: [true, false])
    func anUnusedExpirysRefundIsReadFromTheCredit(refunds: Bool) async throws {
        try await SimulatorHarness.run(options: Self.options(refunds: refunds)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let start = await sim.engine.currentCredit
            let take = try await desk.take(ServiceSet("telegram"), country: "romania")
            let charged = try #require(take.chargedPrice)
            sim.clock.advance(seconds: 20 * 60 + 60)  // expired a minute ago: too soon to tell
            _ = try await desk.readCredit()
            #expect(try await ledger.entries().first?.number?.refunded == nil)
            sim.clock.advance(seconds: 5 * 60)
            _ = try await desk.readCredit()
            #expect(try await ledger.entries().first?.number?.refunded == (refunds ? charged : 0))
            let spent = try #require(try await ledger.totals().pairs.first?.spent)
            let end = await sim.engine.currentCredit
            #expect(spent == start - end)
            let listing = try await Self.listing(ledger, sim)
            #expect(!listing.contains("refund unknown"))
        }
    }

    /// A cancel between the readings around an expiry: the rise could be either's, so the
    /// expiry's refund stays unknown.
    @Test func anExpiryRefundOverlappingACancelStaysUnknown() async throws {
        try await SimulatorHarness.run(options: Self.options()) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let first = try await desk.take(ServiceSet("telegram"), country: "romania").numbers[0].numberID
            sim.clock.advance(seconds: 19 * 60)
            let second = try await desk.take(ServiceSet("telegram"), country: "romania").numbers[0].numberID
            sim.clock.advance(seconds: 2 * 60)  // the first has expired
            // Another process cancels the second, past this desk's credit readings.
            _ = try await sim.client().cancelNumber(second)
            try await ledger.recordCancelled(numberID: second, atMs: sim.clock.now().milliseconds)
            sim.clock.advance(seconds: 6 * 60)
            _ = try await desk.readCredit()
            let entries = try await ledger.entries()
            #expect(entries.first { $0.number?.id == first }?.number?.refunded == nil)
            let listing = try await Self.listing(ledger, sim)
            #expect(listing.contains("expired, refund unknown"))
        }
    }

    /// Another take still unanswered while this one's credit is read: the drop could be either's,
    /// so the charge is "unknown", never a guess.
    @Test func aChargeOverlappingAnotherTakeIsUnknown() async throws {
        try await SimulatorHarness.run(options: Self.options()) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let now = sim.clock.now()
            let day = ProviderTime.day(of: now)
            // Another process's take, sent and not yet answered.
            _ = try await ledger.reserveTake(.init(
                account: desk.settings.account, platform: "telegram", country: "russia", count: 1, listedPrice: nil,
                atMs: now.milliseconds, providerDay: day.date, tehranDay: day.start.milliseconds..<day.end.milliseconds), limit: 45, force: false)
            let take = try await desk.take(ServiceSet("telegram"), country: "romania")
            #expect(take.chargedPrice == nil)
            #expect(NumberCommands.money(take).hasPrefix("Charged: unknown"))
            let listing = try await Self.listing(ledger, sim)
            #expect(listing.contains("unknown"))
            #expect(try await ledger.entries().contains { $0.number != nil && $0.chargeUnknown })
        }
    }
}

/// A provider refusing every take with a 40X that lacks the documented error body.
actor BareRefusalProvider: Provider {
    let refusal: ProviderError
    init(_ refusal: ProviderError) { self.refusal = refusal }
    func credit() async throws(ProviderError) -> Int { 1_000 }
    func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] { [] }
    func takeNumber(_ services: ServiceSet, country: String, callback: String?) async throws(ProviderError) -> [IssuedNumber] { throw refusal }
    func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus { throw .invalidRequest("no") }
    func cancelNumber(_ numberID: String) async throws(ProviderError) -> String { "" }
}

@Suite struct TakeAnswerTests {
    /// The document says failures are 40X: a 40X take failed, body or not. It is not charged,
    /// not "unknown", and the day's count does not grow.
    @Test(arguments: [
        ProviderError.malformed(status: 400, reason: "an error without the documented error body", excerpt: "Bad Request"),
        ProviderError.htmlPage(status: 403, title: "Forbidden"),
    ])
    func aFortyXTakeWithoutTheDocumentedBodyFailedAndDoesNotCount(_ refusal: ProviderError) async throws {
        let ledger = try Ledger.inMemory()
        let clock = ManualWallClock()
        let desk = NumberDesk(provider: BareRefusalProvider(refusal), ledger: ledger,
                              settings: ProviderSettings(baseURL: "https://p", dailyTakeLimit: 1), clock: clock)
        await #expect(throws: refusal) { try await desk.take(ServiceSet("telegram"), country: "russia") }
        #expect(try await ledger.entries().first?.state == .refused)
        let day = ProviderTime.day(of: clock.now())
        let windows = try await ledger.windows(account: "https://p", nowMs: clock.now().milliseconds,
                                               tehranDay: day.start.milliseconds..<day.end.milliseconds)
        #expect(windows.tehranDay.taken == 0 && windows.last24Hours.taken == 0)
        // A 5xx without the body is still unknown: the provider may have issued the number.
        #expect(ProviderError.malformed(status: 502, reason: "", excerpt: "").takeOutcomeUnknown)
    }

    /// The take answer masks the number (`96104612XX`); the check answer gives it whole, and the
    /// ledger keeps the whole one.
    @Test func theFullNumberFromACheckReplacesTheMaskedOne() async throws {
        try await SimulatorHarness.run(options: MoneyTests.options()) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let taken = try await desk.take(ServiceSet("telegram"), country: "russia").numbers[0]
            #expect(taken.number.hasSuffix("XX"))
            #expect(try await ledger.entries().first?.number?.phone == "+7 \(taken.number)")
            let status = try await desk.check(taken.numberID)
            #expect(status.number.dropLast(2) == taken.number.dropLast(2) && !status.number.hasSuffix("XX"))
            #expect(try await ledger.entries().first?.number?.phone == "+7 \(status.number)")
        }
    }

    @Test func onlyTheMaskedDigitsMayBeFilledIn() {
        #expect(Ledger.unmasks("+7 9610461240", masked: "+7 96104612XX"))
        #expect(!Ledger.unmasks("+7 9610461299", masked: "+7 9610461240"))  // not masked: kept
        #expect(!Ledger.unmasks("+7 1110461240", masked: "+7 96104612XX"))  // another number
        #expect(!Ledger.unmasks("+7 96104612", masked: "+7 96104612XX"))
        #expect(!Ledger.unmasks("+7 96104612ab", masked: "+7 96104612XX"))
    }
}

/// `serve` reads the credit every `credit_interval`: each reading goes to the ledger too, which
/// settles an unused expiry's refund from it without any take or cancel by the CLI.
@Suite struct ServeCreditReadingTests {
    @Test func theSamplersCreditReadingsSettleAnExpirysRefund() async throws {
        let store = try HistoryStore.inMemory()
        let ledger = try Ledger(writer: store.writer)
        let fixture = LedgerFixture(ledger: ledger, account: "https://p")
        let taken: Int64 = 1_767_225_600_000  // 2026-01-01 00:00 UTC
        try await fixture.take("x1", country: "romania", atMs: taken, charged: 5_500, expiresMs: taken + 1_200_000)
        let sink = CreditReadingSink(store: store, ledger: ledger, account: "https://p")
        func sample(atMs: Int64, credit: Int) async throws {
            try await sink.ingest(SampleRound(watches: [], credit: CreditSample(
                time: atMs / 1000, credit: credit, sentMs: atMs - 200, answeredMs: atMs)))
        }
        try await sample(atMs: taken + 60_000, credit: 94_500)       // after the take
        try await sample(atMs: taken + 1_260_000, credit: 100_000)   // a minute after the expiry: too soon to tell
        #expect(try await ledger.entries().first?.number?.refunded == nil)
        try await sample(atMs: taken + 1_560_000, credit: 100_000)   // six minutes after
        #expect(try await ledger.entries().first?.number?.refunded == 5_500)
        #expect(try await ledger.totals().pairs.first?.spent == 0)
        #expect(await store.snapshot()[.main].credit == 100_000)  // the history has every round as before
    }
}
