import Alerting
import Domain
import Foundation
import GRDB
import Synchronization

/// The queue the alert evaluator writes to, inside the round's transaction: the body is rendered
/// here, once, and the delivery service is woken when the transaction commits.
package struct Outbox: AlertNotificationQueue {
    let externalBase: String
    let apiHold: Duration
    let doorbell: Doorbell
    /// When a notification is queued (`created_at_ms`, from which `give_up_after` counts).
    let clock: any WallClock

    package init(externalBase: String, apiHold: Duration = WebhookBody.apiHold, doorbell: Doorbell, clock: any WallClock) {
        self.externalBase = externalBase
        self.apiHold = apiHold
        self.doorbell = doorbell
        self.clock = clock
    }

    package func enqueue(_ notification: AlertNotification, _ db: Database) throws {
        let body = try WebhookBody.render(notification, externalBase: externalBase, apiHold: apiHold)
        let key = notification.webhook.key
        let now = clock.now().milliseconds
        var record = OutboxRecord(id: nil, webhook: key, idempotencyKey: Signature.idempotencyKey(webhook: key, body: body),
                                  createdAtMs: now, body: body, attempts: 0, nextAttemptMs: now, lastError: nil)
        try record.insert(db)
        let doorbell = self.doorbell
        db.afterNextTransaction(onCommit: { _ in doorbell.ring() })
    }
}

