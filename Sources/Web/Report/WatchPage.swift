import Config
import Domain
import Hummingbird
import Sampler
import Store

struct WatchModel: Sendable {
    struct Link: Sendable {
        var label: String
        var href: String
        var current: Bool
    }

    struct Column: Sendable {
        var label: String
        var href: String
        var current: Bool
        var arrow: String
        var numeric: Bool
    }

    struct Selected: Sendable {
        var code: String
        var name: String
        var note: String
        var priceChart: ChartModel
        var stockChart: ChartModel
    }

    var layout: LayoutModel
    var platform: String
    var banner: Banner?
    var summary: String
    var ranges: [Link]
    var selected: Selected?
    var columns: [Column]
    /// With several providers: a price and stock column group per provider, after `columns`.
    var providerColumns: [String]
    var several: Bool
    var rows: [PairRow]
    var hasRows: Bool
    var emptyText: String
    /// Under the table, with a ledger: what "Activated" means, or why it is missing.
    var activationNote: String?
    /// Under the table, with several providers: what ★ and the hovers mean.
    var providersNote: String?
}

/// The chart ranges a person picks from.
enum ChartRange: String, CaseIterable, Sendable {
    case day = "24h", week = "7d", month = "30d", year = "1y"

    var seconds: Int64 {
        switch self {
        case .day: 86_400
        case .week: 7 * 86_400
        case .month: 30 * 86_400
        case .year: 365 * 86_400
        }
    }
}

/// What the table is sorted by; links in the header choose it, no script needed.
enum SortKey: String, CaseIterable, Sendable {
    // In the order of the table's columns (`activated` only with a ledger).
    case country, price, change, stock, activated

    var label: String { self == .change ? "vs 1 day" : rawValue.capitalized }
    /// With several providers, the price and stock columns are the cheapest and the total.
    var comparedLabel: String {
        switch self {
        case .price: "Cheapest"
        case .stock: "Total stock"
        default: label
        }
    }
    /// The direction a first click sorts in: cheapest first, largest stock and best rate first.
    var naturalDirection: SortDirection { self == .stock || self == .activated ? .desc : .asc }
}

enum SortDirection: String, Sendable {
    case asc, desc
    var flipped: SortDirection { self == .asc ? .desc : .asc }
}

/// The watch page's parameters, from the query string. A value that is not one of the choices is
/// a 400: a mistyped link should say so, not quietly show something else.
struct WatchQuery: Sendable {
    var range = ChartRange.day
    var sort = SortKey.price
    var direction = SortDirection.asc
    var country: String?

    init(_ query: Parameters) throws {
        if let text = query.get(.range) {
            guard let range = ChartRange(rawValue: text) else {
                throw HTTPError(.badRequest, message: "range: expected one of 24h, 7d, 30d, 1y, got \(quotedInput(text))")
            }
            self.range = range
        }
        if let text = query.get(.sort) {
            guard let sort = SortKey(rawValue: text) else {
                throw HTTPError(.badRequest, message: "sort: expected one of country, price, stock, change, activated, got \(quotedInput(text))")
            }
            self.sort = sort
            direction = sort.naturalDirection
        }
        if let text = query.get(.dir) {
            guard let direction = SortDirection(rawValue: text) else {
                throw HTTPError(.badRequest, message: "dir: expected asc or desc, got \(quotedInput(text))")
            }
            self.direction = direction
        }
        country = query.get(.country).flatMap { $0.isEmpty ? nil : $0 }
    }

    /// What tells two watch pages apart, for the page cache.
    var cacheKey: String { "\(range.rawValue) \(sort.rawValue) \(direction.rawValue) \(country ?? "")" }

    /// This page's address with some parameters changed.
    func href(_ platform: String, range: ChartRange? = nil, sort: SortKey? = nil, direction: SortDirection? = nil,
              country: String?? = .none) -> String {
        let items: [(String, String?)] = [
            ("range", (range ?? self.range).rawValue), ("sort", (sort ?? self.sort).rawValue),
            ("dir", (direction ?? self.direction).rawValue), ("country", country ?? self.country),
        ]
        let query = items.compactMap { key, value in value.map { "\(key)=\(ReportFormat.query($0))" } }.joined(separator: "&")
        return "/watch/\(ReportFormat.path(platform))?\(query)"
    }
}

/// Builds `/watch/{platform}`: every country of the watch, and the price and stock charts of one
/// of them (the cheapest in stock unless chosen) over the range, at the resolution that fits it.
struct WatchPage {
    let sources: ReportSources
    let pages: ReportPages

