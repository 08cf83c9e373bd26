import Domain

/// One country of a watch across providers: every provider's offer, the cheapest in stock first.
/// What `numwatch compare` prints, and what the report and the cross-provider alerts judge by.
package struct CountryComparison: Sendable, Equatable {
    package struct Offer: Sendable, Equatable {
        package var provider: ProviderName
        /// The provider's name of the country.
        package var name: String
        /// In Toman at the provider's rate, and as read (nil: the same).
        package var price: Int
        package var native: Double?
        package var stock: Int
        package var detail: String?
    }

    package var country: String
    /// In stock first, each part cheapest first (ties by provider id).
    package var offers: [Offer]

    /// The cheapest offer in stock, if any provider has the country in stock.
    package var cheapest: Offer? { offers.first { $0.stock > 0 } }

    /// How much the cheapest beats the next provider in stock by, in Toman (nil: none in stock, or alone).
    package var margin: Int? {
        let inStock = offers.filter { $0.stock > 0 }
        guard inStock.count > 1 else { return nil }
        return inStock[1].price - inStock[0].price
    }
}

extension Snapshot {
    /// `platform`'s countries across `providers` (only `countries`, when given), the country
    /// cheapest in stock first; countries in stock nowhere last, by code.
    package func compare(platform: String, providers: [ProviderName], countries: Set<String>? = nil) -> [CountryComparison] {
        var byCountry: [String: [CountryComparison.Offer]] = [:]
        for provider in providers {
            for pair in self[provider].pairs[platform] ?? [] where countries?.contains(pair.country) ?? true {
                byCountry[pair.country, default: []].append(.init(provider: provider, name: pair.name, price: pair.price,
                                                                   native: pair.native, stock: pair.stock, detail: pair.detail))
            }
        }
        let rows = byCountry.map { country, offers in
            CountryComparison(country: country, offers: offers.sorted {
                ($0.stock > 0 ? 0 : 1, $0.price, $0.provider.rawValue) < ($1.stock > 0 ? 0 : 1, $1.price, $1.provider.rawValue)
            })
        }
        return rows.sorted { a, b in
            switch (a.cheapest, b.cheapest) {
            case let (x?, y?): (x.price, a.country) < (y.price, b.country)
            case (.some, nil): true
            case (nil, .some): false
            case (nil, nil): a.country < b.country
            }
        }
    }
}
