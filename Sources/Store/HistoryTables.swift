import GRDB

extension StoreMigration {
    /// The history's tables: platforms, countries, their series, change points, sample runs,
    /// rollups and the store's own bookkeeping (`meta`).
    package static let history = StoreMigration("v1: change points, sample runs, rollups") { db in
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
}
