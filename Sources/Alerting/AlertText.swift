import Domain
import Foundation

/// The `summary` and `description` annotations: what, where, the value against the threshold.
/// Plain text; each format escapes it for where it goes.
enum AlertText {
    static func summary(_ key: AlertKey, countryName: String?) -> String {
        // The provider is named wherever there is one: with several, an alert is about one of them.
        let at = key.provider.map { " at \($0)" } ?? ""
        let place = [key.platform, key.country.map { c in countryName.map { "\(c) (\($0))" } ?? c }].compactMap { $0 }
            .joined(separator: " in ") + at
        switch key.kind {
        case .stockLow: return "Low stock: \(place)"
        case .stockHigh: return "Restocked: \(place)"
        case .priceHigh: return "Price high: \(place)"
        case .priceLow: return "Price low: \(place)"
        case .priceChange: return "Price changed: \(place)"
        case .bestPriceLow: return "Cheapest price low: \(place)"
        case .bestProviderChanged: return "Cheapest provider changed: \(place)"
        case .creditLow: return "Credit low\(at)"
        case .creditRunwayLow: return "Credit\(at) runs out soon"
        case .providerDown: return "Provider" + (key.provider.map { " \($0)" } ?? "") + " unreachable"
        case .banRisk: return "Account at risk of the daily ban"
        }
    }

    /// `cheapest`: for the alerts across providers, the provider that sells cheapest now, and
    /// `before` the one that did before it (a change of the cheapest).
    static func description(
        _ key: AlertKey, value: Double, threshold: Double, clear: Double, previous: Double? = nil,
        cheapest: ProviderName? = nil, before: ProviderName? = nil
    ) -> String {
        let v = number(value)
        let t = number(threshold)
        switch key.kind {
        case .stockLow:
            let resolves = clear != threshold ? " (resolves at \(number(clear)))" : ""
            return "\(v) numbers in stock, below \(t)\(resolves)"
        case .stockHigh: return "\(v) numbers in stock, above \(t)"
        case .priceHigh: return "\(v) Toman a number, above \(t)"
        case .priceLow: return "\(v) Toman a number, below \(t)"
        case .priceChange:
            let from = previous.map { "from \(number($0)) " } ?? ""
            return "price moved \(from)by \(String(format: "%+.1f", value)) %, at least \(t) %"
        case .bestPriceLow:
            return "\(v) Toman a number at \(cheapest?.rawValue ?? "no provider"), the cheapest in stock, below \(t)"
        case .bestProviderChanged:
            let was = before.map { b in " (was \(b)" + (previous.map { " at \(number($0))" } ?? "") + ")" } ?? ""
            return "\(cheapest?.rawValue ?? "no provider") is now the cheapest in stock at \(v) Toman a number\(was)"
        case .creditLow: return "credit \(v) Toman, below \(t)"
        case .creditRunwayLow: return "credit lasts \(days(value)) at the last day's spending, less than \(days(threshold))"
        case .providerDown: return "no provider call has succeeded for \(duration(value)) (alert after \(duration(threshold)))"
        case .banRisk: return "\(v) numbers taken in the provider's Tehran day or the last 24 hours (the fuller) with none activated, \(t) or more;"
            + " the provider bans the account past 50"
        }
    }

    /// Whole numbers without a fraction, with thousands separators: 12,000.
    static func number(_ value: Double) -> String {
        guard value == value.rounded(), abs(value) < 1e15 else { return String(format: "%.2f", value) }
        return grouped(Int(value))
    }

    static func days(_ seconds: Double) -> String {
        seconds >= 86_400 ? String(format: "%.1f days", seconds / 86_400) : String(format: "%.1f hours", seconds / 3_600)
    }

    static func duration(_ seconds: Double) -> String {
        let s = Int(seconds)
        if s >= 3_600 { return "\(s / 3_600)h\(s % 3_600 / 60)m" }
        if s >= 60 { return "\(s / 60)m\(s % 60)s" }
        return "\(s)s"
    }
}