    func model(platform: String, query: WatchQuery, now: Int64) async throws -> WatchModel {
        guard let watch = sources.watches.first(where: { $0.platform == platform }) else {
            throw HTTPError(.notFound, message: "No watch named “\(platform)” is configured.")
        }
        let time = ReportTime(zone: sources.settings.timeZone)
        let snapshot = await sources.store.snapshot()
        let providers = sources.providers(of: platform)
        let several = sources.several
        let countries = CountryComparison.all(platform, snapshot: snapshot, providers: providers)
        let freshness = sources.freshness(snapshot, now: now)
        let chosen = try query.country.map { code in
            guard let country = countries.first(where: { $0.code == code }) else {
                throw HTTPError(.notFound, message: "“\(code)” is not listed for \(platform) now.")
            }
            return country
        } ?? countries.filter { $0.cheapest != nil }.min { ($0.bestPrice, $0.code) < ($1.bestPrice, $1.code) }
        async let dayAgo = values(providers, platform: platform, at: now - 86_400)
        async let current = values(providers, platform: platform, at: now)
        async let selected = chart(chosen, platform: platform, providers: providers, range: query.range, now: now, time: time)
        async let activationRead = readActivation(platform)

        let before = try await dayAgo
        let changed = try await current
        let activation = await activationRead
        let rates = try? activation?.get()
        var rows = countries.map { country in
            var row = makeRow(country, before: before, changed: changed, several: several, providers: providers, time: time)
            row.href = query.href(platform, country: .some(country.code))
            row.selected = country.code == chosen?.code
            if let rates { row.showActivation(rates[country.code]) }
            return row
        }
        sort(&rows, by: query.sort, query.direction)
        let targets = freshness.targets(platform)
        let last = targets.compactMap(\.health).max { $0.lastTime < $1.lastTime }
        let lastSample = last.map { "last sample \(time.dateTime($0.lastTime)) (\(ReportFormat.age(now - $0.lastTime)) ago)" }
        let watched = watch.countries.map { " of the \($0.count) watched" } ?? ""
        let byProviders = several ? " by \(Set(countries.flatMap { $0.offers.map(\.provider.id) }).count) of \(providers.count) providers" : ""
        let stale = targets.filter(\.stale)
        let staleNote = stale.isEmpty ? "" : " · stale" + (several ? " (\(stale.map(\.provider.rawValue).joined(separator: ", ")))" : "")
        return WatchModel(
            layout: pages.layout(title: platform, current: "/watch/" + ReportFormat.path(platform), now: now),
            platform: platform,
            banner: freshness.banner(time: time),
            summary: ["\(countries.count) countries listed\(watched)\(byProviders), \(countries.filter { $0.cheapest != nil }.count) in stock",
                      lastSample].compactMap { $0 }.joined(separator: " · ") + staleNote,
            ranges: ChartRange.allCases.map { range in
                .init(label: range.rawValue, href: query.href(platform, range: range), current: range == query.range)
            },
            selected: try await selected,
            columns: SortKey.allCases.filter { $0 != .activated || rates != nil }.map { key in
                let current = key == query.sort
                return .init(label: several ? key.comparedLabel : key.label,
                             href: query.href(platform, sort: key, direction: current ? query.direction.flipped : key.naturalDirection),
                             current: current, arrow: query.direction == .asc ? "↑" : "↓", numeric: key != .country)
            },
            providerColumns: several ? providers.map(\.id.rawValue) : [],
            several: several,
            rows: rows, hasRows: !rows.isEmpty,
            emptyText: !targets.contains { $0.health != nil } ? "No data yet."
                : several ? "No provider lists a country for this watch." : "The provider lists no country for this watch.",
            activationNote: activation.map { read in
                switch read {
                case .success: "Activated: of this watch's numbers taken through numwatch whose fate is known, the share that received an SMS."
                case .failure(let error): "Activated: the numbers ledger could not be read (\(error))."
                }
            },
            providersNote: several
                ? "Cheapest: the lowest price in stock at any provider, in Toman at each provider's rate; ★ marks the provider selling it. A price's hover shows it as the provider quoted it."
                : nil)
    }

    /// Each provider's values at `time`: provider → country → value.
    private func values(_ providers: [SampledProvider], platform: String, at time: Int64) async throws -> [ProviderName: [String: PairValue]] {
        var values: [ProviderName: [String: PairValue]] = [:]
        for provider in providers {
            values[provider.id] = try await sources.store.pairValues(provider: provider.id, platforms: [platform], at: time)[platform] ?? [:]
        }
        return values
    }

