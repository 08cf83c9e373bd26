import Domain
import Foundation
import Sampler
import Store

/// One provider's listing of a country of a watch.
struct Offer: Sendable {
    var provider: SampledProvider
    var pair: Snapshot.Pair

    var inStock: Bool { pair.stock > 0 }

    /// The price as the provider quoted it, for a hover: `12.50 RUB`, with 5sim's operator; nil
    /// for a provider that prices in Toman and names no operator.
    var asRead: String? {
        let parts = [pair.native.map { ReportFormat.native($0, currency: provider.currency) }, pair.detail.map { "operator \($0)" }]
        let text = parts.compactMap { $0 }.joined(separator: " · ")
        return text.isEmpty ? nil : text
    }
}

/// One country of a watch across the providers that sample it: who sells it cheapest in stock,
/// and by how much that beats the next provider.
struct CountryComparison: Sendable {
    var code: String
    /// The name given by the first provider (in configuration order) that lists the country.
    var name: String
    /// Every listing, in the providers' configuration order.
    var offers: [Offer]
    /// The cheapest in stock (a tie goes to the provider configured first); nil: sold out everywhere.
    var cheapest: Offer?
    /// The cheapest in stock at another provider than `cheapest`.
    var next: Offer?

    init(code: String, offers: [Offer]) {
        self.code = code
        self.offers = offers
        name = offers.first?.pair.name ?? code
        let ranked = offers.filter(\.inStock).enumerated().sorted { ($0.element.pair.price, $0.offset) < ($1.element.pair.price, $1.offset) }
            .map(\.element)
        cheapest = ranked.first
        next = ranked.dropFirst().first
    }

    /// The cheapest in stock, else the cheapest listed: what the row is sorted by.
    var bestPrice: Int { cheapest?.pair.price ?? offers.map(\.pair.price).min() ?? 0 }
    var totalStock: Int { offers.reduce(0) { $0 + $1.pair.stock } }

    /// `500 (5.0 %) under fs`, `ties with fs`, `only provider in stock`, `only provider`.
    var margin: String {
        guard let cheapest else { return "—" }
        guard let next else { return offers.count > 1 ? "only provider in stock" : "only provider" }
        let difference = next.pair.price - cheapest.pair.price
        guard difference > 0 else { return "ties with \(next.provider.id)" }
        let percent = Double(difference) / Double(next.pair.price) * 100
        return "\(ReportFormat.grouped(difference)) (\(String(format: "%.1f", percent)) %) under \(next.provider.id)"
    }

    /// What the margin is measured against, for a hover.
    var marginTitle: String {
        guard let next else { return "no other provider has this country in stock" }
        return "\(next.provider.id) sells it at \(ReportFormat.grouped(next.pair.price)) Toman"
    }

    /// Every country of `platform` listed by any of `providers`, in the order first listed.
    static func all(_ platform: String, snapshot: Snapshot, providers: [SampledProvider]) -> [CountryComparison] {
        var order: [String] = []
        var offers: [String: [Offer]] = [:]
        for provider in providers {
            for pair in snapshot[provider.id].pairs[platform] ?? [] {
                if offers[pair.country] == nil { order.append(pair.country) }
                offers[pair.country, default: []].append(Offer(provider: provider, pair: pair))
            }
        }
        return order.map { CountryComparison(code: $0, offers: offers[$0]!) }
    }
}
