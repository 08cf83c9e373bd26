import Domain
import Foundation
import ProviderAPI

/// Times as the report prints them: in the configured zone, by arithmetic on the zone's offset
/// (a formatter per request would cost more than the page's queries).
struct ReportTime: Sendable {
    let zone: TimeZone
    /// The zone's offset when it has not changed within retention and will not (UTC, Asia/Tehran
    /// since 2022): a year's chart asks for hundreds of local dates, and the zone's rules are
    /// costly to consult each time.
    private let fixedOffset: Int?

    init(zone: TimeZone) {
        self.zone = zone
        let past = Date(timeIntervalSinceNow: -410 * 86_400)
        fixedOffset = zone.nextDaylightSavingTimeTransition(after: past) == nil ? zone.secondsFromGMT(for: past) : nil
    }

    /// `Asia/Tehran (UTC+03:30)`, for the page's "times in ..." line.
    func label(at time: Int64) -> String {
        zone.identifier == "UTC" || zone.identifier == "GMT" ? "UTC" : "\(zone.identifier) (UTC\(Self.offset(seconds(at: time))))"
    }

    func seconds(at time: Int64) -> Int {
        fixedOffset ?? zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(time)))
    }

    /// Local calendar fields of a Unix time.
    func fields(_ time: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int) {
        let local = time + Int64(seconds(at: time))
        let days = Int(local >= 0 ? local / 86_400 : (local - 86_399) / 86_400)
        let secondOfDay = Int(local - Int64(days) * 86_400)
        let (year, month, day) = Timestamp.civil(fromDays: days)
        return (year, month, day, secondOfDay / 3600, secondOfDay % 3600 / 60)
    }

    /// `2026-01-05 14:07`
    func dateTime(_ time: Int64) -> String {
        let f = fields(time)
        return "\(f.year)-\(Self.two(f.month))-\(Self.two(f.day)) \(Self.two(f.hour)):\(Self.two(f.minute))"
    }

    /// `14:07`
    func clock(_ time: Int64) -> String {
        let f = fields(time)
        return "\(Self.two(f.hour)):\(Self.two(f.minute))"
    }

    /// `Jan 5`
    func day(_ time: Int64) -> String {
        let f = fields(time)
        return "\(Self.months[f.month - 1]) \(f.day)"
    }

    /// Seconds from the local midnight before `time`.
    func secondOfDay(_ time: Int64) -> Int64 {
        let f = fields(time)
        return Int64(f.hour * 3600 + f.minute * 60) + time % 60
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    private static func offset(_ seconds: Int) -> String {
        let sign = seconds < 0 ? "-" : "+"
        let minutes = abs(seconds) / 60
        return String(format: "%@%02d:%02d", sign, minutes / 60, minutes % 60)
    }
}

enum ReportFormat {
    /// `12,500`: prices and stock are whole Toman and whole numbers.
    static func grouped(_ value: Int) -> String { Domain.grouped(value) }

    /// `45 s`, `12 min`, `3 h`, `2 d`: how long ago, to the unit a person reads.
    static func age(_ seconds: Int64) -> String {
        let s = max(0, seconds)
        if s < 90 { return "\(s) s" }
        if s < 90 * 60 { return "\((s + 30) / 60) min" }
        if s < 36 * 3600 { return "\((s + 1800) / 3600) h" }
        return "\((s + 43_200) / 86_400) d"
    }

    /// `3.2 days`, `17 hours`: a runway.
    static func runway(_ seconds: Double) -> String {
        if seconds >= 2 * 86_400 { return String(format: "%.1f days", seconds / 86_400) }
        if seconds >= 2 * 3600 { return String(format: "%.0f hours", seconds / 3600) }
        let minutes = Int(max(0, seconds / 60).rounded())
        return minutes == 1 ? "1 minute" : "\(minutes) minutes"
    }

    /// A price or credit as a provider gave it: `12.50 RUB`, `300 RUB`.
    static func native(_ value: Double, currency: String) -> String {
        let number = value == value.rounded() && abs(value) < 1e15 ? grouped(Int(value)) : String(format: "%.2f", value)
        return "\(number) \(currency)"
    }

    /// A path segment for a platform label (`telegram+whatsapp` stays readable).
    static func path(_ segment: String) -> String {
        segment.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed.subtracting(CharacterSet(charactersIn: "/?#"))) ?? segment
    }

    /// A query value.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? value
    }
}
