import ProviderAPI
import Synchronization

/// Everything that shapes one simulated provider. Defaults give a lively but well-behaved provider.
public struct SimulatorOptions: Sendable {
    /// The only token the simulated account accepts.
    public var token: String = "demo-token"
    /// Seeds the market, numbers and message codes: the same seed gives the same provider.
    public var seed: UInt64 = 1
    public var startingCredit: Int = 2_000_000
    public var market = MarketParameters()
    /// An SMS arrives this many seconds after the number is issued (uniform), or never.
    public var smsDelaySeconds: ClosedRange<Double> = 20...120
    public var smsProbability: Double = 0.85
    /// Numbers expire this long after they are issued. The document's text says 15 minutes, but
    /// both of its take samples expire 20 minutes after `created_at`: the samples are what the
    /// provider does, so the simulator does the same (and numwatch never assumes either).
    public var numberLifetimeSeconds: Double = 20 * 60
    /// Countries where the provider charges more than it lists, in percent (`["russia": 15]`):
    /// providers of this kind are known to, and the ledger compares the two.
    public var overchargePercent: [String: Int] = [:]
    /// Checking one number faster than this blocks the client for `blockSeconds`.
    public var pollIntervalSeconds: Double = 20
    public var blockSeconds: Double = 60
    /// More takes than this in one (Tehran) day with none activated bans the account.
    public var dailyTakeBan: Int = 50
    public var faults = Faults()
    /// Country names served instead of the catalogue's Persian ones, by country code
    /// (`["chad": "<script>…"]`): a provider's names are its own text, and the hostile-input tests
    /// feed markup, control and bidi characters and very long names through the whole product.
    public var countryNames: [String: String] = [:]

    public init() {}
}

/// Misbehaviour on demand, applied to the provider API's routes (never to `/_sim`).
/// Rates are probabilities per request, 0 to 1.
public struct Faults: Sendable, Codable, Equatable {
    /// A 500 with the documented error body.
    public var errorRate: Double = 0
    /// Extra delay before every answer, in milliseconds.
    public var latencyMs: Int = 0
    /// A 200 whose body is cut off mid-JSON.
    public var malformedRate: Double = 0
    /// A 503 maintenance page in HTML.
    public var htmlRate: Double = 0
    /// The connection is closed before the answer is complete.
    public var dropRate: Double = 0

    public init(errorRate: Double = 0, latencyMs: Int = 0, malformedRate: Double = 0, htmlRate: Double = 0, dropRate: Double = 0) {
        self.errorRate = errorRate
        self.latencyMs = latencyMs
        self.malformedRate = malformedRate
        self.htmlRate = htmlRate
        self.dropRate = dropRate
    }

    enum CodingKeys: String, CodingKey {
        case errorRate = "error_rate", latencyMs = "latency_ms", malformedRate = "malformed_rate"
        case htmlRate = "html_rate", dropRate = "drop_rate"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        errorRate = try c.decodeIfPresent(Double.self, forKey: .errorRate) ?? 0
        latencyMs = try c.decodeIfPresent(Int.self, forKey: .latencyMs) ?? 0
        malformedRate = try c.decodeIfPresent(Double.self, forKey: .malformedRate) ?? 0
        htmlRate = try c.decodeIfPresent(Double.self, forKey: .htmlRate) ?? 0
        dropRate = try c.decodeIfPresent(Double.self, forKey: .dropRate) ?? 0
    }

    /// Every rate in [0, 1] and the latency within a minute.
    public var problem: String? {
        for (name, rate) in [("error_rate", errorRate), ("malformed_rate", malformedRate), ("html_rate", htmlRate), ("drop_rate", dropRate)]
        where !(0...1).contains(rate) {
            return "\(name) must be between 0 and 1 (got \(rate))"
        }
        return (0...60_000).contains(latencyMs) ? nil : "latency_ms must be between 0 and 60000 (got \(latencyMs))"
    }
}

/// The simulator's notion of now: wall time plus whatever `/_sim/advance` has added, or a
/// `ManualWallClock` in tests.
public protocol AdjustableClock: WallClock {
    func advance(seconds: Double)
}

extension ManualWallClock: AdjustableClock {}

/// Real time, movable forward for demos and tests over HTTP.
public final class OffsetWallClock: AdjustableClock {
    private let offset = Mutex<Double>(0)
    public init() {}
    public func now() -> Timestamp { SystemWallClock().now().adding(seconds: offset.withLock { $0 }) }
    public func advance(seconds: Double) { offset.withLock { $0 += max(0, seconds) } }
}
