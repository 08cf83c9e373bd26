import Domain
import ProviderAPI
import Synchronization

/// Everything that shapes one simulated provider. Defaults give a lively but well-behaved provider.
package struct SimulatorOptions: Sendable {
    /// The only token the simulated account accepts.
    package var token: String = "demo-token"
    /// Which provider's API it serves: the seed document's (`api/v1/...`), sms-activate's
    /// `handler_api.php` or 5sim's `/v1/...`. One seeded market drives all three.
    package var kind: ProviderKind = .myonlinesim
    /// The foreign protocols' currency (roubles) in Toman: the market's Toman prices and the credit
    /// are shown at this rate (times each provider's own factor per cell).
    package var tomanPerUnit: Double = 450
    /// Seeds the market, numbers and message codes: the same seed gives the same provider.
    package var seed: UInt64 = 1
    package var startingCredit: Int = 2_000_000
    package var market = MarketParameters()
    /// An SMS arrives this many seconds after the number is issued (uniform), or never.
    package var smsDelaySeconds: ClosedRange<Double> = 20...120
    package var smsProbability: Double = 0.85
    /// Numbers expire this long after they are issued. The document's text says 15 minutes, but
    /// both of its take samples expire 20 minutes after `created_at`: the samples are what the
    /// provider does, so the simulator does the same (and numwatch never assumes either).
    package var numberLifetimeSeconds: Double = 20 * 60
    /// Countries where the provider charges more than it lists, in percent (`["russia": 15]`):
    /// providers of this kind are known to, and the ledger compares the two.
    package var overchargePercent: [String: Int] = [:]
    /// Checking one number faster than this blocks the client for `blockSeconds`.
    package var pollIntervalSeconds: Double = 20
    package var blockSeconds: Double = 60
    /// More takes than this in one day with none activated bans the account.
    package var dailyTakeBan: Int = 50
    // The readings of the document's open sentences (docs/provider-api.md's table): numwatch's
    // tests play each, so that its guards and ledger cannot rest on one pick.
    /// Which day the ban counts: Tehran's calendar day or the last 24 hours.
    package var banDay: BanDayReading = .calendar
    /// What the poll limit counts: each number's checks or the account's.
    package var pollScope: PollScope = .number
    /// What a bundle take's `price` on each row is: the row's share or the bundle's price repeated.
    package var bundlePrice: BundlePriceReading = .share
    /// Whether a cancel and an unused expiry give the price back.
    package var refunds = true
    package var faults = Faults()
    /// Country names served instead of the catalogue's Persian ones, by country code
    /// (`["chad": "<script>…"]`): a provider's names are its own text, and the hostile-input tests
    /// feed markup, control and bidi characters and very long names through the whole product.
    package var countryNames: [String: String] = [:]
    /// How SMS pushes are POSTed: JSON (the default), a urlencoded form or multipart.
    package var pushEncoding: PushEncoding = .json
    /// What each message's `is_received` says: 1 (as in the document), 0, or no field.
    package var isReceived: IsReceivedFlag = .one

    package init() {}
}

