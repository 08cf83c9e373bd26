/// `Duration` is numwatch's one unit of time span, from the configuration to the last seam; these
/// are for the seams that need a plain number (SQLite columns, the wire, Prometheus samples).
extension Duration {
    /// In seconds, with the fraction (`1.5` for 1500 ms).
    package var inSeconds: Double {
        let (seconds, attoseconds) = components
        // Divided, not multiplied by 1e-18 (not exact in binary): 300 ms is 0.3, as the configuration wrote it.
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    /// In whole milliseconds, rounded toward zero; saturates rather than traps at Int64's ends.
    package var inMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        let (sum, overflow2) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        guard !overflow2 else { return seconds < 0 ? .min : .max }
        return sum
    }
}
