import Alerting
import Delivery
import GRDB
import Store

extension StoreSchema {
    /// numwatch's tables, each defined by the module that owns it, in the order their migrations
    /// shipped: the one list of them all. A new migration goes at the end, under a new identifier.
    package static let numwatch = StoreSchema(
        [
            .history,
            // v2 shipped Alerting's tables and Delivery's outbox in one migration, and databases
            // record it under this one identifier: it stays one migration (one transaction),
            // composed of each owner's definitions in the order v2 ran them, so a database made
            // before the tables moved to their owners and one made after are the same.
            StoreMigration("v2: alerts, webhook outbox", composedOf: [AlertTables.createV2, OutboxTable.createV2]),
            .ledger,
            .ledgerIsReceived,
            .ledgerWindowsMoney,
            .ledgerMoneySpans,
            .providers,
            AlertTables.providerColumn,
        ],
        retention: [AlertTables.pruneResolved])
}

// Every opener of a numwatch database (serve, the CLI, the benchmarks, the tests) opens it with
// `StoreSchema.numwatch`, through these: the store itself asks for a schema, so none can open a
// database missing a module's tables by leaving one out.

extension HistoryStore {
    /// Opens (creating and migrating) numwatch's database at `path`, in WAL mode.
    package static func open(path: String) throws -> HistoryStore { try open(path: path, schema: .numwatch) }

    /// A private in-memory database with every table, for tests.
    package static func inMemory() throws -> HistoryStore { try inMemory(schema: .numwatch) }
}

extension Ledger {
    /// Opens (creating and migrating) numwatch's database at `path` for the ledger alone (the CLI).
    package static func open(path: String) throws -> Ledger { try open(path: path, schema: .numwatch) }

    /// Over a database already open (serve's store), or a new one.
    package init(writer: any DatabaseWriter) throws { try self.init(writer: writer, schema: .numwatch) }

    /// A private in-memory ledger (with every table), for tests.
    package static func inMemory() throws -> Ledger { try inMemory(schema: .numwatch) }
}
