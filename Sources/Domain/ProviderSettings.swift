/// The provider's endpoint and the account's limits: where the provider is, where its token is
/// read from, how long one request may take, and how hard the account may be used. `provider:` in
/// the configuration and the CLI's flags (`--base-url`, `--token-file`, `--timeout`, with
/// `NUMWATCH_BASE_URL` / `NUMWATCH_TOKEN`) both produce it, checked the same way; the client and the
/// number desk take it.
///
/// It holds where the token is, never the token (`SecretLocation.read` reads it at start-up), so no
/// copy of it (a log line, a reload's comparison) can carry the secret.
package struct ProviderSettings: Sendable, Equatable {
    /// `id`: the `provider` label value everywhere (`[a-z0-9_-]+`); `main` for `provider:`.
    package var id: ProviderName
    /// `kind`: the protocol it speaks.
    package var kind: ProviderKind
    /// `toman_per_unit`: what one unit of its currency is worth in Toman, so prices compare
    /// (1 for a provider that prices in Toman).
    package var tomanPerUnit: Double
    /// `currency`: the `currency` label of its native prices and credit.
    package var currency: String
    /// `aliases`: codes its own lists and the built-in map do not match.
    package var aliases: NameAliases
    /// `concurrency`: at most this many of its calls in flight in one round (nil: `sampling.concurrency`).
    package var concurrency: Int?
    /// `base_url`; the API paths (`api/v1/...`) are relative to it. Checked by `baseURLProblem`.
    package var baseURL: String
    /// `token_env` / `token_file` (a relative path already resolved against the config file's folder).
    /// nil only where the kind needs none (5sim's prices): its credit is then not sampled.
    package var token: SecretLocation?
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
        id: ProviderName = .main, kind: ProviderKind = .myonlinesim,
        baseURL: String, token: SecretLocation? = .environment(defaultTokenVariable), timeout: Duration = defaultTimeout,
        pollInterval: Duration = ProviderLimits.defaultPollInterval, pollScope: PollScope = .account,
        dailyTakeLimit: Int = ProviderLimits.defaultDailyTakeLimit, tomanPerUnit: Double = 1, currency: String? = nil,
        aliases: NameAliases = NameAliases(), concurrency: Int? = nil
    ) {
        self.id = id
        self.kind = kind
        self.tomanPerUnit = tomanPerUnit
        self.currency = currency ?? kind.defaultCurrency
        self.aliases = aliases
        self.concurrency = concurrency
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
