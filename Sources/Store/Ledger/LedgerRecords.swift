import GRDB

// The ledger's rows. Times are Unix milliseconds: numbers live minutes, SMS arrive seconds apart.

/// What became of a take request.
package enum TakeState: String, Sendable, Codable, CaseIterable {
    /// Sent; no answer recorded yet (if the process died here, the provider may have issued it).
    case pending
    /// The provider issued its numbers.
    case issued
    /// The provider refused it (a 4xx with its message): nothing was issued, it does not count.
    case refused
    /// No usable answer (a 5xx, a timeout, a dropped connection, an unreadable body): the account
    /// may have been charged, so it counts as taken.
    case unknown

}

/// How a number's life ended, or `open` while it lives.
package enum NumberOutcome: String, Sendable, Codable, CaseIterable {
    case open, activated, cancelled, expired, unknown
}

struct TakeRecord: Codable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns {
    static let databaseTableName = "number_take"
    var id: Int64?
    var account: String
    var requestedMs: Int64
    var providerDay: String
    var platform: String
    var country: String
    var count: Int
    var state: TakeState
    var listedPrice: Int?
    var forced: Bool
    var error: String?
    var rawAnswer: String?
    var chargeUnknown = false
    /// When the take's answer (or its failure) arrived; nil while pending.
    var answeredMs: Int64?
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct NumberRecord: Codable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    static let databaseTableName = "number"
    var id: String
    var takeId: Int64
    var service: String
    var phone: String
    var chargedPrice: Int?
    var statedPrice: Int?
    var takenMs: Int64
    var expiresMs: Int64?
    var firstSmsMs: Int64?
    var outcome: NumberOutcome
    var endedMs: Int64?
    var refunded: Int?
}

/// How numwatch learnt of an SMS.
package enum SMSSource: String, Sendable, Hashable, Codable {
    /// `numwatch number check` (or `check --wait`).
    case check
    /// The provider's push to `serve`'s `/callback/<secret>`.
    case push
}

/// An SMS as the ledger keeps it.
package struct LedgerSMS: Sendable, Hashable, Codable, FetchableRecord, PersistableRecord {
    package static let databaseTableName = "number_sms"
    package var numberId: String
    package var smsId: String
    package var sender: String?
    package var content: String
    package var receivedMs: Int64
    package var via: SMSSource
    /// The provider's `is_received` flag: nil when absent (or null).
    package var isReceived: Bool?

    /// Whether this message activates its number: `is_received` 1 or absent. The document shows
    /// only 1 and never says what 0 means, so a 0 lifts no guard (issue 17, point 3).
    package var activates: Bool { isReceived != false }

    enum CodingKeys: String, CodingKey {
        case numberId = "number_id", smsId = "sms_id", sender, content, receivedMs = "received_ms", via, isReceived = "is_received"
    }

    package init(
        numberId: String, smsId: String, sender: String?, content: String, receivedMs: Int64, via: SMSSource, isReceived: Bool? = nil
    ) {
        self.numberId = numberId
        self.smsId = smsId
        self.sender = sender
        self.content = content
        self.receivedMs = receivedMs
        self.via = via
        self.isReceived = isReceived
    }
}
