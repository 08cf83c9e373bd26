/// 5sim's API: `/v1/guest/...` without a token, `/v1/user/profile` with a Bearer token. Prices
/// nest product → country → operator with `?product=`, else country → product → operator.
extension SimulatorEngine {
    func fivesimPrices(product: String?, country: String?) -> ForeignReply {
        var services: [Int]?
        if let product {
            guard let s = ForeignCatalogue.serviceAt.firstIndex(where: { $0?.fivesimProduct == product }) else { return .words("no product", status: 400) }
            services = [s]
        }
        var countries: [Int]?
        if let country {
            guard let c = ForeignCatalogue.countryAt.firstIndex(where: { $0?.fivesimName == country && $0?.soldOnFivesim == true }) else {
                return .words("bad country", status: 400)
            }
            countries = [c]
        }
        let cells = foreignCells(services: services, countries: countries)
        served["ok:pricing", default: 0] += 1
        let productFirst = product != nil && country == nil
        let outer = productFirst ? Dictionary(grouping: cells, by: \.service) : Dictionary(grouping: cells, by: \.country)
        let rows = outer.keys.map { key -> (String, SimJSON) in
            let name = productFirst ? ForeignCatalogue.serviceAt[key]!.fivesimProduct! : ForeignCatalogue.countryAt[key]!.fivesimName
            let inner = outer[key]!.map { cell -> (String, SimJSON) in
                let innerName = productFirst ? ForeignCatalogue.countryAt[cell.country]!.fivesimName : ForeignCatalogue.serviceAt[cell.service]!.fivesimProduct!
                return (innerName, fivesimOperatorsJSON(cell))
            }
            return (name, .object(inner.sorted { $0.0 < $1.0 }))
        }
        return .json(.object(rows.sorted { $0.0 < $1.0 }))
    }

    private func fivesimOperatorsJSON(_ cell: Market.Cell) -> SimJSON {
        .object(shelf.fivesimOffers(cell, at: market.clockSeconds).map { offer in
            var fields: [(String, SimJSON)] = [("cost", .cents(offer.priceCents)), ("count", .int(offer.count))]
            if let rate = offer.rateCents { fields.append(("rate", .cents(rate))) }
            return (offer.name, .object(fields))
        })
    }

    /// Every country it sells in, with its ISO code, dial prefix, names and operators.
    func fivesimCountries() -> ForeignReply {
        let shelf = shelf
        let rows = ForeignCatalogue.countryAt.enumerated().compactMap { c, country -> (String, SimJSON)? in
            guard let country, country.soldOnFivesim else { return nil }
            var fields: [(String, SimJSON)] = [
                ("iso", .object([(country.iso, .int(1))])), ("prefix", .object([(country.dialPrefix, .int(1))])),
                ("text_en", .string(country.fivesimText)), ("text_ru", .string(country.russianName)),
            ]
            fields += shelf.fivesimOperators(country: c).map { ($0, .object([("activation", 1)])) }
            return (country.fivesimName, .object(fields))
        }
        return .json(.object(rows.sorted { $0.0 < $1.0 }))
    }

    /// The account, in roubles: 401 with an empty body without the right Bearer token.
    func fivesimProfile(authorization: String?) -> ForeignReply {
        let presented = authorization.flatMap { header -> String? in
            header.lowercased().hasPrefix("bearer ") ? String(header.dropFirst(7)).trimmingCharacters(in: .whitespaces) : nil
        }
        guard presented == options.token else { return .words("", status: 401) }
        settle()
        served["ok:credit", default: 0] += 1
        return .json(.object([
            ("id", .int(1_000_000 + Int(options.seed % 1_000_000))), ("email", "demo@numwatch.invalid"), ("vendor", ""),
            ("default_forwarding_number", ""), ("balance", .cents(foreignCreditCents)), ("rating", 96), ("frozen_balance", 0),
            ("default_country", .object([("name", "england"), ("iso", "gb"), ("prefix", "+44")])),
            ("default_operator", .object([("name", "")])),
        ]))
    }
}
