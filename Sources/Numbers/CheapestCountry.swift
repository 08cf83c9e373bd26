import Domain
import ProviderAPI
import Store

/// `number take --cheapest`: the country to buy in, from a fresh pricing call and the ledger.
package struct CheapestCountry: Sendable, Equatable {
    package var row: PriceRow
    package var activation: Ledger.Activation?
    /// Countries in stock, and of those the ones the activation filter kept.
    package var inStock: Int
    package var eligible: Int

    /// Why this country, in one line.
    package var reason: String {
        var text = "\(row.country) at \(grouped(row.price)) Toman, the cheapest of \(eligible) countries"
        text += eligible == inStock ? " in stock" : " in stock with a good enough activation rate (of \(inStock) in stock)"
        if let activation, let rate = activation.rate {
            text += "; activation \(Int((rate * 100).rounded())) % (\(activation.activated)/\(activation.decided)) in the ledger"
        }
        return text + "; \(grouped(row.count)) numbers in stock"
    }

    package struct Criteria: Sendable {
        /// Keep only countries whose rate is at least this; nil: no filter.
        package var minActivation: Double?
        /// Numbers with a known fate a country needs before its rate is trusted.
        package var minNumbers: Int
        package init(minActivation: Double? = nil, minNumbers: Int = 5) {
            self.minActivation = minActivation
            self.minNumbers = minNumbers
        }
    }

    package enum Refusal: Error, CustomStringConvertible, Sendable {
        case nothingInStock(platform: String)
        case noneGoodEnough(platform: String, inStock: Int, criteria: Criteria, known: Int)

        package var description: String {
            switch self {
            case let .nothingInStock(platform):
                return "no country has \(platform) numbers in stock right now"
            case let .noneGoodEnough(platform, inStock, criteria, known):
                return "none of the \(inStock) countries with \(platform) in stock has an activation rate of at least"
                    + " \(Int(((criteria.minActivation ?? 0) * 100).rounded())) % over \(criteria.minNumbers) or more numbers in the ledger"
                    + " (\(known) have enough history); lower --min-activation, or leave it out to buy the cheapest"
            }
        }
    }

    /// Cheapest first; among equal prices the better activation rate, then the deeper stock.
    package static func choose(
        from rows: [PriceRow], activation: [String: Ledger.Activation], platform: String, criteria: Criteria
    ) throws(Refusal) -> CheapestCountry {
        let inStock = rows.filter { $0.count > 0 }
        guard !inStock.isEmpty else { throw .nothingInStock(platform: platform) }
        let trusted = { (country: String) -> Ledger.Activation? in
            activation[country].flatMap { $0.decided >= criteria.minNumbers ? $0 : nil }
        }
        var eligible = inStock
        if let minimum = criteria.minActivation {
            eligible = inStock.filter { trusted($0.country).flatMap(\.rate).map { $0 >= minimum } ?? false }
            guard !eligible.isEmpty else {
                throw .noneGoodEnough(platform: platform, inStock: inStock.count, criteria: criteria,
                                      known: inStock.filter { trusted($0.country) != nil }.count)
            }
        }
        let best = eligible.min { a, b in
            let rateA = trusted(a.country)?.rate ?? -1, rateB = trusted(b.country)?.rate ?? -1
            return (a.price, -rateA, -a.count, a.country) < (b.price, -rateB, -b.count, b.country)
        }!
        return CheapestCountry(row: best, activation: activation[best.country], inStock: inStock.count, eligible: eligible.count)
    }
}

extension NumberDesk {
    /// Prices `services` now and chooses with the ledger's activation rates.
    package func cheapest(_ services: ServiceSet, criteria: CheapestCountry.Criteria) async throws -> CheapestCountry {
        let rows = try await provider.prices(services)
        let activation = try await ledger.activation(platform: services.platform)
        return try CheapestCountry.choose(from: rows, activation: activation, platform: services.platform, criteria: criteria)
    }
}
