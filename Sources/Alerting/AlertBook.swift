import GRDB

/// The alerts as the report reads them: active ones and the history, from the alert table.
package struct AlertBook: AlertsReading {
    let database: any DatabaseReader

    package init(database: any DatabaseReader) {
        self.database = database
    }

    /// The provider-down rule is always on, so alerting is always configured once wired.
    package var hasRules: Bool { true }

    package func active() async throws -> [AlertView] {
        try await database.read { db in
            try AlertRecord.fetchAll(db, sql: """
                SELECT * FROM alert WHERE state != 'resolved'
                ORDER BY state = 'firing' DESC, severity = 'critical' DESC, starts_at, id
                """).map(\.view)
        }
    }

    package func history(since: Int64, limit: Int) async throws -> [AlertView] {
        try await database.read { db in
            try AlertRecord.fetchAll(db, sql: "SELECT * FROM alert WHERE starts_at >= ? AND state != 'pending' ORDER BY starts_at DESC, id DESC LIMIT ?",
                                     arguments: [since, limit]).map(\.view)
        }
    }
}
