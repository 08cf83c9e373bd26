/// One country's offer as the simulated provider would answer it, already under numwatch's
/// (the seed document's) codes, in the provider's own currency: what a demo writes into its
/// history "as the sampler would have", without a request per sample.
package struct SimulatedOffer: Sendable, Hashable {
    package var country: String
    /// The provider's name of the country: Persian for the seed provider, sms-activate's English
    /// name, 5sim's `text_en`.
    package var name: String
    package var price: Double
    package var count: Int
    /// 5sim's cheapest operator with stock.
    package var detail: String?
}

extension SimulatorEngine {
    /// What this provider's pricing answer for `services` holds now, as numwatch's adapter reads
    /// it (5sim's operators collapsed to the cheapest with stock and the total count); a bundle
    /// only from the seed provider.
    package func offers(services codes: [String]) -> [SimulatedOffer] {
        settle()
        let ids = codes.compactMap { market.serviceID($0) }
        guard ids.count == codes.count, !ids.isEmpty else { return [] }
        switch options.kind {
        case .myonlinesim:
            return market.rows(for: ids).map { row in
                let country = CatalogueData.countries[row.country]
                return SimulatedOffer(country: country.code, name: country.persianName, price: Double(row.price), count: row.count)
            }
        case .smsActivate:
            guard ids.count == 1 else { return [] }
            let shelf = shelf
            return foreignCells(services: ids).compactMap { cell in
                guard let country = ForeignCatalogue.countryAt[cell.country] else { return nil }
                return SimulatedOffer(country: country.code, name: country.smsActivateName,
                                      price: Double(shelf.priceCents(cell, at: market.clockSeconds)) / 100, count: shelf.stock(cell))
            }
        case .fivesim:
            guard ids.count == 1 else { return [] }
            let shelf = shelf
            return foreignCells(services: ids).compactMap { cell in
                guard let country = ForeignCatalogue.countryAt[cell.country], country.soldOnFivesim else { return nil }
                let operators = shelf.fivesimOffers(cell, at: market.clockSeconds)
                guard let cheapest = operators.filter({ $0.count > 0 }).min(by: { $0.priceCents < $1.priceCents })
                    ?? operators.min(by: { $0.priceCents < $1.priceCents }) else { return nil }
                return SimulatedOffer(country: country.code, name: country.fivesimText, price: Double(cheapest.priceCents) / 100,
                                      count: operators.reduce(0) { $0 + $1.count }, detail: cheapest.name)
            }
        }
    }

    /// The account's credit in the provider's currency (Toman for the seed provider).
    package func balance() -> Double {
        settle()
        return options.kind == .myonlinesim ? Double(credit) : Double(foreignCreditCents) / 100
    }
}
