import Foundation
import PropertyBased
@testable import ProviderAPI
import Testing

/// The sms_activate and 5sim decoders against the documents' fixtures and hostile input: every
/// number is range-checked where it is parsed, a bad row is dropped and counted, nothing crashes.
@Suite struct MarketDecoderTests {
    func json(_ text: String) throws -> JSONValue { try #require(JSONValue.parse(Data(text.utf8))) }

    func parsed(_ path: String) throws -> JSONValue { try #require(JSONValue.parse(try fixture(path))) }

    // MARK: sms_activate

    @Test func theBareWords() {
        func word(_ text: String) -> SMSActivateAnswers.Word? { SMSActivateAnswers.word(Data(text.utf8)) }
        #expect(word("ACCESS_BALANCE:123.45") == .init(word: "ACCESS_BALANCE", detail: "123.45"))
        #expect(word(" BAD_KEY\r\n") == .init(word: "BAD_KEY", detail: nil))
        #expect(word("BANNED:2026-12-08 10:00:00") == .init(word: "BANNED", detail: "2026-12-08 10:00:00"))
        #expect(word("BANNED:") == .init(word: "BANNED", detail: ""))
        for notAWord in [#"{"0": {}}"#, "<html>", "Bad key", "", "BAD KEY", "ERROR\nSQL", "_X", String(repeating: "A", count: 2000)] {
            #expect(word(notAWord) == nil, "\(notAWord.prefix(20))")
        }
    }

    @Test func thePricesFixture() throws {
        let root = try parsed("sms_activate/prices_tg.json")
        let read = try #require(SMSActivateAnswers.prices(root, service: "tg"))
        #expect(read.dropped == 0)
        #expect(read.rows == [
            .init(country: "0", cost: 0.4, count: 150), .init(country: "12", cost: 0.18, count: 900),
            .init(country: "16", cost: 1.2, count: 0), .init(country: "22", cost: 0.52, count: 4417),
            .init(country: "27", cost: 0.9, count: 12), .init(country: "6", cost: 0.25, count: 3391),
        ])
    }

