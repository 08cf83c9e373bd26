import Alerting
import App
import Config
import Domain
import Foundation
import GRDB
import Store
import Synchronization

/// A store with the alert evaluator hooked in, and the notifications it queued, for driving
/// rounds with explicit times (the evaluation's only clock).
struct AlertingHarness {
    let store: HistoryStore
    let evaluator: AlertEvaluator
    let queue: RecordingQueue

    static let t0: Int64 = 1_767_225_600  // 2026-01-01T00:00:00Z

    init(_ alerts: AlertsConfig, webhooks: [WebhookConfig] = [WebhookConfig(url: "https://ops.example/hook?secret=s")],
         store: HistoryStore? = nil, account: String? = nil, rules: AlertRules? = nil) throws {
        self.store = try store ?? HistoryStore.inMemory()
        queue = RecordingQueue()
        evaluator = try AlertEvaluator(rules: rules ?? AlertRules(alerts), webhooks: webhooks, queue: queue, database: self.store.writer,
                                       account: account)
        self.store.setRoundHook(evaluator)
    }

    /// One round of one watch at `t0 + at` seconds.
    func pricing(_ platform: String = "telegram", provider: ProviderName = .main, at: Int64,
                 _ rows: [(country: String, price: Int, stock: Int)], credit: Int? = nil) async throws {
        let observed = rows.map { ObservedRow(country: $0.country, name: "name of \($0.country)", price: $0.price, stock: $0.stock) }
        let time = Self.t0 + at
        try await store.ingest(SampleRound(watches: [WatchSample(provider: provider, platform: platform, time: time, rows: observed)],
                                           credit: credit.map { CreditSample(provider: provider, time: time, credit: $0) }))
    }

    func stock(_ stock: Int, at: Int64, country: String = "romania") async throws {
        try await pricing(at: at, [(country, 10_000, stock)])
    }

    func credit(_ credit: Int?, provider: ProviderName = .main, at: Int64, outcome: SampleOutcome = .ok) async throws {
        let time = Self.t0 + at
        try await store.ingest(SampleRound(watches: [], credit: CreditSample(provider: provider, time: time, outcome: outcome, credit: credit)))
    }

    /// What was queued, as "firing NumwatchStockLow romania" lines, oldest first.
    var sent: [String] {
        queue.notifications.flatMap { n in
            n.alerts.map { "\(n.status.rawValue) \($0.labels["alertname"]!)" + ($0.labels["country"].map { " \($0)" } ?? "") }
        }
    }
}

extension AlertingHarness {
    /// What was queued, as "firing NumwatchStockLow romania @sa" lines (no `@`: an alert across providers).
    var sentByProvider: [String] {
        queue.notifications.flatMap { n in
            n.alerts.map { a in
                (["\(n.status.rawValue) \(a.labels["alertname"]!)", a.labels["country"], a.labels["provider"].map { "@\($0)" }] as [String?])
                    .compactMap { $0 }.joined(separator: " ")
            }
        }
    }
}

final class RecordingQueue: AlertNotificationQueue {
    private let recorded = Mutex<[AlertNotification]>([])

    var notifications: [AlertNotification] { recorded.withLock { $0 } }

    func enqueue(_ notification: AlertNotification, _ db: Database) throws {
        recorded.withLock { $0.append(notification) }
    }
}

func rule(_ name: String = "tg", country: String? = nil, stockBelow: Int? = nil, stockClear: Int? = nil, stockAbove: Int? = nil,
          priceAbove: Int? = nil, priceBelow: Int? = nil, change: Double? = nil, bestBelow: Int? = nil, bestChanged: Bool = false,
          provider: ProviderName? = nil, for holding: Duration = .zero) -> AlertRuleConfig {
    AlertRuleConfig(name: name, services: ["telegram"], country: country, stockBelow: stockBelow, stockClear: stockClear,
                    stockAbove: stockAbove, priceAbove: priceAbove.flatMap(Toman.init), priceBelow: priceBelow.flatMap(Toman.init),
                    priceChangePercent: change, bestPriceBelow: bestBelow.flatMap(Toman.init), bestProviderChanged: bestChanged,
                    provider: provider, forDuration: holding)
}
