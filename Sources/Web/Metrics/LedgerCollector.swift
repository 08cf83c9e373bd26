import Domain
import ProviderAPI
import Store
import Synchronization

/// The numbers ledger: numbers taken through numwatch, their activation and cost per (platform,
/// country), the time to the first SMS, and the account's count in the provider's current day.
///
/// Read from the database at each rebuild, so takes by the CLI count as soon as they are written.
/// A read that fails leaves the ledger out of that exposition rather than failing the scrape.
package struct LedgerCollector: MetricsCollector {
    /// Seconds from take to first SMS: an SMS usually comes within a minute or two; a number
    /// lives about 20 minutes.
    package static let firstSMSBuckets: [Double] = [10, 20, 30, 45, 60, 90, 120, 180, 300, 600, 900, 1200]

    let ledger: Ledger
    let account: String
    /// The `provider` label: the provider the account's numbers are taken from.
    let provider: String
    let wallClock: any WallClock
    private let retry = RetryAfterFailure()
    private let recentVersion: RecentValue<Int64>

    /// `versionReadInterval`: how often the database is asked whether another process (the CLI)
    /// wrote the ledger; writes through `ledger` itself show at once.
    package init(ledger: Ledger, account: String, provider: ProviderName = .main, wallClock: any WallClock = SystemWallClock(),
                 versionReadInterval: Duration = .seconds(1)) {
        self.ledger = ledger
        self.provider = provider.rawValue
        recentVersion = RecentValue(maxAge: versionReadInterval)
        self.account = account
        self.wallClock = wallClock
    }

    /// The ledger's version (bumped by every write, by any process; read at most once per
    /// `versionReadInterval`), this process's own writes, and the minute, mixed: the cached
    /// exposition is rebuilt when any changes (at Tehran midnight today's gauges drop to zero, and
    /// takes leave the last 24 hours, without a write).
    package var generation: UInt64 {
        get async {
            if let fresh = retry.pendingGeneration() { return fresh }
            guard let version = await recentVersion.value(orRead: { try await ledger.version() }) else { return retry.failed() }
            return generation(version: version)
        }
    }

    /// Known without waiting while the version read last is recent and the ledger is healthy.
    package var readyGeneration: UInt64? {
        guard !retry.isFailing, let version = recentVersion.recent else { return nil }
        return generation(version: version)
    }

    private func generation(version: Int64) -> UInt64 {
        // Minutes from 1970 (far below 2^31; Tehran's midnight falls on a minute) above bit 32,
        // the version below, the local count spread over all bits so that small counts cannot
        // cancel out; the top bit stays clear for `RetryAfterFailure`.
        let minute = wallClock.now().microsecondsSince1970 / 60_000_000
        let local = ledger.localWrites.value &* 0x9E37_79B9  // spread: small counts must not cancel the version's
        let recovered = retry.recoveries &* 0xC2B2_AE3D_27D4_EB4F
        return (UInt64(truncatingIfNeeded: minute) << 32 ^ UInt64(truncatingIfNeeded: version) ^ local ^ recovered) & ~(1 << 63)
    }

    package func collect(into w: inout ExpositionWriter) async {
        let now = wallClock.now()
        let day = ProviderTime.day(of: now)
        let totals: Ledger.Totals
        let windows: Ledger.Windows
        do {
            totals = try await ledger.totals()
            windows = try await ledger.windows(
                account: account, nowMs: now.milliseconds, tehranDay: day.start.milliseconds..<day.end.milliseconds)
        } catch {
            retry.failed()
            return
        }
        retry.succeeded()

        func pairs(_ name: String, _ kind: ExpositionWriter.Kind, help: String, _ value: (Ledger.PairTotals) -> Int) {
            w.family(name, kind, help: help)
            for pair in totals.pairs {
                w.sample(name, ["provider": provider, "platform": pair.platform, "country": pair.country], value(pair))
            }
        }
        pairs("numwatch_numbers_taken_total", .counter,
              help: "Numbers taken through numwatch (one per service of a bundle), including takes whose outcome is unknown: the provider may have issued them.",
              \.taken)
        pairs("numwatch_numbers_activated_total", .counter,
              help: "Numbers taken through numwatch that received an SMS.", \.activated)
        // A counter never goes down, and a refund is known only minutes after its charge: the
        // counters are gross charges and refunds as they become known, the net is a gauge.
        pairs("numwatch_numbers_spent_toman_total", .counter,
              help: "Toman charged for numbers taken through numwatch, read from the credit's drop across each take where it could be attributed (gross: refunds are numwatch_numbers_refunded_toman_total).",
              \.charged)
        pairs("numwatch_numbers_refunded_toman_total", .counter,
              help: "Toman refunded for numbers taken through numwatch (cancelled or expired unused), read from the credit's rise, as each refund becomes known.",
              \.refunded)
        pairs("numwatch_numbers_net_spent_toman", .gauge,
              help: "Toman charged minus Toman refunded for numbers taken through numwatch, where known (a refund known later lowers it).",
              \.spent)
        pairs("numwatch_numbers_listed_toman_total", .counter,
              help: "Listed price in Toman of the takes whose listed and charged prices are both known (charged / listed is the markup).",
              \.listedCompared)
        pairs("numwatch_numbers_charged_toman_total", .counter,
              help: "Toman charged for the takes whose listed and charged prices are both known (charged / listed is the markup).",
              \.chargedCompared)

        w.family("numwatch_number_first_sms_seconds", .histogram,
                 help: "Seconds from taking a number through numwatch to its first SMS, for the numbers that received one.")
        w.histogram("numwatch_number_first_sms_seconds", Histogram(upperBounds: Self.firstSMSBuckets, observations: totals.firstSMSSeconds))

        w.family("numwatch_numbers_taken_today", .gauge,
                 help: "Numbers taken through numwatch for this account in the provider's current (Tehran) day: the provider bans past 50 with none activated.")
        w.sample("numwatch_numbers_taken_today", ["provider": provider], windows.tehranDay.taken)
        w.family("numwatch_numbers_activated_today", .gauge,
                 help: "Of the numbers taken in the provider's current (Tehran) day, those that received an SMS.")
        w.sample("numwatch_numbers_activated_today", ["provider": provider], windows.tehranDay.activated)

        // The document's "in a day" may be either: the ban guard counts both windows.
        w.family("numwatch_numbers_taken_window", .gauge,
                 help: "Numbers taken through numwatch for this account in the provider's Tehran day (window=\"tehran_day\") and in the last 24 hours (window=\"24h\"): the provider bans past 50 in a day with none activated, without saying which day.")
        for count in windows.all { w.sample("numwatch_numbers_taken_window", ["provider": provider, "window": count.window.rawValue], count.taken) }
        w.family("numwatch_numbers_activated_window", .gauge,
                 help: "Of the numbers taken in each window, those that received an SMS.")
        for count in windows.all { w.sample("numwatch_numbers_activated_window", ["provider": provider, "window": count.window.rawValue], count.activated) }
    }
}

