import Alerting
import Domain
import Foundation
import GRDB
import ProviderAPI
import Store
import Synchronization

/// A row of `outbox`: one notification to one webhook, not yet delivered.
struct OutboxRecord: Codable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns, Sendable {
    static let databaseTableName = "outbox"

    var id: Int64?
    var webhook: String
    var idempotencyKey: String
    var createdAtMs: Int64
    var body: Data
    var attempts: Int
    var nextAttemptMs: Int64
    var lastError: String?

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

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

