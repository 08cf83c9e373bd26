import Alerting
import Config
import Domain
import GRDB
import Store
import Synchronization
import Testing

/// A round, the alerts it moves and the notifications they cause commit together or not at all,
/// now that the alerts are written through their records.
@Suite struct RoundTransactionTests {
    struct Refused: Error {}

    /// Refuses every notification until told otherwise, as a full disk would.
    final class RefusingQueue: AlertNotificationQueue {
        let refusing = Mutex(true)
        let queued = Mutex(0)

        func enqueue(_ notification: AlertNotification, _ db: Database) throws {
            if refusing.withLock({ $0 }) { throw Refused() }
            queued.withLock { $0 += notification.alerts.count }
        }
    }

    @Test func aRoundWhoseNotificationCannotBeQueuedLeavesNoAlertBehind() async throws {
        let store = try HistoryStore.inMemory()
        let queue = RefusingQueue()
        let evaluator = try AlertEvaluator(rules: AlertRules(AlertsConfig(rules: [rule(stockBelow: 100)])),
                                           webhooks: [WebhookConfig(url: "https://ops.example/hook")], queue: queue,
                                           database: store.writer)
        store.setRoundHook(evaluator)
        func round(at seconds: Int64) -> SampleRound {
            let time = AlertingHarness.t0 + seconds
            return SampleRound(watches: [WatchSample(platform: "telegram", time: time, rows: [
                ObservedRow(country: "romania", name: "Romania", price: 10_000, stock: 50),
            ])])
        }
        func stored() async throws -> (alerts: Int, notified: Int) {
            try await store.writer.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM alert") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM alert_notified") ?? -1)
            }
        }

        await #expect(throws: Refused.self) { try await store.ingest(round(at: 0)) }
        var rows = try await stored()
        #expect(rows.alerts == 0 && rows.notified == 0)
        #expect(evaluator.firingCounts().counts.isEmpty)

        queue.refusing.withLock { $0 = false }
        try await store.ingest(round(at: 60))
        rows = try await stored()
        #expect(rows.alerts == 1 && rows.notified == 1)
        #expect(queue.queued.withLock { $0 } == 1)
        #expect(evaluator.firingCounts().counts == ["NumwatchStockLow": 1])
    }

    /// The providers' values kept for the comparison across providers move only with a round that
    /// commits: a refused round's new cheapest is not remembered, so the next round that brings
    /// it is still the change.
    @Test func aRefusedRoundLeavesTheComparisonAcrossProvidersAsItWas() async throws {
        let store = try HistoryStore.inMemory()
        let queue = RefusingQueue()
        let evaluator = try AlertEvaluator(rules: AlertRules(AlertsConfig(rules: [rule(bestChanged: true)])),
                                           webhooks: [WebhookConfig(url: "https://ops.example/hook")], queue: queue,
                                           database: store.writer)
        store.setRoundHook(evaluator)
        func round(_ provider: ProviderName, price: Int, at seconds: Int64) -> SampleRound {
            SampleRound(watches: [WatchSample(provider: provider, platform: "telegram", time: AlertingHarness.t0 + seconds, rows: [
                ObservedRow(country: "romania", name: "Romania", price: price, stock: 50),
            ])])
        }
        try await store.ingest(round(.main, price: 10_000, at: 0))  // nothing to tell: nothing refused
        await #expect(throws: Refused.self) { try await store.ingest(round(ProviderName("sa"), price: 9_000, at: 60)) }
        #expect(evaluator.firingCounts().counts.isEmpty)
        queue.refusing.withLock { $0 = false }
        try await store.ingest(round(ProviderName("sa"), price: 9_000, at: 120))
        #expect(evaluator.firingCounts().counts == ["NumwatchBestProviderChanged": 1])
        #expect(queue.queued.withLock { $0 } == 1)
    }
}