/// Misbehaviour on demand, applied to the provider API's routes (never to `/_sim`).
/// Rates are probabilities per request, 0 to 1; `mode` makes every request misbehave one way, and
/// `listing` changes what the pricing answers list (see `FaultMode` and `ListingFault`).
package struct Faults: Sendable, Codable, Equatable {
    /// A 500 with the documented error body.
    package var errorRate: Double = 0
    /// Extra delay before every answer, in milliseconds.
    package var latencyMs: Int = 0
    /// A 200 whose body is cut off mid-JSON.
    package var malformedRate: Double = 0
    /// A 503 maintenance page in HTML.
    package var htmlRate: Double = 0
    /// The connection is closed before the answer is complete.
    package var dropRate: Double = 0
    /// Every API request gets this fault (checked before the rates).
    package var mode: FaultMode?
    /// A request gets one of `anyModes` (default: every `FaultMode`), picked at random, with this probability.
    package var anyRate: Double = 0
    package var anyModes: [FaultMode]?
    /// The `Retry-After` of a `rate_limited` answer, in seconds.
    package var retryAfter: Int = 30
    /// How pricing answers misreport the list of countries.
    package var listing: ListingFault?

    package init(
        errorRate: Double = 0, latencyMs: Int = 0, malformedRate: Double = 0, htmlRate: Double = 0, dropRate: Double = 0,
        mode: FaultMode? = nil, anyRate: Double = 0, anyModes: [FaultMode]? = nil, retryAfter: Int = 30, listing: ListingFault? = nil
    ) {
        self.errorRate = errorRate
        self.latencyMs = latencyMs
        self.malformedRate = malformedRate
        self.htmlRate = htmlRate
        self.dropRate = dropRate
        self.mode = mode
        self.anyRate = anyRate
        self.anyModes = anyModes
        self.retryAfter = retryAfter
        self.listing = listing
    }

    enum CodingKeys: String, CodingKey {
        case errorRate = "error_rate", latencyMs = "latency_ms", malformedRate = "malformed_rate"
        case htmlRate = "html_rate", dropRate = "drop_rate", mode, anyRate = "any_rate", anyModes = "any_modes", retryAfter = "retry_after", listing
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errorRate = try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        latencyMs = try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0
        malformedRate = try c.decodeIfPresent(Double.self, forKey: .malformedRate) ?? 0
        htmlRate = try c.decodeIfPresent(Double.self, forKey: .htmlRate) ?? 0
        dropRate = try c.decodeIfPresent(Double.self, forKey: .dropRate) ?? 0
        mode = try c.decodeIfPresent(FaultMode.self, forKey: .mode)
        anyRate = try c.decodeIfPresent(Double.self, forKey: .anyRate) ?? 0
        anyModes = try c.decodeIfPresent([FaultMode].self, forKey: .anyModes)
        retryAfter = try c.decodeIfPresent(Int.self, forKey: .retryAfter) ?? 30
        listing = try c.decodeIfPresent(ListingFault.self, forKey: .listing)
    }

    /// Every rate in [0, 1] and the latency within a minute.
    package var problem: String? {
        let rates = [("error_rate", errorRate), ("malformed_rate", malformedRate), ("html_rate", htmlRate), ("drop_rate", dropRate),
                     ("any_rate", anyRate)]
        for (name, rate) in rates where !(0...1).contains(rate) {
            return "\(name) must be between 0 and 1 (got \(rate))"
        }
        if anyModes?.isEmpty == true { return "any_modes must name at least one mode" }
        if !(0...3_600).contains(retryAfter) { return "retry_after must be between 0 and 3600 (got \(retryAfter))" }
        return (0...60_000).contains(latencyMs) ? nil : "latency_ms must be between 0 and 60000 (got \(latencyMs))"
    }
}

/// "More than 50 numbers in a day" (در روز): which day.
package enum BanDayReading: String, Sendable, CaseIterable, Codable {
    /// Tehran's calendar day.
    case calendar
    /// The 24 hours before each take.
    case rolling
}

/// The `price` on each row of a bundle take's answer.
package enum BundlePriceReading: String, Sendable, CaseIterable, Codable {
    /// Each service's share; the rows add up to the charge.
    case share
    /// The bundle's price, repeated on every row.
    case total
}

/// One way for the provider to misbehave, as seen in the wild from providers of this kind.
package enum FaultMode: String, Sendable, Codable, CaseIterable {
    /// 500 with the documented error body.
    case error
    /// 503 with a maintenance page in HTML.
    case html
    /// 401 "Unauthenticated." (a revoked token).
    case unauthorized
    /// 302 to the login page, as to a client that did not ask for JSON.
    case loginRedirect = "login_redirect"
    /// 429 "Too Many Attempts." with `Retry-After`.
    case rateLimited = "rate_limited"
    /// 403 "blocked for polling too fast", without `Retry-After`.
    case pollBlock = "poll_block"
    /// 403: the account is blocked (the 50-a-day ban).
    case banned
    /// 200 whose JSON is cut off.
    case truncated
    /// 200 whose body is not JSON at all (a PHP warning).
    case garbage
    /// 200 with valid JSON of the wrong shape.
    case wrongShape = "wrong_shape"
    /// 200 with a body of 6 MiB, over any sane client's cap.
    case oversize
    /// The connection closes mid-answer.
    case drop
    /// The answer takes 30 s: longer than a client should wait.
    case slow
}

/// How a pricing answer misreports its countries (the rows themselves are real).
package enum ListingFault: String, Sendable, Codable, CaseIterable {
    /// Every other country is left out.
    case shrink
    /// A country the catalogue does not have appears ("atlantis").
    case grow
    /// The first country is listed twice, the second time dearer.
    case `repeat`
}

/// The simulator's notion of now: wall time plus whatever `/_sim/advance` has added, or a
/// `ManualWallClock` in tests.
package protocol AdjustableClock: WallClock {
    func advance(seconds: Double)
}

extension ManualWallClock: AdjustableClock {}

/// Real time, movable forward for demos and tests over HTTP.
package final class OffsetWallClock: AdjustableClock {
    private let offset: Mutex<Double>
    /// `offsetSeconds` from real time, e.g. a week back for a demo that fills its history first.
    package init(offsetSeconds: Double = 0) { offset = Mutex(offsetSeconds) }
    package func now() -> Timestamp { SystemWallClock().now().adding(seconds: offset.withLock { $0 }) }
    package func advance(seconds: Double) { offset.withLock { $0 += max(0, seconds) } }
}
