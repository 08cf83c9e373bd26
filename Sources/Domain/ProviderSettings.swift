/// The provider's endpoint and the account's limits: where the provider is, where its token is
/// read from, how long one request may take, and how hard the account may be used. `provider:` in
/// the configuration and the CLI's flags (`--base-url`, `--token-file`, `--timeout`, with
/// `NUMWATCH_BASE_URL` / `NUMWATCH_TOKEN`) both produce it, checked the same way; the client and the
/// number desk take it.
///
/// It holds where the token is, never the token (`SecretLocation.read` reads it at start-up), so no
/// copy of it (a log line, a reload's comparison) can carry the secret.
package struct ProviderSettings: Sendable, Equatable {
    /// `base_url`; the API paths (`api/v1/...`) are relative to it. Checked by `baseURLProblem`.
    package var baseURL: String
    /// `token_env` / `token_file` (a relative path already resolved against the config file's folder).
    package var token: SecretLocation
    /// `timeout`: of one request, first byte sent to last byte received.
    package var timeout: Duration
    /// `poll_interval`: the least time between two checks (the provider blocks faster pollers).
    package var pollInterval: Duration
    /// `poll_scope`: what the poll interval spaces: every check of the account (the default: the
    /// document does not say "per number"), or each number's own.
    package var pollScope: PollScope
    /// `daily_take_limit`: numbers taken a day with none activated before numwatch refuses (the
    /// provider bans past 50).
    package var dailyTakeLimit: Int

    package static let defaultTokenVariable = "NUMWATCH_TOKEN"
    package static let defaultTimeout: Duration = .seconds(10)
    /// The ledger counts on a take being answered within minutes.
    package static let longestTimeout: Duration = .seconds(300)

    package init(
        baseURL: String, token: SecretLocation = .environment(defaultTokenVariable), timeout: Duration = defaultTimeout,
        pollInterval: Duration = ProviderLimits.defaultPollInterval, pollScope: PollScope = .account,
        dailyTakeLimit: Int = ProviderLimits.defaultDailyTakeLimit
    ) {
        self.baseURL = baseURL
        self.token = token
        self.timeout = timeout
        self.pollInterval = pollInterval
        self.pollScope = pollScope
        self.dailyTakeLimit = dailyTakeLimit
    }

    /// The key the ledger counts this account's takes and checks under.
    package var account: String { providerAccountKey(baseURL: baseURL) }

    /// Why `text` cannot be the base URL, or nil: the one check, for the file and for the flags.
    package static func baseURLProblem(_ text: String) -> String? { httpURLProblem(text) }
}
