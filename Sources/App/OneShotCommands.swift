import Domain
import Foundation
import ProviderAPI

/// The CLI's one-shot calls against the provider, each returning the text to print.
package struct OneShotCommands: Sendable {
    let provider: any Provider

    package init(provider: any Provider) {
        self.provider = provider
    }

    package func credit() async throws(ProviderError) -> String {
        "credit: \(grouped(try await provider.credit())) Toman"
    }

    package struct PriceOptions: Sendable {
        package var inStockOnly = false
        package var limit: Int?
        package var json = false
        package init(inStockOnly: Bool = false, limit: Int? = nil, json: Bool = false) {
            self.inStockOnly = inStockOnly
            self.limit = limit
            self.json = json
        }
    }

    /// One table: the cheapest first, then the deepest stock.
    package func prices(_ services: ServiceSet, options: PriceOptions = .init()) async throws(ProviderError) -> String {
        var rows = try await provider.prices(services)
            .filter { !options.inStockOnly || $0.count > 0 }
            .sorted { ($0.price, -$0.count, $0.country) < ($1.price, -$1.count, $1.country) }
        let total = rows.count
        if let limit = options.limit { rows = Array(rows.prefix(limit)) }
        if options.json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(rows)) ?? Data(), as: UTF8.self)
        }
        let kind = services.isBundle ? "bundle, one number for all \(services.codes.count) services" : "single service"
        var header = "\(services.platform) (\(kind)): \(total) countries"
        if let cheapest = rows.first { header += ", from \(grouped(cheapest.price)) Toman" }
        if total > rows.count { header += " (showing \(rows.count))" }
        guard !rows.isEmpty else { return header }
        var table = TextTable(["COUNTRY", "PRICE (TOMAN)", "STOCK", "NAME"], alignments: [.left, .right, .right, .left])
        for row in rows {
            table.append([row.country, grouped(row.price), row.count == 0 ? "sold out" : grouped(row.count), row.name])
        }
        return header + "\n\n" + table.render()
    }
}

/// Provider text made safe to print: control characters (terminal escapes, line breaks), bidi
/// overrides, embeddings, isolates and marks, which would recolour the terminal, break a line
/// or reorder the rest of it, are shown escaped (`\u{1B}[31m`, `\n`), so a reader sees what
/// the provider sent. (ZWNJ and ZWJ stay: Persian and emoji need them, and they move nothing.)
func terminalSafe(_ text: String) -> String {
    escapingControls(text)
}
