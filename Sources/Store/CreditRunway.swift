/// How long the credit lasts at the recent burn rate. Shared by the `credit_runway_below` alert
/// and the report, so both say the same number.
package enum CreditRunway {
    /// The burn rate is measured over this window (a day: long enough to smooth one big purchase,
    /// short enough to follow a change of habit).
    package static let window: Int64 = 86_400
    /// Spending over less than this is not yet a rate (one number bought a minute ago is not
    /// "60 numbers an hour").
    package static let minimumSpan: Int64 = 3_600

    /// Seconds of credit left, or nil when nothing was spent in the window (no burn, no runway).
    ///
    /// `history` is the credit's change points, oldest first, the first one the value in force at
    /// the window's start (as `HistoryStore.creditHistory(since:)` returns them). Top-ups (rises)
    /// are not spending and are left out; only falls count.
    package static func seconds(history: [(time: Int64, credit: Int)], now: Int64) -> Double? {
        guard let last = history.last, last.credit > 0 else { return history.last.map { _ in 0 } }
        let start = now - window
        var spent = 0
        var previous: Int?
        for point in history {
            if let before = previous, point.time >= start, point.credit < before { spent += before - point.credit }
            previous = point.credit
        }
        guard spent > 0, let first = history.first else { return nil }
        let span = Double(max(now - max(first.time, start), minimumSpan))
        return Double(last.credit) / (Double(spent) / span)
    }
}
