/// sms-activate's `handler_api.php`: one URL, `action=` picks the call, `api_key=` on every call.
/// Errors are bare words with HTTP 200, as the real one answers.
extension SimulatorEngine {
    struct SmsActivateQuery: Sendable {
        var apiKey: String?
        var action: String?
        var service: String?
        var country: String?
    }

    func smsActivate(_ query: SmsActivateQuery) -> ForeignReply {
        guard let key = query.apiKey, key == options.token else { return .words("BAD_KEY") }
        settle()
        switch query.action {
        case "getBalance":
            served["ok:credit", default: 0] += 1
            let cents = foreignCreditCents
            return .words("ACCESS_BALANCE:\(cents / 100).\(cents % 100 < 10 ? "0" : "")\(cents % 100)")
        case "getPrices": return smsActivatePrices(service: query.service, country: query.country)
        case "getNumbersStatus": return smsActivateNumbersStatus(country: query.country)
        case "getCountries": return .json(smsActivateCountries())
        case "getServicesList":
            let services = ForeignCatalogue.services.compactMap { service in
                service.smsActivateCode.map { SimJSON.object([("code", .string($0)), ("name", .string(service.name))]) }
            }
            return .json(.object([("status", "success"), ("services", .array(services))]))
        default:
            return .words("BAD_ACTION")
        }
    }

    /// `{"<country id>": {"<service code>": {"cost", "count", "physicalCount"}}}`, countries by id.
    private func smsActivatePrices(service: String?, country: String?) -> ForeignReply {
        var services: [Int]?
        if let service {
            guard let s = ForeignCatalogue.serviceAt.firstIndex(where: { $0?.smsActivateCode == service }) else { return .words("BAD_SERVICE") }
            services = [s]
        }
        let countries = country.map { id in ForeignCatalogue.countryAt.indices.filter { "\(ForeignCatalogue.countryAt[$0]?.smsActivateID ?? -1)" == id } }
        let shelf = shelf
        let cells = foreignCells(services: services, countries: countries)
        let byCountry = Dictionary(grouping: cells, by: \.country)
        let rows = byCountry.keys.sorted { ForeignCatalogue.countryAt[$0]!.smsActivateID < ForeignCatalogue.countryAt[$1]!.smsActivateID }.map { c -> (String, SimJSON) in
            let entries = byCountry[c]!.map { cell -> (String, SimJSON) in
                let count = shelf.stock(cell)
                let physical = shelf.unit(14, cell.service, c) < 0.5 ? count : count * 3 / 5
                let text = shelf.asText(0, cell.service, c)
                return (ForeignCatalogue.serviceAt[cell.service]!.smsActivateCode!, .object([
                    ("cost", lenient(.cents(shelf.priceCents(cell, at: market.clockSeconds)), text: text)),
                    ("count", lenient(.int(count), text: text)), ("physicalCount", lenient(.int(physical), text: text)),
                ]))
            }
            return (String(ForeignCatalogue.countryAt[c]!.smsActivateID), .object(entries))
        }
        served["ok:pricing", default: 0] += 1
        return .json(.object(rows))
    }

    /// `{"tg_0": 76, "wa_0": "139", …}` for one country (Russia, id 0, when none is given): stock only.
    private func smsActivateNumbersStatus(country: String?) -> ForeignReply {
        let id = country ?? "0"
        let countries = ForeignCatalogue.countryAt.indices.filter { "\(ForeignCatalogue.countryAt[$0]?.smsActivateID ?? -1)" == id }
        let shelf = shelf
        let entries = foreignCells(countries: countries).map { cell -> (String, SimJSON) in
            (ForeignCatalogue.serviceAt[cell.service]!.smsActivateCode! + "_0", lenient(.int(shelf.stock(cell)), text: shelf.asText(1, cell.service, cell.country)))
        }
        served["ok:pricing", default: 0] += 1
        return .json(.object(entries))
    }

    /// Every country it has an id for, keyed by id; some ids sent as strings, as some of its answers do.
    private func smsActivateCountries() -> SimJSON {
        let shelf = shelf
        let rows = ForeignCatalogue.countryAt.enumerated().compactMap { c, country -> (Int, SimJSON)? in
            guard let country else { return nil }
            let flag = { (tag: UInt64) -> SimJSON in .int(shelf.unit(tag, 0, c) < 0.7 ? 1 : 0) }
            return (country.smsActivateID, .object([
                ("id", lenient(.int(country.smsActivateID), text: shelf.asText(2, 0, c))), ("rus", .string(country.russianName)),
                ("eng", .string(country.smsActivateName)), ("chn", .string(country.chineseName)), ("visible", 1),
                ("retry", flag(15)), ("rent", flag(16)), ("multiService", flag(17)),
            ]))
        }
        return .object(rows.sorted { $0.0 < $1.0 }.map { (String($0.0), $0.1) })
    }
}
