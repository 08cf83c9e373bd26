import Domain
import GRDB

extension Ledger {
    /// Numbers taken in one provider day, and how many of those were activated.
    package struct DayCount: Sendable, Equatable {
        package var taken: Int
        package var activated: Int
        package init(taken: Int, activated: Int) {
            self.taken = taken
            self.activated = activated
        }
    }

    /// The provider bans for "more than 50 numbers in one day, none of them activated": the
    /// activations that lift the cap are those of numbers taken that same day (an activation of
    /// yesterday's number does not make today safe). Pending takes count here, as the ban might
    /// (the metrics' running totals wait for their answer instead: see `PairTotals.taken`).
    package static func day(_ db: Database, account: String, day: String) throws -> DayCount {
        let row = try Row.fetchOne(db, sql: """
            SELECT
              (SELECT COALESCE(SUM(count), 0) FROM number_take
                 WHERE account = ?1 AND provider_day = ?2 AND state != 'refused') AS taken,
              (SELECT COUNT(*) FROM number JOIN number_take ON number_take.id = number.take_id
                 WHERE account = ?1 AND provider_day = ?2 AND number.first_sms_ms IS NOT NULL) AS activated
            """, arguments: [account, day])
        return DayCount(taken: row?["taken"] ?? 0, activated: row?["activated"] ?? 0)
    }

    package func today(account: String, providerDay: String) async throws -> DayCount {
        try await writer.read { try Self.day($0, account: account, day: providerDay) }
    }

    /// Changes with every write to the ledger, by any process (for caches such as /metrics).
    package func version() async throws -> Int64 {
        try await writer.read { db in
            try Int64.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'ledger_version'") ?? 0
        }
    }

    /// The price last sampled for a (platform, country), if the history has one.
    package func lastListedPrice(provider: ProviderName = .main, platform: String, country: String) async throws -> Int? {
        try await writer.read { db in
            try Int.fetchOne(db, sql: """
                SELECT change.price FROM change
                JOIN series ON series.id = change.series_id
                JOIN platform ON platform.id = series.platform_id
                JOIN country ON country.id = series.country_id
                WHERE platform.provider = ? AND platform.name = ? AND country.code = ?
                ORDER BY change.t DESC LIMIT 1
                """, arguments: [provider.rawValue, platform, country])
        }
    }

    // MARK: Listing

    /// One take, and one of its numbers if it had any (a bundle gives one entry per number).
    package struct Entry: Sendable, Equatable {
        package var takeID: Int64
        package var requestedMs: Int64
        package var platform: String
        package var country: String
        package var state: TakeState
        package var listedPrice: Int?
        package var forced: Bool
        package var error: String?
        package var hasRawAnswer: Bool
        /// The credit's change across the take could not be attributed to it (another take or a
        /// refund in the same moment): its charge is unknown.
        package var chargeUnknown: Bool
        package var number: NumberEntry?
    }

    package struct NumberEntry: Sendable, Equatable {
        package var id: String
        package var service: String
        package var phone: String
        package var chargedPrice: Int?
        /// The price the take's answer gave on this number's row (bundles).
        package var statedPrice: Int?
        package var expiresMs: Int64?
        package var firstSmsMs: Int64?
        package var outcome: NumberOutcome
        package var endedMs: Int64?
        /// Toman returned after a cancel or an unused expiry (0: none; nil: not known yet, or
        /// neither happened).
        package var refunded: Int?
        package var sms: [LedgerSMS]
    }

    /// Newest first.
    package func entries(sinceMs: Int64? = nil, platform: String? = nil, limit: Int = 100) async throws -> [Entry] {
        try await writer.read { db in
            var takes = TakeRecord.order(Column("requested_ms").desc, Column("id").desc).limit(limit)
            if let sinceMs { takes = takes.filter(Column("requested_ms") >= sinceMs) }
            if let platform { takes = takes.filter(Column("platform") == platform) }
            var entries: [Entry] = []
            for take in try takes.fetchAll(db) {
                let base = Entry(
                    takeID: take.id!, requestedMs: take.requestedMs, platform: take.platform, country: take.country,
                    state: take.state, listedPrice: take.listedPrice, forced: take.forced, error: take.error,
                    hasRawAnswer: take.rawAnswer != nil, chargeUnknown: take.chargeUnknown, number: nil)
                let numbers = try NumberRecord.filter(Column("take_id") == take.id!).order(Column("service")).fetchAll(db)
                if numbers.isEmpty { entries.append(base) }
                for n in numbers {
                    let sms = try LedgerSMS.filter(Column("number_id") == n.id).order(Column("received_ms")).fetchAll(db)
                    var entry = base
                    entry.number = NumberEntry(
                        id: n.id, service: n.service, phone: n.phone, chargedPrice: n.chargedPrice, statedPrice: n.statedPrice,
                        expiresMs: n.expiresMs, firstSmsMs: n.firstSmsMs, outcome: n.outcome, endedMs: n.endedMs,
                        refunded: n.refunded, sms: sms)
                    entries.append(entry)
                }
            }
            return entries
        }
    }

