import Domain

/// What the sampler hands the store: one round of samples, ingested in one transaction.
package struct SampleRound: Sendable {
    package var watches: [WatchSample]
    package var credit: CreditSample?

    package init(watches: [WatchSample], credit: CreditSample? = nil) {
        self.watches = watches
        self.credit = credit
    }
}

/// One (platform, country) row as the provider listed it.
package struct ObservedRow: Sendable, Hashable {
    package var country: String
    /// The provider's name for the country (Persian).
    package var name: String
    package var price: Int
    package var stock: Int

    package init(country: String, name: String, price: Int, stock: Int) {
        self.country = country
        self.name = name
        self.price = price
        self.stock = stock
    }
}

/// One pricing call for one watch.
package struct WatchSample: Sendable {
    package var platform: String
    /// Unix seconds.
    package var time: Int64
    /// `ok`, or how the call failed (`timeout`, `rate_limited`, ...).
    package var outcome: SampleOutcome
    package var message: String?
    package var durationSeconds: Double
    /// The rows seen, when `outcome` is `ok`; rows of countries outside the watch are already dropped.
    package var rows: [ObservedRow]
    /// Longest gap between two samples that still counts as continuous observation.
    package var maxGapSeconds: Int64

    package init(
        platform: String, time: Int64, outcome: SampleOutcome = .ok, message: String? = nil,
        durationSeconds: Double = 0, rows: [ObservedRow] = [], maxGapSeconds: Int64 = 180
    ) {
        self.platform = platform
        self.time = time
        self.outcome = outcome
        self.message = message
        self.durationSeconds = durationSeconds
        self.rows = rows
        self.maxGapSeconds = maxGapSeconds
    }
}

/// One credit call.
package struct CreditSample: Sendable {
    package var time: Int64
    package var outcome: SampleOutcome
    package var message: String?
    package var durationSeconds: Double
    package var credit: Int?
    package var maxGapSeconds: Int64
    /// When the credit was asked for and when its answer arrived (Unix ms; `time` is the round's
    /// whole second): the ledger places its readings among takes and cancels to the millisecond.
    package var sentMs: Int64?
    package var answeredMs: Int64?

    package init(time: Int64, outcome: SampleOutcome = .ok, message: String? = nil, durationSeconds: Double = 0, credit: Int?, maxGapSeconds: Int64 = 180,
                sentMs: Int64? = nil, answeredMs: Int64? = nil) {
        self.sentMs = sentMs
        self.answeredMs = answeredMs
        self.time = time
        self.outcome = outcome
        self.message = message
        self.durationSeconds = durationSeconds
        self.credit = credit
        self.maxGapSeconds = maxGapSeconds
    }
}

/// The `sample_run` target name of the credit calls.
package let creditTarget = "credit"
