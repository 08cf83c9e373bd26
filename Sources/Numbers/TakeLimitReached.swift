import Domain
import ProviderAPI
import Store

/// Refused locally: another take could get the account banned under one reading of the provider's
/// "more than 50 numbers in a day with none activated" — Tehran's calendar day or the last 24
/// hours. Says which window is full and when a take is allowed again.
package struct TakeLimitReached: Error, Equatable, CustomStringConvertible, Sendable {
    package let refusal: Ledger.TakeRefusal
    /// When the take was refused (for "in 23 h 40 min").
    package let now: Timestamp

    package init(refusal: Ledger.TakeRefusal, now: Timestamp) {
        self.refusal = refusal
        self.now = now
    }

    /// When a take of the same size is allowed again if none of the window's numbers is
    /// activated meanwhile; nil when the take alone is over the limit.
    package var allowedAgain: Timestamp? { refusal.allowedAgainMs.map(Timestamp.init(milliseconds:)) }

    package var description: String {
        let full = refusal.full.map { "\($0.taken) taken in \($0.window.phrase)" }.joined(separator: " and ")
        var text = "not taking another number: \(full), none of them activated; the provider bans accounts past"
            + " \(ProviderLimits.dailyTakeBan) a day with none activated, and its document does not say which day,"
            + " so numwatch counts both and stops at \(refusal.limit)."
        if let allowedAgain {
            text += " A take is allowed again at \(HumanTime(now: now).format(allowedAgain)), or as soon as one of them is activated;"
        } else {
            text += " A take of \(refusal.requested) numbers is over that limit on its own;"
        }
        return text + " --force takes it anyway"
    }
}
