import GRDB

/// Refunds after a cancel or an unused expiry, read from the credit numwatch itself reads around
/// its takes and cancels and `serve` every `credit_interval` (`credit_reading`): the provider's
/// document says nothing of refunds, so a refund is only what the credit shows, and "unknown"
/// where it cannot be told apart.
extension Ledger {
    /// A refund may come a little late: the reading after a cancel or an expiry is taken at least
    /// this long after it, and another's cancel or expiry may move the credit this long after.
    static let refundGraceMs: Int64 = 5 * 60_000

    /// The credit as numwatch read it: the request sent at `sentMs` (nil: not known, taken as
    /// `atMs`) and the answer arrived at `atMs`, so the credit shown is the account's at some
    /// moment between the two. Then the refunds it settles. Readings older than a day are
    /// dropped: a number lives minutes.
    package func recordCredit(account: String, credit: Int, atMs: Int64, sentMs: Int64? = nil) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO credit_reading (account, at_ms, credit, sent_ms) VALUES (?, ?, ?, ?)",
                           arguments: [account, atMs, credit, min(sentMs ?? atMs, atMs)])
            try db.execute(sql: "DELETE FROM credit_reading WHERE account = ? AND at_ms < ?", arguments: [account, atMs - Self.dayMs])
            if try Self.attributeRefunds(db, account: account, nowMs: atMs) { try Self.bumpVersion(db) }
        }
    }

    /// A cancel or an unused expiry awaiting its refund: it may move the credit from `startMs` (a
    /// cancel's sending, the expiry) to `endMs` (the cancel's answer, the expiry) plus the grace.
    struct RefundEvent {
        var numberID: String
        var startMs: Int64
        var endMs: Int64
        var charged: Int?
        var isCancel: Bool
    }

    /// Those that began since `sinceMs`: readings are kept a day, so an older one can never be
    /// settled, and skipping it keeps each reading's work small however long the ledger grows.
    static func refundEvents(_ db: Database, account: String, sinceMs: Int64) throws -> [RefundEvent] {
        try Row.fetchAll(db, sql: """
            SELECT number.id, expires_ms AS start_ms, expires_ms AS end_ms, charged_price, 0 AS is_cancel
            FROM number JOIN number_take ON number_take.id = number.take_id
            WHERE account = ?1 AND first_sms_ms IS NULL AND outcome IN ('open', 'expired') AND refunded IS NULL
              AND expires_ms >= ?2
            UNION ALL
            SELECT number.id, c.sent_ms, c.answered_ms, charged_price, 1
            FROM number JOIN number_take ON number_take.id = number.take_id
                        JOIN number_cancel c ON c.number_id = number.id AND c.succeeded = 1
            WHERE number_take.account = ?1 AND outcome = 'cancelled' AND refunded IS NULL AND c.sent_ms >= ?2
            ORDER BY end_ms
            """, arguments: [account, sinceMs]).map {
            RefundEvent(numberID: $0["id"], startMs: $0["start_ms"], endMs: $0["end_ms"], charged: $0["charged_price"], isCancel: $0["is_cancel"])
        }
    }

    /// For each cancel or unused expiry with no refund recorded: the credit's rise between the
    /// last reading answered before it began and the first one sent a grace after it ended, when
    /// nothing but such refund events, all inside that span, could have moved the credit. The
    /// rise must be 0 (none refunded) or exactly their charges (each refunded); anything else
    /// leaves them unknown. Returns whether it recorded any.
    static func attributeRefunds(_ db: Database, account: String, nowMs: Int64) throws -> Bool {
        var recorded = false
        var settled = Set<String>()
        let events = try refundEvents(db, account: account, sinceMs: nowMs - dayMs)
        for event in events where event.endMs <= nowMs - refundGraceMs && !settled.contains(event.numberID) {
            guard let before = try Row.fetchOne(db, sql: """
                      SELECT sent_ms, credit FROM credit_reading WHERE account = ? AND at_ms <= ? ORDER BY at_ms DESC LIMIT 1
                      """, arguments: [account, event.startMs]),
                  let after = try Row.fetchOne(db, sql: """
                      SELECT at_ms, credit FROM credit_reading WHERE account = ? AND sent_ms >= ? ORDER BY at_ms LIMIT 1
                      """, arguments: [account, event.endMs + refundGraceMs])
            else { continue }
            let from: Int64 = before["sent_ms"]
            let until: Int64 = after["at_ms"]
            // Every refund event that may have moved the credit in the span must lie wholly in it,
            // and a cancel's rise is told apart from nothing else: a cancel's refund may be a
            // part of the charge, so a sum of several would be a guess.
            let group = events.filter { $0.startMs <= until && $0.endMs + refundGraceMs >= from }
            guard group.allSatisfy({ $0.startMs >= from && $0.endMs + refundGraceMs <= until }),
                  group.count == 1 || !group.contains(where: \.isCancel),
                  try !creditMoved(db, account: account, fromMs: from, toMs: until, exceptTake: nil,
                                   exceptNumbers: group.map(\.numberID))
            else { continue }
            let rise = (after["credit"] as Int) - (before["credit"] as Int)
            let charges = group.compactMap(\.charged)
            let refunds: [Int]
            if rise == 0 {
                refunds = group.map { _ in 0 }
            } else if charges.count == group.count, rise == charges.reduce(0, +) {
                refunds = charges
            } else {
                continue
            }
            for (number, refunded) in zip(group, refunds) {
                try db.execute(sql: "UPDATE number SET refunded = ? WHERE id = ? AND refunded IS NULL", arguments: [refunded, number.numberID])
                settled.insert(number.numberID)
                recorded = true
            }
        }
        return recorded
    }
}
