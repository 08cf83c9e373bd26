import Domain

/// What the sampler hands the store: one round of samples, ingested in one transaction.
public struct SampleRound: Sendable {
    public var watches: [WatchSample]
    public var credit: CreditSample?

    public init(watches: [WatchSample], credit: CreditSample? = nil) {
        self.watches = watches
        self.credit = credit
    }
}

/// One (platform, country) row as the provider listed it.
public struct ObservedRow: Sendable, Hashable {
    public var country: String
    /// The provider's name for the country (Persian).
    public var name: String
    public var price: Int
    public var stock: Int

    public init(country: String, name: String, price: Int, stock: Int) {
        self.country = country
        self.name = name
        self.price = price
        self.stock = stock
    }
}

/// One pricing call for one watch.
public struct WatchSample: Sendable {
    public var platform: String
    /// Unix seconds.
    public var time: Int64
    /// `ok`, or how the call failed (`timeout`, `rate_limited`, ...).
    package var outcome: SampleOutcome
    public var message: String?
    public var durationSeconds: Double
    /// The rows seen, when `outcome` is `ok`; rows of countries outside the watch are already dropped.
    public var rows: [ObservedRow]
    /// Longest gap between two samples that still counts as continuous observation.
    public var maxGapSeconds: Int64

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
public struct CreditSample: Sendable {
    public var time: Int64
    package var outcome: SampleOutcome
    public var message: String?
    public var durationSeconds: Double
    public var credit: Int?
    public var maxGapSeconds: Int64
    /// When the credit was asked for and when its answer arrived (Unix ms; `time` is the round's
    /// whole second): the ledger places its readings among takes and cancels to the millisecond.
    public var sentMs: Int64?
    public var answeredMs: Int64?

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
public let creditTarget = "credit"
