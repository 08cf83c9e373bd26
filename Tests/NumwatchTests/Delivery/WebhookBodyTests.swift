import Alerting
import Config
import Delivery
import Foundation
import Testing

/// What a receiver gets in each format.
@Suite struct WebhookBodyTests {
    static let alert = NotifiedAlert(
        status: .firing,
        labels: ["alertname": "NumwatchStockLow", "platform": "telegram", "country": "romania", "rule": "tg", "severity": "warning"],
        annotations: ["summary": "Low stock: telegram in romania (<b>رومانی</b>)", "description": "42 numbers in stock, below 100"],
        startsAt: 1_767_225_600, fingerprint: "0123456789abcdef")

    func render(_ format: WebhookFormat, status: AlertNotification.Status = .firing, alerts: [NotifiedAlert] = [alert]) throws -> Data {
        try WebhookBody.render(
            AlertNotification(webhook: WebhookConfig(url: "https://ops.example/x", format: format), status: status,
                              time: 1_767_225_660, alerts: alerts),
            externalBase: "http://numwatch.example:9464/")
    }

    @Test func alertmanagerFormatIsTheVersion4WebhookBody() throws {
        let body = try JSONDecoder().decode(V4Body.self, from: render(.alertmanager))
        #expect(body.version == "4" && body.status == "firing")
        #expect(body.groupKey == "{}:{alertname=\"NumwatchStockLow\"}")
        #expect(body.commonLabels["country"] == "romania")
        let alert = try #require(body.alerts.first)
        #expect(alert.startsAt == "2026-01-01T00:00:00.000000Z" && alert.endsAt == "0001-01-01T00:00:00Z")
        #expect(alert.generatorURL == "http://numwatch.example:9464/watch/telegram")
        #expect(alert.fingerprint == "0123456789abcdef")
        #expect(alert.annotations["summary"] == "Low stock: telegram in romania (<b>رومانی</b>)")
    }

    @Test func alertmanagerAPIFormatSetsEndsAtAheadWhileFiringAndAtTheEndWhenResolved() throws {
        struct Postable: Decodable { var labels: [String: String]; var startsAt: String; var endsAt: String }
        let firing = try JSONDecoder().decode([Postable].self, from: render(.alertmanagerAPI))
        #expect(firing.first?.endsAt == "2026-01-01T00:11:00.000000Z")  // round time + 600 s
        var resolved = Self.alert
        resolved.status = .resolved
        resolved.endsAt = 1_767_229_200
        let ended = try JSONDecoder().decode([Postable].self, from: render(.alertmanagerAPI, status: .resolved, alerts: [resolved]))
        #expect(ended.first?.endsAt == "2026-01-01T01:00:00.000000Z")
        #expect(ended.first?.labels == Self.alert.labels)
    }

    @Test func slackFormatReadsAsASentenceAndEscapesProviderText() throws {
        let body = try JSONDecoder().decode([String: String].self, from: render(.slack))
        #expect(body["text"] == """
            :rotating_light: *FIRING* (1)
            • *Low stock: telegram in romania (&lt;b&gt;رومانی&lt;/b&gt;)*: 42 numbers in stock, below 100 (since 2026-01-01 00:00 UTC)
            """)
    }
}
