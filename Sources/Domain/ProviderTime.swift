import Foundation
import Synchronization

/// The provider's own clock: Tehran.
///
/// The document's samples show it. Number `Yer0MyGxWb` expires `2021-01-11T16:42:13.851362Z` in
/// the bundle take answer and `"2021-01-11 20:12:13"` in the check answer: the zone-less form is
/// the same instant in Tehran's wall time (+03:30 that January). The provider also counts its
/// "50 numbers a day" ban per calendar day, and a business in Iran counts days in Tehran.
///
/// The IANA zone, not a fixed +03:30: Iran kept summer time (+04:30) until 2022, and the samples
/// themselves date from 2021.
package enum ProviderTime {
    package static let zone = TimeZone(identifier: "Asia/Tehran") ?? TimeZone(secondsFromGMT: 12_600)!

    /// Seconds Tehran is ahead of UTC at `instant`.
    package static func offset(at instant: Timestamp) -> Int {
        zone.secondsFromGMT(for: instant.date)
    }

    /// The instant whose Tehran wall time is `localSeconds` (seconds since 1970-01-01 00:00 of
    /// the wall clock), for reading the provider's zone-less times. A wall time in an hour that a
    /// summer-time change skipped or repeated (before 2022) is read with one of the two offsets.
    package static func instant(fromLocalSeconds localSeconds: Int64) -> Int64 {
        let guess = localSeconds - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(localSeconds - 12_600))))
        let settled = localSeconds - Int64(zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(guess))))
        return min(guess, settled)
    }

    /// The provider's calendar day holding `instant`: its start and end (exclusive) and its date.
    /// Foundation's calendar finds the day's bounds, also on days when midnight was skipped. The
    /// last day found is kept: /metrics asks at every scrape, and it is almost always today.
    package static func day(of instant: Timestamp) -> ProviderDay {
        if let day = lastDay.withLock({ $0 }), day.start <= instant, instant < day.end { return day }
        let day = computeDay(of: instant)
        lastDay.withLock { $0 = day }
        return day
    }

    private static let lastDay = Mutex<ProviderDay?>(nil)

    private static func computeDay(of instant: Timestamp) -> ProviderDay {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let start = calendar.startOfDay(for: instant.date)
        let end = calendar.date(byAdding: .day, value: 1, to: start).map(calendar.startOfDay(for:)) ?? start.addingTimeInterval(86_400)
        let parts = calendar.dateComponents([.year, .month, .day], from: start)
        return ProviderDay(
            start: Timestamp(start), end: Timestamp(end),
            date: String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0))
    }

    /// `2021-01-11 20:12:13`: the check answer's zone-less form of `instant`, in Tehran.
    package static func zonelessForm(_ instant: Timestamp) -> String {
        let local = instant.adding(seconds: Double(offset(at: instant)))
        let iso = local.iso8601
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(8))
    }
}

/// One calendar day of the provider (Tehran): the span its daily ban counts.
package struct ProviderDay: Sendable, Hashable {
    package let start: Timestamp
    package let end: Timestamp
    /// `2026-11-29`
    package let date: String
}
