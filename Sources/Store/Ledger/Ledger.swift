import Foundation
import GRDB
import Synchronization

/// Every number taken through numwatch, in the same SQLite database as the history: the CLI and
/// `serve` may write it at the same time, and SQLite's locking keeps both counts (each check of
/// the ban guard and the take it allows are one write transaction).
///
/// The ledger is never pruned: it is the account's record of money spent, a few hundred bytes a
/// number. It knows nothing of HTTP or the provider's types; `Numbers` speaks to it.
package struct Ledger: Sendable {
    package let writer: any DatabaseWriter
    /// Bumped after each write through this handle: readers in this process (serve's /metrics)
    /// see their own writes at once, without asking the database.
    package let localWrites = WriteCounter()

    /// Opens (creating and migrating to `schema`) the database at `path`, as `HistoryStore.open`
    /// does, without loading the history: the CLI only needs the ledger. numwatch opens it with
    /// all its tables: `Ledger.open(path:)` (App).
    package static func open(path: String, schema: StoreSchema) throws -> Ledger {
        try Ledger(writer: HistoryStore.openPool(path: path), schema: schema)
    }

    /// Over a database already open (serve's store), or an in-memory one for tests.
    package init(writer: any DatabaseWriter, schema: StoreSchema) throws {
        try schema.migrate(writer)
        self.writer = writer
    }

    package static func inMemory(schema: StoreSchema) throws -> Ledger { try Ledger(writer: DatabaseQueue(), schema: schema) }

    // MARK: Takes

    /// A take about to be sent.
    package struct TakeRequest: Sendable {
        package var account: String
        package var platform: String
        package var country: String
        /// Numbers it asks for: one per service of a bundle (the ban counts numbers).
        package var count: Int
        package var listedPrice: Int?
        package var atMs: Int64
        /// The provider's calendar day (Tehran) at `atMs`, as `2026-11-29`.
        package var providerDay: String
        /// That day's start (inclusive) and end (exclusive), in Unix milliseconds.
        package var tehranDay: Range<Int64>

        package init(
            account: String, platform: String, country: String, count: Int, listedPrice: Int?, atMs: Int64,
            providerDay: String, tehranDay: Range<Int64>
        ) {
            self.account = account
            self.platform = platform
            self.country = country
            self.count = count
            self.listedPrice = listedPrice
            self.atMs = atMs
            self.providerDay = providerDay
            self.tehranDay = tehranDay
        }
    }

    package enum Reservation: Sendable, Equatable {
        case reserved(takeID: Int64)
        /// Taking would pass `limit` numbers, with none of them activated, in the Tehran day or
        /// the last 24 hours.
        case refused(TakeRefusal)
    }

    /// The ban guard: records the take as pending unless it would pass `limit` numbers with none
    /// activated in either window, the provider's Tehran day or the last 24 hours (`force`
    /// records it anyway).
    package func reserveTake(_ request: TakeRequest, limit: Int, force: Bool) async throws -> Reservation {
        try await write { db in
            if !force, let refusal = try Self.refusal(db, request, limit: limit) { return .refused(refusal) }
            var take = TakeRecord(
                account: request.account, requestedMs: request.atMs, providerDay: request.providerDay,
                platform: request.platform, country: request.country, count: request.count, state: .pending,
                listedPrice: request.listedPrice, forced: force)
            try take.insert(db)
            try Self.bumpVersion(db)
            return .reserved(takeID: take.id!)
        }
    }

    /// A number the provider issued, as the take answer gives it.
    package struct IssuedEntry: Sendable {
        package var id: String
        package var service: String
        package var phone: String
        /// What the credit showed it cost (set later by `recordCharge`, or known at once).
        package var chargedPrice: Int?
        /// The price the take's answer gave on its row (bundles), as written.
        package var statedPrice: Int?
        package var expiresMs: Int64?

        package init(id: String, service: String, phone: String, chargedPrice: Int?, statedPrice: Int? = nil, expiresMs: Int64?) {
            self.id = id
            self.service = service
            self.phone = phone
            self.chargedPrice = chargedPrice
            self.statedPrice = statedPrice
            self.expiresMs = expiresMs
        }
    }

    /// `answeredMs`: when the answer arrived (nil: not known, and the take is taken to have been
    /// in flight as long as a take can be, `inFlightLimitMs`).
    package func recordIssued(takeID: Int64, numbers: [IssuedEntry], answeredMs: Int64? = nil) async throws {
        try await finish(takeID: takeID, state: .issued, error: nil, raw: nil, numbers: numbers, outcome: .open, answeredMs: answeredMs)
    }

    /// The provider refused the take outright: nothing was issued, and it stops counting.
    package func recordRefused(takeID: Int64, message: String, answeredMs: Int64? = nil) async throws {
        try await finish(takeID: takeID, state: .refused, error: message, raw: nil, numbers: [], outcome: .open, answeredMs: answeredMs)
    }

    /// No usable answer: it keeps counting. `raw` is the answer as received (when there was one);
    /// `readable` the number ids that could still be read from it.
    package func recordUnknown(takeID: Int64, error: String, raw: String?, readable: [IssuedEntry], answeredMs: Int64? = nil) async throws {
        try await finish(takeID: takeID, state: .unknown, error: error, raw: raw, numbers: readable, outcome: .unknown, answeredMs: answeredMs)
    }

    private func finish(
        takeID: Int64, state: TakeState, error: String?, raw: String?, numbers: [IssuedEntry], outcome: NumberOutcome, answeredMs: Int64?
    ) async throws {
        try await write { db in
            // Only forward: a pending take gets its answer once, and a take already settled as
            // unknown may still learn it was issued; never that it was refused (the taken
            // counter would go down).
            guard var take = try TakeRecord.fetchOne(db, key: takeID),
                  take.state == .pending || (take.state == .unknown && state == .issued) else { return }
            take.state = state
            take.error = error
            take.rawAnswer = raw
            take.answeredMs = take.answeredMs ?? answeredMs
            try take.update(db)
            for entry in numbers {
                let record = NumberRecord(
                    id: entry.id, takeId: takeID, service: entry.service, phone: entry.phone,
                    chargedPrice: entry.chargedPrice, statedPrice: entry.statedPrice, takenMs: take.requestedMs,
                    expiresMs: entry.expiresMs, outcome: outcome)
                // A duplicate id (a provider bug) must not lose the rest of the take.
                try record.insert(db, onConflict: .ignore)
            }
            try Self.bumpVersion(db)
        }
    }

    // MARK: Checks, SMS, cancels

    /// The poll guard: records a check of `numberID` at `atMs`, or returns when the next one is
    /// allowed if the last check was less than `intervalMs` ago (by any process on this
    /// database): the last check of any number of the account, or with `perNumber` of this one.
    package func reserveCheck(account: String, numberID: String, atMs: Int64, intervalMs: Int64, perNumber: Bool) async throws -> Int64? {
        try await write { db in
            let last = try perNumber
                ? Int64.fetchOne(db, sql: "SELECT checked_ms FROM number_check WHERE account = ? AND number_id = ?",
                                 arguments: [account, numberID])
                : Int64.fetchOne(db, sql: "SELECT MAX(checked_ms) FROM number_check WHERE account = ?", arguments: [account])
            if let last, atMs < last + intervalMs { return last + intervalMs }
            try db.execute(
                sql: "INSERT OR REPLACE INTO number_check (account, number_id, checked_ms) VALUES (?, ?, ?)",
                arguments: [account, numberID, atMs])
            // The guard only needs the last interval; older rows are dead weight.
            try db.execute(sql: "DELETE FROM number_check WHERE checked_ms < ?", arguments: [atMs - 86_400_000])
            return nil
        }
    }

    package enum StatusUpdate: Sendable, Equatable {
        /// Not a number taken through numwatch (or through another database).
        case unknownNumber
        case recorded(newSMS: Int, activatedNow: Bool)
    }

    /// What a check says about a number: its expiry and its SMS so far. (A push, which anyone
    /// holding the callback secret can send, goes through `recordPush` and its checks instead.)
    /// `phone`: the number as the check answer gives it, kept when the take's was masked
    /// (`+7 96104612XX` → `+7 9610461240`).
    package func recordStatus(
        numberID: String, expiresMs: Int64?, sms: [LedgerSMS], atMs: Int64, phone: String? = nil
    ) async throws -> StatusUpdate {
        try await write { db in
            guard var number = try NumberRecord.fetchOne(db, key: numberID) else { return .unknownNumber }
            if let phone, Self.unmasks(phone, masked: number.phone) { number.phone = phone }
            if let expiresMs { number.expiresMs = expiresMs }
            let (added, activatedNow) = try Self.absorb(sms, into: &number, revising: true, db)
            if number.outcome == .unknown {
                number.outcome = .open  // the provider knows it after all: its fate is open again
            }
            try number.update(db)
            try Self.settle(db, nowMs: atMs)
            try Self.bumpVersion(db)
            return .recorded(newSMS: added, activatedNow: activatedNow)
        }
    }

    /// Stores `sms` and activates the number by the first new message that activates
    /// (`LedgerSMS.activates`). An SMS already known is kept as first stored, except that with
    /// `revising` (a check, from the provider itself) a message seen with `is_received` 0 and now
    /// 1 or absent takes the new flag; a push may only add. The caller updates `number`.
    static func absorb(
        _ sms: [LedgerSMS], into number: inout NumberRecord, revising: Bool, _ db: Database
    ) throws -> (added: Int, activatedNow: Bool) {
        var added = 0
        var activating: [Int64] = []
        for message in sms {
            try message.insert(db, onConflict: .ignore)
            var stored = db.changesCount > 0
            if !stored, revising, message.activates {
                try db.execute(
                    sql: "UPDATE number_sms SET is_received = ? WHERE number_id = ? AND sms_id = ? AND is_received = 0",
                    arguments: [message.isReceived, message.numberId, message.smsId])
                stored = db.changesCount > 0
            }
            guard stored else { continue }
            added += 1
            if message.activates { activating.append(message.receivedMs) }
        }
        guard let first = activating.min() else { return (added, false) }
        number.firstSmsMs = min(number.firstSmsMs ?? first, first)
        guard number.outcome != .activated else { return (added, false) }
        number.outcome = .activated
        number.endedMs = number.firstSmsMs
        return (added, true)
    }

    /// Whether `full` is `masked` with its hidden digits filled in: the same length, the same
    /// characters where `masked` shows them, digits where it hides them with X.
    package static func unmasks(_ full: String, masked: String) -> Bool {
        guard masked.contains(where: { $0 == "X" || $0 == "x" }), full.count == masked.count else { return false }
        return zip(full, masked).allSatisfy { f, m in (m == "X" || m == "x") ? f.isASCII && f.isNumber : f == m }
    }

    package func recordCancelled(numberID: String, atMs: Int64) async throws {
        try await write { db in
            try db.execute(
                sql: "UPDATE number SET outcome = 'cancelled', ended_ms = ? WHERE id = ? AND outcome IN ('open', 'unknown')",
                arguments: [atMs, numberID])
            try Self.closeCancel(db, numberID: numberID, atMs: atMs, succeeded: true)
            try Self.bumpVersion(db)
        }
    }

    /// Ends the numbers whose time is up: expired without an SMS, or (no expiry known) unknown
    /// after a day; and takes left pending by a process that ended.
    package func settle(nowMs: Int64) async throws {
        try await write { db in
            try Self.settle(db, nowMs: nowMs)
        }
    }

    static func settle(_ db: Database, nowMs: Int64) throws {
        let before = db.totalChangesCount
        try db.execute(
            sql: "UPDATE number SET outcome = 'expired', ended_ms = expires_ms WHERE outcome = 'open' AND expires_ms <= ?",
            arguments: [nowMs])
        try db.execute(
            sql: "UPDATE number SET outcome = 'unknown' WHERE outcome = 'open' AND expires_ms IS NULL AND taken_ms < ?",
            arguments: [nowMs - 86_400_000])
        // A take still pending this long was in flight when its process ended: its outcome is
        // unknown. (A take makes at most three provider calls of at most 5 minutes each.)
        try db.execute(
            sql: """
                UPDATE number_take SET state = 'unknown', error = 'no answer recorded: numwatch ended while the take was in flight'
                WHERE state = 'pending' AND requested_ms < ?
                """,
            arguments: [nowMs - 20 * 60_000])
        if db.totalChangesCount > before { try bumpVersion(db) }
    }

    func write<T: Sendable>(_ updates: @escaping @Sendable (Database) throws -> T) async throws -> T {
        defer { localWrites.bump() }
        return try await writer.write(updates)
    }

    static func bumpVersion(_ db: Database) throws {
        try db.execute(sql: """
            INSERT INTO meta (key, value) VALUES ('ledger_version', 1)
            ON CONFLICT (key) DO UPDATE SET value = value + 1
            """)
    }
}

/// A number that changes with every write, for caches.
package final class WriteCounter: Sendable {
    private let count = Mutex<UInt64>(0)
    package init() {}
    package var value: UInt64 { count.withLock { $0 } }
    func bump() { count.withLock { $0 &+= 1 } }
}

extension Ledger {
    /// Rewrites the takes' stored errors and raw answers through `redact`, where it changes them:
    /// answers stored before numwatch redacted every encoding of a secret may still hold one, and
    /// backups carry what the database holds. Returns how many takes changed.
    package static func scrub(_ db: Database, redact: (String) -> String) throws -> Int {
        var changed = 0
        let rows = try Row.fetchAll(db, sql: "SELECT id, error, raw_answer FROM number_take WHERE error IS NOT NULL OR raw_answer IS NOT NULL")
        for row in rows {
            let error: String? = row["error"], raw: String? = row["raw_answer"]
            let (cleanError, cleanRaw) = (error.map(redact), raw.map(redact))
            guard cleanError != error || cleanRaw != raw else { continue }
            try db.execute(sql: "UPDATE number_take SET error = ?, raw_answer = ? WHERE id = ?",
                           arguments: [cleanError, cleanRaw, row["id"] as Int64])
            changed += 1
        }
        return changed
    }
}
