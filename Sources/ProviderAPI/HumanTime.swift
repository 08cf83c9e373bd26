import Domain
import Foundation

/// Times printed for people: `10:19:10 UTC (in 19 min)`, the date only when it is not today.
package struct HumanTime: Sendable {
    package let zone: TimeZone
    package let now: Timestamp

    package init(zone: TimeZone = TimeZone(identifier: "UTC")!, now: Timestamp) {
        self.zone = zone
        self.now = now
    }

    package func format(_ time: Timestamp) -> String {
        let offset = zone.secondsFromGMT(for: time.date)
        let local = time.adding(seconds: Double(offset)).iso8601
        let today = now.adding(seconds: Double(zone.secondsFromGMT(for: now.date))).iso8601.prefix(10)
        let clock = String(local.dropFirst(11).prefix(8))
        let day = local.prefix(10) == today ? "" : String(local.prefix(10)) + " "
        let name = zone.identifier == "UTC" || zone.identifier == "GMT" ? "UTC" : (zone.abbreviation(for: time.date) ?? zone.identifier)
        return "\(day)\(clock) \(name) (\(Self.relative(time.secondsSince1970 - now.secondsSince1970)))"
    }

    /// `in 19 min`, `3 h 5 min ago`, `now`.
    package static func relative(_ seconds: Double) -> String {
        let s = Int(abs(seconds).rounded())
        guard s >= 1 else { return "now" }
        let text = switch s {
        case ..<60: "\(s) s"
        case ..<3_600: "\(s / 60) min"
        case ..<86_400: s % 3_600 / 60 == 0 ? "\(s / 3_600) h" : "\(s / 3_600) h \(s % 3_600 / 60) min"
        default: "\(s / 86_400) d \(s % 86_400 / 3_600) h"
        }
        return seconds > 0 ? "in \(text)" : "\(text) ago"
    }
}
