import Alerting
import App
import Config
import Domain
import Foundation
import Store
import Testing

/// Alerts with several providers: each provider's pairs, credit and reachability judged on their
/// own, a rule naming one provider, and the conditions across providers (the cheapest in stock).
@Suite struct ProviderAlertTests {
    static let sa = ProviderName("sa")

    /// Provider `main` is left out of the fingerprint: today's alerts keep theirs.
    @Test func mainKeepsTheFingerprintOfOldAndAnotherProviderHasItsOwn() {
        let old = AlertKey.fingerprint(["alertname": "NumwatchStockLow", "rule": "tg", "severity": "warning",
                                        "platform": "telegram", "country": "romania"])
        var key = AlertKey(kind: .stockLow, rule: "tg", platform: "telegram", country: "romania", provider: .main)
        #expect(key.fingerprint(severity: .warning) == old)
        key.provider = Self.sa
        #expect(key.fingerprint(severity: .warning) == AlertKey.fingerprint(key.labels(severity: .warning)))
        #expect(key.fingerprint(severity: .warning) != old)
    }

    @Test func aSellOutAtOneProviderIsItsOwnAlert() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 1)]))
        try await h.pricing(provider: .main, at: 0, [("romania", 10_000, 50)])
        try await h.pricing(provider: Self.sa, at: 10, [("romania", 9_000, 0)])
        #expect(h.sentByProvider == ["firing NumwatchStockLow romania @sa"])
        let firing = try #require(h.queue.notifications.first?.alerts.first)
        #expect(firing.labels == ["alertname": "NumwatchStockLow", "rule": "tg", "severity": "warning", "platform": "telegram",
                                  "country": "romania", "provider": "sa"])
        #expect(firing.annotations["summary"] == "Low stock: telegram in romania (name of romania) at sa")
        // The same sell-out at main is a second alert, with a fingerprint of its own.
        try await h.pricing(provider: .main, at: 60, [("romania", 10_000, 0)])
        try await h.pricing(provider: Self.sa, at: 70, [("romania", 9_000, 20)])
        #expect(h.sentByProvider == ["firing NumwatchStockLow romania @sa", "firing NumwatchStockLow romania @main",
                                     "resolved NumwatchStockLow romania @sa"])
        let fingerprints = Set(h.queue.notifications.flatMap(\.alerts).map(\.fingerprint))
        #expect(fingerprints.count == 2)
        #expect(h.evaluator.firingByProvider().counts == [FiringSeries(alertname: "NumwatchStockLow", provider: "main"): 1])
    }

    @Test func aRuleNamingAProviderIgnoresTheOthers() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 10, provider: Self.sa)]))
        try await h.pricing(provider: .main, at: 0, [("romania", 10_000, 0)])
        #expect(h.sent.isEmpty)
        try await h.pricing(provider: Self.sa, at: 10, [("romania", 9_000, 3)])
        #expect(h.sentByProvider == ["firing NumwatchStockLow romania @sa"])
    }

    @Test func creditLowIsJudgedPerProvider() async throws {
        let h = try AlertingHarness(AlertsConfig(creditBelow: Toman(50_000)))
        try await h.credit(60_000, provider: .main, at: 0)
        try await h.credit(1_000, provider: Self.sa, at: 0)
        #expect(h.sentByProvider == ["firing NumwatchCreditLow @sa"])
        let firing = try #require(h.queue.notifications.first?.alerts.first)
        #expect(firing.annotations["summary"] == "Credit low at sa")
        #expect(firing.annotations["description"] == "credit 1,000 Toman, below 50,000")
        try await h.credit(2_000, provider: .main, at: 60)
        try await h.credit(90_000, provider: Self.sa, at: 60)
        #expect(h.sentByProvider == ["firing NumwatchCreditLow @sa", "firing NumwatchCreditLow @main", "resolved NumwatchCreditLow @sa"])
    }

    @Test func aCreditLevelGivenPerProviderAppliesToThatProviderOnly() async throws {
        var alerts = AlertsConfig()
        alerts.creditBelowByProvider = [Self.sa: Toman(50_000)!]
        let h = try AlertingHarness(alerts)
        try await h.credit(1_000, provider: .main, at: 0)
        #expect(h.sent.isEmpty)
        try await h.credit(1_000, provider: Self.sa, at: 0)
        #expect(h.sentByProvider == ["firing NumwatchCreditLow @sa"])
    }

    @Test func providerDownIsJudgedPerProvider() async throws {
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: .seconds(300)))
        try await h.credit(10_000, provider: Self.sa, at: 0)
        for minute in Int64(0)...6 {
            try await h.credit(10_000, provider: .main, at: minute * 60)
            if minute > 0 { try await h.credit(nil, provider: Self.sa, at: minute * 60, outcome: .timeout) }
        }
        #expect(h.sentByProvider == ["firing NumwatchProviderDown @sa"])
        #expect(h.queue.notifications[0].time == AlertingHarness.t0 + 300)
        #expect(h.queue.notifications[0].alerts[0].annotations["summary"] == "Provider sa unreachable")
        try await h.credit(10_000, provider: Self.sa, at: 420)
        #expect(h.sentByProvider == ["firing NumwatchProviderDown @sa", "resolved NumwatchProviderDown @sa"])
    }

    /// A provider added to a database with months of another's history, failing from its first
    /// call, is down from its own first sample: not at once, as if it had failed for months.
    @Test func aNewProviderThatNeverSucceededIsDownFromItsOwnFirstSample() async throws {
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: .seconds(300)))
        try await h.credit(10_000, provider: .main, at: 0)
        let later: Int64 = 90 * 86_400
        try await h.credit(10_000, provider: .main, at: later)
        try await h.credit(nil, provider: Self.sa, at: later, outcome: .timeout)
        try await h.credit(10_000, provider: .main, at: later + 240)
        try await h.credit(nil, provider: Self.sa, at: later + 240, outcome: .timeout)
        #expect(h.sentByProvider.isEmpty)
        try await h.credit(10_000, provider: .main, at: later + 300)
        try await h.credit(nil, provider: Self.sa, at: later + 300, outcome: .timeout)
        #expect(h.sentByProvider == ["firing NumwatchProviderDown @sa"])
    }

    @Test func bestPriceBelowJudgesTheCheapestInStockAcrossProvidersAndNamesIt() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(bestBelow: 9_000)]))
        try await h.pricing(provider: .main, at: 0, [("romania", 10_000, 5), ("russia", 7_000, 9)])
        #expect(h.sentByProvider == ["firing NumwatchBestPriceLow russia"])
        // sa is cheaper for romania but has none in stock: not a price anyone can pay.
        try await h.pricing(provider: Self.sa, at: 10, [("romania", 8_500, 0), ("russia", 7_500, 4)])
        #expect(h.sentByProvider == ["firing NumwatchBestPriceLow russia"])
        try await h.pricing(provider: Self.sa, at: 70, [("romania", 8_500, 3), ("russia", 7_500, 4)])
        #expect(h.sentByProvider == ["firing NumwatchBestPriceLow russia", "firing NumwatchBestPriceLow romania"])
        let romania = try #require(h.queue.notifications.last?.alerts.first)
        #expect(romania.labels == ["alertname": "NumwatchBestPriceLow", "rule": "tg", "severity": "warning", "platform": "telegram",
                                   "country": "romania"])
        #expect(romania.annotations["description"] == "8,500 Toman a number at sa, the cheapest in stock, below 9,000")
        #expect(romania.annotations["summary"] == "Cheapest price low: telegram in romania (name of romania)")
        // main's next sample changes nothing of romania's cheapest; sa's price rising resolves it.
        try await h.pricing(provider: .main, at: 120, [("romania", 10_000, 5), ("russia", 7_000, 9)])
        try await h.pricing(provider: Self.sa, at: 130, [("romania", 9_500, 3), ("russia", 7_500, 4)])
        #expect(h.sentByProvider == ["firing NumwatchBestPriceLow russia", "firing NumwatchBestPriceLow romania",
                                     "resolved NumwatchBestPriceLow romania"])
        #expect(h.evaluator.firingCounts().counts == ["NumwatchBestPriceLow": 1])
    }

    @Test func bestProviderChangedFiresOnceWhenTheCheapestMovesAndNotWhenItStays() async throws {
        // sa is not sampled in the last hour: not a provider down here.
        let h = try AlertingHarness(AlertsConfig(providerDownAfter: .seconds(7 * 86_400), rules: [rule(bestChanged: true)]))
        try await h.pricing(provider: .main, at: 0, [("romania", 10_000, 5)])
        try await h.pricing(provider: Self.sa, at: 10, [("romania", 11_000, 5)])
        try await h.pricing(provider: .main, at: 60, [("romania", 10_500, 5)])  // main stays the cheapest
        #expect(h.sent.isEmpty)
        try await h.pricing(provider: Self.sa, at: 70, [("romania", 9_000, 5)])
        #expect(h.sentByProvider == ["firing NumwatchBestProviderChanged romania"])
        let moved = try #require(h.queue.notifications.last?.alerts.first)
        #expect(moved.annotations["description"] == "sa is now the cheapest in stock at 9,000 Toman a number (was main at 10,500)")
        try await h.pricing(provider: Self.sa, at: 120, [("romania", 8_900, 5)])  // sa stays the cheapest
        try await h.pricing(provider: .main, at: 130, [("romania", 10_400, 5)])
        #expect(h.sentByProvider == ["firing NumwatchBestProviderChanged romania"])
        // An event: it resolves once its hold has passed with no other move.
        try await h.pricing(provider: .main, at: 70 + 3_600, [("romania", 10_400, 5)])
        #expect(h.sentByProvider == ["firing NumwatchBestProviderChanged romania", "resolved NumwatchBestProviderChanged romania"])
    }

    /// A provider no watch samples any more (removed from the configuration) is not compared on
    /// its last stored price.
    @Test func aProviderNoLongerSamplingTheWatchIsLeftOutOfTheComparison() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-alerts-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        do {
            let h = try AlertingHarness(AlertsConfig(), store: try HistoryStore.open(path: path))
            try await h.pricing(provider: Self.sa, at: 0, [("romania", 8_000, 5)])
            try await h.pricing(provider: .main, at: 10, [("romania", 10_000, 5)])
        }
        let config = NumwatchConfig(provider: ProviderSettings(baseURL: "https://provider.example/"),
                                    watches: [Watch(services: try ServiceSet("telegram"))],
                                    alerts: AlertsConfig(rules: [rule(bestBelow: 9_000)]))
        let h = try AlertingHarness(config.alerts, store: try HistoryStore.open(path: path), rules: AlertRules(config))
        try await h.pricing(provider: .main, at: 60, [("romania", 9_500, 5)])
        #expect(h.sent.isEmpty)  // sa's 8,000 would be below 9,000
        try await h.pricing(provider: .main, at: 120, [("romania", 8_500, 5)])
        #expect(h.sentByProvider == ["firing NumwatchBestPriceLow romania"])
        #expect(h.queue.notifications.last?.alerts.first?.annotations["description"]
            == "8,500 Toman a number at main, the cheapest in stock, below 9,000")
    }

    /// The providers not sampled in a round are judged by their stored values, read at the start:
    /// after a restart, main's drop below sa (sampled only before it) is a change of the cheapest.
    @Test func aRestartReadsEveryProvidersValuesFromTheStore() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-alerts-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let config = AlertsConfig(rules: [rule(bestBelow: 9_000), rule("moved", bestChanged: true)])
        do {
            let h = try AlertingHarness(config, store: try HistoryStore.open(path: path))
            try await h.pricing(provider: Self.sa, at: 0, [("romania", 9_500, 5)])
            try await h.pricing(provider: .main, at: 10, [("romania", 10_000, 5)])
            #expect(h.sent.isEmpty)
        }
        let h = try AlertingHarness(config, store: try HistoryStore.open(path: path))
        try await h.pricing(provider: .main, at: 60, [("romania", 9_800, 5)])  // still above sa's 9,500
        #expect(h.sent.isEmpty)
        try await h.pricing(provider: .main, at: 120, [("romania", 8_000, 5)])
        #expect(Set(h.sentByProvider) == ["firing NumwatchBestPriceLow romania", "firing NumwatchBestProviderChanged romania"])
    }
}
