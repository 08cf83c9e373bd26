import Config
import GRDB

/// One message to one webhook: alerts that fired, are still firing (a repeat) or resolved.
package struct AlertNotification: Sendable {
    package enum Status: String, Sendable { case firing, resolved }

    package var webhook: WebhookConfig
    package var status: Status
    /// Unix seconds of the round that produced it.
    package var time: Int64
    package var alerts: [NotifiedAlert]

    package init(webhook: WebhookConfig, status: Status, time: Int64, alerts: [NotifiedAlert]) {
        self.webhook = webhook
        self.status = status
        self.time = time
        self.alerts = alerts
    }
}

/// An alert as a notification carries it.
package struct NotifiedAlert: Sendable, Hashable {
    package var status: AlertNotification.Status
    package var labels: [String: String]
    /// `summary`, `description`.
    package var annotations: [String: String]
    package var startsAt: Int64
    /// Set when resolved.
    package var endsAt: Int64?
    package var fingerprint: String

    package init(status: AlertNotification.Status, labels: [String: String], annotations: [String: String], startsAt: Int64,
                 endsAt: Int64? = nil, fingerprint: String) {
        self.status = status
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
        self.fingerprint = fingerprint
    }
}

/// Where notifications go: written inside the round's transaction, so a notification exists
/// exactly when the alert change that caused it was committed. `Delivery.Outbox` is the real one.
package protocol AlertNotificationQueue: Sendable {
    func enqueue(_ notification: AlertNotification, _ db: Database) throws
}

extension WebhookConfig {
    /// How the alert state names a webhook: a hash of its URL and format, so the URL (which may
    /// hold a secret) is never stored, and an edited URL counts as a new webhook.
    package var key: String { AlertKey.fingerprint(["url": url, "format": format.rawValue]) }

    /// How often a still-firing alert is sent again. Alertmanager's API forgets an alert that is
    /// not re-sent before its `endsAt`, as it expects from Prometheus, so it gets every minute.
    package var resendInterval: Duration {
        format == .alertmanagerAPI ? min(.seconds(60), repeatInterval) : repeatInterval
    }
}
