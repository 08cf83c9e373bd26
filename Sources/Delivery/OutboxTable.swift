import Foundation
import GRDB
import Store

/// The table Delivery owns: `outbox`, the notifications not yet delivered, with its record
/// (`OutboxRecord`) and queries in this module. Registered with the store's migrations by
/// `StoreSchema.numwatch` (App).
package enum OutboxTable {
    /// `outbox` as the shipped migration "v2: alerts, webhook outbox" made it, after Alerting's
    /// tables: never edited, a change to this table is a new migration.
    package static func createV2(_ db: Database) throws {
        // Notifications not yet delivered: the exact body, rendered once, so every retry
        // (and its signature and Idempotency-Key) is byte for byte the same.
        try db.create(table: "outbox") { t in
            t.primaryKey("id", .integer)
            t.column("webhook", .text).notNull()
            t.column("idempotency_key", .text).notNull()
            t.column("created_at_ms", .integer).notNull()
            t.column("body", .blob).notNull()
            t.column("attempts", .integer).notNull().defaults(to: 0)
            t.column("next_attempt_ms", .integer).notNull()
            t.column("last_error", .text)
        }
        try db.create(index: "outbox_by_webhook", on: "outbox", columns: ["webhook", "id"])
    }
}

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

/// The outbox's queries, for the delivery loop.
extension OutboxRecord {
    /// The head of every webhook's queue: its oldest notification (each webhook's go out in order).
    static func heads(_ db: Database) throws -> [OutboxRecord] {
        try fetchAll(db, sql: "SELECT * FROM outbox WHERE id IN (SELECT MIN(id) FROM outbox GROUP BY webhook)")
    }

    /// A failed attempt: counted, with when to try again and why it failed.
    static func recordFailure(_ db: Database, id: Int64?, nextAttemptMs: Int64, error: String) throws {
        try db.execute(sql: "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?, last_error = ? WHERE id = ?",
                       arguments: [nextAttemptMs, error, id])
    }

    /// How many notifications wait, and when (Unix ms) the oldest was queued.
    static func queue(_ db: Database) throws -> (count: Int, oldestMs: Int64?) {
        let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, MIN(created_at_ms) AS oldest FROM outbox")
        return (row?["n"] ?? 0, row?["oldest"])
    }
}