    /// One hostile value in a row: the row is dropped and counted; its neighbour is kept.
    @Test(arguments: [
        #""NaN""#, #""-nan""#, #""inf""#, "1e400", #""1e400""#, "-0.01", #""-5""#, "1000000001", "null", "true", #""""#,
        #""0x10""#, "[1]", #"{"v": 1}"#, #""1_000""#,
    ])
    func aHostileCostDropsItsRow(_ cost: String) throws {
        let root = try json(#"{"1": {"tg": {"cost": \#(cost), "count": 5}}, "2": {"tg": {"cost": 1, "count": 5}}}"#)
        let read = try #require(SMSActivateAnswers.prices(root, service: "tg"))
        #expect(read.rows == [.init(country: "2", cost: 1, count: 5)])
        #expect(read.dropped == 1)
    }

    @Test(arguments: ["-1", "2147483648", "1.5", #""many""#, "null", "1e400", #""9223372036854775808""#])
    func aHostileCountDropsItsRow(_ count: String) throws {
        let root = try json(#"{"1": {"tg": {"cost": 1, "count": \#(count)}}}"#)
        let read = try #require(SMSActivateAnswers.prices(root, service: "tg"))
        #expect(read.rows.isEmpty)
        #expect(read.dropped == 1)
    }

    @Test func theEdgesOfTheRangesAreKept() throws {
        let root = try json(#"{"1": {"tg": {"cost": 0, "count": 2147483647}}, "2": {"tg": {"cost": "1e9", "count": "0"}}}"#)
        #expect(SMSActivateAnswers.prices(root, service: "tg")?.rows == [
            .init(country: "1", cost: 0, count: 2_147_483_647), .init(country: "2", cost: 1e9, count: 0),
        ])
    }

    @Test func wrongNestingIsDroppedOrNotAnAnswer() throws {
        // A country that is not an object is a dropped row; one without the service is no row.
        let read = try #require(SMSActivateAnswers.prices(try json(#"{"1": 5, "2": {"wa": {"cost": 1, "count": 1}}, "3": {"tg": [1]}}"#), service: "tg"))
        #expect(read.rows.isEmpty)
        #expect(read.dropped == 2)
        #expect(SMSActivateAnswers.prices(try json(#""tg""#), service: "tg") == nil)
        #expect(SMSActivateAnswers.prices(try json("{}"), service: "tg")?.rows == [])
        // PHP writes an empty answer, and one keyed 0, 1, … , as an array.
        #expect(SMSActivateAnswers.prices(try json("[]"), service: "tg")?.rows == [])
        let list = try #require(SMSActivateAnswers.prices(try json(#"[{"tg": {"cost": 1, "count": 2}}, {"tg": {"cost": 3, "count": 4}}, 7]"#), service: "tg"))
        #expect(list.rows == [.init(country: "0", cost: 1, count: 2), .init(country: "1", cost: 3, count: 4)])
        #expect(list.dropped == 1)
    }

    @Test func theCountriesAndServicesLists() throws {
        let countries = try #require(SMSActivateAnswers.countries(try parsed("sms_activate/countries.json")))
        #expect(countries["16"] == "United Kingdom")
        #expect(countries["187"] == "USA")
        #expect(countries.count == 7)
        // Also as an array, ids as text; an entry without `eng` is skipped.
        #expect(SMSActivateAnswers.countries(try json(#"[{"id": "5", "eng": "Myanmar"}, {"id": 6}, {"eng": "Ukraine"}]"#)) == ["5": "Myanmar", "2": "Ukraine"])

        let listed = try #require(SMSActivateAnswers.services(try parsed("sms_activate/services_list.json")))
        #expect(listed == ["wa": "WhatsApp", "fb": "Facebook", "tg": "Telegram", "go": "Google/Gmail"])
        let plain = try #require(SMSActivateAnswers.services(try parsed("sms_activate/services_plain.json")))
        #expect(plain["ig"] == "Instagram+Threads")
        #expect(plain.count == 5)
    }

    // MARK: 5sim

    @Test func theFiveSimPricesFixtureCollapses() throws {
        let root = try parsed("fivesim/prices_telegram.json")
        let read = try #require(FiveSimAnswers.prices(root, product: "telegram"))
        #expect(read.dropped == 0)
        #expect(read.rows.map(\.country) == ["england", "india", "kosovo", "russia"])
        let russia = try #require(read.rows.first { $0.country == "russia" })
        #expect(russia.cheapest == .init(operatorName: "beeline", cost: 4, count: 1260, rate: 99.99))
        #expect(russia.total == 1300)
    }

    @Test func theCountryFirstNestingIsReadToo() throws {
        let root = try json(#"{"russia": {"telegram": {"mts": {"cost": 2, "count": 1}}, "whatsapp": {"mts": {"cost": 9, "count": 9}}}}"#)
        #expect(FiveSimAnswers.prices(root, product: "telegram")?.rows.map(\.total) == [1])
    }

    @Test func aHostileOperatorIsDroppedAndABadRateIsLeftOut() throws {
        let root = try json(#"""
            {"telegram": {"russia": {"a": {"cost": -1, "count": 5}, "b": {"cost": 3, "count": "x"}, "c": {"cost": 6, "count": 2, "rate": 250}},
                          "india": {"a": {"cost": "NaN", "count": 1}}, "usa": 7}}
            """#)
        let read = try #require(FiveSimAnswers.prices(root, product: "telegram"))
        #expect(read.dropped == 4)
        #expect(read.rows.map(\.country) == ["russia"])
        #expect(read.rows.first?.cheapest == .init(operatorName: "c", cost: 6, count: 2, rate: nil))
    }

    @Test func theFiveSimListsAndProfile() throws {
        let countries = try #require(FiveSimAnswers.countries(try parsed("fivesim/countries.json")))
        #expect(countries["england"] == "England")
        #expect(countries.count == 6)
        #expect(try FiveSimAnswers.balance(try parsed("fivesim/profile.json")) == 100)
    }

    // MARK: Random input

    /// Random JSON trees keyed like both protocols' answers: each decoder answers or refuses,
    /// and every row it keeps is within the bounds.
    @Test func randomTreesNeverGiveAnOutOfRangeRow() async {
        let keys = ["0", "6", "tg", "telegram", "russia", "cost", "count", "rate", "virtual21", "eng", "id"]
        let trees = Generator<JSONTree, Shrink.None<JSONTree>>(run: { rng in
            func tree(_ depth: Int) -> JSONTree {
                guard depth > 0, Int.random(in: 0..<4, using: &rng) > 0 else { return Generators.leaf(&rng) }
                let fields = (0..<Int.random(in: 0...4, using: &rng)).map { _ in (Generators.pick(keys, &rng), tree(depth - 1)) }
                return .object(fields)
            }
            return tree(5)
        })
        await propertyCheck(count: 500, input: trees) { tree in
            guard let root = JSONValue.parse(tree.data) else { return }
            for row in SMSActivateAnswers.prices(root, service: "tg")?.rows ?? [] {
                #expect(QuoteBounds.price.contains(row.cost) && QuoteBounds.count.contains(row.count))
            }
            for row in FiveSimAnswers.prices(root, product: "telegram")?.rows ?? [] {
                #expect(QuoteBounds.price.contains(row.cheapest.cost) && QuoteBounds.count.contains(row.cheapest.count))
                #expect(row.cheapest.rate.map(QuoteBounds.rate.contains) ?? true)
                #expect(row.total >= row.cheapest.count)
            }
            _ = SMSActivateAnswers.countries(root)
            _ = SMSActivateAnswers.services(root)
            _ = FiveSimAnswers.countries(root)
        }
    }

    /// Deep nesting (a hostile or broken provider) is refused or read, never a stack overflow.
    @Test(arguments: [10, 32, 33, 400, 100_000])
    func deepNestingDoesNotCrash(_ depth: Int) {
        for (open, close) in [("[", "]"), (#"{"0":"#, "}")] {
            let body = Data((String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)).utf8)
            let root = JSONValue.parse(body)
            #expect((root == nil) == (depth > JSONValue.maximumDepth))
            if let root {
                #expect(SMSActivateAnswers.prices(root, service: "tg")?.rows.isEmpty ?? true)
                #expect(FiveSimAnswers.prices(root, product: "telegram")?.rows.isEmpty ?? true)
            }
        }
    }

    /// The hostile corpus as every leaf the decoders read as a number.
    @Test func theHostileCorpusAsPricesAndCounts() throws {
        for value in HostileCorpus.values {
            let quoted = jsonQuoted(value)
            let root = try json(#"{"1": {"tg": {"cost": \#(quoted), "count": \#(quoted)}}, "telegram": {"x": {"y": {"cost": \#(quoted), "count": 1, "rate": \#(quoted)}}}}"#)
            for row in SMSActivateAnswers.prices(root, service: "tg")?.rows ?? [] {
                #expect(QuoteBounds.price.contains(row.cost), "\(value.prefix(30))")
            }
            _ = FiveSimAnswers.prices(root, product: "telegram")
            _ = SMSActivateAnswers.word(Data(value.utf8)).map { SMSActivateAnswers.error($0, status: 200) { $0 } }
        }
    }
}
