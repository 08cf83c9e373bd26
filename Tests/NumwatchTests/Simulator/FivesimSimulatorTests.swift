import Domain
import Foundation
import Hummingbird
import Simulator
import Testing

/// Issue 19, section 7: `numwatch simulate --protocol fivesim` answers as 5sim's `/v1` does:
/// guest prices without a token in both nestings, countries by lowercase name, the profile behind
/// a Bearer token.
@Suite struct FivesimSimulatorTests {
    /// `{"cost": 4, "count": 1260, "rate": 99.99}`, `rate` optional.
    func checkOperators(_ value: Any?, _ place: String) throws -> [String: [String: Any]] {
        let operators = try #require(value as? [String: [String: Any]], "\(place)")
        #expect((1...4).contains(operators.count), "\(place): \(operators.keys)")
        for (name, offer) in operators {
            #expect(["cost", "count"].allSatisfy { offer[$0] is NSNumber }, "\(place) \(name)")
            #expect(Set(offer.keys).subtracting(["cost", "count", "rate"]).isEmpty, "\(place) \(name)")
            if let rate = offer["rate"] as? Double { #expect((20...100).contains(rate)) }
        }
        return operators
    }

    @Test func pricesOfOneProductNestProductCountryOperator() async throws {
        let answer = try #require(try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/prices?product=telegram"]).first)
        #expect(answer.status == .ok)
        #expect(answer.contentType == "application/json")
        let body = try #require(answer.object)
        #expect(Array(body.keys) == ["telegram"])
        let countries = try #require(body["telegram"] as? [String: Any])
        #expect(countries.count > 80)
        #expect(countries.keys.allSatisfy { $0 == $0.lowercased() && !$0.contains("_") })
        var withoutRate = 0, severalOperators = 0
        for (country, operators) in countries {
            let offers = try checkOperators(operators, country)
            withoutRate += offers.values.filter { $0["rate"] == nil }.count
            if Set(offers.values.compactMap { $0["cost"] as? Double }).count > 1 { severalOperators += 1 }
        }
        #expect(withoutRate > 0)
        #expect(severalOperators > 10)
        // Real carriers where they are known, virtual pools elsewhere.
        let carriers = ["russia": ["beeline", "megafon", "mts", "tele2"], "england": ["ee", "three", "virtual21", "vodafone"]]
        let known = carriers.filter { countries[$0.key] != nil }
        #expect(!known.isEmpty)
        for (country, names) in known {
            #expect(Set(try checkOperators(countries[country], country).keys).isSubset(of: names), "\(country)")
        }
        #expect(countries.values.contains { ($0 as? [String: Any])?.keys.contains("virtual21") == true })
    }

    @Test func pricesOfOneCountryAndUnfilteredNestCountryProductOperator() async throws {
        let answers = try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/prices?country=england", "/v1/guest/prices"])
        let england = try #require(answers[0].object)
        #expect(Array(england.keys) == ["england"])
        let products = try #require(england["england"] as? [String: Any])
        #expect(products.count > 10)
        for (product, operators) in products { _ = try checkOperators(operators, "england/\(product)") }

        let all = try #require(answers[1].object)
        #expect(all["usa"] != nil && all["russia"] != nil && all["india"] != nil)
        #expect(all["telegram"] == nil)
        let usa = try #require(all["usa"] as? [String: Any])
        #expect(usa.keys.contains("telegram") || usa.keys.contains("whatsapp"))
        _ = try checkOperators(usa.values.first, "usa")
    }

    @Test func unknownProductOrCountryIsAPlainTextError() async throws {
        let answers = try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/prices?product=nonsense", "/v1/guest/prices?country=atlantis"])
        #expect(answers.map(\.status) == [.badRequest, .badRequest])
        #expect(answers.map(\.text) == ["no product", "bad country"])
    }

    @Test func countriesByLowercaseNameWithIsoPrefixAndNames() async throws {
        let answer = try #require(try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/countries"]).first)
        let countries = try #require(answer.object)
        let england = try #require(countries["england"] as? [String: Any])
        #expect(england["iso"] as? [String: Int] == ["gb": 1])
        #expect(england["prefix"] as? [String: Int] == ["+44": 1])
        #expect(england["text_en"] as? String == "England")
        #expect(england["text_ru"] as? String == "Англия")
        #expect((countries["usa"] as? [String: Any])?["text_en"] as? String == "USA")
        #expect((countries["south_africa"] == nil) && countries["southafrica"] != nil)
        // Its operators are listed under the country, as in its answer.
        #expect(england.keys.contains { $0 == "vodafone" || $0 == "ee" || $0 == "three" || $0 == "virtual21" })
        #expect(countries["iran"] == nil)
    }

    @Test func profileNeedsTheBearerToken() async throws {
        let path = "/v1/user/profile"
        let missing = try await ForeignSimulatorRig.get(.fivesim, [path])
        let wrong = try await ForeignSimulatorRig.get(.fivesim, [path], headers: [.authorization: "Bearer nope"])
        let good = try await ForeignSimulatorRig.get(.fivesim, [path], headers: [.authorization: "Bearer demo-token"])
        #expect(missing[0].status == .unauthorized && wrong[0].status == .unauthorized)
        #expect(missing[0].text.isEmpty)
        #expect(good[0].status == .ok)
        let profile = try #require(good[0].object)
        #expect(profile["balance"] as? Double == 4444.44)
        #expect(profile["rating"] as? Double == 96)
        #expect(profile["frozen_balance"] as? Double == 0)
        #expect(profile["email"] is String && profile["id"] is NSNumber)
        // The guest routes need no token.
        #expect(try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/countries"])[0].status == .ok)
    }
}
