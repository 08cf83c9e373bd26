import Domain
import Foundation
import Store

/// `numwatch compare`: one watch's countries across providers, from the history's latest
/// values (no provider call), the country cheapest in stock first.
package enum Compare {
    /// A table: the cheapest provider and its price, how much it beats the next by, then each
    /// provider's price (Toman) and stock. `currencies`: each provider's, for the JSON.
    package static func table(_ rows: [CountryComparison], providers: [ProviderName]) -> String {
        var table = TextTable(["COUNTRY", "CHEAPEST", "TOMAN", "BEATS NEXT BY"] + providers.flatMap { ["\($0) TOMAN", "\($0) STOCK"] },
                              alignments: [.left, .left, .right, .right] + providers.flatMap { _ in [.right, .right] as [TextTable.Alignment] })
        for row in rows {
            let cheapest = row.cheapest
            var cells = [row.country, cheapest?.provider.rawValue ?? "none in stock", cheapest.map { grouped($0.price) } ?? "—",
                         margin(row)]
            for provider in providers {
                let offer = row.offers.first { $0.provider == provider }
                cells += [offer.map { grouped($0.price) } ?? "—", offer.map { grouped($0.stock) } ?? "—"]
            }
            table.append(cells)
        }
        return table.render()
    }

    static func margin(_ row: CountryComparison) -> String {
        guard let cheapest = row.cheapest else { return "—" }
        guard let margin = row.margin else { return "only one in stock" }
        let next = cheapest.price + margin
        let percent = next > 0 ? Double(margin) / Double(next) * 100 : 0
        return "\(grouped(margin)) (\(String(format: "%.1f", percent))%)"
    }

    package static func json(_ rows: [CountryComparison], currencies: [ProviderName: String]) -> String {
        struct Offer: Encodable {
            var provider: String
            var priceToman: Int
            var priceNative: Double
            var currency: String
            var stock: Int
            var detail: String?
        }
        struct Row: Encodable {
            var country: String
            var cheapestProvider: String?
            var cheapestToman: Int?
            var beatsNextByToman: Int?
            var offers: [Offer]
        }
        let items = rows.map { row in
            Row(country: row.country, cheapestProvider: row.cheapest?.provider.rawValue, cheapestToman: row.cheapest?.price,
                beatsNextByToman: row.margin, offers: row.offers.map {
                    Offer(provider: $0.provider.rawValue, priceToman: $0.price, priceNative: $0.native ?? Double($0.price),
                          currency: currencies[$0.provider] ?? ProviderKind.myonlinesim.defaultCurrency, stock: $0.stock, detail: $0.detail)
                })
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.keyEncodingStrategy = .convertToSnakeCase
        return String(decoding: (try? encoder.encode(items)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
    }
}
