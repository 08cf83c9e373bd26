import Domain
import Foundation
import GRDB
import Synchronization

/// The history of credit, prices and stock, in SQLite.
///
/// Prices and stock change far less often than they are sampled, so the store keeps change
/// points (a row when a value differs from the one in force) and sample runs (this platform was
/// sampled successfully from t1 to t2): disk grows with changes, not with samples, and the value at
/// any sampled moment is still answered exactly.
package actor HistoryStore {
    package nonisolated let writer: any DatabaseWriter
    /// The state as of the last committed round. Replaced only from inside the writer's queue,
    /// on commit, so the next write (serialised by that queue) always starts from it.
    private let committed: Mutex<StoreState>
    private let hook = Mutex<(any RoundHook)?>(nil)
    /// Rung after each round stored: /metrics builds its body then, ahead of the next scrape
    /// (`MetricsPrebuilder`, its one waiter: a `Doorbell` wakes one loop).
    package nonisolated let stored = Doorbell()
    private var version: UInt64 = 0
    /// `version`, readable without waiting for the actor (which may be building a snapshot).
    private let publishedVersion = Atomic<UInt64>(0)
    private var cachedSnapshot: Snapshot?
    /// The last snapshot built, whose pair lists the next one reuses where a platform did not change.
    private var previousSnapshot: Snapshot?

    var state: StoreState { committed.withLock { $0 } }

    /// The tables of numwatch's modules, as this store was opened with (for retention).
    let schema: StoreSchema

    /// Opens (creating and migrating to `schema`) the database at `path`, in WAL mode. numwatch
    /// opens its database with all its tables: `HistoryStore.open(path:)` (App).
    package static func open(path: String, schema: StoreSchema) throws -> HistoryStore {
        try HistoryStore(writer: openPool(path: path), schema: schema)
    }

    /// The database at `path` in WAL mode, as every numwatch process opens it: several may share
    /// it (`serve` and the CLI), so a writer waits for another's lock instead of failing.
    static func openPool(path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.prepareDatabase { db in
            // In WAL mode NORMAL never loses a committed transaction to a crash of the process,
            // only (possibly) the last ones to a power cut; it spares an fsync per round.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
        }
        configuration.busyMode = .timeout(5)
        // Made 0600 before SQLite opens it, so its -wal and -shm are created 0600 too.
        try PrivateFiles.prepareDatabase(at: path)
        return try DatabasePool(path: path, configuration: configuration)
    }

    /// A private in-memory database, for tests.
    package static func inMemory(schema: StoreSchema) throws -> HistoryStore {
        try HistoryStore(writer: DatabaseQueue(), schema: schema)
    }

    init(writer: any DatabaseWriter, schema: StoreSchema) throws {
        try schema.migrate(writer)
        self.writer = writer
        self.schema = schema
        self.committed = Mutex(try writer.read { try StoreState.load($0) })
    }

    /// Sets what runs inside each round's transaction after the round is written (alerting).
    package nonisolated func setRoundHook(_ hook: (any RoundHook)?) {
        self.hook.withLock { $0 = hook }
    }

    /// Writes one round, and whatever the round hook writes, in one transaction. On failure
    /// nothing of the round is kept, in the database or in memory.
    package func ingest(_ round: SampleRound) async throws {
        let hook = self.hook.withLock { $0 }
        try await writer.write { db in
            var next = self.committed.withLock { $0 }
            let stored = try next.apply(round, db)
            try hook?.roundStored(stored, db)
            let final = next
            db.afterNextTransaction(onCommit: { _ in self.committed.withLock { $0 = final } })
        }
        version &+= 1
        publishedVersion.store(version, ordering: .releasing)
        cachedSnapshot = nil
        stored.ring()
    }

    /// Lets the round hook judge, at `time` (Unix seconds), the conditions that depend on time
    /// alone (the provider silent for too long, a `for` that has passed, a day that ended), in a
    /// transaction of their own: a round with no samples. Writes nothing of its own. False when
    /// no hook is set (nothing to judge).
    package func passTime(to time: Int64) async throws -> Bool {
        guard let hook = self.hook.withLock({ $0 }) else { return false }
        try await writer.write { db in
            try hook.roundStored(self.committed.withLock { $0 }.passingTime(at: time), db)
        }
        return true
    }

    /// The latest value of everything, for /metrics and the report. Rebuilt only after an ingest.
    package func snapshot() -> Snapshot {
        if let cachedSnapshot { return cachedSnapshot }
        let built = Snapshot(version: version, state: state, reusing: previousSnapshot)
        cachedSnapshot = built
        previousSnapshot = built
        return built
    }

    /// The version the next `snapshot()` has: /metrics asks at every scrape whether anything
    /// changed, and need not queue on the actor for it.
    package nonisolated var currentVersion: UInt64 { publishedVersion.load(ordering: .acquiring) }

    /// Bytes the database takes on disk: its file and its write-ahead log's, as `stat` gives them
    /// (no query: /metrics reads this at every scrape). An in-memory database counts its pages.
    package nonisolated func databaseSizeBytes() async throws -> Int64 {
        guard writer is DatabasePool else {
            return try await writer.read { db in
                (try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0) * (try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 0)
            }
        }
        func size(_ path: String) -> Int64 {
            var info = stat()
            return stat(path, &info) == 0 ? Int64(info.st_size) : 0
        }
        return size(writer.path) + size(writer.path + "-wal")
    }

    /// A trivial read of the history (one index seek), for readiness: throws when it cannot be read.
    package nonisolated func checkReadable() async throws {
        _ = try await writer.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(id) FROM sample_run") }
    }

    /// Folds the write-ahead log back into the database file (for size measurements and backups).
    package func checkpoint() async throws {
        guard writer is DatabasePool else { return }
        try await writer.writeWithoutTransaction { db in _ = try db.checkpoint(.truncate) }
    }

    package var path: String { writer.path }
}

