import Domain
import Foundation
import Hummingbird
import Simulator
import Testing

/// Issue 19, section 7: one seeded market drives the three protocols: the same cells, recognisable
/// by their names, at each provider's own prices, the same answers for the same seed and time.
@Suite struct OneMarketTests {
    static let day = 86_400.0

    /// Telegram's price per country (by the seed provider's code) at each provider, in roubles
    /// (the seed provider's Toman at 450), matching the foreign countries by their own names.
    func telegramPrices(after seconds: Double) async throws -> (main: [String: Double], sa: [String: Double], fs: [String: Double]) {
        // Three simulators started together on one clock, as the demo starts them.
        let clock = ManualWallClock(ForeignSimulatorRig.start)
        let seed = ForeignSimulatorRig.simulator(.myonlinesim, clock: clock)
        let smsActivate = ForeignSimulatorRig.simulator(.smsActivate, clock: clock)
        let fivesim = ForeignSimulatorRig.simulator(.fivesim, clock: clock)
        clock.advance(seconds: seconds)
        let sa = try await ForeignSimulatorRig.ask(smsActivate, [
            "/stubs/handler_api.php?api_key=demo-token&action=getCountries",
            "/stubs/handler_api.php?api_key=demo-token&action=getPrices&service=tg",
        ])
        let fs = try await ForeignSimulatorRig.ask(fivesim, ["/v1/guest/countries", "/v1/guest/prices?product=telegram"])
        let rows = await seed.engine.pricingRows(["telegram"])
        let main = Dictionary(uniqueKeysWithValues: rows.map { ($0.country, Double($0.price) / 450) })
        let slugs = Dictionary(uniqueKeysWithValues: main.keys.map { (letters($0), $0) })

        var saPrices: [String: Double] = [:]
        let saNames = try #require(sa[0].object)
        for (id, offers) in try #require(sa[1].object) {
            let name = try #require((saNames[id] as? [String: Any])?["eng"] as? String)
            guard let slug = slugs[letters(name)] else { continue }
            saPrices[slug] = lenientNumber(((offers as? [String: Any])?["tg"] as? [String: Any])?["cost"])
        }
        var fsPrices: [String: Double] = [:]
        let fsNames = try #require(fs[0].object)
        for (key, operators) in try #require(fs[1].object?["telegram"] as? [String: [String: [String: Any]]]) {
            let name = try #require((fsNames[key] as? [String: Any])?["text_en"] as? String)
            guard let slug = slugs[letters(name)] else { continue }
            fsPrices[slug] = operators.values.compactMap { $0["cost"] as? Double }.min()
        }
        return (main, saPrices, fsPrices)
    }

    @Test func theSameCellsAtEachProvidersOwnPrice() async throws {
        let prices = try await telegramPrices(after: 0)
        // Most countries are recognised by name alone ("Southafrica", "South Africa", south_africa);
        // the rest ("England", "Uae") are what a provider's aliases are for.
        #expect(prices.sa.count > 90 && prices.fs.count > 80)
        for slug in ["india", "indonesia", "russia", "usa"] where prices.main[slug] != nil {
            #expect(prices.sa[slug] != nil || prices.fs[slug] != nil, "\(slug)")
        }
        var differ = 0, winners: [String: Int] = [:]
        for (slug, main) in prices.main {
            for foreign in [prices.sa[slug], prices.fs[slug]].compactMap({ $0 }) {
                // The same cell: the market's price at 450 Toman a rouble, times the provider's 0.8–1.25.
                #expect(foreign >= main * 0.8 - 0.01 && foreign <= main * 1.25 + 0.01, "\(slug): \(foreign) against \(main)")
            }
            guard let sa = prices.sa[slug], let fs = prices.fs[slug] else { continue }
            if abs(sa - fs) > 0.01 { differ += 1 }
            let cheapest = [("main", main), ("sa", sa), ("fs", fs)].min { $0.1 < $1.1 }!.0
            winners[cheapest, default: 0] += 1
        }
        #expect(differ > 50)
        // Each provider is the cheapest somewhere.
        #expect(Set(winners.keys) == ["main", "sa", "fs"], "\(winners)")
    }

    @Test func theCheapestProviderOfACountryChangesOverADay() async throws {
        let before = try await telegramPrices(after: 0)
        let after = try await telegramPrices(after: Self.day)
        func cheapest(_ p: (main: [String: Double], sa: [String: Double], fs: [String: Double]), _ slug: String) -> String? {
            guard let main = p.main[slug], let sa = p.sa[slug], let fs = p.fs[slug] else { return nil }
            return [("main", main), ("sa", sa), ("fs", fs)].min { $0.1 < $1.1 }!.0
        }
        let changed = before.main.keys.filter { cheapest(before, $0) != nil && cheapest(after, $0) != nil && cheapest(before, $0) != cheapest(after, $0) }
        #expect(!changed.isEmpty)
    }

    @Test(arguments: [ProviderKind.smsActivate, .fivesim])
    func theSameSeedAndTimeGiveTheSameAnswers(kind: ProviderKind) async throws {
        let paths = kind == .fivesim
            ? ["/v1/guest/prices", "/v1/guest/countries"]
            : ["/stubs/handler_api.php?api_key=demo-token&action=getPrices", "/stubs/handler_api.php?api_key=demo-token&action=getCountries"]
        let first = try await ForeignSimulatorRig.get(kind, paths, seed: 11, after: 3 * Self.day).map(\.text)
        let again = try await ForeignSimulatorRig.get(kind, paths, seed: 11, after: 3 * Self.day).map(\.text)
        let otherSeed = try await ForeignSimulatorRig.get(kind, paths, seed: 12, after: 3 * Self.day).map(\.text)
        let later = try await ForeignSimulatorRig.get(kind, paths, seed: 11, after: 4 * Self.day).map(\.text)
        #expect(first == again)
        #expect(first[0].count > 10_000)
        #expect(first[0] != otherSeed[0])
        #expect(first[0] != later[0])
    }

    @Test func theSeedProvidersProtocolStaysTheDefault() async throws {
        #expect(SimulatorOptions().kind == .myonlinesim)
        let clock = ManualWallClock(ForeignSimulatorRig.start)
        let answers = try await ForeignSimulatorRig.simulator(.myonlinesim, clock: clock).application.test(.router) { client in
            [try await client.get("/stubs/handler_api.php?api_key=demo-token&action=getBalance"), try await client.get("/v1/guest/countries"),
             try await client.get("/api/v1/user/credit", headers: [.authorization: "Bearer demo-token", .accept: "application/json"])]
        }
        #expect(answers.map(\.status) == [.notFound, .notFound, .ok])
        #expect(answers[2].text == #"{"status":"success","credit":2000000}"#)
    }

    @Test func aMarketLeverReachesTheForeignProtocols() async throws {
        let clock = ManualWallClock(ForeignSimulatorRig.start)
        let india = "/stubs/handler_api.php?api_key=demo-token&action=getPrices&service=tg&country=22"
        let counts = try await ForeignSimulatorRig.simulator(.smsActivate, clock: clock).application.test(.router) { client in
            let before = try await client.get(india)
            let lever = try await client.execute(uri: "/_sim/cell?service=telegram&country=india&stock=0", method: .post) { $0.status }
            let after = try await client.get(india)
            return (before.object, lever, after.object)
        }
        #expect(counts.1 == .ok)
        let before = try #require(lenientNumber(((counts.0?["22"] as? [String: Any])?["tg"] as? [String: Any])?["count"]))
        let after = try #require(lenientNumber(((counts.2?["22"] as? [String: Any])?["tg"] as? [String: Any])?["count"]))
        #expect(before > 0 && after == 0)
    }
}
