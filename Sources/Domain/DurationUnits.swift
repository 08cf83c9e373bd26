/// `Duration` is numwatch's one unit of time span, from the configuration to the last seam; these
/// are for the seams that need a plain number (SQLite columns, the wire, Prometheus samples).
///
/// Both go through `Duration`'s own division, which never traps (`components` does, past Int64
/// seconds), and the milliseconds saturate at Int64's ends.
extension Duration {
    /// In seconds, with the fraction (`0.3` for 300 ms, exactly as a Double can say it).
    package var inSeconds: Double { self / .seconds(1) }

    /// In whole milliseconds, rounded toward zero; Int64's ends where it would not fit.
    package var inMilliseconds: Int64 {
        let milliseconds = (self / .milliseconds(1)).rounded(.towardZero)
        guard milliseconds > -9.2e18 else { return .min }
        guard milliseconds < 9.2e18 else { return .max }
        return Int64(milliseconds)
    }
}
