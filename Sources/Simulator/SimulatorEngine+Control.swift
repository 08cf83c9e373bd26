import ProviderAPI

/// The levers behind `/_sim/...`: not part of the provider's API, there for demos and tests.
extension SimulatorEngine {
    package func setFaults(_ faults: Faults) { self.faults = faults }

    package func setCredit(_ credit: Int) { self.credit = max(0, credit) }

    /// The account's credit now (settled: refunds of numbers expired by now included).
    package var currentCredit: Int {
        settle()
        return credit
    }

    /// Whether the account is banned (the 50-a-day rule, as `banDay` reads it).
    package var isBanned: Bool { banned }

    /// Whether a check came too fast and the client is blocked for now.
    package var isBlocked: Bool { blockedUntil.map { clock.now() < $0 } ?? false }

    /// Lifts the ban and the poll block, as the provider's support would.
    package func unblock() {
        banned = false
        blockedUntil = nil
        takesByDay.removeAll()
        takeLog.removeAll()
        lastCheck.removeAll()
    }

    /// Sets one cell's stock and/or price; false if that service is not sold there.
    package func setCell(service: String, country: String, stock: Int?, price: Int?) -> Bool {
        settle()
        guard let s = market.serviceID(service), let c = market.countryID(country) else { return false }
        return market.setStock(service: s, country: c, stock: stock, price: price)
    }

    /// What the simulator holds now, for `GET /_sim/state`.
    func stateJSON() -> SimJSON {
        settle()
        let day = takesByDay[tehranDay(clock.now())] ?? (0, 0)
        return .object([
            ("now", .string(clock.now().iso8601)), ("credit", .int(credit)), ("banned", .bool(banned)),
            ("blocked_until", blockedUntil.map { .string($0.iso8601) } ?? .null),
            ("taken_today", .int(day.taken)), ("activated_today", .int(day.activated)),
            ("taken_24h", .int(last24Hours().taken)), ("activated_24h", .int(last24Hours().activated)),
            ("readings", .object([("ban_day", .string(options.banDay.rawValue)), ("poll_scope", .string(options.pollScope.rawValue)),
                                  ("bundle_price", .string(options.bundlePrice.rawValue)), ("refunds", .bool(options.refunds))])),
            ("open_numbers", .int(open.count)), ("numbers", .int(numbers.count)),
            ("services", .int(CatalogueData.services.count)), ("countries", .int(CatalogueData.countries.count)),
            ("cells", .int(market.cells.count)), ("seed", .string(String(options.seed))), ("protocol", .string(options.kind.rawValue)),
            ("served", .object(served.sorted { $0.key < $1.key }.map { ($0.key, .int($0.value)) })),
        ])
    }

    /// The catalogue's size, for the startup banner.
    package func catalogueSummary() -> (services: Int, countries: Int, cells: Int) {
        (CatalogueData.services.count, CatalogueData.countries.count, market.cells.count)
    }
}

extension SimulatorEngine {
    /// The pricing answer as rows, without HTTP: for benchmarks that replay weeks of market in
    /// seconds. Settles to the clock's now first, like every API call.
    package func pricingRows(_ codes: [String]) -> [PriceRow] {
        settle()
        guard case let .success(ids) = resolve(codes) else { return [] }
        return market.rows(for: ids).map { row in
            let country = CatalogueData.countries[row.country]
            return PriceRow(country: country.code, name: displayName(country), count: row.count, price: row.price)
        }
    }

    /// The name the pricing answer gives a country: the catalogue's, unless the options replace it.
    func displayName(_ country: CountryInfo) -> String {
        options.countryNames[country.code] ?? country.persianName
    }
}
