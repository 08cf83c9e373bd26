import Foundation
import GRDB

/// What one module's part of a migration does: creates or alters the tables that module owns.
package typealias TableDefinitions = @Sendable (Database) throws -> Void

/// Deletes, from the tables of the module that owns them, what is older than `cut` (Unix seconds,
/// the total retention's), inside maintenance's transaction; returns the number of rows deleted.
package typealias RetentionCut = @Sendable (_ db: Database, _ cut: Int64) throws -> Int

/// One migration of the store: its identifier, recorded in `grdb_migrations` once it has run, and
/// what it does, in one transaction. A shipped migration is never edited, neither its identifier
/// nor its effect: change the schema with a new one.
package struct StoreMigration: Sendable {
    package let identifier: String
    let parts: [TableDefinitions]

    package init(_ identifier: String, _ body: @escaping TableDefinitions) {
        self.init(identifier, composedOf: [body])
    }

    /// A migration that makes the tables of several modules: each owner's definitions, run in
    /// this order in the migration's one transaction.
    package init(_ identifier: String, composedOf parts: [TableDefinitions]) {
        self.identifier = identifier
        self.parts = parts
    }
}

/// The store's schema: every migration, in the order they shipped, each defined by the module
/// that owns its tables, and what retention deletes from the tables of modules above the store.
///
/// The store knows only its own tables (the history and the ledger): the modules above it own
/// theirs, and numwatch's one list of them all is `StoreSchema.numwatch` (App), which every opener
/// of a numwatch database uses.
package struct StoreSchema: Sendable {
    package let migrations: [StoreMigration]
    let retention: [RetentionCut]

    package init(_ migrations: [StoreMigration], retention: [RetentionCut] = []) {
        self.migrations = migrations
        self.retention = retention
    }

    /// Migrates, tolerating another process migrating the same new file at the same moment (the
    /// CLI and `serve`, or two CLI runs): GRDB reads which migrations are applied before it takes
    /// the write lock, so the slower of two starts fails on what the faster just made ("table
    /// already exists", "duplicate column name"). Each migration is a transaction of its own, so
    /// nothing of the failed one stays; asked again, it finds it applied.
    func migrate(_ writer: any DatabaseWriter) throws {
        for attempt in 1... {
            do {
                return try migrator.migrate(writer)
            } catch is DatabaseError where attempt < 5 {
                Thread.sleep(forTimeInterval: 0.1 * Double(attempt))
            }
        }
    }

    var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        for migration in migrations {
            migrator.registerMigration(migration.identifier) { db in
                for part in migration.parts { try part(db) }
            }
        }
        return migrator
    }
}
