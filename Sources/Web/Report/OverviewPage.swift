import Alerting
import Domain
import Mustache
import ProviderAPI
import Store

struct OverviewModel: Sendable {
    struct Credit: Sendable {
        var value: String
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
        var rows: [PairRow]
        var hasRows: Bool
        var emptyText: String
    }

    struct Event: Sendable {
        var time: String
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
    var credit: Credit?
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
        let platforms = sources.watches.map(\.platform)
        let freshness = sources.freshness(snapshot, now: now)
        // A day ago matters only for the rows shown: the cheapest few of each watch.
        let shown = Set(platforms.flatMap { cheapest(snapshot[.main].pairs[$0] ?? []).map(\.country) })
        async let dayAgo = store.pairValues(platforms: platforms, countries: shown, at: now - 86_400)
        async let creditWeek = store.creditHistory(since: now - 7 * 86_400)
        async let creditDay = store.creditHistory(since: now - CreditRunway.window)
        async let events = store.stockEvents(platforms: platforms, since: now - 86_400, limit: Self.eventsShown)
        async let failures = store.failures(targets: platforms + [creditTarget], since: now - 3600)
        async let alerts = alertsSummary(time: time)

        let week = try await creditWeek
        let chartPoints = week.map { ChartPoint(time: $0.time, low: $0.credit, high: $0.credit, last: $0.credit) }
        let creditChart = SVGChart.make(title: "Credit, last 7 days (Toman)", points: chartPoints, from: now - 7 * 86_400, to: now,
                                        bucket: nil, zeroBased: false, time: time)
        let failed = try await failures
        let before = try await dayAgo
        return OverviewModel(
            layout: pages.layout(title: "Overview", current: "/", now: now),
            banner: freshness.banner(time: time),
            credit: credit(snapshot, lastDay: try await creditDay, freshness: freshness, now: now, time: time),
            numbers: await numbers(now: now),
            creditChart: creditChart,
            alerts: await alerts,
            health: healthRows(freshness, failures: failed, time: time),
            errorsLastHour: ReportFormat.grouped(failed.values.reduce(0) { $0 + $1.samples }),
            watches: platforms.map { watchCard($0, snapshot: snapshot, dayAgo: before[$0] ?? [:], freshness: freshness) },
            events: try await events.map { event(time: time, $0) },
            hasEvents: try await !events.isEmpty,
            eventsEmptyText: freshness.noData ? "No data yet." : "No country sold out or came back in the last 24 hours.")
    }

    /// The runway is computed exactly as the `credit_runway_below` alert computes it, so both agree.
    private func credit(_ snapshot: Snapshot, lastDay: [(time: Int64, credit: Int)], freshness: Freshness, now: Int64, time: ReportTime)
        -> OverviewModel.Credit? {
        guard let value = snapshot[.main].credit else { return nil }
        let runway = CreditRunway.seconds(history: lastDay, now: now)
        let asOf = snapshot[.main].creditTime.map { "\(time.dateTime($0)) (\(ReportFormat.age(now - $0)) ago)" } ?? "—"
        return OverviewModel.Credit(
            value: ReportFormat.grouped(value), asOf: asOf, stale: freshness.target(creditTarget)?.stale ?? false,
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

    private func healthRows(_ freshness: Freshness, failures: [String: FailureCount], time: ReportTime) -> [OverviewModel.HealthRow] {
        freshness.targets.map { target in
            let href = target.name == creditTarget ? nil : "/watch/" + ReportFormat.path(target.name)
            let errors = failures[target.name].map { "\($0.samples)" } ?? "0"
            guard let health = target.health else {
                return .init(label: target.name, href: href, last: "no data yet", stale: false, outcome: "—", outcomeClass: "muted",
                             message: "", errors: errors)
            }
            return .init(label: target.name, href: href,
                         last: "\(time.clock(health.lastTime)) (\(ReportFormat.age(freshness.now - health.lastTime)) ago)",
                         stale: target.stale, outcome: health.lastOutcome.replacingOccurrences(of: "_", with: " "),
                         outcomeClass: health.lastOutcome == SampleOutcome.ok.rawValue ? "ok" : "bad", message: health.lastMessage ?? "", errors: errors)
        }
    }

    private func watchCard(_ platform: String, snapshot: Snapshot, dayAgo: [String: PairValue], freshness: Freshness) -> OverviewModel.WatchCard {
        let pairs = snapshot[.main].pairs[platform] ?? []
        let inStock = pairs.filter { $0.stock > 0 }
        let rows = cheapest(pairs).map { PairRow($0, dayAgo: dayAgo[$0.country]) }
        let sampled = freshness.target(platform)?.health != nil
        let stale = freshness.target(platform)?.stale == true
        let summary = sampled
            ? "\(pairs.count) countries listed, \(inStock.count) in stock" + (stale ? " · stale" : "")
            : "no data yet"
        let empty = !sampled ? "No data yet." : pairs.isEmpty ? "The provider lists no country for this watch." : "Every country is sold out."
        return .init(platform: platform, href: "/watch/" + ReportFormat.path(platform), summary: summary, rows: Array(rows),
                     hasRows: !rows.isEmpty, emptyText: empty)
    }

    /// The cheapest countries in stock, cheapest first (ties by code).
    private func cheapest(_ pairs: [Snapshot.Pair]) -> [Snapshot.Pair] {
        Array(pairs.filter { $0.stock > 0 }.sorted { ($0.price, $0.country) < ($1.price, $1.country) }.prefix(Self.cheapest))
    }

    private func event(time: ReportTime, _ event: StockEvent) -> OverviewModel.Event {
        .init(time: time.dateTime(event.time), platform: event.platform, href: "/watch/" + ReportFormat.path(event.platform),
              code: event.country, name: event.name, kind: event.kind == .soldOut ? "sold out" : "restocked",
              kindClass: event.kind == .soldOut ? "bad" : "ok", stock: ReportFormat.grouped(event.stock),
              price: event.price.map(ReportFormat.grouped) ?? "—")
    }
}

// Answered by name rather than by reflection: see `PairRow`.
extension OverviewModel.Event: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "time": time
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
        case "rows": rows
        case "hasRows": hasRows
        case "emptyText": emptyText
        default: nil
        }
    }
}