/// A value read at most once per `maxAge` (a failed read is not kept): every scrape asks for the
/// ledger's version and the database's size, and reading them per scrape would cost more than
/// serving the cached exposition under load. A take by the CLI shows on /metrics at most a second late.
final class RecentValue<Value: Sendable>: Sendable {
    private let maxAge: Duration
    private let cached = Mutex<(value: Value, at: ContinuousClock.Instant)?>(nil)

    init(maxAge: Duration) { self.maxAge = maxAge }

    /// The value read last, if it is younger than `maxAge`; `nil` when a read is due.
    var recent: Value? {
        guard let hit = cached.withLock({ $0 }), ContinuousClock.now - hit.at < maxAge else { return nil }
        return hit.value
    }

    func value(orRead read: () async throws -> Value) async -> Value? {
        if let recent { return recent }
        let now = ContinuousClock.now
        guard let value = try? await read() else {
            cached.withLock { $0 = nil }
            return nil
        }
        cached.withLock { $0 = (value, now) }
        return value
    }
}

/// After a failed read, a new generation at every scrape until a collection succeeds, so that the
/// exposition built without the ledger is not served from the cache once the database is back.
private final class RetryAfterFailure: Sendable {
    private struct State {
        var failing = false
        var attempts: UInt64 = 0
        /// Failures recovered from: mixed into the healthy generation, so that pieces a format kept
        /// from a failed collection are not reused after another format's collection succeeded.
        var recoveries: UInt64 = 0
    }

    private let state = Mutex(State())

    /// A generation no healthy ledger has (top bit set), different at each call.
    @discardableResult
    func failed() -> UInt64 {
        state.withLock { s in
            s.failing = true
            s.attempts &+= 1
            return 1 << 63 | s.attempts
        }
    }

    func succeeded() {
        state.withLock { s in
            if s.failing { s.recoveries &+= 1 }
            s.failing = false
        }
    }

    var recoveries: UInt64 { state.withLock { $0.recoveries } }

    var isFailing: Bool { state.withLock { $0.failing } }

    func pendingGeneration() -> UInt64? {
        state.withLock { s in
            guard s.failing else { return nil }
            s.attempts &+= 1
            return 1 << 63 | s.attempts
        }
    }
}
