import Alerting
import Domain
import Foundation
import GRDB
import ProviderAPI
import Store
import Synchronization

/// The queue the alert evaluator writes to, inside the round's transaction: the body is rendered
/// here, once, and the delivery service is woken when the transaction commits.
package struct Outbox: AlertNotificationQueue {
    let externalBase: String
    let apiHold: Int64
    let doorbell: Doorbell

    package init(externalBase: String, apiHold: Int64 = WebhookBody.apiHoldSeconds, doorbell: Doorbell) {
        self.externalBase = externalBase
        self.apiHold = apiHold
        self.doorbell = doorbell
    }

    package func enqueue(_ notification: AlertNotification, _ db: Database) throws {
        let body = try WebhookBody.render(notification, externalBase: externalBase, apiHold: apiHold)
        let key = notification.webhook.key
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        var record = OutboxRecord(id: nil, webhook: key, idempotencyKey: Signature.idempotencyKey(webhook: key, body: body),
                                  createdAtMs: now, body: body, attempts: 0, nextAttemptMs: now, lastError: nil)
        try record.insert(db)
        let doorbell = self.doorbell
        db.afterNextTransaction(onCommit: { _ in doorbell.ring() })
    }
}

