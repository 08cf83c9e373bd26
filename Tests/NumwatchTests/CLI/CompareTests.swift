import App
import Domain
import Foundation
import Store
import Testing

/// `numwatch compare`: per country the cheapest provider in stock, by how much it beats the
/// next, and every provider's price and stock.
@Suite struct CompareTests {
    static let sa = ProviderName("sa"), fs = ProviderName("fs")

    static func store() async throws -> HistoryStore {
        let store = try HistoryStore.inMemory()
        func row(_ country: String, _ price: Int, _ stock: Int, native: Double? = nil) -> ObservedRow {
            ObservedRow(country: country, name: country.capitalized, price: price, stock: stock, native: native)
        }
        try await store.ingest(SampleRound(watches: [
            WatchSample(provider: .main, platform: "telegram", time: 100, rows: [row("india", 9000, 50), row("romania", 12000, 3)]),
            WatchSample(provider: sa, platform: "telegram", time: 100,
                        rows: [row("india", 8100, 7, native: 18), row("romania", 15000, 0, native: 33.3), row("chad", 20000, 0, native: 44.4)]),
            WatchSample(provider: fs, platform: "telegram", time: 100, rows: [row("india", 8550, 900, native: 19)]),
        ]))
        return store
    }

    @Test func theCheapestInStockLeadsEachCountryAndTheMarginIsToTheNextInStock() async throws {
        let rows = await try Self.store().snapshot().compare(platform: "telegram", providers: [.main, Self.sa, Self.fs])
        #expect(rows.map(\.country) == ["india", "romania", "chad"])
        #expect(rows[0].cheapest?.provider == Self.sa && rows[0].margin == 450)
        #expect(rows[0].offers.map(\.provider) == [Self.sa, Self.fs, .main])
        // sa lists romania cheaper than nothing but has none: main is the cheapest in stock, alone.
        #expect(rows[1].cheapest?.provider == .main && rows[1].margin == nil)
        #expect(rows[2].cheapest == nil)
        let onlyIndia = await try Self.store().snapshot().compare(platform: "telegram", providers: [.main, Self.sa], countries: ["india"])
        #expect(onlyIndia.map(\.country) == ["india"] && onlyIndia[0].offers.count == 2)
    }

    @Test func theTableReadsOneRowPerCountryWithEveryProvidersColumns() async throws {
        let rows = await try Self.store().snapshot().compare(platform: "telegram", providers: [.main, Self.sa, Self.fs])
        let lines = Compare.table(rows, providers: [.main, Self.sa, Self.fs]).split(separator: "\n").map(String.init)
            .filter { !$0.hasPrefix("─") }
        #expect(lines[0].split(separator: " ", omittingEmptySubsequences: true) == [
            "COUNTRY", "CHEAPEST", "TOMAN", "BEATS", "NEXT", "BY", "main", "TOMAN", "main", "STOCK", "sa", "TOMAN", "sa", "STOCK",
            "fs", "TOMAN", "fs", "STOCK",
        ])
        #expect(lines[1].split(separator: " ", omittingEmptySubsequences: true) == [
            "india", "sa", "8,100", "450", "(5.3%)", "9,000", "50", "8,100", "7", "8,550", "900",
        ])
        #expect(lines[2].contains("only one in stock") && lines[3].contains("none in stock"))
        // Columns line up: every line as wide as the header.
        #expect(Set(lines.map(\.count)).count == 1)
    }

    @Test func jsonCarriesTheNativePriceAndCurrency() async throws {
        let rows = await try Self.store().snapshot().compare(platform: "telegram", providers: [.main, Self.sa], countries: ["india"])
        let json = Compare.json(rows, currencies: [.main: "IRT", Self.sa: "RUB"])
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        let india = try #require(decoded?.first)
        #expect(india["cheapest_provider"] as? String == "sa" && india["beats_next_by_toman"] as? Int == 900)
        let offers = try #require(india["offers"] as? [[String: Any]])
        #expect(offers[0]["price_native"] as? Double == 18 && offers[0]["currency"] as? String == "RUB")
        #expect(offers[1]["price_native"] as? Double == 9000 && offers[1]["currency"] as? String == "IRT")
    }
}
