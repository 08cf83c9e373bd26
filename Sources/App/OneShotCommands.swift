import Foundation
import ProviderAPI

/// The CLI's one-shot calls against the provider, each returning the text to print.
public struct OneShotCommands: Sendable {
    let provider: any Provider

    public init(provider: any Provider) {
        self.provider = provider
    }

    public func credit() async throws(ProviderError) -> String {
        "credit: \(grouped(try await provider.credit())) Toman"
    }

    public struct PriceOptions: Sendable {
        public var inStockOnly = false
        public var limit: Int?
        public var json = false
        public init(inStockOnly: Bool = false, limit: Int? = nil, json: Bool = false) {
            self.inStockOnly = inStockOnly
            self.limit = limit
            self.json = json
        }
    }

    /// One table: the cheapest first, then the deepest stock.
    public func prices(_ services: ServiceSet, options: PriceOptions = .init()) async throws(ProviderError) -> String {
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

/// Provider text made safe to print: control characters (terminal escapes, line breaks) become
/// spaces; bidi overrides, embeddings and isolates, which would reorder the rest of the line,
/// become a visible U+FFFD; the invisible bidi marks are dropped. (ZWNJ and ZWJ stay: Persian
/// and emoji need them, and they move nothing.)
func terminalSafe(_ text: String) -> String {
    replacingScalars(in: text) { scalar in
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069: "\u{FFFD}"
        case 0x200E, 0x200F, 0x061C: ""
        case 0x2028, 0x2029: " "
        default: scalar.properties.generalCategory == .control ? " " : nil
        }
    }
}
