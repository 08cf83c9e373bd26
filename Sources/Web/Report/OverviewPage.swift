import Alerting
import Domain
import Mustache
import ProviderAPI
import Sampler
import Store

struct OverviewModel: Sendable {
    struct Credit: Sendable {
        /// The provider's id, with several providers.
        var provider: String?
        var value: String
        /// As the provider reads it (`1,234.50 RUB`), where its currency is not the Toman.
        var native: String?
        var asOf: String
        var stale: Bool
        var runway: String
        var runwayNote: String
    }

    struct AlertItem: Sendable {
        var state: String
        var stateClass: String
        var name: String
        var summary: String
        var started: String
    }

    struct Alerts: Sendable {
        var configured: Bool
        var error: String?
        var firing: [AlertItem]
        var hasFiring: Bool
        var pendingNote: String?
    }

    struct HealthRow: Sendable {
        /// With several providers, the provider sampling the target.
        var provider: String?
        var label: String
        var href: String?
        var last: String
        var stale: Bool
        var outcome: String
        var outcomeClass: String
        var message: String
        var errors: String
    }

    struct WatchCard: Sendable {
        var platform: String
        var href: String
        var summary: String
        /// Rows name the cheapest provider and its margin.
        var several: Bool
        var rows: [PairRow]
        var hasRows: Bool
        var emptyText: String
    }

    struct Event: Sendable {
        var time: String
        /// With several providers, whose stock it was.
        var provider: String?
        var platform: String
        var href: String
        var code: String
        var name: String
        var kind: String
        var kindClass: String
        var stock: String
        var price: String
    }

    /// The account's numbers against the provider's daily ban, from the ledger.
    struct Numbers: Sendable {
        /// The fuller window's count, as a sentence.
        var summary: String
        var detail: String
        var risky: Bool
    }

    var layout: LayoutModel
    var banner: Banner?
    /// Per provider (that reads a credit and has one), in the configuration's order.
    var credits: [Credit]
    /// The page compares providers: their columns are shown.
    var several: Bool
    var numbers: Numbers?
    var creditChart: ChartModel
    var alerts: Alerts
    var health: [HealthRow]
    var errorsLastHour: String
    var watches: [WatchCard]
    var events: [Event]
    var hasEvents: Bool
    var eventsEmptyText: String
}

/// Builds the overview from the store's snapshot (the values now), a few bounded queries (a day
/// ago, the credit's week, the last day's sell-outs, the last hour's failures) and the alerts.
struct OverviewPage {
    /// Cheapest countries shown per watch.
    static let cheapest = 5
    static let eventsShown = 12

    let sources: ReportSources
    let pages: ReportPages

    func model(now: Int64) async throws -> OverviewModel {
        let store = sources.store
        let time = ReportTime(zone: sources.settings.timeZone)
        let snapshot = await store.snapshot()
        let platforms = sources.platforms
        let freshness = sources.freshness(snapshot, now: now)
        let comparisons = Dictionary(uniqueKeysWithValues: platforms.map { platform in
            (platform, CountryComparison.all(platform, snapshot: snapshot, providers: sources.providers(of: platform)))
        })
        // A day ago matters only for the rows shown: the cheapest few of each watch, at the
        // provider selling each cheapest.
        let shown = platforms.flatMap { cheapest(comparisons[$0] ?? []) }.compactMap(\.cheapest)
        async let dayAgo = valuesADayAgo(shown, platforms: platforms, now: now)
        async let creditWeeks = creditHistories(since: now - 7 * 86_400)
        async let creditDays = creditHistories(since: now - CreditRunway.window)
        async let events = stockEvents(platforms: platforms, since: now - 86_400)
        async let failures = failures(platforms: platforms, since: now - 3600)
        async let alerts = alertsSummary(time: time)

        let weeks = try await creditWeeks
        // A line per provider, named when there are several.
        let series = weeks.map { provider, week in
            ChartSeries(name: sources.several ? provider.rawValue : "",
                        points: week.map { ChartPoint(time: $0.time, low: $0.credit, high: $0.credit, last: $0.credit) })
        }
        let creditChart = SVGChart.make(title: "Credit, last 7 days (Toman)", series: series.isEmpty ? [ChartSeries(name: "", points: [])] : series,
                                        from: now - 7 * 86_400, to: now, bucket: nil, zeroBased: false, time: time)
        let failed = try await failures
        let before = try await dayAgo
        let lastDays = Dictionary(try await creditDays, uniquingKeysWith: { a, _ in a })
        return OverviewModel(
            layout: pages.layout(title: "Overview", current: "/", now: now),
            banner: freshness.banner(time: time),
            credits: sources.providers.filter(\.readsCredit).compactMap { provider in
                credit(provider, snapshot: snapshot, lastDay: lastDays[provider.id] ?? [], freshness: freshness, now: now, time: time)
            },
            several: sources.several,
            numbers: await numbers(now: now),
            creditChart: creditChart,
            alerts: await alerts,
            health: healthRows(freshness, failures: failed, time: time),
            errorsLastHour: ReportFormat.grouped(failed.values.reduce(0) { $0 + $1.samples }),
            watches: platforms.map { watchCard($0, countries: comparisons[$0] ?? [], dayAgo: before, freshness: freshness) },
            events: try await events.map { event(time: time, $0) },
            hasEvents: try await !events.isEmpty,
            eventsEmptyText: freshness.noData ? "No data yet." : "No country sold out or came back in the last 24 hours.")
    }

