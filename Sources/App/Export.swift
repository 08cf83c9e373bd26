import Domain
import Foundation
import ProviderAPI
import Store

/// `numwatch export`: change points of the history as CSV or JSON.
package enum ExportFormat: String, Sendable, CaseIterable {
    case csv, json
}

package enum Exporter {
    /// Writes the rows since `since` (the value in force at `since` first, then every change).
    package static func render(_ rows: [ExportRow], format: ExportFormat) -> String {
        switch format {
        case .csv:
            // `provider` and `native` last: a reader of the columns before several providers reads them unchanged.
            var out = "time,platform,country,name,price,stock,provider,native\n"
            for row in rows {
                let fields = [Timestamp(microsecondsSince1970: row.time * 1_000_000).iso8601, row.platform, row.country, row.name,
                              row.price.map(String.init) ?? "", row.stock.map(String.init) ?? "", row.provider,
                              row.native.map { String($0) } ?? ""]
                out += fields.map(csvField).joined(separator: ",") + "\n"
            }
            return out
        case .json:
            struct Item: Encodable {
                var time: String
                var provider: String
                var platform: String
                var country: String
                var name: String
                var price: Int?
                var stock: Int?
                /// The price as read, where the provider's currency is not the Toman.
                var native: Double?
                var listed: Bool
            }
            let items = rows.map {
                Item(time: Timestamp(microsecondsSince1970: $0.time * 1_000_000).iso8601, provider: $0.provider, platform: $0.platform,
                     country: $0.country, name: $0.name, price: $0.price, stock: $0.stock, native: $0.native, listed: $0.price != nil)
            }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            return String(decoding: (try? encoder.encode(items)) ?? Data("[]".utf8), as: UTF8.self) + "\n"
        }
    }

    /// RFC 4180: quote a field holding a comma, quote, or line break; double inner quotes.
    /// A leading =, +, - or @ is prefixed with ' so a spreadsheet never runs provider text as a formula.
    /// Read scalar by scalar: a quote followed by a combining mark is one Character that equals no
    /// quote (Foundation's replacingOccurrences left it single, and the field ended there), and
    /// "\r\n" is one Character equal to neither "\r" nor "\n".
    static func csvField(_ value: String) -> String {
        var text = value
        if let first = text.unicodeScalars.first, formulaStarts.contains(first), Int(text) == nil { text = "'" + text }
        guard text.unicodeScalars.contains(where: quoted.contains) else { return text }
        return "\"" + replacingScalars(in: text) { $0 == "\"" ? "\"\"" : nil } + "\""
    }

    /// Spreadsheets run a cell starting with these as a formula (tab and CR as OWASP lists them).
    static let formulaStarts: Set<Unicode.Scalar> = ["=", "+", "-", "@", "\t", "\r"]
    /// A field holding any of these is quoted: the comma, the quote and every line break.
    static let quoted: Set<Unicode.Scalar> = [",", "\"", "\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"]
}
