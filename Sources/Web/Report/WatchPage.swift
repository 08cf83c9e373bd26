import Config
import Hummingbird
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
    var rows: [PairRow]
    var hasRows: Bool
    var emptyText: String
    /// Under the table, with a ledger: what "Activated" means, or why it is missing.
    var activationNote: String?
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
        let pairs = snapshot[.main].pairs[platform] ?? []
        let freshness = sources.freshness(snapshot, now: now)
        let chosen = try query.country.map { code in
            guard let pair = pairs.first(where: { $0.country == code }) else {
                throw HTTPError(.notFound, message: "“\(code)” is not listed for \(platform) now.")
            }
            return pair
        } ?? pairs.filter { $0.stock > 0 }.min { ($0.price, $0.country) < ($1.price, $1.country) }
        async let dayAgo = sources.store.pairValues(platforms: [platform], at: now - 86_400)
        async let current = sources.store.pairValues(platforms: [platform], at: now)
        async let selected = chart(chosen, platform: platform, range: query.range, now: now, time: time)
        async let activationRead = readActivation(platform)

        let before = try await dayAgo[platform] ?? [:]
        let changed = try await current[platform] ?? [:]
        let activation = await activationRead
        let rates = try? activation?.get()
        var rows = pairs.map { pair in
            var row = PairRow(pair, dayAgo: before[pair.country], href: query.href(platform, country: .some(pair.country)),
                              since: changed[pair.country].map { time.dateTime($0.since) }, selected: pair.country == chosen?.country)
            if let rates { row.showActivation(rates[pair.country]) }
            return row
        }
        sort(&rows, by: query.sort, query.direction)
        let target = freshness.target(platform)
        let lastSample = target?.health.map { "last sample \(time.dateTime($0.lastTime)) (\(ReportFormat.age(now - $0.lastTime)) ago)" }
        let countries = watch.countries.map { " of the \($0.count) watched" } ?? ""
        return WatchModel(
            layout: pages.layout(title: platform, current: "/watch/" + ReportFormat.path(platform), now: now),
            platform: platform,
            banner: freshness.banner(time: time),
            summary: ["\(pairs.count) countries listed\(countries), \(pairs.filter { $0.stock > 0 }.count) in stock", lastSample]
                .compactMap { $0 }.joined(separator: " · ") + (target?.stale == true ? " · stale" : ""),
            ranges: ChartRange.allCases.map { range in
                .init(label: range.rawValue, href: query.href(platform, range: range), current: range == query.range)
            },
            selected: try await selected,
            columns: SortKey.allCases.filter { $0 != .activated || rates != nil }.map { key in
                let current = key == query.sort
                return .init(label: key.label, href: query.href(platform, sort: key, direction: current ? query.direction.flipped : key.naturalDirection),
                             current: current, arrow: query.direction == .asc ? "↑" : "↓", numeric: key != .country)
            },
            rows: rows, hasRows: !rows.isEmpty,
            emptyText: target?.health == nil ? "No data yet." : "The provider lists no country for this watch.",
            activationNote: activation.map { read in
                switch read {
                case .success: "Activated: of this watch's numbers taken through numwatch whose fate is known, the share that received an SMS."
                case .failure(let error): "Activated: the numbers ledger could not be read (\(error))."
                }
            })
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

    private func chart(_ pair: Snapshot.Pair?, platform: String, range: ChartRange, now: Int64, time: ReportTime) async throws
        -> WatchModel.Selected? {
        guard let pair else { return nil }
        return try await selectedCountry(pair, platform: platform, range: range, now: now, time: time)
    }

    private func selectedCountry(_ pair: Snapshot.Pair, platform: String, range: ChartRange, now: Int64, time: ReportTime) async throws
        -> WatchModel.Selected {
        let from = now - range.seconds
        let resolution = Resolution.fitting(from: from, to: now, now: now, retention: sources.retention)
        let history = try await sources.store.history(platform: platform, country: pair.country, from: from, to: now, resolution: resolution)
        let bucket = resolution == .raw ? nil : resolution.rawValue
        let prices = history.map { ChartPoint(time: $0.time, low: $0.priceMin, high: $0.priceMax, last: $0.priceLast) }
        // An unlisted moment has no stock either: the gap shows in both charts.
        let stocks = history.map { ChartPoint(time: $0.time, low: $0.stockMin, high: $0.stockMax, last: $0.priceLast == nil ? nil : $0.stockLast) }
        let note = resolution == .raw
            ? "Every change over the last \(range.rawValue)."
            : "Last \(range.rawValue), \(resolution == .hour ? "hourly" : "daily"): the line is each \(resolution == .hour ? "hour" : "day")'s last value, the band its low to high."
        return .init(
            code: pair.country, name: pair.name, note: note,
            priceChart: SVGChart.make(title: "Price (Toman)", points: prices, from: from, to: now, bucket: bucket, zeroBased: false, time: time),
            stockChart: SVGChart.make(title: "Stock", points: stocks, from: from, to: now, bucket: bucket, zeroBased: true, time: time))
    }
}
