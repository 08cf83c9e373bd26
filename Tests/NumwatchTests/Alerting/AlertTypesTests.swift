import Alerting
import Config
import Domain
import Foundation
import GRDB
import Store
import Testing

/// The alerting's own types: a stored state that does not read, Toman's bounds, and `for` as a
/// `Duration` held in full.
@Suite struct AlertTypesTests {
    /// A row written by a newer numwatch (or by hand) with a state this one does not know: a
    /// restart refuses it naming the row and the value, and the report says the same, rather than
    /// reading it as resolved and forgetting a firing alert.
    @Test func aStoredStateNumwatchDoesNotKnowIsAnErrorNamingTheRow() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]))
        try await h.stock(50, at: 0)
        #expect(h.sent == ["firing NumwatchStockLow romania"])
        let id = try await h.store.writer.write { db in
            try db.execute(sql: "UPDATE alert SET state = 'snoozed'")
            return try Int64.fetchOne(db, sql: "SELECT id FROM alert")
        }
        let expected = "alert \(try #require(id)) in the database has state \"snoozed\", which this numwatch does not know"
            + " (it knows pending, firing, resolved); set it to one of those, or delete the row"

        let restart = #expect(throws: UnreadableAlert.self) {
            try AlertEvaluator(rules: AlertRules(AlertsConfig(rules: [rule(stockBelow: 100)])), webhooks: [], queue: nil,
                               database: h.store.writer)
        }
        #expect(restart?.description == expected)
        let book = AlertBook(database: h.store.writer)
        let active = await #expect(throws: UnreadableAlert.self) { try await book.active() }
        #expect(active?.description == expected)
        let history = await #expect(throws: UnreadableAlert.self) { try await book.history(since: 0, limit: 10) }
        #expect(history?.description == expected)
    }

    @Test func aStoredSeverityNumwatchDoesNotKnowIsAnErrorToo() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]))
        try await h.stock(50, at: 0)
        try await h.store.writer.write { db in try db.execute(sql: "UPDATE alert SET severity = 'page me'") }
        let error = await #expect(throws: UnreadableAlert.self) { try await AlertBook(database: h.store.writer).active() }
        #expect(error?.column == "severity" && error?.value == "page me" && error?.known == ["warning", "critical"])
    }

    /// An active alert's row deleted by hand while serve runs: the rounds after it are stored as
    /// before (the step's UPDATE finds no row and leaves it so), not refused one after another.
    @Test func anAlertRowDeletedByHandDoesNotFailTheRoundsAfter() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]))
        try await h.stock(50, at: 0)
        #expect(h.sent == ["firing NumwatchStockLow romania"])
        try await h.store.writer.write { db in try db.execute(sql: "DELETE FROM alert") }
        try await h.stock(150, at: 60)
        try await h.stock(40, at: 120)
        let stored = try await h.store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM change") }
        #expect(stored == 3)
        #expect(h.sent.last == "firing NumwatchStockLow romania")
    }

    @Test func tomanIsBoundedAtATrillionEitherWay() {
        #expect(Toman(Toman.largest)?.amount == 1_000_000_000_000)
        #expect(Toman(-Toman.largest)?.amount == -1_000_000_000_000)
        #expect(Toman(Toman.largest + 1) == nil)
        #expect(Toman(-Toman.largest - 1) == nil)
        #expect(Toman(Int.max) == nil && Toman(Int.min) == nil)
        #expect(Toman(4_999)! < Toman(5_000)!)
    }

    /// No price or credit read from the provider is past a trillion Toman: a threshold past it
    /// would fire always or never, so the file is refused at the key.
    @Test func aMoneyThresholdPastATrillionTomanIsRefusedAtItsKey() {
        let yaml = """
            provider:
              base_url: https://provider.example/
            watches:
              - services: [telegram]
            alerts:
              credit_below: 2_000_000_000_000
              rules:
                - services: [telegram]
                  price_above: 1000000000001
                - services: [telegram]
                  price_below: 1000000000000
            """
        #expect(ConfigTests.messages(yaml) == [
            "config error: numwatch.yml:6: alerts.credit_below: must be at most 1000000000000 (a trillion Toman, more than any price or credit), got 2000000000000",
            "config error: numwatch.yml:9: alerts.rules[0].price_above: must be at most 1000000000000 (a trillion Toman, more than any price or credit), got 1000000000001",
        ])
    }

    @Test func aPriceRuleComparesTomanAtItsLevelExactly() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(priceAbove: 15_000)]))
        try await h.pricing(at: 0, [("romania", 15_000, 1_000)])
        #expect(h.sent.isEmpty)
        try await h.pricing(at: 60, [("romania", 15_001, 1_000)])
        #expect(h.sent == ["firing NumwatchPriceHigh romania"])
        let alert = try #require(try await AlertBook(database: h.store.writer).active().first)
        #expect(alert.value == 15_001 && alert.threshold == 15_000 && alert.description == "15,001 Toman a number, above 15,000")
    }

    /// `for: 1500ms` fires once the condition has held 1.5 s: at the round 2 s in, not the one at
    /// 1 s (whole seconds of `for` were once counted, cutting the fraction off).
    @Test func aForWithAFractionIsHeldInFull() async throws {
        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100, for: .milliseconds(1_500))]))
        try await h.stock(50, at: 0)
        #expect(h.evaluator.nextTimeDue == AlertingHarness.t0 + 2)
        try await h.stock(50, at: 1)
        #expect(h.sent.isEmpty)
        try await h.stock(50, at: 2)
        #expect(h.sent == ["firing NumwatchStockLow romania"])
    }
}
