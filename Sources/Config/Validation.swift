import Domain
import Foundation

/// Typed reads with their bounds: each reports "must be ..." with the value found and returns
/// `nil` when the value is unusable, so that reading goes on and every problem is reported.
extension Value {
    /// A duration within `min...max`; `why` says where a bound comes from.
    func duration(_ d: Diagnostics, atLeast min: Duration, atMost max: Duration? = nil, why: String = "") -> Duration? {
        guard let seconds = duration(d) else { return nil }
        if seconds < min.inSeconds {
            d.report(path, line: line, min == .zero ? "must not be negative" :
                "must be at least \(formatDuration(min.inSeconds))\(why), got \(formatDuration(seconds))")
            return nil
        }
        if let max, seconds > max.inSeconds {
            d.report(path, line: line, "must be at most \(formatDuration(max.inSeconds))\(why), got \(formatDuration(seconds))")
            return nil
        }
        // Every unit the reader takes is a whole number of milliseconds: exact, where
        // `.seconds(Double)` would make 1025ms a hair short of it.
        let milliseconds = (seconds * 1000).rounded()
        return abs(milliseconds) < 9e18 ? .milliseconds(Int64(milliseconds)) : .seconds(seconds)
    }

    /// A whole number within `range` (`1...` or `0...` for "positive" / "not negative").
    func integer(_ d: Diagnostics, in range: ClosedRange<Int>, why: String = "") -> Int? {
        guard let value = integer(d) else { return nil }
        guard range.contains(value) else {
            let bounds = switch (range.lowerBound, range.upperBound) {
            case (0, Int.max): "must not be negative"
            case (1, Int.max): "must be at least 1"
            default: "must be between \(range.lowerBound) and \(range.upperBound)"
            }
            d.report(path, line: line, "\(bounds)\(why), got \(value)")
            return nil
        }
        return value
    }

    /// Service (or country) codes as the provider writes them: lowercased, `a-z 0-9 _ -`.
    func code(_ d: Diagnostics, what: String) -> String? {
        guard let text = nonEmptyText(d, expected: what) else { return nil }
        let code = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard code.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }) else {
            d.report(path, line: line, "\(what) \(shown) may hold only a-z, 0-9, _ and -")
            return nil
        }
        return code
    }

    /// A list of 1 or more codes with no repeats (each repeat is reported where it is).
    func codes(_ d: Diagnostics, what: String, plural: String) -> [String]? {
        guard let items = items(d, of: plural) else { return nil }
        guard !items.isEmpty else {
            d.report(path, line: line, "expected at least one \(what), got \(isNull ? "nothing" : "an empty list")")
            return nil
        }
        var codes: [String] = []
        var valid = true
        for item in items {
            guard let code = item.code(d, what: what) else { valid = false; continue }
            if codes.contains(code) {
                d.report(item.path, line: item.line, "\(code) is listed twice")
                valid = false
            }
            codes.append(code)
        }
        return valid ? codes : nil
    }
}

/// Where a relative path in the file points: next to the file, not the working directory, so
/// `numwatch serve --config /etc/numwatch/numwatch.yml` finds the same files from anywhere.
func resolvePath(_ path: String, relativeTo file: String) -> String {
    let expanded = path.hasPrefix("~") ? (path as NSString).expandingTildeInPath : path
    guard !expanded.hasPrefix("/") else { return expanded }
    let directory = (file as NSString).deletingLastPathComponent
    return directory.isEmpty ? expanded : (directory as NSString).appendingPathComponent(expanded)
}
