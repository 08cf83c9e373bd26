import GRDB

extension StoreMigration {
    /// The ledger's tables: takes, the numbers they issued, their SMS and the poll guard.
    package static let ledger = StoreMigration("v3: numbers ledger") { db in
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

    package static let ledgerIsReceived = StoreMigration("ledger-is-received-17b") { db in
        // The message's `is_received` as the provider sent it: 1, 0 or NULL (absent). Only a
        // message whose flag is 1 or absent activates a number; the document never says what
        // 0 means, so it is kept and shown, never counted.
        try db.alter(table: "number_sms") { t in
            t.add(column: "is_received", .boolean)
        }
    }

    package static let ledgerWindowsMoney = StoreMigration("ledger-windows-money-17a") { db in
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

    package static let ledgerMoneySpans = StoreMigration("ledger-money-spans-17c") { db in
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
}
