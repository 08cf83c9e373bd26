import Alerting
import Config
import Domain
import Foundation
import Store
import Testing

/// Stock and price rules on (platform, country) pairs: levels, hysteresis, `for`, repeat,
/// every country of a watch, and a pair that disappears.
@Suite struct PairRuleTests {
    @Test func aStockOscillatingAroundTheThresholdFiresOnceAndResolvesOnce() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100, stockClear: 150)]))
        for (minute, stock) in [120, 99, 101, 99, 100, 98, 149, 99, 150, 149].enumerated() {
            try await h.stock(stock, at: Int64(minute) * 60)
        }
        #expect(h.sent == ["firing NumwatchStockLow romania", "resolved NumwatchStockLow romania"])
        let resolved = try #require(h.queue.notifications.last?.alerts.first)
        #expect(resolved.annotations["description"] == "150 numbers in stock, below 100 (resolves at 150)")
        #expect(resolved.startsAt == AlertingHarness.t0 + 60 && resolved.endsAt == AlertingHarness.t0 + 8 * 60)
        // The value 149 at minute 9 is below the clear level but above the fire level: no new alert.
        #expect(h.evaluator.firingCounts().counts.isEmpty)
    }

    @Test func forHoldsTheAlertPendingAndABreakInTheConditionStartsAgain() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100, for: .seconds(120))]))
        try await h.stock(50, at: 0)
        try await h.stock(50, at: 60)
        try await h.stock(120, at: 90)   // broke: the pending alert is dropped, nobody told
        try await h.stock(50, at: 120)
        try await h.stock(50, at: 180)
        #expect(h.sent.isEmpty)
        #expect(try await AlertBook(database: h.store.writer).active().map(\.state) == [.pending])
        try await h.stock(50, at: 240)
        #expect(h.sent == ["firing NumwatchStockLow romania"])
        let firing = try await AlertBook(database: h.store.writer).active()
        #expect(firing.map(\.state) == [.firing] && firing.first?.startsAt == AlertingHarness.t0 + 120)
    }

    @Test func aFiringAlertIsSentAgainEveryRepeatInterval() async throws {
        let hook = WebhookConfig(url: "https://ops.example/a", repeatInterval: .seconds(3_600))
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]), webhooks: [hook])
        for minute in stride(from: Int64(0), through: 130, by: 10) { try await h.stock(10, at: minute * 60) }
        // Fired at 0, repeated at 60 and 120 minutes.
        #expect(h.sent == Array(repeating: "firing NumwatchStockLow romania", count: 3))
        #expect(h.queue.notifications.map(\.time) == [0, 3_600, 7_200].map { AlertingHarness.t0 + $0 })
    }

    @Test func aRuleWithoutACountryCoversEveryCountryOfTheWatch() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100), rule("ro", country: "romania", stockAbove: 500)]))
        try await h.pricing(at: 0, [("romania", 10_000, 800), ("russia", 9_000, 5), ("india", 8_000, 7)])
        #expect(Set(h.sent) == ["firing NumwatchStockLow russia", "firing NumwatchStockLow india", "firing NumwatchStockHigh romania"])
        #expect(h.evaluator.firingCounts().counts == ["NumwatchStockLow": 2, "NumwatchStockHigh": 1])
    }

    @Test func priceAboveAndBelowFireAndResolveAtTheirLevel() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(priceAbove: 15_000, priceBelow: 5_000)]))
        for (minute, price) in [10_000, 16_000, 15_000, 4_000, 5_000].enumerated() {
            try await h.pricing(at: Int64(minute) * 60, [("romania", price, 1_000)])
        }
        #expect(h.sent == ["firing NumwatchPriceHigh romania", "resolved NumwatchPriceHigh romania",
                           "firing NumwatchPriceLow romania", "resolved NumwatchPriceLow romania"])
        let high = try #require(h.queue.notifications.first?.alerts.first)
        #expect(high.annotations["description"] == "16,000 Toman a number, above 15,000")
        #expect(high.annotations["summary"] == "Price high: telegram in romania (name of romania) at main")
    }

    @Test func aPriceChangeIsMeasuredAgainstThePriceBeforeItAndHeldForAnHour() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(change: 20)]))
        try await h.pricing(at: 0, [("romania", 10_000, 100)])
        try await h.pricing(at: 60, [("romania", 11_000, 100)])  // +10 %: no
        try await h.pricing(at: 120, [("romania", 13_750, 100)])  // +25 % against 11,000
        try await h.pricing(at: 180, [("romania", 13_750, 100)])
        #expect(h.sent == ["firing NumwatchPriceChange romania"])
        #expect(h.queue.notifications[0].alerts[0].annotations["description"] == "price moved from 11,000 by +25.0 %, at least 20 %")
        try await h.pricing(at: 120 + 3_599, [("romania", 13_750, 100)])
        #expect(h.sent.count == 1)
        try await h.pricing(at: 120 + 3_600, [("romania", 13_750, 100)])
        #expect(h.sent == ["firing NumwatchPriceChange romania", "resolved NumwatchPriceChange romania"])
    }

    @Test func aPairTheProviderStopsListingResolvesItsAlertsWithAReason() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]))
        try await h.pricing(at: 0, [("romania", 10_000, 5), ("russia", 9_000, 500)])
        try await h.pricing(at: 60, [("russia", 9_000, 500)])
        #expect(h.sent == ["firing NumwatchStockLow romania", "resolved NumwatchStockLow romania"])
        let history = try await AlertBook(database: h.store.writer).history(since: 0, limit: 10)
        #expect(history.map(\.resolution) == ["no longer listed by the provider"])
        #expect(history.first?.state == .resolved && history.first?.endsAt == AlertingHarness.t0 + 60)
    }

    @Test func aFailedSampleLeavesAlertsAsTheyWere() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]))
        try await h.stock(5, at: 0)
        try await h.store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: AlertingHarness.t0 + 60, outcome: .timeout)]))
        #expect(h.sent == ["firing NumwatchStockLow romania"])
        #expect(h.evaluator.firingCounts().counts == ["NumwatchStockLow": 1])
    }
}
