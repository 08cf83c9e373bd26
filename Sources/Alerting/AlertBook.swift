import Domain
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
            try AlertRecord.filter(C.state != AlertState.resolved)
                .order((C.state == AlertState.firing).desc, (C.severity == AlertSeverity.critical).desc, C.startsAt, C.id)
                .fetchAll(db).map(\.view)
        }
    }

    package func history(since: Int64, limit: Int) async throws -> [AlertView] {
        try await database.read { db in
            try AlertRecord.filter(C.startsAt >= since && C.state != AlertState.pending)
                .order(C.startsAt.desc, C.id.desc).limit(limit)
                .fetchAll(db).map(\.view)
        }
    }

    private typealias C = AlertRecord.Columns
}
