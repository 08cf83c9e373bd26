import Domain
import Foundation
import Hummingbird
import Simulator
import Testing

/// Issue 19, section 7: `numwatch simulate --protocol sms_activate` answers as sms-activate's
/// `handler_api.php` does: bare words with HTTP 200, JSON keyed by numeric country ids and short
/// service codes, numbers sometimes as strings.
@Suite struct SmsActivateSimulatorTests {
    static let base = "/stubs/handler_api.php?api_key=demo-token&action="

    @Test func theKeyIsRequiredOnEveryCallAndAWrongOneIsBadKeyWithStatus200() async throws {
        let answers = try await ForeignSimulatorRig.get(.smsActivate, [
            "/stubs/handler_api.php?action=getBalance", "/stubs/handler_api.php?api_key=wrong&action=getBalance",
            "/stubs/handler_api.php?api_key=wrong&action=getPrices&service=tg", "/stubs/handler_api.php?action=getCountries",
        ])
        for answer in answers {
            #expect(answer.status == .ok)
            #expect(answer.text == "BAD_KEY")
        }
    }

    @Test func balanceIsTextInRoubles() async throws {
        let answer = try #require(try await ForeignSimulatorRig.get(.smsActivate, [Self.base + "getBalance"]).first)
        #expect(answer.status == .ok)
        // 2,000,000 Toman at 450 Toman a rouble.
        #expect(answer.text == "ACCESS_BALANCE:4444.44")
        #expect(!answer.contentType.contains("json"))
    }

    @Test func unknownActionsAndServicesAreTheirBareWords() async throws {
        let answers = try await ForeignSimulatorRig.get(.smsActivate, [
            Self.base + "getEverything", "/stubs/handler_api.php?api_key=demo-token", Self.base + "getPrices&service=zz",
        ])
        #expect(answers.map(\.text) == ["BAD_ACTION", "BAD_ACTION", "BAD_SERVICE"])
        #expect(answers.allSatisfy { $0.status == .ok })
    }

    @Test func pricesNestCountryIdThenServiceCodeThenCostCountAndPhysicalCount() async throws {
        let answers = try await ForeignSimulatorRig.get(.smsActivate, [Self.base + "getPrices&service=tg&country=22", Self.base + "getPrices"])
        let one = try #require(answers[0].object)
        #expect(Array(one.keys) == ["22"])
        let india = try #require(one["22"] as? [String: Any])
        #expect(Array(india.keys) == ["tg"])
        let offer = try #require(india["tg"] as? [String: Any])
        #expect(Set(offer.keys) == ["cost", "count", "physicalCount"])
        #expect(try #require(lenientNumber(offer["cost"])) > 0)
        #expect(try #require(lenientNumber(offer["count"])) >= lenientNumber(offer["physicalCount"]) ?? .infinity)

        let all = try #require(answers[1].object)
        let catalogue = await SimulatorEngine().catalogueSummary()
        var costs: [Any] = []
        var cells = 0
        for (id, services) in all {
            #expect(Int(id) != nil, "country key \(id)")
            let byCode = try #require(services as? [String: Any])
            for (code, offer) in byCode {
                // Its own short codes (`tg`, `wa`, `aon`), not the seed provider's names.
                #expect((2...3).contains(code.count) && code.allSatisfy(\.isLowercase), "service \(code)")
                costs.append(try #require((offer as? [String: Any])?["cost"]))
                cells += 1
            }
        }
        // A believable subset: most of the market's cells, not all of them.
        #expect(all.count <= catalogue.countries)
        #expect((catalogue.cells / 2..<catalogue.cells).contains(cells), "\(cells) of \(catalogue.cells)")
        // Numbers as numbers and, for some cells, as strings: a client must read both.
        #expect(costs.contains { $0 is String } && costs.contains { $0 is NSNumber })
        #expect(costs.allSatisfy { lenientNumber($0) != nil })
    }

    @Test func countriesAreKeyedByTheirIdsWithTheirOwnNames() async throws {
        let answer = try #require(try await ForeignSimulatorRig.get(.smsActivate, [Self.base + "getCountries"]).first)
        let countries = try #require(answer.object)
        #expect(countries.count == (await SimulatorEngine().catalogueSummary().countries))
        for (id, english) in [("0", "Russia"), ("6", "Indonesia"), ("22", "India"), ("16", "England"), ("187", "USA")] {
            let country = try #require(countries[id] as? [String: Any], "country \(id)")
            #expect(country["eng"] as? String == english)
            #expect(lenientNumber(country["id"]).map { Int($0) } == Int(id))
            #expect(Set(country.keys) == ["id", "rus", "eng", "chn", "visible", "retry", "rent", "multiService"])
        }
        #expect((countries["0"] as? [String: Any])?["rus"] as? String == "Россия")
        // Some ids come as strings, as some of its answers send them.
        #expect(countries.values.contains { ($0 as? [String: Any])?["id"] is String })
    }

    @Test func servicesListAndNumbersStatus() async throws {
        let answers = try await ForeignSimulatorRig.get(.smsActivate, [Self.base + "getServicesList", Self.base + "getNumbersStatus&country=22"])
        let list = try #require(answers[0].object)
        #expect(list["status"] as? String == "success")
        let services = try #require(list["services"] as? [[String: Any]])
        #expect(services.contains { $0["code"] as? String == "tg" && $0["name"] as? String == "Telegram" })
        #expect(services.allSatisfy { Set($0.keys) == ["code", "name"] })

        let status = try #require(answers[1].object)
        #expect(status["tg_0"] != nil || status["wa_0"] != nil)
        #expect(status.keys.allSatisfy { $0.hasSuffix("_0") })
        #expect(status.values.allSatisfy { lenientNumber($0) != nil })
    }
}
