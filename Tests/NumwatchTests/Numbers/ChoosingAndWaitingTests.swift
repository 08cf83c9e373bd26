import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

@Suite struct CheapestCountryTests {
    let rows = [
        PriceRow(country: "chad", name: "Chad", count: 0, price: 500),  // cheapest, but sold out
        PriceRow(country: "russia", name: "Russia", count: 40, price: 900),
        PriceRow(country: "india", name: "India", count: 90, price: 900),
        PriceRow(country: "romania", name: "Romania", count: 10, price: 1_200),
    ]

    @Test func theCheapestInStockWinsAndTiesGoToTheBetterRate() throws {
        let activation = ["russia": Ledger.Activation(decided: 10, activated: 9), "india": Ledger.Activation(decided: 10, activated: 2)]
        let choice = try CheapestCountry.choose(from: rows, activation: activation, platform: "telegram", criteria: .init())
        #expect(choice.row.country == "russia")
        #expect(choice.reason == "russia at 900 Toman, the cheapest of 3 countries in stock; activation 90 % (9/10) in the ledger; 40 numbers in stock")
    }

    @Test func minActivationSkipsCountriesThatDoNotWorkOrAreUnknown() throws {
        let activation = ["russia": Ledger.Activation(decided: 10, activated: 3), "india": Ledger.Activation(decided: 3, activated: 3),
                          "romania": Ledger.Activation(decided: 8, activated: 6)]
        let choice = try CheapestCountry.choose(from: rows, activation: activation, platform: "telegram",
                                                criteria: .init(minActivation: 0.6, minNumbers: 5))
        #expect(choice.row.country == "romania")  // russia works too rarely, india has too little history
        #expect(choice.reason.contains("the cheapest of 1 countries in stock with a good enough activation rate (of 3 in stock)"))
        #expect(throws: CheapestCountry.Refusal.self) {
            try CheapestCountry.choose(from: rows, activation: activation, platform: "telegram", criteria: .init(minActivation: 0.9))
        }
    }

    @Test func takeCheapestAgainstTheSimulatorBuysThereAndRecordsTheListedPrice() async throws {
        try await SimulatorHarness.run { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let choice = try await desk.cheapest(ServiceSet("telegram"), criteria: .init())
            let cheapest = try await sim.client().prices(ServiceSet("telegram")).filter { $0.count > 0 }.map(\.price).min()
            #expect(choice.row.price == cheapest)
            let take = try await desk.take(ServiceSet("telegram"), country: choice.row.country, listedPrice: choice.row.price)
            #expect(take.listedPrice == choice.row.price)
            #expect(take.chargedPrice == choice.row.price)  // from the credit: the simulator charges as listed
            #expect(try await ledger.entries().first?.listedPrice == choice.row.price)
        }
    }

    @Test func anOverchargeShowsAsChargedAgainstListed() async throws {
        var options = SimulatorOptions()
        options.overchargePercent = ["russia": 20]
        try await SimulatorHarness.run(options: options) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let listed = try #require(try await sim.client().prices(ServiceSet("telegram")).first { $0.country == "russia" }).price
            let take = try await desk.take(ServiceSet("telegram"), country: "russia", listedPrice: listed)
            #expect(take.chargedPrice == listed + listed * 20 / 100)
            let pair = try #require(try await ledger.totals().pairs.first)
            #expect(pair.listedCompared == listed && pair.chargedCompared == listed + listed / 5 && pair.spent == pair.chargedCompared)
        }
    }
}

/// A provider whose take answer could not be read, though it holds the number ids charged for.
actor UnreadableTakeProvider: Provider {
    func credit() async throws(ProviderError) -> Int { 1_000 }
    func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] { [] }
    func takeNumber(_ services: ServiceSet, country: String, callback: String?) async throws(ProviderError) -> [IssuedNumber] {
        throw .unreadableTake(status: 200, reason: "data: unexpected type",
                              raw: #"{"data":{"number_id":"AbC123xyZ9","number":12,"expires_at":false,"callback":"\#(callback ?? "")"}}"#)
    }
    func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus { throw .invalidRequest("no") }
    func cancelNumber(_ numberID: String) async throws(ProviderError) -> String { "" }
}

@Suite struct UnreadableTakeTests {
    @Test func theNumberIDIsKeptWithTheRawAnswerAndTheTakeCounts() async throws {
        let ledger = try Ledger.inMemory()
        let callback = "https://nw.example/callback/secret-0123456789abcdef"
        let desk = NumberDesk(provider: UnreadableTakeProvider(), ledger: ledger,
                              settings: ProviderSettings(baseURL: "https://p", dailyTakeLimit: 1), callbackURL: callback, clock: ManualWallClock())
        let error = await #expect(throws: TakeOutcomeUnknown.self) { try await desk.take(ServiceSet("telegram"), country: "russia") }
        #expect(error?.readableIDs == ["AbC123xyZ9"])
        #expect(error?.description.contains("numwatch number check AbC123xyZ9") == true)
        #expect(error?.description.contains("numwatch numbers --take 1") == true)
        let entry = try #require(try await ledger.entries().first)
        #expect(entry.state == .unknown && entry.hasRawAnswer && entry.number?.id == "AbC123xyZ9")
        let raw = try #require(try await ledger.rawAnswer(takeID: 1)?.raw)
        #expect(raw.contains("AbC123xyZ9"))
        // The provider echoes the callback URL; its secret is not kept.
        #expect(raw.contains(#""callback":"<callback URL>""#) && !raw.contains("secret-0123456789abcdef"))
        await #expect(throws: TakeLimitReached.self) { try await desk.take(ServiceSet("telegram"), country: "russia") }
    }
}

@Suite struct SMSWaiterTests {
    /// With `poll_scope: number`, a bundle's three ids: one check every 20 s / 3 across them, never
    /// one id twice within 20 s, never a 429 from the simulator (which blocks faster polling of a
    /// number, as the provider does under that reading).
    @Test func checksOfSeveralIdsAreSpreadAndNoneIsPolledTooSoon() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 70...70
        try await SimulatorHarness.run(options: options) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, pollScope: .number)
            let take = try await desk.take(ServiceSet(["telegram", "whatsapp", "instagram"]), country: "russia")
            let ids = take.numbers.map(\.numberID)
            let clock = sim.clock
            let checks = CheckLog()
            let waiter = SMSWaiter(desk: desk, clock: clock) { until in
                let ahead = until.secondsSince1970 - clock.now().secondsSince1970
                if ahead > 0 { clock.advance(seconds: ahead) }
            }
            try await waiter.wait(for: ids) { event in
                if case let .finished(status, expired) = event { checks.finish(status.numberID, expired: expired) }
            }
            let times = sim.observer.recorded.filter { $0.endpoint == .numberCheck }
            #expect(times.allSatisfy { $0.code == "200" })
            #expect(checks.finished.sorted() == ids.sorted())
            #expect(checks.expired.isEmpty)
            // SMS arrive 70, 73 and 76 s after the take; checks ~6.7 s apart reach all three by 100 s.
            #expect(clock.now().secondsSince1970 - take.numbers[0].createdAt!.secondsSince1970 <= 100)
        }
    }
}

final class CheckLog: @unchecked Sendable {
    private let lock = NSLock()
    private var done: [String] = []
    private var dead: [String] = []
    func finish(_ id: String, expired: Bool) { lock.withLock { done.append(id); if expired { dead.append(id) } } }
    var finished: [String] { lock.withLock { done } }
    var expired: [String] { lock.withLock { dead } }
}
