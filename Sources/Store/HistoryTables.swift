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

extension StoreMigration {
    /// Several providers: a platform's history belongs to one provider, so do its sample runs and
    /// the credit; what a database already holds was sampled from the one provider there was,
    /// `main`. Prices stay in Toman (what compares across providers); `native` keeps the price as
    /// read where the provider's currency is another (NULL: the same as `price`). A country's
    /// name is per provider too.
    package static let providers = StoreMigration("v4: providers") { db in
        // SQLite cannot change a UNIQUE constraint in place: the table is rebuilt with its ids,
        // which `series` refers to (foreign keys are checked once the migration ends).
        try db.create(table: "platform_new") { t in
            t.primaryKey("id", .integer)
            t.column("provider", .text).notNull().defaults(to: "main")
            t.column("name", .text).notNull()
            t.uniqueKey(["provider", "name"])
        }
        try db.execute(sql: "INSERT INTO platform_new (id, provider, name) SELECT id, 'main', name FROM platform")
        try db.drop(table: "platform")
        try db.rename(table: "platform_new", to: "platform")

        // Each provider names a country its own way (Persian, English): its names are its own;
        // `country.name` keeps the first name seen.
        try db.create(table: "country_name", options: .withoutRowID) { t in
            t.column("provider", .text).notNull()
            t.column("country_id", .integer).notNull().references("country")
            t.column("name", .text).notNull()
            t.primaryKey(["provider", "country_id"])
        }
        try db.execute(sql: "INSERT INTO country_name (provider, country_id, name) SELECT 'main', id, name FROM country")

        try db.alter(table: "change") { t in t.add(column: "native", .double) }

        try db.alter(table: "sample_run") { t in t.add(column: "provider", .text).notNull().defaults(to: "main") }
        try db.drop(index: "sample_run_by_target")
        try db.create(index: "sample_run_by_target", on: "sample_run", columns: ["provider", "target", "last_t"])

        try db.create(table: "credit_change_new", options: .withoutRowID) { t in
            t.column("provider", .text).notNull()
            t.column("t", .integer).notNull()
            t.column("credit", .integer).notNull()
            t.column("native", .double)
            t.primaryKey(["provider", "t"])
        }
        try db.execute(sql: "INSERT INTO credit_change_new (provider, t, credit) SELECT 'main', t, credit FROM credit_change")
        try db.drop(table: "credit_change")
        try db.rename(table: "credit_change_new", to: "credit_change")
    }
}