    /// The answer kept for a take whose answer could not be used.
    package func rawAnswer(takeID: Int64) async throws -> (error: String?, raw: String?)? {
        try await writer.read { db in
            try TakeRecord.fetchOne(db, key: takeID).map { ($0.error, $0.rawAnswer) }
        }
    }

    // MARK: Activation and money

    /// How numbers of one platform fared in one country: of those whose fate is decided
    /// (activated, expired or cancelled), the share that received an SMS.
    package struct Activation: Sendable, Equatable {
        package var decided: Int
        package var activated: Int
        /// Of the decided numbers not activated, those that got a message with `is_received` 0
        /// ("message, not received").
        package var notReceived: Int
        package var rate: Double? { decided == 0 ? nil : Double(activated) / Double(decided) }
        package init(decided: Int, activated: Int, notReceived: Int = 0) {
            self.decided = decided
            self.activated = activated
            self.notReceived = notReceived
        }
    }

    /// Per country, for one platform (`telegram`, or a bundle's `telegram+whatsapp`).
    package func activation(platform: String) async throws -> [String: Activation] {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT country, COUNT(*) AS decided, SUM(number.outcome = 'activated') AS activated,
                       SUM(number.outcome != 'activated' AND EXISTS (
                         SELECT 1 FROM number_sms WHERE number_sms.number_id = number.id AND number_sms.is_received = 0)) AS not_received
                FROM number JOIN number_take ON number_take.id = number.take_id
                WHERE platform = ? AND number.outcome IN ('activated', 'expired', 'cancelled')
                GROUP BY country
                """, arguments: [platform])
            var result: [String: Activation] = [:]
            for row in rows {
                result[row["country"]] = Activation(decided: row["decided"], activated: row["activated"], notReceived: row["not_received"])
            }
            return result
        }
    }

    /// Running totals of one (platform, country), for the counters on /metrics.
    package struct PairTotals: Sendable, Equatable {
        package var platform: String
        package var country: String
        /// Numbers taken and answered, or of unknown outcome. (A take still pending counts for the
        /// ban guard but not here: it may yet be refused, and a counter must never go down.)
        package var taken: Int
        package var activated: Int
        /// Toman charged where known, net of the refunds known (`charged - refunded`).
        package var spent: Int { charged - refunded }
        /// Toman charged where the credit showed it (gross: only ever grows).
        package var charged: Int
        /// Toman refunded where the credit showed it (only ever grows).
        package var refunded: Int
        /// Takes whose charge is unknown (not attributable, or no usable answer): not in `charged`.
        package var unknownCharges: Int
        /// Cancelled or unused expired numbers whose refund is not known yet: not in `refunded`.
        package var unknownRefunds: Int
        /// Listed and charged Toman over the takes where both are known (their ratio is the markup).
        package var listedCompared: Int
        package var chargedCompared: Int
    }

    package struct Totals: Sendable, Equatable {
        package var pairs: [PairTotals]
        /// Seconds from take to first SMS, one per activated number.
        package var firstSMSSeconds: [Double]
    }

    package func totals() async throws -> Totals {
        try await writer.read { db in
            let rows = try Row.fetchAll(db, sql: """
                WITH per_take AS (
                  SELECT t.platform, t.country, t.count, t.state, t.listed_price,
                         COUNT(n.id) AS issued, COUNT(n.charged_price) AS priced,
                         COALESCE(SUM(n.charged_price), 0) AS charged,
                         COALESCE(SUM(n.refunded), 0) AS refunded,
                         COALESCE(SUM(n.refunded IS NULL AND (n.outcome = 'cancelled'
                                      OR (n.outcome = 'expired' AND n.first_sms_ms IS NULL))), 0) AS refunds_unknown,
                         COALESCE(SUM(n.first_sms_ms IS NOT NULL), 0) AS activated
                  FROM number_take t LEFT JOIN number n ON n.take_id = t.id
                  WHERE t.state IN ('issued', 'unknown')
                  GROUP BY t.id)
                SELECT platform, country, SUM(count) AS taken, SUM(activated) AS activated,
                       SUM(charged) AS charged, SUM(refunded) AS refunded, SUM(refunds_unknown) AS refunds_unknown,
                       SUM(issued = 0 OR priced < issued) AS charges_unknown,
                       SUM(CASE WHEN listed_price IS NOT NULL AND issued > 0 AND priced = issued THEN listed_price ELSE 0 END) AS listed_cmp,
                       SUM(CASE WHEN listed_price IS NOT NULL AND issued > 0 AND priced = issued THEN charged ELSE 0 END) AS charged_cmp
                FROM per_take GROUP BY platform, country ORDER BY platform, country
                """)
            let pairs = rows.map { row in
                PairTotals(platform: row["platform"], country: row["country"], taken: row["taken"], activated: row["activated"],
                           charged: row["charged"], refunded: row["refunded"], unknownCharges: row["charges_unknown"],
                           unknownRefunds: row["refunds_unknown"], listedCompared: row["listed_cmp"], chargedCompared: row["charged_cmp"])
            }
            let delays = try Double.fetchAll(db, sql: """
                SELECT (first_sms_ms - taken_ms) / 1000.0 FROM number WHERE first_sms_ms IS NOT NULL
                """)
            return Totals(pairs: pairs, firstSMSSeconds: delays.map { max(0, $0) })
        }
    }
}
