import Foundation

/// How the simulated market moves. Rates are per cell (one service in one country).
package struct MarketParameters: Sendable, Equatable {
    /// Simulated time between market steps, in seconds.
    package var stepSeconds: Double = 60
    /// Mean number of stock changes per cell per hour.
    package var stockChangesPerHour: Double = 1
    /// Mean number of price changes per cell per day.
    package var priceChangesPerDay: Double = 2
    /// Mean number of sell-outs (stock drops to 0) per cell per day.
    package var sellOutsPerDay: Double = 0.2
    /// Mean time a sold-out cell stays at zero before it is restocked, in minutes.
    package var restockAfterMinutes: Double = 90
    /// A bundle's price as a fraction of the sum of its parts' prices.
    package var bundleDiscount: Double = 0.85

    package init() {}
}

/// The simulated catalogue and its stock and prices over time: a seeded random walk, stepped
/// forward in fixed simulated steps so that the same seed and the same times give the same answers.
struct Market: Sendable {
    struct Cell: Sendable {
        let service: Int
        let country: Int
        let basePrice: Int
        let baseStock: Int
        var price: Int
        var stock: Int
    }

    let parameters: MarketParameters
    private(set) var cells: [Cell] = []
    /// `cellIndex[service][country]`, -1 where the service is not sold in that country.
    private var cellIndex: [[Int]]
    private let serviceIndex: [String: Int]
    private let countryIndex: [String: Int]
    private var rng: SeededRandom
    private(set) var clockSeconds: Double

    init(seed: UInt64, start: Double, parameters: MarketParameters = MarketParameters()) {
        self.parameters = parameters
        self.clockSeconds = start
        rng = SeededRandom(seed: seed)
        serviceIndex = Dictionary(uniqueKeysWithValues: CatalogueData.services.enumerated().map { ($1.code, $0) })
        countryIndex = Dictionary(uniqueKeysWithValues: CatalogueData.countries.enumerated().map { ($1.code, $0) })
        cellIndex = Array(repeating: Array(repeating: -1, count: CatalogueData.countries.count),
                          count: CatalogueData.services.count)
        for (s, service) in CatalogueData.services.enumerated() {
            for (c, country) in CatalogueData.countries.enumerated() {
                guard rng.chance(0.15 + 0.8 * service.popularity) else { continue }
                let tierPrice = [0.6, 1.0, 2.2][min(max(country.tier, 1), 3) - 1]
                let price = Self.roundPrice(Double(service.basePrice) * tierPrice * (0.8 + 0.45 * rng.unit()))
                let tierStock = [20_000.0, 5_000.0, 800.0][min(max(country.tier, 1), 3) - 1]
                let stock = min(100_000, Int(tierStock * service.popularity * exp(0.8 * rng.gaussian())))
                cellIndex[s][c] = cells.count
                cells.append(Cell(service: s, country: c, basePrice: price, baseStock: max(stock, 5), price: price, stock: stock))
            }
        }
    }

    static func roundPrice(_ value: Double) -> Int { max(500, Int((value / 500).rounded()) * 500) }

    func serviceID(_ code: String) -> Int? { serviceIndex[code] }
    func countryID(_ code: String) -> Int? { countryIndex[code] }

    func cell(service: Int, country: Int) -> Cell? {
        let i = cellIndex[service][country]
        return i < 0 ? nil : cells[i]
    }

    /// Steps the walk up to `seconds` (simulated Unix time). Time never goes backwards.
    mutating func advance(to seconds: Double) {
        let step = parameters.stepSeconds
        while clockSeconds + step <= seconds {
            clockSeconds += step
            stepOnce(step)
        }
    }

    private mutating func stepOnce(_ step: Double) {
        let n = Double(cells.count)
        for _ in 0..<rng.poisson(n * parameters.stockChangesPerHour * step / 3600) {
            let i = rng.index(cells.count)
            guard cells[i].stock > 0 else { continue }
            let drift = Double(cells[i].stock) * 0.06 * rng.gaussian() - Double(cells[i].baseStock) * 0.01
            cells[i].stock = min(100_000, max(0, cells[i].stock + Int(drift.rounded()) + (rng.chance(0.5) ? 1 : -1)))
        }
        for _ in 0..<rng.poisson(n * parameters.priceChangesPerDay * step / 86_400) {
            let i = rng.index(cells.count)
            let factor = 1 + (rng.chance(0.5) ? 1 : -1) * (0.05 + 0.10 * rng.unit())
            let base = Double(cells[i].basePrice)
            cells[i].price = Self.roundPrice(min(base * 2, max(base * 0.5, Double(cells[i].price) * factor)))
        }
        for _ in 0..<rng.poisson(n * parameters.sellOutsPerDay * step / 86_400) {
            cells[rng.index(cells.count)].stock = 0
        }
        // Restocks: each sold-out cell comes back with probability step / mean wait.
        let restock = step / (parameters.restockAfterMinutes * 60)
        for i in cells.indices where cells[i].stock == 0 && rng.chance(restock) {
            cells[i].stock = max(1, Int(Double(cells[i].baseStock) * (0.5 + rng.unit())))
        }
    }

    /// The pricing answer: one row per country selling all of `services` (a bundle when several):
    /// a bundle's stock is the smallest of its parts, its price the discounted sum.
    func rows(for services: [Int]) -> [(country: Int, price: Int, count: Int)] {
        var rows: [(country: Int, price: Int, count: Int)] = []
        for c in CatalogueData.countries.indices {
            var price = 0
            var count = Int.max
            var sold = true
            for s in services {
                guard let cell = cell(service: s, country: c) else { sold = false; break }
                price += cell.price
                count = min(count, cell.stock)
            }
            guard sold else { continue }
            if services.count > 1 { price = Self.roundPrice(Double(price) * parameters.bundleDiscount) }
            rows.append((c, price, count))
        }
        return rows
    }

    /// Takes one number for each of `services` in `country` (they share one phone number).
    mutating func consume(services: [Int], country: Int) {
        for s in services {
            let i = cellIndex[s][country]
            if i >= 0, cells[i].stock > 0 { cells[i].stock -= 1 }
        }
    }

    /// Sets one cell's stock (the control API's lever for demos and tests).
    mutating func setStock(service: Int, country: Int, stock: Int?, price: Int?) -> Bool {
        let i = cellIndex[service][country]
        guard i >= 0 else { return false }
        if let stock { cells[i].stock = min(100_000, max(0, stock)) }
        if let price { cells[i].price = max(0, price) }
        return true
    }
}
