/// The provider's two bans, as its document states them. `Numbers` keeps the account clear of
/// both, refusing locally before a request is sent.
package enum ProviderLimits {
    /// Checking more often than this blocks the client for up to a minute: "one request every 20
    /// or 30 seconds" (هر 20 یا 30 ثانیه). numwatch allows no less than the lower figure ...
    package static let minimumPollInterval: Duration = .seconds(20)
    /// ... and waits the upper one by default.
    package static let defaultPollInterval: Duration = .seconds(30)
    /// More numbers than this in one day with none activated bans the account (which day, Tehran's
    /// or the last 24 hours, the document does not say: numwatch counts both).
    package static let dailyTakeBan = 50
    /// numwatch's default stop, short of the ban.
    package static let defaultDailyTakeLimit = 45
    /// The largest price, stock, credit or area code read from the provider (or a push): a
    /// trillion Toman is far past any real account. Anything larger is refused where it is
    /// decoded, so that the arithmetic on these values later (a price's change, the credit spent
    /// over a day of samples, a bundle's sum) cannot overflow and stop numwatch.
    package static let largestAmount = Toman.largest
}
