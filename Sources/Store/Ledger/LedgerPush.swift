import GRDB

/// The SMS push (`POST /callback/<secret>`) may only add SMS to an open number of this account.
///
/// Whoever holds the callback secret can send a push, and nothing in it is signed: its word is
/// taken for one thing only, that a number numwatch took and still holds received a message.
/// It never moves an expiry, never reopens a cancelled or long-expired number, never adds a
/// message dated before the take or without text, and never reaches another account's numbers
/// (issue 17, point 4).
extension Ledger {
    /// How long after its expiry a number still takes a push: the provider may deliver an SMS
    /// received in the number's last seconds a little late.
    package static let pushGraceMs: Int64 = 5 * 60_000
    /// Clock difference allowed between the provider's `created_at` and ours.
    package static let clockSkewMs: Int64 = 5 * 60_000
    /// The lifetime assumed for a number whose expiry was never stated (a take of unknown
    /// outcome): the 20 minutes of the document's samples, the longer of its two figures.
    static let assumedLifetimeMs: Int64 = 20 * 60_000

    /// What became of a push. The raw values are the `result` label of
    /// `numwatch_callback_pushes_total`.
    package enum PushOutcome: String, Sendable, CaseIterable {
        /// At least one new SMS stored.
        case recorded
        /// Nothing new: every SMS already stored (the provider sent it again), or none listed.
        case nothingNew = "nothing_new"
        /// Not a number taken through numwatch on this database.
        case unknownNumber = "unknown_number"
        /// Taken on another provider account.
        case otherAccount = "other_account"
        /// Cancelled through numwatch.
        case cancelled
        /// Past its expiry plus `pushGraceMs`.
        case expired
        /// Every message listed was refused: empty text, ...
        case emptyMessage = "empty_message"
        /// ... dated before the take (beyond `clockSkewMs`), ...
        case datedBeforeTake = "dated_before_take"
        /// ... or dated after the number's expiry (beyond `clockSkewMs`).
        case datedAfterExpiry = "dated_after_expiry"
    }

    package struct PushResult: Sendable, Equatable {
        package var outcome: PushOutcome
        package var newSMS = 0
        package var activatedNow = false
        /// Messages of an accepted push left out, with the reason for the first of them.
        package var refusedMessages = 0
        package var firstRefusal: PushOutcome?

        package init(outcome: PushOutcome, newSMS: Int = 0, activatedNow: Bool = false, refusedMessages: Int = 0, firstRefusal: PushOutcome? = nil) {
            self.outcome = outcome
            self.newSMS = newSMS
            self.activatedNow = activatedNow
            self.refusedMessages = refusedMessages
            self.firstRefusal = firstRefusal
        }
    }

    /// Records the push's SMS for `numberID` if the number is `account`'s and open at `atMs`.
    /// Messages are checked one by one; those that pass are stored, the others counted. The
    /// push's `expires_at` is not taken: the ledger keeps the take's or a check's.
    package func recordPush(numberID: String, account: String, sms: [LedgerSMS], atMs: Int64) async throws -> PushResult {
        try await write { db in
            try Self.settle(db, nowMs: atMs)
            guard var number = try NumberRecord.fetchOne(db, key: numberID) else { return PushResult(outcome: .unknownNumber) }
            guard let take = try TakeRecord.fetchOne(db, key: number.takeId), take.account == account else {
                return PushResult(outcome: .otherAccount)
            }
            if number.outcome == .cancelled { return PushResult(outcome: .cancelled) }
            let expiresMs = number.expiresMs ?? number.takenMs + Self.assumedLifetimeMs
            guard atMs <= expiresMs + Self.pushGraceMs else { return PushResult(outcome: .expired) }
            var accepted: [LedgerSMS] = []
            var refusals: [PushOutcome] = []
            for message in sms {
                if let refusal = Self.refusal(of: message, takenMs: number.takenMs, expiresMs: expiresMs) {
                    refusals.append(refusal)
                } else {
                    accepted.append(message)
                }
            }
            if accepted.isEmpty, let first = refusals.first { return PushResult(outcome: first, refusedMessages: refusals.count, firstRefusal: first) }
            let (added, activatedNow) = try Self.absorb(accepted, into: &number, revising: false, db)
            // A number settled as expired in its grace minutes, whose SMS came in time, was used.
            if activatedNow || added > 0 {
                try number.update(db)
                try Self.bumpVersion(db)
            }
            return PushResult(
                outcome: added > 0 ? .recorded : .nothingNew, newSMS: added, activatedNow: activatedNow,
                refusedMessages: refusals.count, firstRefusal: refusals.first)
        }
    }

    static func refusal(of message: LedgerSMS, takenMs: Int64, expiresMs: Int64) -> PushOutcome? {
        if message.content.allSatisfy(\.isWhitespace) { return .emptyMessage }
        if message.receivedMs < takenMs - clockSkewMs { return .datedBeforeTake }
        if message.receivedMs > expiresMs + clockSkewMs { return .datedAfterExpiry }
        return nil
    }
}
