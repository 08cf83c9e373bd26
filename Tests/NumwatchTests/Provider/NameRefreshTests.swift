import Domain
import Foundation
@testable import ProviderAPI
import Testing

/// The provider's lists are read on first use, again after a day, an hour after a failure, and
/// while they cannot be read the built-in names and the aliases still map the common codes.
/// The clock is a `ManualWallClock`: nothing sleeps.
@Suite struct NameRefreshTests {
    static let countriesWithoutIceland = #"{"0": {"id": 0, "eng": "Russia"}, "22": {"id": 22, "eng": "India"}}"#
    static let countriesWithIceland = #"{"0": {"id": 0, "eng": "Russia"}, "22": {"id": 22, "eng": "India"}, "999": {"id": 999, "eng": "Iceland"}}"#
    static let prices = #"{"0": {"tg": {"cost": 0.4, "count": 1}}, "22": {"tg": {"cost": 0.5, "count": 2}}, "999": {"tg": {"cost": 3, "count": 4}}}"#

    @Test func theListsAreReadOnceAndAgainAfterADay() async throws {
        let market = ScriptedMarket([
            "getCountries": .json(Self.countriesWithoutIceland),
            "getServicesList": .fixture("sms_activate/services_plain.json"),
            "getPrices": .json(Self.prices),
        ])
        let clock = ManualWallClock()
        try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = SMSActivateClientTests.client(baseURL, http, clock: clock)
            let telegram = try ServiceSet("telegram")
            #expect(try await client.quotes(telegram).map(\.country) == ["india", "russia"])
            #expect(await client.unmatchedNames().countries == ["999"])
            #expect(market.count("getCountries") == 1)

            // The provider names its new country; numwatch does not ask again within the day.
            market.set("getCountries", .json(Self.countriesWithIceland))
            clock.advance(seconds: 86_399)
            #expect(try await client.quotes(telegram).map(\.country) == ["india", "russia"])
            #expect(market.count("getCountries") == 1)

            clock.advance(seconds: 1)
            #expect(try await client.quotes(telegram).map(\.country) == ["iceland", "india", "russia"])
            #expect(market.count("getCountries") == 2)
            #expect(market.count("getServicesList") == 2)
            #expect(await client.unmatchedNames() == UnmatchedNames())
        }
    }

    @Test func withoutTheListsTheBuiltInNamesStillWorkAndTheProblemIsSaid() async throws {
        let market = ScriptedMarket([
            // A provider that echoes the query string in its error: the problem must not repeat the key.
            "getCountries": .init(body: "ERROR_SQL:api_key=\(SMSActivateClientTests.key)"),
            "getServicesList": .fixture("sms_activate/services_list.json"),
            "getPrices": .fixture("sms_activate/prices_tg.json"),
        ])
        let clock = ManualWallClock()
        try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = SMSActivateClientTests.client(baseURL, http, clock: clock)
            let telegram = try ServiceSet("telegram")
            // tg from the built-in map; ids 0, 6, 16, 22, 27 from the built-in ids; 12 (US
            // virtual) is nobody's. Names are numwatch's codes: the provider's were not read.
            let quotes = try await client.quotes(telegram)
            #expect(quotes.map(\.country) == ["india", "indonesia", "ivory_coast", "russia", "united_kingdom"])
            #expect(quotes.first?.name == "india")
            let unmatched = await client.unmatchedNames()
            #expect(unmatched.countries == ["12"])
            let problem = try #require(unmatched.listProblem)
            #expect(problem.contains("ERROR_SQL"))
            #expect(problem.contains("using the built-in names and the aliases"))
            #expect(!leaks(SMSActivateClientTests.key, in: problem))

            // Not asked again at every sample: an hour later.
            _ = try await client.quotes(telegram)
            #expect(market.count("getCountries") == 1)
            market.set("getCountries", .fixture("sms_activate/countries.json"))
            clock.advance(seconds: 3_600)
            #expect(try await client.quotes(telegram).first?.name == "India")
            #expect(market.count("getCountries") == 2)
            #expect(await client.unmatchedNames() == UnmatchedNames(countries: ["12 (USA Virtual)"]))
        }
    }

    @Test func concurrentFirstUsesReadTheListsOnce() async throws {
        let market = ScriptedMarket([
            "getCountries": .fixture("sms_activate/countries.json"),
            "getServicesList": .fixture("sms_activate/services_list.json"),
            "getPrices": .fixture("sms_activate/prices_tg.json"),
        ])
        try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = SMSActivateClientTests.client(baseURL, http)
            try await withThrowingTaskGroup(of: Int.self) { group in
                for _ in 0..<8 { group.addTask { try await client.quotes(ServiceSet("telegram")).count } }
                for try await count in group { #expect(count == 5) }
            }
        }
        #expect(market.count("getCountries") == 1)
        #expect(market.count("getPrices") == 8)
    }
}
