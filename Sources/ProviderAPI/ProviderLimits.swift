/// The provider's two bans, as its document states them. `Numbers` keeps the account clear of
/// both, refusing locally before a request is sent.
public enum ProviderLimits {
    /// Checking more often than this blocks the client for up to a minute: "one request every 20
    /// or 30 seconds" (هر 20 یا 30 ثانیه). numwatch allows no less than the lower figure ...
    public static let minimumPollInterval: Double = 20
    /// ... and waits the upper one by default.
    public static let defaultPollInterval: Double = 30
    /// More numbers than this in one day with none activated bans the account (which day, Tehran's
    /// or the last 24 hours, the document does not say: numwatch counts both).
    public static let dailyTakeBan = 50
    /// numwatch's default stop, short of the ban.
    public static let defaultDailyTakeLimit = 45
    /// The largest price, stock, credit or area code read from the provider (or a push): a
    /// trillion Toman is far past any real account. Anything larger is refused where it is
    /// decoded, so that the arithmetic on these values later (a price's change, the credit spent
    /// over a day of samples, a bundle's sum) cannot overflow and stop numwatch.
    public static let largestAmount = 1_000_000_000_000
}

/// What the poll limit counts. The Persian original says "send one request every 20 or 30
/// seconds" without "per number" (the English rendering adds it): the strict reading, one check
/// per account, is the default; `number` is for those who know their provider counts per number.
public enum PollScope: String, Sendable, CaseIterable, Codable {
    case account, number

    /// Why a check waits, as a sentence's clause.
    public var why: String {
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

/// The key the ledger counts an account's takes and checks under: the provider's base URL with
/// the scheme and host lower-cased, a default port and trailing slashes dropped, so
/// `https://H/` and `https://h` are one account (two keys would each allow a full day's takes).
///
/// Not the token: a rotated token is the same account, and counting it apart would be the unsafe
/// mistake.
public func providerAccountKey(baseURL: String) -> String {
    let trimmed = baseURL.trimmingCharacters(in: .whitespaces)
    guard let schemeEnd = trimmed.range(of: "://") else { return trimmed.lowercased() }
    let scheme = trimmed[..<schemeEnd.lowerBound].lowercased()
    let rest = trimmed[schemeEnd.upperBound...]
    let hostEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
    var host = rest[..<hostEnd].lowercased()
    if let at = host.lastIndex(of: "@") { host = String(host[host.index(after: at)...]) }  // never key on credentials
    if (scheme == "https" && host.hasSuffix(":443")) || (scheme == "http" && host.hasSuffix(":80")) {
        host = String(host[..<host.lastIndex(of: ":")!])
    }
    var path = String(rest[hostEnd...].prefix { $0 != "?" && $0 != "#" })
    while path.hasSuffix("/") { path.removeLast() }
    return "\(scheme)://\(host)\(path)"
}