    /// The price a day ago of each shown offer, at its own provider: provider → platform → country.
    private func valuesADayAgo(_ offers: [Offer], platforms: [String], now: Int64) async throws -> [ProviderName: [String: [String: PairValue]]] {
        var values: [ProviderName: [String: [String: PairValue]]] = [:]
        for provider in sources.providers {
            let countries = Set(offers.filter { $0.provider.id == provider.id }.map(\.pair.country))
            guard !countries.isEmpty else { continue }
            values[provider.id] = try await sources.store.pairValues(provider: provider.id, platforms: platforms, countries: countries, at: now - 86_400)
        }
        return values
    }

    private func creditHistories(since: Int64) async throws -> [(ProviderName, [(time: Int64, credit: Int)])] {
        var histories: [(ProviderName, [(time: Int64, credit: Int)])] = []
        for provider in sources.providers where provider.readsCredit {
            histories.append((provider.id, try await sources.store.creditHistory(provider: provider.id, since: since)))
        }
        return histories
    }

    /// Every provider's sell-outs and restocks, newest first, the newest few of them all.
    private func stockEvents(platforms: [String], since: Int64) async throws -> [(ProviderName, StockEvent)] {
        var events: [(ProviderName, StockEvent)] = []
        for provider in sources.providers {
            let sampled = platforms.filter { platform in sources.providers(of: platform).contains { $0.id == provider.id } }
            let found = try await sources.store.stockEvents(provider: provider.id, platforms: sampled, since: since, limit: Self.eventsShown)
            events += found.map { (provider.id, $0) }
        }
        // Stable: a provider configured first keeps its events first within a second.
        let newestFirst = events.enumerated().sorted { a, b in
            a.element.1.time != b.element.1.time ? a.element.1.time > b.element.1.time : a.offset < b.offset
        }
        return Array(newestFirst.map(\.element).prefix(Self.eventsShown))
    }

    /// Failed samples per provider and target.
    private func failures(platforms: [String], since: Int64) async throws -> [PlatformKey: FailureCount] {
        var counts: [PlatformKey: FailureCount] = [:]
        for provider in sources.providers {
            for (target, count) in try await sources.store.failures(provider: provider.id, targets: platforms + [creditTarget], since: since) {
                counts[PlatformKey(provider.id, target)] = count
            }
        }
        return counts
    }

    /// The runway is computed exactly as the `credit_runway_below` alert computes it, so both agree.
    private func credit(_ provider: SampledProvider, snapshot: Snapshot, lastDay: [(time: Int64, credit: Int)], freshness: Freshness, now: Int64,
                        time: ReportTime) -> OverviewModel.Credit? {
        let read = snapshot[provider.id]
        guard let value = read.credit else { return nil }
        let runway = CreditRunway.seconds(history: lastDay, now: now)
        let asOf = read.creditTime.map { "\(time.dateTime($0)) (\(ReportFormat.age(now - $0)) ago)" } ?? "—"
        return OverviewModel.Credit(
            provider: sources.several ? provider.id.rawValue : nil,
            value: ReportFormat.grouped(value), native: read.creditNative.map { ReportFormat.native($0, currency: provider.currency) },
            asOf: asOf, stale: freshness.target(creditTarget, provider: provider.id)?.stale ?? false,
            runway: runway.map(ReportFormat.runway) ?? "no spending",
            runwayNote: runway == nil ? "nothing spent in the last 24 hours" : "at the last 24 hours' spending")
    }

    /// The fuller of the ban's two windows (the one NumwatchBanRisk reads), the other beside it.
    /// A ledger that cannot be read leaves the line out rather than the page.
    private func numbers(now: Int64) async -> OverviewModel.Numbers? {
        guard let windows = try? await sources.ledger?.banWindows(now: Timestamp(microsecondsSince1970: now * 1_000_000)) else {
            return nil
        }
        let fuller = windows.fuller
        let other = windows.all.first { $0.window != fuller.window }!
        func phrase(_ count: Ledger.WindowCount) -> String {
            "\(count.taken) taken in \(count.window.phrase), \(count.activated) activated"
        }
        return .init(summary: phrase(fuller), detail: phrase(other) + "; the provider bans past 50 in a day with none activated",
                     risky: fuller.activated == 0 && fuller.taken > 0)
    }

