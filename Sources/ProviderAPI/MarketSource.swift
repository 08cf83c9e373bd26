import Domain

/// One country's offer for a watch's services, as any provider's adapter reads it: numwatch's
/// country code, the price in the provider's own currency, and the stock.
package struct Quote: Sendable, Hashable {
    /// numwatch's country code (the seed provider's slug, `india`), mapped by the adapter.
    package var country: String
    /// The country's name as the provider shows it (escaped wherever shown).
    package var name: String
    /// One number's price in the provider's currency (`ProviderSettings.currency`): finite, ≥ 0.
    package var price: Double
    /// Numbers in stock (for 5sim, the total over its operators).
    package var count: Int
    /// Where the price came from below the country (5sim: the cheapest operator with stock).
    package var detail: String?
    /// 5sim's `rate`: the share of orders that got an SMS, 0...100, where the provider gives it.
    package var rate: Double?

    package init(country: String, name: String, price: Double, count: Int, detail: String? = nil, rate: Double? = nil) {
        self.country = country
        self.name = name
        self.price = price
        self.count = count
        self.detail = detail
        self.rate = rate
    }
}

/// Names a provider's adapter could not match to numwatch's codes: listed by
/// `check-config --providers` and in `/readyz`'s details, never dropped in silence.
package struct UnmatchedNames: Sendable, Equatable {
    /// numwatch service codes the provider's lists (and the aliases) do not name.
    package var services: [String] = []
    /// The provider's country codes whose names match none of numwatch's countries.
    package var countries: [String] = []
    /// Why the provider's own lists could not be read (the map then rests on the built-in names
    /// and the aliases), or nil.
    package var listProblem: String?

    package init(services: [String] = [], countries: [String] = [], listProblem: String? = nil) {
        self.services = services
        self.countries = countries
        self.listProblem = listProblem
    }

    package var isEmpty: Bool { services.isEmpty && countries.isEmpty && listProblem == nil }
}

/// What the sampler asks of every provider, whatever its protocol: its credit and a watch's
/// prices, in its own currency and under numwatch's names.
package protocol MarketSource: Sendable {
    var kind: ProviderKind { get }
    /// The account's credit in the provider's currency.
    func balance() async throws(ProviderError) -> Double
    /// Every country that sells `services` (a bundle only where `kind.sellsBundles`).
    /// A service the provider does not sell, or whose name is not matched, gives no rows.
    func quotes(_ services: ServiceSet) async throws(ProviderError) -> [Quote]
    /// What the adapter's name map could not match so far.
    func unmatchedNames() async -> UnmatchedNames
}
