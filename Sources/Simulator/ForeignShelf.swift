import Domain

/// How one foreign provider shows the one seeded market: which of its cells it sells (a
/// seed-stable subset), at what price in its own currency and with how much stock. Everything is a
/// function of the seed, the cell and the market's stepped clock, so two simulators of different
/// protocols started with the same seed show the same market at their own prices, and the same seed
/// and time give the same answers.
struct ForeignShelf: Sendable {
    let kind: ProviderKind
    let seed: UInt64
    let tomanPerUnit: Double

    /// A provider's price for a cell moves against the market's every six hours (at a different
    /// moment per cell), so the cheapest provider of a pair changes now and then, as it does.
    static let driftSeconds = 6 * 3_600.0

    /// Whether it sells this service in this country at all: 80 % of the cells for sms-activate,
    /// 70 % for 5sim (which sells nowhere under sanctions).
    func sells(service s: Int, country c: Int) -> Bool {
        guard let country = ForeignCatalogue.countryAt[c], let service = ForeignCatalogue.serviceAt[s] else { return false }
        switch kind {
        case .myonlinesim: return true
        case .smsActivate: return service.smsActivateCode != nil && unit(1, s, c) < 0.8
        case .fivesim: return service.fivesimProduct != nil && country.soldOnFivesim && unit(1, s, c) < 0.7
        }
    }

    /// The price in hundredths of its currency: the market's Toman at `tomanPerUnit`, times a
    /// factor between 0.8 and 1.25 of its own for the cell, drifting a little every six hours.
    func priceCents(_ cell: Market.Cell, at seconds: Double) -> Int {
        let s = cell.service, c = cell.country
        let bucket = UInt64(max(0, (seconds + unit(3, s, c) * Self.driftSeconds) / Self.driftSeconds))
        let factor = min(1.25, max(0.8, 0.82 + 0.4 * unit(2, s, c) + 0.08 * (unit(4, s, c, bucket) - 0.5)))
        return max(1, Int((Double(cell.price) / tomanPerUnit * factor * 100).rounded()))
    }

    /// Its stock: a share of the market's (30 % to 150 %, its own per cell), sold out when the market is.
    func stock(_ cell: Market.Cell) -> Int {
        guard cell.stock > 0 else { return 0 }
        return max(1, Int(Double(cell.stock) * (0.3 + 1.2 * unit(5, cell.service, cell.country))))
    }

    /// sms-activate sends some numbers as strings (its clients decode leniently): which ones, per
    /// cell and field family, fixed by the seed.
    func asText(_ tag: UInt64, _ s: Int, _ c: Int) -> Bool { unit(9 &+ tag, s, c) < 0.2 }

    /// Uniform in [0, 1), a function of the seed, the provider and the arguments only.
    func unit(_ tag: UInt64, _ s: Int, _ c: Int, _ extra: UInt64 = 0) -> Double {
        var mixed = seed ^ (kind == .fivesim ? 0xF15E : 0x5A5A)
        for value in [tag, UInt64(s), UInt64(c), extra] {
            var random = SeededRandom(seed: mixed ^ value)
            mixed = random.next()
        }
        return Double(mixed >> 11) * 0x1.0p-53
    }
}

/// One 5sim operator's offer for a cell.
struct FivesimOperator: Sendable {
    let name: String
    let priceCents: Int
    let count: Int
    /// The share of orders that got an SMS, in hundredths of a percent; nil where 5sim leaves it out.
    let rateCents: Int?
}

extension ForeignShelf {
    /// The operators 5sim lists in a country (1 to 4): the real carriers where they are known,
    /// its virtual pools elsewhere. Alphabetical, as its answers come.
    func fivesimOperators(country c: Int) -> [String] {
        let code = ForeignCatalogue.countryAt[c]?.code ?? ""
        let pool = Self.carriers[code] ?? ["virtual21", "any", "virtual38", "virtual4"]
        return pool.prefix(1 + Int(unit(6, 0, c) * 4)).sorted()
    }

    /// A cell's offers, one per operator: one is the cheapest (the shelf's price), the others dearer
    /// by 5 % to 55 %; the stock is split among them, and now and then the cheapest has none left.
    func fivesimOffers(_ cell: Market.Cell, at seconds: Double) -> [FivesimOperator] {
        let s = cell.service, c = cell.country
        let names = fivesimOperators(country: c)
        let cheapest = Int(unit(8, s, c) * Double(names.count))
        let base = priceCents(cell, at: seconds)
        let total = stock(cell)
        let bucket = UInt64(max(0, seconds / Self.driftSeconds))
        let cheapestEmpty = names.count > 1 && unit(10, s, c, bucket) < 0.15
        let cheapestShare = names.count == 1 ? total : cheapestEmpty ? 0 : Int(Double(total) * (0.3 + 0.5 * unit(11, s, c)))
        let others = names.count - 1
        return names.enumerated().map { k, name in
            let isCheapest = k == cheapest
            let price = isCheapest ? base : Int((Double(base) * (1.05 + 0.5 * unit(7, s, c, UInt64(k)))).rounded())
            let count: Int
            if isCheapest { count = cheapestShare } else if others > 0 { count = (total - cheapestShare) / others } else { count = 0 }
            let rate = unit(12, s, c, UInt64(k)) < 0.25 ? nil : min(10_000, 2_000 + Int(unit(13, s, c, UInt64(k)) * 8_000))
            return FivesimOperator(name: name, priceCents: price, count: count, rateCents: rate)
        }
    }

    private static let carriers: [String: [String]] = [
        "russia": ["beeline", "megafon", "mts", "tele2"],
        "united_kingdom": ["ee", "three", "virtual21", "vodafone"],
        "kazakhstan": ["activ", "altel", "beeline", "tele2"],
        "ukraine": ["kyivstar", "lifecell", "vodafone"],
        "indonesia": ["indosat", "telkomsel", "virtual21", "xl"],
    ]
}
