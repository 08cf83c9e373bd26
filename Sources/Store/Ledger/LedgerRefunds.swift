import GRDB

/// Refunds at an unused expiry, read from the credit numwatch itself reads around its takes and
/// cancels (`credit_reading`): the provider's document says nothing of refunds, so a refund is
/// only what the credit shows, and "unknown" where it cannot be told apart.
extension Ledger {
    /// The reading after an expiry is taken at least this long after it: the provider may refund
    /// a little late.
    static let expiryRefundGraceMs: Int64 = 5 * 60_000

    /// The credit as numwatch read it at `atMs` (around a take or a cancel, or `serve`'s
    /// sampling); then the refunds of unused expiries it settles. Readings older than a day are
    /// dropped: a number lives minutes.
    public func recordCredit(account: String, credit: Int, atMs: Int64) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO credit_reading (account, at_ms, credit) VALUES (?, ?, ?)",
                           arguments: [account, atMs, credit])
            try db.execute(sql: "DELETE FROM credit_reading WHERE account = ? AND at_ms < ?", arguments: [account, atMs - Self.dayMs])
            if try Self.attributeExpiryRefunds(db, account: account, nowMs: atMs) { try Self.bumpVersion(db) }
        }
    }

    /// For numbers that expired unused with no refund recorded: the credit's rise between the last
    /// reading before the expiry and the first one a grace after it, when nothing but unused
    /// expiries happened in between. The rise must be 0 (none refunded) or exactly the charges of
    /// the numbers that expired in that span (each refunded); anything else leaves them unknown.
    /// Returns whether it recorded any.
    static func attributeExpiryRefunds(_ db: Database, account: String, nowMs: Int64) throws -> Bool {
        var recorded = false
        let due = try Int64.fetchAll(db, sql: """
            SELECT DISTINCT expires_ms FROM number JOIN number_take ON number_take.id = number.take_id
            WHERE account = ? AND first_sms_ms IS NULL AND outcome IN ('open', 'expired') AND refunded IS NULL
              AND expires_ms <= ?
            """, arguments: [account, nowMs - expiryRefundGraceMs])
        for expiry in due {
            guard let before = try Row.fetchOne(db, sql: """
                      SELECT at_ms, credit FROM credit_reading WHERE account = ? AND at_ms < ? ORDER BY at_ms DESC LIMIT 1
                      """, arguments: [account, expiry]),
                  let after = try Row.fetchOne(db, sql: """
                      SELECT at_ms, credit FROM credit_reading WHERE account = ? AND at_ms >= ? ORDER BY at_ms LIMIT 1
                      """, arguments: [account, expiry + expiryRefundGraceMs])
            else { continue }
            let from: Int64 = before["at_ms"]
            let until: Int64 = after["at_ms"]
            // Strictly between the two readings: a take or cancel recorded at a reading's own
            // moment was read around (numwatch records a cancel before reading the credit after it).
            let others = try Bool.fetchOne(db, sql: """
                SELECT EXISTS (SELECT 1 FROM number_take WHERE account = ?1
                                 AND ((requested_ms > ?2 AND requested_ms < ?3) OR state = 'pending'))
                    OR EXISTS (SELECT 1 FROM number JOIN number_take ON number_take.id = number.take_id
                                WHERE account = ?1 AND outcome = 'cancelled' AND ended_ms > ?2 AND ended_ms < ?3)
                """, arguments: [account, from, until]) ?? true
            guard !others else { continue }
            let expired = try Row.fetchAll(db, sql: """
                SELECT number.id, charged_price, refunded FROM number JOIN number_take ON number_take.id = number.take_id
                WHERE account = ? AND first_sms_ms IS NULL AND outcome IN ('open', 'expired')
                  AND expires_ms > ? AND expires_ms < ?
                """, arguments: [account, from, until])
            let charges = expired.compactMap { $0["charged_price"] as Int? }
            guard charges.count == expired.count, expired.allSatisfy({ ($0["refunded"] as Int?) == nil }) else { continue }
            let rise = (after["credit"] as Int) - (before["credit"] as Int)
            guard rise == 0 || rise == charges.reduce(0, +) else { continue }
            for number in expired {
                let refunded: Int = rise == 0 ? 0 : number["charged_price"]
                try db.execute(sql: "UPDATE number SET refunded = ? WHERE id = ?", arguments: [refunded, number["id"] as String])
                recorded = true
            }
        }
        return recorded
    }
}
