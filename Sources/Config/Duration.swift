/// Durations as Prometheus writes them: `30s`, `5m`, `1h30m`, `7d`, `2w`, `1y`, `500ms`.
///
/// Units go from the largest to the smallest, each at most once (`1h30m`, not `30m1h`); a year is
/// 365 days and a week 7. A bare number is refused: `interval: 60` is ambiguous (seconds? minutes?)
/// and the file should say which. Returns seconds, or `nil` if the text is not a duration.
package func parseDuration(_ text: String) -> Double? {
    let units: [(suffix: String, seconds: Double)] = [
        ("y", 365 * 86_400), ("w", 7 * 86_400), ("d", 86_400), ("h", 3_600), ("ms", 0.001), ("m", 60), ("s", 1),
    ]
    /// Prometheus' order; `ms` sorts last although it is matched before `m` above.
    let order = ["y", "w", "d", "h", "m", "s", "ms"]
    var rest = Substring(text.trimmingCharacters(in: .whitespaces))
    guard !rest.isEmpty else { return nil }
    var total = 0.0
    var lastRank = -1
    while !rest.isEmpty {
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 12, let amount = Double(digits) else { return nil }
        rest = rest.dropFirst(digits.count)
        guard let unit = units.first(where: { rest.hasPrefix($0.suffix) }),
              let rank = order.firstIndex(of: unit.suffix), rank > lastRank else { return nil }
        rest = rest.dropFirst(unit.suffix.count)
        lastRank = rank
        total += amount * unit.seconds
    }
    return total
}

/// Writes seconds back as a duration for messages (`90` → `1m30s`, `34560000` → `400d`).
/// Weeks and years are not used: `400d` reads better than `1y5w`.
func formatDuration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "\(seconds)s" }
    // Past about 285,000 years the milliseconds overflow Int64 (`interval: 999999999999d` is
    // readable text): whole days, still exact enough to say why the value is refused.
    guard abs(seconds) < 9e12 else { return "\(seconds < 0 ? "-" : "")\(Int64(min(abs(seconds) / 86_400, 9e18)))d" }
    var ms = Int64((seconds * 1000).rounded())
    if ms == 0 { return "0s" }
    var text = ms < 0 ? "-" : ""
    ms = abs(ms)
    for (suffix, size) in [("d", Int64(86_400_000)), ("h", 3_600_000), ("m", 60_000), ("s", 1000), ("ms", 1)] where ms >= size {
        text += "\(ms / size)\(suffix)"
        ms %= size
    }
    return text
}