/// The latest state, ready to export: per provider, its credit, its platforms' listed pairs and
/// the health of its calls.
package struct Snapshot: Sendable {
    /// A listed pair as last sampled: what the sampler observed, as the store keeps it in force.
    package typealias Pair = ObservedRow

    package struct Health: Sendable, Hashable {
        /// Unix seconds of the last successful sample, if any.
        package var lastOk: Int64?
        package var lastTime: Int64
        package var lastOutcome: String
        package var lastMessage: String?
        package var lastDurationSeconds: Double
    }

    /// One provider's part.
    package struct Provider: Sendable {
        /// In Toman at the provider's rate, and as read (nil: the same).
        package var credit: Int?
        package var creditNative: Double?
        package var creditTime: Int64?
        /// Listed pairs per platform, sorted by country code.
        package var pairs: [String: [Pair]] = [:]
        /// Per platform, a number that moves whenever its `pairs` change (and only then, within
        /// one store): what lets /metrics re-render only the platforms a round changed.
        package var pairsRevision: [String: UInt64] = [:]
        /// Per platform, and for `credit`.
        package var health: [String: Health] = [:]
    }

    /// Changes whenever an ingest changed anything; equal versions mean equal snapshots.
    package let version: UInt64
    package let providers: [ProviderName: Provider]

    /// A provider's part (empty when it has never been sampled).
    package subscript(provider: ProviderName) -> Provider { providers[provider] ?? Provider() }

    init(version: UInt64, state: StoreState, reusing previous: Snapshot? = nil) {
        self.version = version
        var providers: [ProviderName: Provider] = [:]
        for (provider, credit) in state.credit {
            providers[provider, default: Provider()].credit = credit.value
            providers[provider, default: Provider()].creditNative = credit.native
        }
        for (key, time) in state.lastOk where key.target == creditTarget { providers[key.provider, default: Provider()].creditTime = time }
        for (key, id) in state.platformIDs {
            let revision = state.pairsRevision[id] ?? 0
            providers[key.provider, default: Provider()].pairsRevision[key.platform] = revision
            if let old = previous?.providers[key.provider], old.pairsRevision[key.platform] == revision,
               let unchanged = old.pairs[key.platform] {
                providers[key.provider, default: Provider()].pairs[key.platform] = unchanged
                continue
            }
            providers[key.provider, default: Provider()].pairs[key.platform] = state.seriesByPlatform[id, default: []].compactMap { series -> Pair? in
                guard let value = state.values[series], let price = value.price, let country = state.seriesCountry[series],
                      let code = state.countryCodes[country] else { return nil }
                let name = state.countryNames[.init(provider: key.provider, country: country)] ?? code
                return Pair(country: code, name: name, price: price, stock: value.stock ?? 0,
                            native: value.native, detail: state.details[series])
            }.sorted { $0.country < $1.country }
        }
        for (key, run) in state.runs {
            providers[key.provider, default: Provider()].health[key.target] = Health(
                lastOk: state.lastOk[key], lastTime: run.lastT, lastOutcome: run.outcome,
                lastMessage: run.message, lastDurationSeconds: state.lastDuration[key] ?? 0)
        }
        self.providers = providers
    }
}
