import Foundation
import GRDB

/// The store's migrations. A shipped migration is never edited: change the schema with a new one.
enum Schema {
    /// Migrates, tolerating another process migrating the same new file at the same moment (the
    /// CLI and `serve`, or two CLI runs): GRDB reads which migrations are applied before it takes
    /// the write lock, so the slower of two starts fails on what the faster just made ("table
    /// already exists", "duplicate column name"). Each migration is a transaction of its own, so
    /// nothing of the failed one stays; asked again, it finds it applied.
    static func migrate(_ writer: any DatabaseWriter) throws {
        for attempt in 1... {
            do {
                return try migrator.migrate(writer)
            } catch is DatabaseError where attempt < 5 {
                Thread.sleep(forTimeInterval: 0.1 * Double(attempt))
            }
        }
    }

    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: change points, sample runs, rollups") { db in
            try db.create(table: "platform") { t in
                t.primaryKey("id", .integer)
                t.column("name", .text).notNull().unique()
            }
            try db.create(table: "country") { t in
                t.primaryKey("id", .integer)
                t.column("code", .text).notNull().unique()
                t.column("name", .text).notNull()
            }
            try db.create(table: "series") { t in
                t.primaryKey("id", .integer)
                t.column("platform_id", .integer).notNull().references("platform")
                t.column("country_id", .integer).notNull().references("country")
                t.uniqueKey(["platform_id", "country_id"])
            }
            // WITHOUT ROWID: the (series, time) key is the table, no second index to store.
            try db.create(table: "change", options: .withoutRowID) { t in
                t.column("series_id", .integer).notNull()
                t.column("t", .integer).notNull()
                t.column("price", .integer)
                t.column("stock", .integer)
                t.primaryKey(["series_id", "t"])
            }
            try db.create(table: "credit_change") { t in
                t.primaryKey("t", .integer)
                t.column("credit", .integer).notNull()
            }
            try db.create(table: "sample_run") { t in
                t.primaryKey("id", .integer)
                t.column("target", .text).notNull()
                t.column("outcome", .text).notNull()
                t.column("message", .text)
                t.column("first_t", .integer).notNull()
                t.column("last_t", .integer).notNull()
                t.column("samples", .integer).notNull()
                t.column("total_ms", .integer).notNull()
            }
            try db.create(index: "sample_run_by_target", on: "sample_run", columns: ["target", "last_t"])
            try db.create(table: "rollup", options: .withoutRowID) { t in
                t.column("series_id", .integer).notNull()
                t.column("resolution", .integer).notNull()
                t.column("bucket", .integer).notNull()
                for column in ["price_min", "price_max", "price_last", "stock_min", "stock_max", "stock_last"] {
                    t.column(column, .integer)
                }
                t.primaryKey(["series_id", "resolution", "bucket"])
            }
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .integer).notNull()
            }
        }
        migrator.registerMigration("v2: alerts, webhook outbox") { db in
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
        migrator.registerMigration("v3: numbers ledger") { db in
            // One row per take request, written before it is sent: a take that never got an
            // answer (a crash, a timeout, a 5xx) still counts against the provider's daily ban.
            try db.create(table: "number_take") { t in
                t.primaryKey("id", .integer)
                t.column("account", .text).notNull()
                t.column("requested_ms", .integer).notNull()
                t.column("provider_day", .text).notNull()
                t.column("platform", .text).notNull()
                t.column("country", .text).notNull()
                t.column("count", .integer).notNull()
                t.column("state", .text).notNull()
                t.column("listed_price", .integer)
                t.column("forced", .boolean).notNull().defaults(to: false)
                t.column("error", .text)
                t.column("raw_answer", .text)
            }
            try db.create(index: "number_take_by_day", on: "number_take", columns: ["account", "provider_day"])
            // One row per number id the provider issued (a bundle issues one per service).
            try db.create(table: "number") { t in
                t.primaryKey("id", .text)
                t.column("take_id", .integer).notNull().references("number_take")
                t.column("service", .text).notNull()
                t.column("phone", .text).notNull()
                t.column("charged_price", .integer)
                t.column("taken_ms", .integer).notNull()
                t.column("expires_ms", .integer)
                t.column("first_sms_ms", .integer)
                t.column("outcome", .text).notNull()
                t.column("ended_ms", .integer)
            }
            try db.create(index: "number_by_take", on: "number", columns: ["take_id"])
            try db.create(table: "number_sms", options: .withoutRowID) { t in
                t.column("number_id", .text).notNull().references("number", onDelete: .cascade)
                t.column("sms_id", .text).notNull()
                t.column("sender", .text)
                t.column("content", .text).notNull()
                t.column("received_ms", .integer).notNull()
                t.column("via", .text).notNull()
                t.primaryKey(["number_id", "sms_id"])
            }
            // The poll guard: when each number was last checked, by any process on this database.
            try db.create(table: "number_check", options: .withoutRowID) { t in
                t.column("account", .text).notNull()
                t.column("number_id", .text).notNull()
                t.column("checked_ms", .integer).notNull()
                t.primaryKey(["account", "number_id"])
            }
        }
        migrator.registerMigration("ledger-is-received-17b") { db in
            // The message's `is_received` as the provider sent it: 1, 0 or NULL (absent). Only a
            // message whose flag is 1 or absent activates a number; the document never says what
            // 0 means, so it is kept and shown, never counted.
            try db.alter(table: "number_sms") { t in
                t.add(column: "is_received", .boolean)
            }
        }
        migrator.registerMigration("ledger-windows-money-17a") { db in
            // The ban guard counts two windows by time (the Tehran day and the last 24 hours).
            try db.create(index: "number_take_by_time", on: "number_take", columns: ["account", "requested_ms"])
            // Money from the credit: whether the credit's drop across a take could be attributed
            // to it (another take or a refund in the same moment makes it "unknown").
            try db.alter(table: "number_take") { t in
                t.add(column: "charge_unknown", .boolean).notNull().defaults(to: false)
            }
            // The price the take's answer stated beside the charge the credit showed, and the
            // Toman returned after a cancel or an unused expiry (null: not known).
            try db.alter(table: "number") { t in
                t.add(column: "stated_price", .integer)
                t.add(column: "refunded", .integer)
            }
            // The credit as numwatch read it around its takes and cancels: a refund at an unused
            // expiry is the rise between a reading before it and one after.
            try db.create(table: "credit_reading", options: .withoutRowID) { t in
                t.column("account", .text).notNull()
                t.column("at_ms", .integer).notNull()
                t.column("credit", .integer).notNull()
                t.primaryKey(["account", "at_ms"])
            }
        }
        migrator.registerMigration("ledger-money-spans-17c") { db in
            // When a take's answer arrived: two takes whose [requested, answered] spans overlap
            // cannot tell their credit drops apart (null: no answer recorded).
            try db.alter(table: "number_take") { t in
                t.add(column: "answered_ms", .integer)
            }
            // Every cancel sent, written before it is sent: a cancel in flight may move the
            // credit, so another process's reading across it must see it.
            try db.create(table: "number_cancel") { t in
                t.autoIncrementedPrimaryKey("id")
                t.column("account", .text).notNull()
                t.column("number_id", .text).notNull()
                t.column("sent_ms", .integer).notNull()
                t.column("answered_ms", .integer)
                t.column("succeeded", .boolean)
            }
            try db.create(index: "number_cancel_by_time", on: "number_cancel", columns: ["account", "sent_ms"])
            // When a credit reading's request was sent (`at_ms`: when its answer arrived): the
            // credit it shows is the account's at some moment between the two.
            try db.alter(table: "credit_reading") { t in
                t.add(column: "sent_ms", .integer)
            }
            try db.execute(sql: "UPDATE credit_reading SET sent_ms = at_ms")
        }
        return migrator
    }
}
