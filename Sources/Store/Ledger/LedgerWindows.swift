import GRDB

/// The span the provider's ban counts. Its document says "more than 50 numbers in a day with none
/// activated" (در روز) without saying which day: Tehran's calendar day or the last 24 hours. The
/// ban guard counts both and refuses when either is full, so that neither reading can ban the
/// account (45 takes at 23:50 and 45 more at 00:10 fill no calendar day, but one 24 hours).
package enum TakeWindow: String, Sendable, CaseIterable, Codable {
    /// The provider's calendar day, in Tehran.
    case tehranDay = "tehran_day"
    /// The 24 hours up to now.
    case last24Hours = "24h"

    /// As a sentence names it.
    package var phrase: String {
        switch self {
        case .tehranDay: "the provider's day (Tehran)"
        case .last24Hours: "the last 24 hours"
        }
    }
}

extension Ledger {
    static let dayMs: Int64 = 86_400_000

    /// Numbers taken in one window, how many of those were activated, and how many count towards
    /// the ban: in the Tehran day, all of them while none is activated (an activation clears the
    /// day); in the last 24 hours, those taken after the window's newest activated take. The
    /// provider may look at its 24 hours at any moment, not only at a take: once the activated
    /// take leaves them, the takes after it are a window with none activated.
    package struct WindowCount: Sendable, Equatable {
        package var window: TakeWindow
        package var taken: Int
        package var activated: Int
        package var sinceActivation: Int

        package init(window: TakeWindow, taken: Int, activated: Int, sinceActivation: Int? = nil) {
            self.window = window
            self.taken = taken
            self.activated = activated
            self.sinceActivation = sinceActivation ?? (activated == 0 ? taken : 0)
        }
    }

    /// Both windows at one moment.
    package struct Windows: Sendable, Equatable {
        package var tehranDay: WindowCount
        package var last24Hours: WindowCount
        package var all: [WindowCount] { [tehranDay, last24Hours] }

        /// The window nearer the ban: of those with none activated, the one holding more takes;
        /// when both have an activation, the one holding more. The metrics' alert, the report and
        /// NumwatchBanRisk read this one.
        package var fuller: WindowCount {
            all.max { ($0.sinceActivation, $0.taken) < ($1.sinceActivation, $1.taken) }!
        }
    }

    /// Counts both windows at `nowMs`; `tehranDay` is the provider's day holding it (start
    /// inclusive, end exclusive, from `ProviderTime.day`). Pending takes count, as the ban might.
    /// The last 24 hours have no upper bound: another process whose clock read a moment later
    /// may have committed its take first, and it counts all the same.
    package static func windows(_ db: Database, account: String, nowMs: Int64, tehranDay: Range<Int64>) throws -> Windows {
        let day = try count(db, account: account, window: .tehranDay, from: tehranDay.lowerBound, until: tehranDay.upperBound)
        var rolling = try count(db, account: account, window: .last24Hours, from: rollingStart(nowMs), until: .max)
        rolling.sinceActivation = try sinceNewestActivation(db, account: account, from: rollingStart(nowMs)).taken
        return Windows(tehranDay: day, last24Hours: rolling)
    }

    /// The provider stamps a take when it arrives, by its own clock; numwatch stamps it before
    /// sending, by its. A take counts in "the last 24 hours" this much longer, so that neither the
    /// request's time nor a few minutes of skew between the clocks lets one out early.
    static let rollingMarginMs: Int64 = 5 * 60_000

    /// The first moment (ms) of "the last 24 hours" at `nowMs`, with the margin.
    static func rollingStart(_ nowMs: Int64) -> Int64 { nowMs - dayMs - rollingMarginMs + 1 }

    /// The takes of the window from `from` made after its newest activated take (all of them when
    /// none is activated), oldest first, with their total.
    private static func sinceNewestActivation(_ db: Database, account: String, from: Int64) throws -> (taken: Int, takes: [Row]) {
        let newest = try Int64.fetchOne(db, sql: """
            SELECT MAX(number_take.requested_ms) FROM number JOIN number_take ON number_take.id = number.take_id
            WHERE account = ? AND requested_ms >= ? AND number.first_sms_ms IS NOT NULL
            """, arguments: [account, from]) ?? (from - 1)
        let takes = try Row.fetchAll(db, sql: """
            SELECT requested_ms, count FROM number_take
            WHERE account = ? AND requested_ms > ? AND state != 'refused'
            ORDER BY requested_ms
            """, arguments: [account, newest])
        return (takes.reduce(0) { $0 + ($1["count"] as Int) }, takes)
    }

