import Alerting
import App
import Config
import Domain
import Foundation
import GRDB
import Store
import Testing

/// "v5: alert provider": alerts gain whose they are, and the alerts of the one provider of old
/// (now `main`) keep their identity across the upgrade.
@Suite struct AlertProviderMigrationTests {
    @Test func anAlertFiredBeforeTheUpgradeIsTheSameEpisodeAfterItWithTheSameFingerprint() async throws {
        let directory = try TemporaryDirectory.create("nw-alert-provider")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let hook = WebhookConfig(url: "https://ops.example/hook?secret=s")
        // The fingerprint the release before made: its labels had no provider.
        let fingerprint = AlertKey.fingerprint(["alertname": "NumwatchStockLow", "rule": "tg", "severity": "warning",
                                                "platform": "telegram", "country": "romania"])
        let t0 = AlertingHarness.t0
        let old = try SchemaTests.databaseOfTheRelease(at: path, "v4")
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO alert (id, fingerprint, alertname, rule, platform, country, severity, state, starts_at, fired_at,
                                   value, threshold, summary, description)
                    VALUES (7, ?, 'NumwatchStockLow', 'tg', 'telegram', 'romania', 'warning', 'firing', ?, ?, 5, 100, 's', 'd');
                INSERT INTO alert_notified (alert_id, webhook, sent_at) VALUES (7, ?, ?);
                """, arguments: [fingerprint, t0, t0, hook.key, t0])
        }
        try old.close()

        let h = try AlertingHarness(AlertsConfig(rules: [rule(stockBelow: 100)]), webhooks: [hook], store: try HistoryStore.open(path: path))
        #expect(h.evaluator.firingByProvider().counts == [FiringSeries(alertname: "NumwatchStockLow", provider: "main"): 1])
        try await h.stock(5, at: 60)  // still low: the episode goes on, told already
        #expect(h.sent.isEmpty)
        try await h.stock(500, at: 120)
        #expect(h.sentByProvider == ["resolved NumwatchStockLow romania @main"])
        #expect(h.queue.notifications.last?.alerts.first?.fingerprint == fingerprint)
        // A new episode of the same alert has the fingerprint it had before the upgrade.
        try await h.stock(5, at: 180)
        #expect(h.queue.notifications.last?.alerts.first?.fingerprint == fingerprint)
        let rows = try await h.store.writer.read { db in
            try Row.fetchAll(db, sql: "SELECT id, provider, state FROM alert ORDER BY id").map { "\($0["id"] as Int64) \($0["provider"] as String) \($0["state"] as String)" }
        }
        #expect(rows == ["7 main resolved", "8 main firing"])
    }
}