    /// A country's row. One provider: its values, as always. Several: the cheapest price against
    /// the cheapest a day ago, the stock of all providers together, and a cell group per provider.
    private func makeRow(_ country: CountryComparison, before: [ProviderName: [String: PairValue]], changed: [ProviderName: [String: PairValue]],
                         several: Bool, providers: [SampledProvider], time: ReportTime) -> PairRow {
        guard several else {
            let pair = country.offers[0].pair
            let provider = country.offers[0].provider.id
            return PairRow(pair, dayAgo: before[provider]?[country.code], since: changed[provider]?[country.code].map { time.dateTime($0.since) })
        }
        let then = providers.compactMap { before[$0.id]?[country.code] }.filter { $0.price != nil }
        let bestThen = then.filter { ($0.stock ?? 0) > 0 }.compactMap(\.price).min() ?? then.compactMap(\.price).min()
        let combined = Snapshot.Pair(country: country.code, name: country.name, price: country.bestPrice, stock: country.totalStock)
        var row = PairRow(combined, priceADayAgo: bestThen)
        if bestThen != nil { row.changeTitle = "cheapest a day ago: \(ReportFormat.grouped(bestThen!))" }
        row.offers = providers.map { provider in
            let offer = country.offers.first { $0.provider.id == provider.id }
            return OfferCell(offer, cheapest: offer != nil && offer?.provider.id == country.cheapest?.provider.id)
        }
        return row
    }

    /// The ledger's activation counts per country; nil without a ledger. A failed read leaves the
    /// column out and says why, rather than failing the page.
    private func readActivation(_ platform: String) async -> Result<[String: Ledger.Activation], any Error>? {
        guard let ledger = sources.ledger else { return nil }
        do { return .success(try await ledger.activation(platform: platform)) } catch { return .failure(error) }
    }

    private func sort(_ rows: inout [PairRow], by key: SortKey, _ direction: SortDirection) {
        func value(_ row: PairRow) -> Double? {
            switch key {
            case .country: nil
            case .price: Double(row.priceValue)
            case .stock: Double(row.stockValue)
            case .change: row.delta.map(Double.init)
            case .activated: row.activationRate
            }
        }
        rows.sort { a, b in
            if key == .country { return direction == .asc ? a.code < b.code : a.code > b.code }
            let (x, y) = (value(a), value(b))
            // Rows without a value ("new": not listed a day ago, "—": no known fate) go last either
            // way; ties by code.
            guard x == y else {
                guard let x else { return false }
                guard let y else { return true }
                return direction == .asc ? x < y : x > y
            }
            return a.code < b.code
        }
    }

    private func chart(_ country: CountryComparison?, platform: String, providers: [SampledProvider], range: ChartRange, now: Int64,
                       time: ReportTime) async throws -> WatchModel.Selected? {
        guard let country else { return nil }
        return try await selectedCountry(country, platform: platform, providers: providers, range: range, now: now, time: time)
    }

    /// The chosen country's charts: one line per provider with history for it (with one
    /// provider, the one line and its bands as always).
    private func selectedCountry(_ country: CountryComparison, platform: String, providers: [SampledProvider], range: ChartRange, now: Int64,
                                 time: ReportTime) async throws -> WatchModel.Selected {
        let from = now - range.seconds
        let resolution = Resolution.fitting(from: from, to: now, now: now, retention: sources.retention)
        var prices: [ChartSeries] = []
        var stocks: [ChartSeries] = []
        for provider in providers {
            let history = try await sources.store.history(provider: provider.id, platform: platform, country: country.code, from: from, to: now,
                                                          resolution: resolution)
            guard !history.isEmpty || !sources.several else { continue }
            // Named only when the page compares providers: one provider's chart reads as it always did.
            let name = sources.several ? provider.id.rawValue : ""
            prices.append(ChartSeries(name: name, points: history.map { ChartPoint(time: $0.time, low: $0.priceMin, high: $0.priceMax, last: $0.priceLast) }))
            // An unlisted moment has no stock either: the gap shows in both charts.
            stocks.append(ChartSeries(name: name, points: history.map {
                ChartPoint(time: $0.time, low: $0.stockMin, high: $0.stockMax, last: $0.priceLast == nil ? nil : $0.stockLast)
            }))
        }
        if prices.isEmpty { (prices, stocks) = ([ChartSeries(name: "", points: [])], [ChartSeries(name: "", points: [])]) }
        let bucket = resolution == .raw ? nil : resolution.rawValue
        let lines = sources.several ? " One line per provider." : ""
        let note = resolution == .raw
            ? "Every change over the last \(range.rawValue)." + lines
            : "Last \(range.rawValue), \(resolution == .hour ? "hourly" : "daily"): the line is each \(resolution == .hour ? "hour" : "day")'s last value"
                + (sources.several ? "." + lines : ", the band its low to high.")
        return .init(
            code: country.code, name: country.name, note: note,
            priceChart: SVGChart.make(title: "Price (Toman)", series: prices, from: from, to: now, bucket: bucket, zeroBased: false, time: time),
            stockChart: SVGChart.make(title: "Stock", series: stocks, from: from, to: now, bucket: bucket, zeroBased: true, time: time))
    }
}
