import Domain
import Foundation

/// The whole configuration file, with every default filled in and everything validated.
///
/// Built by `ConfigLoader`; the other modules read it and never see YAML.
package struct NumwatchConfig: Sendable, Equatable {
    /// `providers:`, in file order; `provider:` reads as the one provider `main` of kind myonlinesim.
    /// Ids are unique; at most one provider takes numbers (`numbersProvider`).
    package var providers: [ProviderSettings]
    /// Where each provider's token key is (`provider.token_env`, `providers[1].token_file`), so
    /// token errors found at start-up point into the file.
    package var tokenPlaces: [ProviderName: TokenPlace]
    package var sampling: SamplingConfig
    package var storage: StorageConfig
    package var http: HTTPConfig
    package var watches: [Watch]
    package var alerts: AlertsConfig
    package var webhooks: [WebhookConfig]
    package var report: ReportConfig = ReportConfig()
    /// `callback:`; nil when the section is absent (no `/callback/...` route, takes without a push).
    package var callback: CallbackConfig?
    /// The path the configuration was read from, as given (error messages name it).
    package var file: String
    /// What is allowed but unsafe, found while reading the file (`warnings(environment:)` adds
    /// the weak secrets read at start-up).
    package var fileWarnings: [ConfigWarning] = []

    package init(
        provider: ProviderSettings, sampling: SamplingConfig = .init(), storage: StorageConfig = .init(),
        http: HTTPConfig = .init(), watches: [Watch], alerts: AlertsConfig = .init(),
        webhooks: [WebhookConfig] = [], file: String = "numwatch.yml"
    ) {
        providers = [provider]
        tokenPlaces = [provider.id: TokenPlace(section: "provider")]
        self.sampling = sampling
        self.storage = storage
        self.http = http
        self.watches = watches
        self.alerts = alerts
        self.webhooks = webhooks
        self.file = file
    }
}

/// `sampling:` — how often and how hard the provider is asked.
package struct SamplingConfig: Sendable, Equatable {
    /// `interval`: the default sampling interval of every watch (the reader fills it into each).
    package var interval: Duration
    /// `credit_interval`: how often the balance is read.
    package var creditInterval: Duration
    /// `jitter`: a random fraction of the interval added or removed, so watches do not fire together.
    package var jitter: Double
    /// `concurrency`: provider requests in flight at once.
    package var concurrency: Int
    /// `max_backoff`: the longest wait after repeated failures (it may be shorter than `interval`).
    package var maxBackoff: Duration

    package init(
        interval: Duration = .seconds(60), creditInterval: Duration = .seconds(60), jitter: Double = 0.1, concurrency: Int = 4,
        maxBackoff: Duration = .seconds(300)
    ) {
        self.interval = interval
        self.creditInterval = creditInterval
        self.jitter = jitter
        self.concurrency = concurrency
        self.maxBackoff = maxBackoff
    }
}

/// `storage:` — the SQLite history and how long each resolution of it is kept.
package struct StorageConfig: Sendable, Equatable {
    /// `path`: resolved against the config file's directory when relative.
    package var path: String
    /// `retention`: how long anything is kept (the daily rollups, the credit, the sample runs).
    package var retention: Duration
    /// `raw_retention`: how long every change point is kept.
    package var rawRetention: Duration
    /// `hourly_retention`: how long hourly rollups are kept (daily ones last `retention`).
    package var hourlyRetention: Duration

    package init(
        path: String = "numwatch.sqlite", retention: Duration = .seconds(400 * 86_400), rawRetention: Duration = .seconds(35 * 86_400),
        hourlyRetention: Duration = .seconds(90 * 86_400)
    ) {
        self.path = path
        self.retention = retention
        self.rawRetention = rawRetention
        self.hourlyRetention = hourlyRetention
    }
}

/// `report:` — how the HTML report shows times, and whether its pages refresh themselves.
package struct ReportConfig: Sendable, Equatable {
    /// `time_zone`: an IANA name; times on the pages are shown in it, labelled.
    package var timeZone: String = "UTC"
    /// `refresh`: the time between automatic reloads of a page; nil: none.
    package var refresh: Duration?

    package init(timeZone: String = "UTC", refresh: Duration? = nil) {
        self.timeZone = timeZone
        self.refresh = refresh
    }
}

/// `callback:` — the provider's SMS push to `serve` (`POST /callback/<secret>`).
package struct CallbackConfig: Sendable, Equatable {
    package static let minimumSecretLength = 16
    /// `public_url`: how the provider reaches this serve; takes pass `<public_url>/callback/<secret>`.
    package var publicURL: String?
    /// `secret_env`: the environment variable holding the secret (the default when no `secret_file`).
    package var secretEnv: String
    /// `secret_file`: a file holding the secret, resolved like `token_file`.
    package var secretFile: String?
    /// `allow_from`: the addresses a push may come from (CIDR ranges); nil: any. The client's
    /// address is the connection's, or `X-Forwarded-For`'s when the connection is from one of
    /// `http.trusted_proxies`.
    package var allowFrom: [AddressRange]?
    package var line: Int?
    package var configFile: String

    package init(publicURL: String? = nil, secretEnv: String = "NUMWATCH_CALLBACK_SECRET", secretFile: String? = nil,
                allowFrom: [AddressRange]? = nil, line: Int? = nil, configFile: String = "") {
        self.publicURL = publicURL
        self.secretEnv = secretEnv
        self.secretFile = secretFile
        self.allowFrom = allowFrom
        self.line = line
        self.configFile = configFile
    }

    /// The URL a take passes as its callback, or nil without a `public_url`.
    package func takeCallbackURL(secret: String) -> String? {
        guard let publicURL else { return nil }
        return (publicURL.hasSuffix("/") ? publicURL : publicURL + "/") + "callback/" + secret
    }
}

