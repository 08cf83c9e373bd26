import Alerting
import App
import Delivery
import Foundation
import GRDB
import Store
import Testing

/// Each table is defined by the module that owns it, and `StoreSchema.numwatch` registers them
/// all. Fixtures, taken with `sqlite3` from a database the `numwatch` binary made:
/// `Fixtures/schema/*-59ddda5.txt` is the schema main shipped before the several-providers
/// migration (the release before it made the same), `*-v4.txt` the one after it, `*-v5.txt` the
/// one after alerts gained their provider (Alerting's "v5: alert provider").
@Suite struct SchemaTests {
    static func fixture(_ name: String, _ release: String = "v5") throws -> String {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/schema/\(name)-\(release)", withExtension: "txt"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// `sqlite3 DB "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name"`, as sqlite3
    /// prints it: `|` between the columns, NULL as nothing.
    static func master(_ db: Database) throws -> String {
        try Row.fetchAll(db, sql: "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY name").map { row in
            [row["type"], row["name"], row["tbl_name"], row["sql"]].map { ($0 as String?) ?? "" }.joined(separator: "|") + "\n"
        }.joined()
    }

    static func migrations(_ db: Database) throws -> String {
        try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY rowid").map { $0 + "\n" }.joined()
    }

    static func tables(_ db: Database) throws -> Set<String> {
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))
    }

    @Test func everyOpenerMakesTheSameSchemaByteForByte() async throws {
        let directory = try TemporaryDirectory.create("nw-schema")
        defer { TemporaryDirectory.remove(directory) }
        let store = try HistoryStore.open(path: directory.appendingPathComponent("serve.sqlite").path)
        let ledger = try Ledger.open(path: directory.appendingPathComponent("cli.sqlite").path)
        let writers: [(String, any DatabaseWriter)] = [
            ("HistoryStore.open", store.writer), ("Ledger.open", ledger.writer),
            ("HistoryStore.inMemory", try HistoryStore.inMemory().writer), ("Ledger.inMemory", try Ledger.inMemory().writer),
            ("Ledger(writer:)", try Ledger(writer: DatabaseQueue()).writer),
        ]
        for (opener, writer) in writers {
            #expect(try await writer.read(Self.master) == (try Self.fixture("sqlite_master")), "\(opener)")
            #expect(try await writer.read(Self.migrations) == (try Self.fixture("grdb_migrations")), "\(opener)")
        }
    }

    /// The tables of "v2" come from their owners (Alerting, Delivery), the store's own migrations
    /// make none of them.
    @Test func eachModuleDefinesItsOwnTablesAndNoOthers() throws {
        let alerting = try DatabaseQueue(), delivery = try DatabaseQueue()
        try alerting.write(AlertTables.createV2)
        try delivery.write(OutboxTable.createV2)
        let store = try HistoryStore.inMemory(schema: StoreSchema([.history, .ledger, .ledgerIsReceived, .ledgerWindowsMoney, .ledgerMoneySpans, .providers])).writer
        #expect(try alerting.read(Self.tables) == ["alert", "alert_active", "alert_by_start", "alert_notified"])
        #expect(try delivery.read(Self.tables) == ["outbox", "outbox_by_webhook"])
        let own = try store.read(Self.tables)
        #expect(own.isDisjoint(with: ["alert", "alert_notified", "outbox"]))
        // Together, in numwatch's schema, they are every table main made.
        let all = try HistoryStore.inMemory(schema: .numwatch).writer
        #expect(try all.read(Self.tables) == own.union(try alerting.read(Self.tables)).union(try delivery.read(Self.tables)))
    }

    /// An empty database as the release before several providers made it (or `release`, another
    /// fixture's): its DDL and its record of applied migrations, from the fixture.
    static func databaseOfTheRelease(at path: String, _ release: String = "59ddda5") throws -> DatabaseQueue {
        let old = try DatabaseQueue(path: path)
        try old.write { db in
            let statements = try fixture("sqlite_master", release).split(separator: "\n").map { $0.split(separator: "|", maxSplits: 3) }
            // Tables before indexes; SQLite makes its own (autoindexes, sqlite_sequence).
            for kind in ["table", "index"] {
                for fields in statements where fields[0] == kind && !fields[1].hasPrefix("sqlite_") && fields.count == 4 {
                    try db.execute(sql: String(fields[3]))
                }
            }
            for identifier in try fixture("grdb_migrations", release).split(separator: "\n") {
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES (?)", arguments: [String(identifier)])
            }
        }
        return old
    }

    /// A database made by the release before several providers (rebuilt here from the fixture:
    /// its DDL and its record of applied migrations) opens with this one: it is migrated once, to
    /// exactly the schema a new database gets, and every row is kept.
    @Test func aDatabaseMadeBeforeTheMoveOpensWithItsRowsKept() async throws {
        let directory = try TemporaryDirectory.create("nw-schema-old")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let old = try Self.databaseOfTheRelease(at: path)
        try await old.write { db in
            try db.execute(sql: """
                INSERT INTO alert (id, fingerprint, alertname, rule, platform, country, severity, state, starts_at, fired_at,
                                   summary, description)
                    VALUES (7, 'f1', 'NumwatchStockLow', 'low', 'telegram', 'romania', 'warning', 'firing', 100, 160, 's', 'd');
                INSERT INTO alert_notified (alert_id, webhook, sent_at) VALUES (7, 'hook', 160);
                INSERT INTO outbox (webhook, idempotency_key, created_at_ms, body, next_attempt_ms)
                    VALUES ('hook', 'key-1', 160000, X'7B7D', 160000);
                INSERT INTO number_take (account, requested_ms, provider_day, platform, country, count, state)
                    VALUES ('https://p', 1000, '2026-01-01', 'telegram', 'romania', 1, 'sent');
                """)
        }
        try old.close()
        let store = try HistoryStore.open(path: path)
        let read = try await store.writer.read { db in
            (master: try Self.master(db), migrations: try Self.migrations(db),
             alerts: try String.fetchAll(db, sql: "SELECT state FROM alert WHERE id = 7"),
             notified: try Int64.fetchAll(db, sql: "SELECT sent_at FROM alert_notified WHERE alert_id = 7"),
             outbox: try String.fetchAll(db, sql: "SELECT idempotency_key FROM outbox"),
             takes: try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM number_take"))
        }
        #expect(read.master == (try Self.fixture("sqlite_master")))
        #expect(read.migrations == (try Self.fixture("grdb_migrations")))
        #expect(read.alerts == ["firing"] && read.notified == [160] && read.outbox == ["key-1"] && read.takes == 1)
        let book = AlertBook(database: store.writer)
        #expect(try await book.active().map(\.country) == ["romania"])
    }

    /// Retention cuts Alerting's table through Alerting: resolved alerts past the total
    /// retention go, an unresolved one stays however old.
    @Test func retentionDropsOldResolvedAlertsThroughTheirOwner() async throws {
        let store = try HistoryStore.inMemory()
        let day: Int64 = 86_400, now: Int64 = 1_000 * day
        try await store.writer.write { db in
            try db.execute(sql: """
                INSERT INTO alert (id, fingerprint, alertname, rule, severity, state, starts_at, ends_at, summary, description) VALUES
                    (1, 'old', 'A', 'r', 'warning', 'resolved', 10 * 86400, 11 * 86400, 's', 'd'),
                    (2, 'recent', 'A', 'r', 'warning', 'resolved', 990 * 86400, 991 * 86400, 's', 'd'),
                    (3, 'still', 'A', 'r', 'warning', 'firing', 10 * 86400, NULL, 's', 'd');
                """)
        }
        let report = try await store.maintain(now: now, retention: RetentionPolicy(total: .seconds(400 * day)))
        #expect(report.deletedRows == 1)
        #expect(try await store.writer.read { try Int64.fetchAll($0, sql: "SELECT id FROM alert ORDER BY id") } == [2, 3])
    }

    /// No module writes SQL against a table it does not own: `alert` and `alert_notified` are
    /// Alerting's, `outbox` is Delivery's (read from the sources, so a new query elsewhere fails here).
    @Test func onlyATablesOwnerWritesSQLAgainstIt() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../Sources").standardized
        let owners = ["alert": "Alerting", "alert_notified": "Alerting", "outbox": "Delivery"]
        let files = try #require(FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)).compactMap { $0 as? URL }
            .filter { $0.pathExtension == "swift" }
        #expect(files.count > 50)
        var strangers: [String] = []
        for file in files {
            let module = file.path.dropFirst(sources.path.count + 1).split(separator: "/")[0]
            let text = try String(contentsOf: file, encoding: .utf8)
            for (table, owner) in owners where module != owner {
                let sql = try Regex("(FROM|INTO|UPDATE|JOIN|TABLE|table:|on:)\\s+\"?\(table)\\b")
                if text.contains(sql) { strangers.append("\(module)/\(file.lastPathComponent): \(table)") }
            }
        }
        #expect(strangers == [])
    }
}
