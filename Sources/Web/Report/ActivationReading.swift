import Domain
import ProviderAPI
import Store

/// What the report reads of the numbers ledger: per country, how the numbers of one platform
/// taken through numwatch fared, and the account's count against the provider's daily ban.
/// Optional: without it the watch page has no "Activated" column and the overview no count.
package protocol ActivationReading: Sendable {
    func activation(platform: String) async throws -> [String: Ledger.Activation]
    /// The ban's two windows at `now`; nil when the account is not known.
    func banWindows(now: Timestamp) async throws -> Ledger.Windows?
}

extension ActivationReading {
    package func banWindows(now: Timestamp) async throws -> Ledger.Windows? { nil }
}

extension Ledger: ActivationReading {}

/// The ledger as one account (`providerAccountKey`) sees it: `serve`'s.
package struct AccountLedger: ActivationReading {
    let ledger: Ledger
    let account: String

    package init(ledger: Ledger, account: String) {
        self.ledger = ledger
        self.account = account
    }

    package func activation(platform: String) async throws -> [String: Ledger.Activation] {
        try await ledger.activation(platform: platform)
    }

    package func banWindows(now: Timestamp) async throws -> Ledger.Windows? {
        let day = ProviderTime.day(of: now)
        return try await ledger.windows(account: account, nowMs: now.milliseconds, tehranDay: day.start.milliseconds..<day.end.milliseconds)
    }
}
