import Domain
import GRDB
import Store

/// What the alerts across providers (`best_price_below`, `best_provider_changed`) judge a pair
/// by: each provider's latest price and stock of it. A round carries only the watches sampled in
/// it, so the other providers' values are kept here, read once from the store at start (and at
/// a reload), then moved by each round's observations.
struct AcrossProviders: Sendable {
    struct Pair: Hashable, Sendable {
        var platform: String
        var country: String
    }

    struct Offer: Sendable, Equatable {
        var price: Int
        var stock: Int
    }

    /// The cheapest in-stock offer of a pair, and whose it is.
    struct Cheapest: Sendable, Equatable {
        var provider: ProviderName
        var price: Int
    }

    /// Whether the store's values have been read since the start or the last reload.
    var seeded = false
    private(set) var offers: [Pair: [ProviderName: Offer]] = [:]
    /// The country's name as a provider last gave it, for the summary.
    private(set) var names: [Pair: String] = [:]
    /// The cheapest in stock when the pair was last judged (`best_provider_changed` compares with it).
    var judged: [Pair: Cheapest] = [:]

    /// The latest stored value of every pair of `platforms` at every provider: one seek per series
    /// (a "not listed" change point has no price: that provider does not sell the pair now).
    /// `sampledBy`: per platform, the only providers read (nil: every one).
    mutating func seed(platforms: some Collection<String>, sampledBy: [String: Set<ProviderName>]?, _ db: Database) throws {
        seeded = true
        guard !platforms.isEmpty else { return }
        let marks = Array(repeating: "?", count: platforms.count).joined(separator: ", ")
        let rows = try Row.fetchCursor(db, sql: """
            SELECT p.provider, p.name AS platform, co.code AS country, co.name AS name, c.price, c.stock
            FROM platform p JOIN series s ON s.platform_id = p.id JOIN country co ON co.id = s.country_id
            CROSS JOIN change c ON c.series_id = s.id
              AND c.t = (SELECT t FROM change WHERE series_id = s.id ORDER BY t DESC LIMIT 1)
            WHERE p.name IN (\(marks)) AND c.price IS NOT NULL
            """, arguments: StatementArguments(Array(platforms)))
        while let row = try rows.next() {
            let pair = Pair(platform: row["platform"], country: row["country"])
            let provider = ProviderName(row["provider"])
            if let sampledBy, sampledBy[pair.platform]?.contains(provider) != true { continue }
            offers[pair, default: [:]][provider] = Offer(price: row["price"], stock: row["stock"] ?? 0)
            if names[pair] == nil { names[pair] = row["name"] }
        }
        for pair in offers.keys { judged[pair] = cheapest(pair) }
    }

    var pairs: Dictionary<Pair, [ProviderName: Offer]>.Keys { offers.keys }

    mutating func set(_ pair: Pair, at provider: ProviderName, _ offer: Offer?, name: String? = nil) {
        offers[pair, default: [:]][provider] = offer
        if let name { names[pair] = name }
    }

    func name(of pair: Pair) -> String? { names[pair] }

    /// The lowest price with stock; on a tie, the provider first by id (the same answer every round).
    func cheapest(_ pair: Pair) -> Cheapest? {
        var best: Cheapest?
        for (provider, offer) in offers[pair] ?? [:] where offer.stock > 0 {
            if let b = best, (b.price, b.provider.rawValue) <= (offer.price, provider.rawValue) { continue }
            best = Cheapest(provider: provider, price: offer.price)
        }
        return best
    }
}
