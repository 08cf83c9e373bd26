/// What the poll limit counts. The Persian original says "send one request every 20 or 30
/// seconds" without "per number" (the English rendering adds it): the strict reading, one check
/// per account, is the default; `number` is for those who know their provider counts per number.
package enum PollScope: String, Sendable, CaseIterable, Codable {
    case account, number

    /// Why a check waits, as a sentence's clause.
    package var why: String {
        switch self {
        case .account:
            "the provider blocks clients that poll more often than once every 20 or 30 s, and its document does not say"
                + " per number, so numwatch spaces the checks of all numbers of the account (provider.poll_scope: account)"
        case .number:
            "the provider blocks clients that poll a number more often than once every 20 or 30 s"
                + " (provider.poll_scope: number)"
        }
    }
}
