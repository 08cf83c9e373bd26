import Domain

/// What the sampler hands the store: one round of samples, ingested in one transaction.
package struct SampleRound: Sendable {
    package var watches: [WatchSample]
    /// At most one per provider.
    package var credits: [CreditSample]

    package init(watches: [WatchSample], credits: [CreditSample] = []) {
        self.watches = watches
        self.credits = credits
    }

    package init(watches: [WatchSample], credit: CreditSample?) {
        self.init(watches: watches, credits: credit.map { [$0] } ?? [])
    }

    /// The credit sample of the provider `main` (the only one before there were several).
    package var credit: CreditSample? { credits.first { $0.provider == .main } }
}

/// One (platform, country) row as the provider listed it.
package struct ObservedRow: Sendable, Hashable {
    package var country: String
    /// The provider's name for the country (the seed provider's is Persian).
    package var name: String
    /// In Toman, at the provider's configured rate: what compares across providers.
    package var price: Int
    package var stock: Int
    /// The price as read, in the provider's currency; nil where that is the Toman.
    package var native: Double?
    /// Where the price came from below the country (5sim's cheapest operator), for the report.
    package var detail: String?

    package init(country: String, name: String, price: Int, stock: Int, native: Double? = nil, detail: String? = nil) {
        self.country = country
        self.name = name
        self.price = price
        self.stock = stock
        self.native = native
        self.detail = detail
    }
}

/// A platform as sampled from one provider: the unit of the history, the sample runs and the
/// exported series.
package struct PlatformKey: Sendable, Hashable, Comparable {
    package var provider: ProviderName
    package var platform: String

    package init(_ provider: ProviderName, _ platform: String) {
        self.provider = provider
        self.platform = platform
    }

    package static func < (a: PlatformKey, b: PlatformKey) -> Bool {
        (a.provider.rawValue, a.platform) < (b.provider.rawValue, b.platform)
    }
}

/// One pricing call for one watch.
package struct WatchSample: Sendable {
    package var provider: ProviderName
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
        provider: ProviderName = .main, platform: String, time: Int64, outcome: SampleOutcome = .ok, message: String? = nil,
        durationSeconds: Double = 0, rows: [ObservedRow] = [], maxGapSeconds: Int64 = 180
    ) {
        self.provider = provider
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
    package var provider: ProviderName
    package var time: Int64
    package var outcome: SampleOutcome
    package var message: String?
    package var durationSeconds: Double
    /// In Toman, at the provider's configured rate.
    package var credit: Int?
    /// As read, in the provider's currency; nil where that is the Toman.
    package var native: Double?
    package var maxGapSeconds: Int64
    /// When the credit was asked for and when its answer arrived (Unix ms; `time` is the round's
    /// whole second): the ledger places its readings among takes and cancels to the millisecond.
    package var sentMs: Int64?
    package var answeredMs: Int64?

    package init(provider: ProviderName = .main, time: Int64, outcome: SampleOutcome = .ok, message: String? = nil, durationSeconds: Double = 0,
                credit: Int?, native: Double? = nil, maxGapSeconds: Int64 = 180, sentMs: Int64? = nil, answeredMs: Int64? = nil) {
        self.provider = provider
        self.native = native
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

/// Where the sample runs of a target are kept: one provider's platform, or its credit.
struct RunKey: Hashable, Sendable {
    var provider: ProviderName
    var target: String
}
