/// Which protocol a provider speaks (`kind:` under `providers:`). Each has an adapter in
/// ProviderAPI and a simulator; only the seed document's provider sells bundles and numbers.
package enum ProviderKind: String, Sendable, CaseIterable, Codable {
    /// The provider of the seed document (`api/v1/...`, prices in Toman).
    case myonlinesim
    /// The `handler_api.php` protocol of sms-activate and the providers that copy it.
    case smsActivate = "sms_activate"
    /// 5sim's `/v1/guest/prices` and `/v1/user/profile`.
    case fivesim

    /// Whether it prices several services on one number (a watch of a bundle samples only these).
    package var sellsBundles: Bool { self == .myonlinesim }

    /// Whether numwatch takes, checks and cancels numbers there (the ledger and its ban guards).
    package var takesNumbers: Bool { self == .myonlinesim }

    /// The currency its prices and credit are read in, when `currency:` does not say.
    package var defaultCurrency: String {
        switch self {
        case .myonlinesim: "IRT"
        case .smsActivate, .fivesim: "RUB"
        }
    }

    /// Whether its credit needs the token. 5sim's prices do not: without a token only the credit
    /// is left unsampled.
    package var pricesNeedToken: Bool { self != .fivesim }
}