/// `http:` — where `serve` listens (key `listen: host:port`), who may read it, how long it waits.
package struct HTTPConfig: Sendable, Equatable {
    /// Without brackets (`::1`).
    package var host: String
    package var port: Int
    /// `external_url`: how people reach this serve (links in alerts); default `http://listen/`.
    package var externalURL: String?
    /// `idle_timeout`: a connection that sends nothing (or no complete request head) this long is
    /// closed, so slow or stuck clients cannot hold connections forever.
    package var idleTimeout: Duration
    /// `read_timeout`: a request's head and body must arrive within this of its first byte, so a
    /// client trickling a body (each byte resets the idle timeout) is cut too.
    package var readTimeout: Duration
    /// `max_connections`: open connections at most; more wait to be accepted until one closes.
    package var maxConnections: Int
    /// `auth`: nil means no authentication (the default, for a loopback listener).
    package var auth: HTTPAuthConfig?
    /// `trusted_proxies`: reverse proxies whose `X-Forwarded-For` names the client (CIDR ranges;
    /// default none: the header is ignored, since anyone can send it).
    package var trustedProxies: [AddressRange] = []

    package static let defaultMaxConnections = 2_000

    package init(host: String = "127.0.0.1", port: Int = 9464, externalURL: String? = nil, idleTimeout: Duration = .seconds(30),
                 readTimeout: Duration = .seconds(10), maxConnections: Int = defaultMaxConnections, auth: HTTPAuthConfig? = nil) {
        self.host = host
        self.port = port
        self.externalURL = externalURL
        self.idleTimeout = idleTimeout
        self.readTimeout = readTimeout
        self.maxConnections = maxConnections
        self.auth = auth
    }

    /// The base of links to this serve, ending in `/`.
    package var externalBase: String {
        let base = externalURL ?? "http://\(listen)/"
        return base.hasSuffix("/") ? base : base + "/"
    }

    /// `host:port` again, with brackets around an IPv6 host.
    package var listen: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }
}

/// `webhooks[].format`: the body sent.
package enum WebhookFormat: String, Sendable, Equatable, CaseIterable {
    /// Alertmanager's webhook payload, version 4.
    case alertmanager
    /// Alertmanager's own API (`POST /api/v2/alerts`), to hand alerts to a running Alertmanager.
    case alertmanagerAPI = "alertmanager_api"
    case slack
}

/// `webhooks[].signature`: the form of `X-Numwatch-Signature`.
package enum WebhookSignature: String, Sendable, Equatable, CaseIterable {
    /// `sha256=<hex HMAC of the body>`: the older form; a captured delivery can be replayed forever.
    case v0
    /// `t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">`: the receiver can refuse an old delivery.
    case v1
}

/// One entry of `webhooks:`.
package struct WebhookConfig: Sendable, Equatable {
    /// May carry a secret in its path or query: show `redactedURL` instead, always.
    package var url: String
    package var format: WebhookFormat
    /// HMAC-SHA256 key for `X-Numwatch-Signature`; never shown. Inline in the file (`secret`, with
    /// a warning), or read at start-up from `secret_env` / `secret_file` (`resolveSecret`).
    package var secret: String?
    /// `secret_env`, `secret_file`: where the secret is, when not inline.
    package var secretEnv: String?
    package var secretFile: String?
    /// The line of `secret` / `secret_env` / `secret_file`, for errors and warnings.
    package var secretLine: Int?
    package var signature: WebhookSignature = .v1
    /// The configuration file (as given) and the entry's path in it (`webhooks[0]`), for errors.
    /// Empty when built in code.
    package var configFile: String = ""
    package var configPath: String = ""
    /// `repeat_interval`: how often a still-firing alert is sent again.
    package var repeatInterval: Duration
    /// `give_up_after`: a notification still undelivered this long after it was queued is dropped,
    /// counted and logged.
    package var giveUpAfter: Duration

    package init(
        url: String, format: WebhookFormat = .alertmanager, secret: String? = nil, repeatInterval: Duration = .seconds(4 * 3600),
        giveUpAfter: Duration = .seconds(86_400), signature: WebhookSignature = .v1
    ) {
        self.url = url
        self.format = format
        self.secret = secret
        self.signature = signature
        self.repeatInterval = repeatInterval
        self.giveUpAfter = giveUpAfter
    }

    /// `scheme://host[:port]/…`: safe for logs, metrics and error messages.
    package var redactedURL: String { redactURL(url) }
}
