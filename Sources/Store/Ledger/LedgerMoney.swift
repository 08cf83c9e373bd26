import GRDB

/// Money read from the credit, not from a reading of the provider's document: its bundle answer
/// gives a `price` on each service's row without saying whether that is the row's share or the
/// bundle's price repeated, and it says nothing about refunds. So the charge is the credit's drop
/// across the take and a refund its rise across a cancel or an unused expiry (LedgerRefunds.swift),
/// each recorded only when nothing else on the account could have moved the credit in that span;
/// otherwise it is "unknown".
extension Ledger {
    /// How long a take or a cancel with no answer recorded may still have been in flight: a take
    /// makes at most three provider calls of at most 5 minutes each (as `settle` assumes).
    static let inFlightLimitMs: Int64 = 20 * 60_000

    /// Whether anything but the caller's own call may have moved the account's credit between
    /// `fromMs` and `toMs`: another take whose [requested, answered] span overlaps it (or that is
    /// unanswered, for as long as it may be in flight), a cancel sent or answered in it (or whose
    /// refund may still come within the refund grace after it), or a number expiring unused in it
    /// or within the grace before it. `exceptTake` and `exceptNumbers` are the caller's own.
    package func creditMovedElsewhere(
        account: String, fromMs: Int64, toMs: Int64, exceptTake: Int64? = nil, exceptNumber: String? = nil
    ) async throws -> Bool {
        try await writer.read { db in
            try Self.creditMoved(db, account: account, fromMs: fromMs, toMs: toMs, exceptTake: exceptTake,
                                 exceptNumbers: exceptNumber.map { [$0] } ?? [])
        }
    }

    /// A take moves the credit within its span; a cancel or an unused expiry may move it up to
    /// `refundGraceMs` after it. Within one millisecond the order is not known: a move that ended
    /// in the very millisecond the first reading was sent is taken to be before it (a process
    /// records its take's answer, then reads the credit after it), and one that began in the
    /// millisecond the last reading was answered may be in it.
    static func creditMoved(
        _ db: Database, account: String, fromMs: Int64, toMs: Int64, exceptTake: Int64?, exceptNumbers: [String]
    ) throws -> Bool {
        // The excepted ids are parameters ?7, ?8, …, each used in two places.
        let except = exceptNumbers.isEmpty ? "''" : exceptNumbers.indices.map { "?\($0 + 7)" }.joined(separator: ", ")
        // Typed apart: in the literal, `exceptTake ?? -1` would stay optional and bind NULL.
        let take: Int64 = exceptTake ?? -1
        let values: [(any DatabaseValueConvertible)?] = [account, fromMs, toMs, take, inFlightLimitMs, refundGraceMs]
        let arguments = StatementArguments(values + exceptNumbers.map { $0 })
        return try Bool.fetchOne(db, sql: """
            SELECT EXISTS (SELECT 1 FROM number_take
                            WHERE account = ?1 AND id != ?4 AND state != 'refused'
                              AND requested_ms <= ?3 AND COALESCE(answered_ms, requested_ms + ?5) > ?2)
                OR EXISTS (SELECT 1 FROM number_cancel
                            WHERE account = ?1 AND number_id NOT IN (\(except))
                              AND sent_ms <= ?3 AND COALESCE(answered_ms, sent_ms + ?5) + ?6 > ?2)
                OR EXISTS (SELECT 1 FROM number JOIN number_take ON number_take.id = number.take_id
                            WHERE account = ?1 AND take_id != ?4 AND number.id NOT IN (\(except))
                              AND outcome != 'cancelled' AND first_sms_ms IS NULL
                              AND expires_ms <= ?3 AND expires_ms + ?6 > ?2)
            """, arguments: arguments) ?? true
    }

    /// The charge of a take as the credit showed it, spread over its numbers (a bundle's first
    /// number carries the remainder, so the parts add up to the drop); nil: it could not be
    /// attributed, and the take's charge is "unknown".
    package func recordCharge(takeID: Int64, charged: Int?) async throws {
        try await write { db in
            let ids = try String.fetchAll(db, sql: "SELECT id FROM number WHERE take_id = ? ORDER BY rowid", arguments: [takeID])
            guard let charged, !ids.isEmpty else {
                try db.execute(sql: "UPDATE number_take SET charge_unknown = 1 WHERE id = ?", arguments: [takeID])
                try Self.bumpVersion(db)
                return
            }
            let share = charged / ids.count
            for (i, id) in ids.enumerated() {
                let part = i == 0 ? charged - share * (ids.count - 1) : share
                try db.execute(sql: "UPDATE number SET charged_price = ? WHERE id = ?", arguments: [part, id])
            }
            try Self.bumpVersion(db)
        }
    }

    // MARK: Cancels

    /// Written before a cancel is sent, so that another process reading the credit across it
    /// sees a cancel in flight (its refund may land any moment). The cancel's answer closes the
    /// number's latest open row (`recordCancelled`, `recordCancelFailed`).
    package func recordCancelSent(numberID: String, account: String, atMs: Int64) async throws {
        try await write { db in
            try db.execute(sql: "INSERT INTO number_cancel (account, number_id, sent_ms) VALUES (?, ?, ?)",
                           arguments: [account, numberID, atMs])
            try Self.bumpVersion(db)
        }
    }

    /// The cancel got no usable answer or was refused: the number is not cancelled, but the
    /// cancel's span stays, as something that may have moved the credit.
    package func recordCancelFailed(numberID: String, atMs: Int64) async throws {
        try await write { db in
            try Self.closeCancel(db, numberID: numberID, atMs: atMs, succeeded: false)
            try Self.bumpVersion(db)
        }
    }

    /// Answers the number's open cancel; a cancel recorded without one sent (an older caller)
    /// gets a row spanning only its answer.
    static func closeCancel(_ db: Database, numberID: String, atMs: Int64, succeeded: Bool) throws {
        try db.execute(sql: """
            UPDATE number_cancel SET answered_ms = ?, succeeded = ?
            WHERE id = (SELECT MAX(id) FROM number_cancel WHERE number_id = ? AND answered_ms IS NULL)
            """, arguments: [atMs, succeeded, numberID])
        guard db.changesCount == 0, succeeded else { return }
        try db.execute(sql: """
            INSERT INTO number_cancel (account, number_id, sent_ms, answered_ms, succeeded)
            SELECT account, number.id, ?2, ?2, 1 FROM number JOIN number_take ON number_take.id = number.take_id WHERE number.id = ?1
              AND NOT EXISTS (SELECT 1 FROM number_cancel WHERE number_id = ?1)
            """, arguments: [numberID, atMs])
    }
}
