import GRDB

/// Money read from the credit, not from a reading of the provider's document: its bundle answer
/// gives a `price` on each service's row without saying whether that is the row's share or the
/// bundle's price repeated, and it says nothing about refunds. So the charge is the credit's drop
/// across the take and a refund its rise across a cancel (or an unused expiry: LedgerRefunds.swift),
/// each recorded only when nothing else on the account could have moved the credit in that span;
/// otherwise it is "unknown".
extension Ledger {
    /// Whether anything but the caller's own call may have moved the account's credit between
    /// `fromMs` and `toMs`: another take sent or still unanswered, a cancel, or a number expiring
    /// unused (the provider may refund it). `exceptTake` and `exceptNumber` are the caller's own.
    public func creditMovedElsewhere(
        account: String, fromMs: Int64, toMs: Int64, exceptTake: Int64? = nil, exceptNumber: String? = nil
    ) async throws -> Bool {
        try await writer.read { db in
            try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM number_take
                                WHERE account = ?1 AND id != ?4
                                  AND (requested_ms BETWEEN ?2 AND ?3 OR state = 'pending'))
                    OR EXISTS (SELECT 1 FROM number JOIN number_take ON number_take.id = number.take_id
                                WHERE account = ?1 AND take_id != ?4 AND number.id != ?5
                                  AND ((outcome = 'cancelled' AND ended_ms BETWEEN ?2 AND ?3)
                                       OR (outcome != 'cancelled' AND first_sms_ms IS NULL AND expires_ms BETWEEN ?2 AND ?3)))
                """, arguments: [account, fromMs, toMs, exceptTake ?? -1, exceptNumber ?? ""]) ?? true
        }
    }

    /// The charge of a take as the credit showed it, spread over its numbers (a bundle's first
    /// number carries the remainder, so the parts add up to the drop); nil: it could not be
    /// attributed, and the take's charge is "unknown".
    public func recordCharge(takeID: Int64, charged: Int?) async throws {
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

    /// Toman returned for a number (the credit's rise across its cancel); 0 when the credit did
    /// not rise. Recorded once: a later reading cannot change it.
    public func recordRefund(numberID: String, refunded: Int) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE number SET refunded = ? WHERE id = ? AND refunded IS NULL", arguments: [max(0, refunded), numberID])
            try Self.bumpVersion(db)
        }
    }
}
