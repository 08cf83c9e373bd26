import Domain
import GRDB
import Store

/// The tables Alerting owns: `alert` (one row per episode of an alert) and `alert_notified`, with
/// their records and queries in this module. Registered with the store's migrations by
/// `StoreSchema.numwatch` (App).
package enum AlertTables {
    /// `alert` and `alert_notified` as the shipped migration "v2: alerts, webhook outbox" made them
    /// (that migration also made Delivery's outbox, after these): never edited, a change to these
    /// tables is a new migration.
    package static func createV2(_ db: Database) throws {
        // One row per episode of an alert: pending → firing → resolved. At most one
        // unresolved row per fingerprint; resolved rows are the history.
        try db.create(table: "alert") { t in
            t.primaryKey("id", .integer)
            t.column("fingerprint", .text).notNull()
            t.column("alertname", .text).notNull()
            t.column("rule", .text).notNull()
            t.column("platform", .text)
            t.column("country", .text)
            t.column("severity", .text).notNull()
            t.column("state", .text).notNull()
            t.column("starts_at", .integer).notNull()
            t.column("fired_at", .integer)
            t.column("ends_at", .integer)
            t.column("value", .double)
            t.column("threshold", .double)
            t.column("resolution", .text)
            t.column("summary", .text).notNull()
            t.column("description", .text).notNull()
        }
        try db.create(index: "alert_active", on: "alert", columns: ["fingerprint"], unique: true,
                      condition: Column("state") != "resolved")
        try db.create(index: "alert_by_start", on: "alert", columns: ["starts_at"])
        // When each webhook was last told about each alert episode (repeat_interval).
        try db.create(table: "alert_notified", options: .withoutRowID) { t in
            t.column("alert_id", .integer).notNull().references("alert", onDelete: .cascade)
            t.column("webhook", .text).notNull()
            t.column("sent_at", .integer).notNull()
            t.primaryKey(["alert_id", "webhook"])
        }
    }

    /// "v5: alert provider": whose prices, stock or account an alert judges. Every alert before it
    /// judged the one provider there was, `main`; an alert across providers has none (NULL). The
    /// fingerprints stay: provider `main` is not part of one (`AlertKey.fingerprint(severity:)`).
    package static let providerColumn = StoreMigration("v5: alert provider") { db in
        try db.alter(table: "alert") { t in
            t.add(column: "provider", .text)
        }
        try db.execute(sql: "UPDATE alert SET provider = 'main'")
    }

    /// Retention: resolved alerts that ended before `cut` go (an unresolved one stays, however old).
    package static func pruneResolved(_ db: Database, endedBefore cut: Int64) throws -> Int {
        try db.execute(sql: "DELETE FROM alert WHERE state = ? AND ends_at < ?", arguments: [AlertState.resolved.rawValue, cut])
        return db.changesCount
    }
}