    private func alertsSummary(time: ReportTime) async -> OverviewModel.Alerts {
        guard let reader = sources.alerts, reader.hasRules else {
            return .init(configured: false, firing: [], hasFiring: false)
        }
        do {
            let active = try await reader.active()
            let firing = active.filter { $0.state == .firing }.map { alert in
                OverviewModel.AlertItem(state: alert.state.rawValue, stateClass: alert.severity == .critical ? "bad" : "up",
                                        name: alert.alertname, summary: alert.summary, started: time.dateTime(alert.firedAt ?? alert.startsAt))
            }
            let pending = active.count - firing.count
            return .init(configured: true, firing: firing, hasFiring: !firing.isEmpty,
                         pendingNote: pending > 0 ? "\(pending) pending (condition holding, not yet for long enough)" : nil)
        } catch {
            return .init(configured: true, error: "\(error)", firing: [], hasFiring: false)
        }
    }

    private func healthRows(_ freshness: Freshness, failures: [PlatformKey: FailureCount], time: ReportTime) -> [OverviewModel.HealthRow] {
        freshness.targets.map { target in
            let href = target.name == creditTarget ? nil : "/watch/" + ReportFormat.path(target.name)
            let errors = failures[PlatformKey(target.provider, target.name)].map { "\($0.samples)" } ?? "0"
            let provider = sources.several ? target.provider.rawValue : nil
            guard let health = target.health else {
                return .init(provider: provider, label: target.name, href: href, last: "no data yet", stale: false, outcome: "—",
                             outcomeClass: "muted", message: "", errors: errors)
            }
            return .init(provider: provider, label: target.name, href: href,
                         last: "\(time.clock(health.lastTime)) (\(ReportFormat.age(freshness.now - health.lastTime)) ago)",
                         stale: target.stale, outcome: health.lastOutcome.replacingOccurrences(of: "_", with: " "),
                         outcomeClass: health.lastOutcome == SampleOutcome.ok.rawValue ? "ok" : "bad", message: health.lastMessage ?? "", errors: errors)
        }
    }

    /// A watch's card: its cheapest countries in stock across the providers sampling it, each at
    /// the provider selling it cheapest (with several providers: which one, and by how much it
    /// beats the next).
    private func watchCard(_ platform: String, countries: [CountryComparison], dayAgo: [ProviderName: [String: [String: PairValue]]],
                           freshness: Freshness) -> OverviewModel.WatchCard {
        let inStock = countries.filter { $0.cheapest != nil }
        let rows = cheapest(countries).map { country -> PairRow in
            let offer = country.cheapest!
            var row = PairRow(offer.pair, dayAgo: dayAgo[offer.provider.id]?[platform]?[country.code])
            row.name = country.name
            if sources.several {
                row.provider = offer.provider.id.rawValue
                row.margin = country.margin
                row.marginTitle = country.marginTitle
            }
            return row
        }
        let targets = freshness.targets(platform)
        let sampled = targets.contains { $0.health != nil }
        let stale = targets.filter(\.stale)
        let staleNote = stale.isEmpty ? "" : " · stale" + (sources.several ? " (\(stale.map(\.provider.rawValue).joined(separator: ", ")))" : "")
        let listers = sources.several ? " by \(Set(countries.flatMap { $0.offers.map(\.provider.id) }).count) of \(targets.count) providers" : ""
        let summary = sampled ? "\(countries.count) countries listed\(listers), \(inStock.count) in stock" + staleNote : "no data yet"
        let none = sources.several ? "No provider lists a country for this watch." : "The provider lists no country for this watch."
        let empty = !sampled ? "No data yet." : countries.isEmpty ? none : "Every country is sold out."
        return .init(platform: platform, href: "/watch/" + ReportFormat.path(platform), summary: summary, several: sources.several,
                     rows: rows, hasRows: !rows.isEmpty, emptyText: empty)
    }

    /// The cheapest countries in stock at any provider, cheapest first (ties by code).
    private func cheapest(_ countries: [CountryComparison]) -> [CountryComparison] {
        Array(countries.filter { $0.cheapest != nil }.sorted { ($0.bestPrice, $0.code) < ($1.bestPrice, $1.code) }.prefix(Self.cheapest))
    }

    private func event(time: ReportTime, _ item: (provider: ProviderName, event: StockEvent)) -> OverviewModel.Event {
        let event = item.event
        return .init(time: time.dateTime(event.time), provider: sources.several ? item.provider.rawValue : nil, platform: event.platform,
                     href: "/watch/" + ReportFormat.path(event.platform), code: event.country, name: event.name,
                     kind: event.kind == .soldOut ? "sold out" : "restocked", kindClass: event.kind == .soldOut ? "bad" : "ok",
                     stock: ReportFormat.grouped(event.stock), price: event.price.map(ReportFormat.grouped) ?? "—")
    }
}

// Answered by name rather than by reflection: see `PairRow`.
extension OverviewModel.Event: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "time": time
        case "provider": provider
        case "platform": platform
        case "href": href
        case "code": code
        case "name": self.name
        case "kind": kind
        case "kindClass": kindClass
        case "stock": stock
        case "price": price
        default: nil
        }
    }
}

extension OverviewModel.WatchCard: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "platform": platform
        case "href": href
        case "summary": summary
        case "several": several
        case "rows": rows
        case "hasRows": hasRows
        case "emptyText": emptyText
        default: nil
        }
    }
}
