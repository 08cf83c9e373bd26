import Foundation

/// A provider timestamp, kept to the microsecond.
///
/// The provider sends ISO 8601 UTC with six fractional digits (`2021-01-11T16:26:50.211439Z`) and,
/// for `expires_at` on some calls, a zone-less `2021-01-11 20:12:13`, which is Tehran's wall time
/// (see `ProviderTime`). `Date` is a
/// binary double and cannot keep every microsecond exactly, so the value is an integer count of
/// microseconds and parsing is done by hand (also: no shared formatter state between threads).
package struct Timestamp: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    package let microsecondsSince1970: Int64

    package init(microsecondsSince1970: Int64) {
        self.microsecondsSince1970 = microsecondsSince1970
    }

    package init(_ date: Date) {
        self.microsecondsSince1970 = Int64((date.timeIntervalSince1970 * 1_000_000).rounded())
    }

    package var date: Date { Date(timeIntervalSince1970: Double(microsecondsSince1970) / 1_000_000) }
    package var secondsSince1970: Double { Double(microsecondsSince1970) / 1_000_000 }

    package static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.microsecondsSince1970 < rhs.microsecondsSince1970
    }

    package func adding(seconds: Double) -> Timestamp {
        Timestamp(microsecondsSince1970: microsecondsSince1970 + Int64((seconds * 1_000_000).rounded()))
    }

    /// ISO 8601 UTC with microseconds, the provider's own form.
    package var iso8601: String {
        let micros = ((microsecondsSince1970 % 1_000_000) + 1_000_000) % 1_000_000
        let seconds = (microsecondsSince1970 - micros) / 1_000_000
        let (y, m, d) = Self.civil(fromDays: Int(floorDivide(seconds, 86_400)))
        let secOfDay = Int(seconds - floorDivide(seconds, 86_400) * 86_400)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
            y, m, d, secOfDay / 3600, secOfDay / 60 % 60, secOfDay % 60, Int(micros))
    }

    package var description: String { iso8601 }

    /// Parses `YYYY-MM-DD[T| ]HH:MM:SS[.fraction][Z|±HH:MM|±HHMM]`; no zone means the provider's
    /// own (Tehran) wall time.
    package init?(parsing text: String) {
        let b = Array(text.utf8)
        func digits(_ at: Int, _ count: Int) -> Int? {
            guard at + count <= b.count else { return nil }
            var value = 0
            for i in at..<(at + count) {
                guard b[i] >= 48, b[i] <= 57 else { return nil }
                value = value * 10 + Int(b[i] - 48)
            }
            return value
        }
        guard b.count >= 19, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"),
              b[10] == UInt8(ascii: "T") || b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "t"),
              b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
              let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
              let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        var i = 19
        var micros = 0
        if i < b.count, b[i] == UInt8(ascii: ".") || b[i] == UInt8(ascii: ",") {
            i += 1
            var scale = 100_000
            let start = i
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                micros += Int(b[i] - 48) * scale  // digits past the sixth are dropped (scale hits 0)
                scale /= 10
                i += 1
            }
            guard i > start else { return nil }
        }
        var offsetSeconds: Int?
        if i < b.count {
            switch b[i] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                offsetSeconds = 0
                i += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = b[i] == UInt8(ascii: "-") ? -1 : 1
                guard let oh = digits(i + 1, 2) else { return nil }
                var j = i + 3
                if j < b.count, b[j] == UInt8(ascii: ":") { j += 1 }
                guard let om = digits(j, 2) else { return nil }
                offsetSeconds = sign * (oh * 3600 + om * 60)
                i = j + 2
            default:
                return nil
            }
        }
        guard i == b.count else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        let wall = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let seconds = offsetSeconds.map { wall - Int64($0) } ?? ProviderTime.instant(fromLocalSeconds: wall)
        self.microsecondsSince1970 = seconds * 1_000_000 + Int64(micros)
    }

    package init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let parsed = Timestamp(parsing: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not a timestamp: \(text.prefix(40))")
        }
        self = parsed
    }

    package func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(iso8601)
    }

    // Howard Hinnant's days_from_civil / civil_from_days (proleptic Gregorian, exact for all years).
    static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's days-to-civil: the proleptic Gregorian date of a day count from 1970-01-01.
    package static func civil(fromDays days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}

func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
    a >= 0 ? a / b : -((-a + b - 1) / b)
}

extension Timestamp {
    /// Unix milliseconds: the ledger's unit.
    package var milliseconds: Int64 { microsecondsSince1970 / 1000 }
    package init(milliseconds: Int64) { self.init(microsecondsSince1970: milliseconds * 1000) }
}