    /// The next moment (ms) at which time alone changes the windows at `nowMs`: the day's end, or
    /// the oldest take in the last 24 hours leaving them, whichever comes first.
    package static func windowsMove(_ db: Database, account: String, nowMs: Int64, tehranDay: Range<Int64>) throws -> Int64 {
        let oldest = try Int64.fetchOne(db, sql: """
            SELECT MIN(requested_ms) FROM number_take WHERE account = ? AND requested_ms >= ? AND state != 'refused'
            """, arguments: [account, rollingStart(nowMs)])
        return min(tehranDay.upperBound, oldest.map { $0 + dayMs + rollingMarginMs } ?? .max)
    }

    package func windows(account: String, nowMs: Int64, tehranDay: Range<Int64>) async throws -> Windows {
        try await writer.read { try Self.windows($0, account: account, nowMs: nowMs, tehranDay: tehranDay) }
    }

    private static func count(_ db: Database, account: String, window: TakeWindow, from: Int64, until: Int64) throws -> WindowCount {
        let row = try Row.fetchOne(db, sql: """
            SELECT
              (SELECT COALESCE(SUM(count), 0) FROM number_take
                 WHERE account = ?1 AND requested_ms >= ?2 AND requested_ms < ?3 AND state != 'refused') AS taken,
              (SELECT COUNT(*) FROM number JOIN number_take ON number_take.id = number.take_id
                 WHERE account = ?1 AND requested_ms >= ?2 AND requested_ms < ?3 AND number.first_sms_ms IS NOT NULL) AS activated
            """, arguments: [account, from, until])
        return WindowCount(window: window, taken: row?["taken"] ?? 0, activated: row?["activated"] ?? 0)
    }

    /// Why a take was refused: the windows it would pass the limit in, and when a take of the
    /// same size is allowed again if nothing is activated meanwhile (nil: never, the take alone
    /// is over the limit).
    package struct TakeRefusal: Sendable, Equatable {
        package var full: [WindowCount]
        package var limit: Int
        package var requested: Int
        package var allowedAgainMs: Int64?

        package init(full: [WindowCount], limit: Int, requested: Int, allowedAgainMs: Int64?) {
            self.full = full
            self.limit = limit
            self.requested = requested
            self.allowedAgainMs = allowedAgainMs
        }
    }

    /// The ban guard's decision, inside the take's write transaction: nil when `count` more
    /// numbers fit in both windows.
    static func refusal(_ db: Database, _ request: TakeRequest, limit: Int) throws -> TakeRefusal? {
        let counts = try windows(db, account: request.account, nowMs: request.atMs, tehranDay: request.tehranDay)
        let full = counts.all.filter { $0.sinceActivation + request.count > limit }
        guard !full.isEmpty else { return nil }
        guard request.count <= limit else { return TakeRefusal(full: full, limit: limit, requested: request.count, allowedAgainMs: nil) }
        // Both windows only empty with time: the later of the two moments allows it in both.
        var allowed = request.atMs
        for window in full {
            switch window.window {
            case .tehranDay:
                allowed = max(allowed, request.tehranDay.upperBound)
            case .last24Hours:
                allowed = max(allowed, try rollingRoom(db, request, limit: limit))
            }
        }
        return TakeRefusal(full: full, limit: limit, requested: request.count, allowedAgainMs: allowed)
    }

    /// When enough of the takes since the last 24 hours' newest activation have left the window
    /// for `request.count` more.
    private static func rollingRoom(_ db: Database, _ request: TakeRequest, limit: Int) throws -> Int64 {
        let (taken, takes) = try sinceNewestActivation(db, account: request.account, from: rollingStart(request.atMs))
        var remaining = taken
        for take in takes {
            remaining -= take["count"] as Int
            if remaining + request.count <= limit { return take["requested_ms"] as Int64 + dayMs + rollingMarginMs }
        }
        return request.atMs + dayMs + rollingMarginMs
    }
}
