import Alerting
import App
import Config
import Domain
import Foundation
import Store
import Testing

/// Credit, runway and provider-down alerts, and alert state across a restart.
@Suite struct AccountRuleTests {
    @Test func creditBelowFiresAndResolvesAfterATopUp() async throws {
        let h = try AlertingHarness(AlertsConfig(creditBelow: Toman(50_000)))
        try await h.credit(60_000, at: 0)
        try await h.credit(1_000, at: 60)
        try await h.credit(900, at: 120)
        try await h.credit(80_000, at: 180)
        #expect(h.sent == ["firing NumwatchCreditLow", "resolved NumwatchCreditLow"])
        let firing = try #require(h.queue.notifications.first?.alerts.first)
        #expect(firing.labels == ["alertname": "NumwatchCreditLow", "rule": "credit-below", "severity": "critical", "provider": "main"])
        #expect(firing.annotations["description"] == "credit 1,000 Toman, below 50,000")
    }

    @Test func runwayIsTheCreditOverTheLastDaysSpendingAndIgnoresTopUps() async throws {
        let h = try AlertingHarness(AlertsConfig(creditRunwayBelow: .seconds(2 * 86_400)))
        // 10,000 Toman an hour for four hours, with a top-up of 50,000 in between.
        try await h.credit(200_000, at: 0)
        #expect(h.sent.isEmpty)  // nothing spent yet: no rate, no runway
        try await h.credit(190_000, at: 3_600)
        #expect(h.sent == ["firing NumwatchCreditRunwayLow"])  // 190,000 at 10,000/h: 19 h
        try await h.credit(240_000, at: 5_400)
        try await h.credit(230_000, at: 7_200)
        try await h.credit(220_000, at: 10_800)
        try await h.credit(210_000, at: 14_400)
        #expect(h.sent == ["firing NumwatchCreditRunwayLow"])
        // spent 40,000 in 4 h → 10,000/h; 210,000 lasts 21 h, below 2 days
        let active = try await AlertBook(database: h.store.writer).active()
        #expect(active.map(\.alertname) == ["NumwatchCreditRunwayLow"])
        #expect(active.first?.value.map { ($0 / 3_600).rounded() } == 21)
        #expect(active.first?.description == "credit lasts 21.0 hours at the last day's spending, less than 2.0 days")
    }

    @Test func providerDownFiresAfterTheConfiguredTimeWithoutSuccessAndResolvesOnTheFirstOne() async throws {
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: .seconds(300)))
        try await h.credit(10_000, at: 0)
        for minute in 1...6 { try await h.credit(nil, at: Int64(minute) * 60, outcome: .timeout) }
        #expect(h.sent == ["firing NumwatchProviderDown"])
        #expect(h.queue.notifications[0].time == AlertingHarness.t0 + 300)
        try await h.credit(10_000, at: 420)
        #expect(h.sent == ["firing NumwatchProviderDown", "resolved NumwatchProviderDown"])
    }

    @Test func aRestartNeitherNotifiesAgainNorForgets() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-alerts-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let config = AlertsConfig(rules: [rule(stockBelow: 100)])
        do {
            let h = try AlertingHarness(config, store: try HistoryStore.open(path: path))
            try await h.stock(5, at: 0)
            #expect(h.sent == ["firing NumwatchStockLow romania"])
        }
        let h = try AlertingHarness(config, store: try HistoryStore.open(path: path))
        #expect(h.evaluator.firingCounts().counts == ["NumwatchStockLow": 1])
        try await h.stock(4, at: 60)
        #expect(h.sent.isEmpty)
        try await h.stock(500, at: 120)
        #expect(h.sent == ["resolved NumwatchStockLow romania"])
    }

    @Test func analertWhoseRuleWasRemovedResolvesWithAReason() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-alerts-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]), store: try HistoryStore.open(path: path))
            try await h.stock(5, at: 0)
        }
        let h = try AlertingHarness(AlertsConfig(), store: try HistoryStore.open(path: path))
        try await h.stock(5, at: 60)
        #expect(h.sent == ["resolved NumwatchStockLow romania"])
        let history = try await AlertBook(database: h.store.writer).history(since: 0, limit: 5)
        #expect(history.first?.resolution == "rule removed from the configuration")
    }

    @Test func aRuleAddedWhileStoppedIsEvaluatedOnPairsThatDidNotChange() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-alerts-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let h = try AlertingHarness(AlertsConfig(), store: try HistoryStore.open(path: path))
            try await h.stock(5, at: 0)
        }
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]), store: try HistoryStore.open(path: path))
        try await h.stock(5, at: 60)  // the same value as before the restart
        #expect(h.sent == ["firing NumwatchStockLow romania"])
    }

    @Test func fingerprintsDependOnLabelsOnly() {
        let labels = ["alertname": "NumwatchStockLow", "rule": "tg", "severity": "warning", "platform": "telegram", "country": "romania"]
        #expect(AlertKey.fingerprint(labels) == AlertKey.fingerprint(labels.merging([:]) { a, _ in a }))
        #expect(AlertKey.fingerprint(labels) != AlertKey.fingerprint(labels.merging(["country": "russia"]) { _, b in b }))
        #expect(AlertKey.fingerprint(labels).count == 16)
    }
}
