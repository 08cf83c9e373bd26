import Config
import Domain
import Foundation
import ProviderAPI
import Testing

/// All configuration tests sit under `ConfigTests` so `swift test --filter ConfigTests` runs them.
@Suite struct ConfigTests {
    static let day = 86_400.0

    /// The example of interface.md, verbatim.
    static let interfaceExample = """
        provider:
          base_url: https://provider.example/     # required; paths api/v1/... are relative to it
          token_env: NUMWATCH_TOKEN               # default; or token_file: /run/secrets/numwatch-token
          timeout: 10s
        sampling:
          interval: 60s            # default for every watch
          credit_interval: 60s
          jitter: 0.1              # fraction of the interval
        storage:
          path: numwatch.sqlite
          retention: 400d
        http:
          listen: 127.0.0.1:9464
        watches:
          - services: [telegram]               # 1 to 5 codes; more than one prices a bundle (one number for all)
            countries: [romania, russia]       # optional; default: every country the provider lists
            interval: 30s                      # optional
        alerts:
          credit_below: 50000                  # Toman
          credit_runway_below: 3d              # optional: alert when credit at the recent burn rate lasts less
          rules:
            - name: tg-romania-stock           # optional; default derived from the rule
              services: [telegram]
              country: romania                 # optional; default: every country of the watch
              stock_below: 100                 # fire when stock < 100 ...
              stock_clear: 150                 # ... resolve only when stock >= 150 (default: the fire level)
              for: 2m                          # optional; condition must hold this long before firing
            - services: [telegram]
              price_above: 15000               # also: price_below, stock_above (restock), price_change_percent
        webhooks:
          - url: https://ops.example/numwatch?secret=...   # secret paths and parameters are never logged
            format: alertmanager                # default (Alertmanager webhook v4 body); alertmanager_api; slack
            secret: "..."                       # optional: HMAC-SHA256 of the body, header X-Numwatch-Signature: sha256=<hex>
            repeat_interval: 4h
        """

    static let minimal = """
        provider:
          base_url: https://provider.example/
        watches:
          - services: [telegram]
        """

    /// The one-line messages `parse` throws for `yaml`, or `["parsed"]`.
    static func messages(_ yaml: String, file: String = "numwatch.yml") -> [String] {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: file)
            return ["parsed"]
        } catch {
            return error.errors.map(\.description)
        }
    }

    static func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("numwatch-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}

// MARK: - Valid files

extension ConfigTests {
    @Suite struct Valid {
        @Test func interfaceExampleParsesWithItsValues() throws {
            let config = try ConfigLoader.parse(yaml: ConfigTests.interfaceExample, file: "numwatch.yml")
            let day = ConfigTests.day
            var expected = NumwatchConfig(
                provider: ProviderSettings(baseURL: "https://provider.example/", token: .environment("NUMWATCH_TOKEN"), timeout: .seconds(10)),
                sampling: SamplingConfig(interval: .seconds(60), creditInterval: .seconds(60), jitter: 0.1),
                storage: StorageConfig(path: "numwatch.sqlite", retention: .seconds(400 * 86_400), rawRetention: .seconds(35 * 86_400),
                                       hourlyRetention: .seconds(90 * 86_400)),
                http: HTTPConfig(host: "127.0.0.1", port: 9464),
                watches: [Watch(services: try ServiceSet(["telegram"]), countries: ["romania", "russia"], interval: .seconds(30), line: 15)],
                alerts: AlertsConfig(creditBelow: Toman(50_000), creditRunwayBelow: .seconds(3 * day), rules: [
                    AlertRuleConfig(name: "tg-romania-stock", services: ["telegram"], country: "romania", stockBelow: 100,
                                    stockClear: 150, forDuration: .seconds(120), line: 22),
                    AlertRuleConfig(name: "telegram-price-above-15000", services: ["telegram"], priceAbove: Toman(15_000), line: 28),
                ]),
                webhooks: [WebhookConfig(url: "https://ops.example/numwatch?secret=...", format: .alertmanager, secret: "...",
                                         repeatInterval: .seconds(4 * 3600))],
                file: "numwatch.yml")
            expected.providerTokenLine = 3
            (expected.webhooks[0].secretLine, expected.webhooks[0].configFile, expected.webhooks[0].configPath) = (33, "numwatch.yml", "webhooks[0]")
            // An inline HMAC secret is accepted, with a warning.
            expected.fileWarnings = [ConfigWarning(
                file: "numwatch.yml", line: 33, key: "webhooks[0].secret",
                message: "the HMAC secret is written in the file, which is copied and committed more often than a secret;"
                    + " move it to secret_env or secret_file")]
            #expect(config == expected)
            #expect(config.watches[0].platform == "telegram")
            #expect(config.webhooks[0].redactedURL == "https://ops.example/…")
            #expect(config.http.listen == "127.0.0.1:9464")
        }

        @Test func minimalConfigGetsEveryDefault() throws {
            let config = try ConfigLoader.parse(yaml: ConfigTests.minimal, file: "numwatch.yml")
            let day = ConfigTests.day
            #expect(config.provider == ProviderSettings(baseURL: "https://provider.example/"))
            #expect(config.provider.token == .environment("NUMWATCH_TOKEN"))
            #expect(config.provider.timeout == .seconds(10))
            #expect(config.provider.pollInterval == .seconds(30))  // the upper of the document's "20 or 30 seconds"
            #expect(config.provider.pollScope == .account)  // the document does not say "per number"
            #expect(config.provider.dailyTakeLimit == 45)
            #expect(config.providerTokenLine == nil)
            #expect(config.sampling == SamplingConfig(
                interval: .seconds(60), creditInterval: .seconds(60), jitter: 0.1, concurrency: 4, maxBackoff: .seconds(300)))
            #expect(config.storage == StorageConfig(path: "numwatch.sqlite", retention: .seconds(400 * 86_400), rawRetention: .seconds(35 * 86_400),
                                                    hourlyRetention: .seconds(90 * 86_400)))
            #expect(config.http == HTTPConfig(host: "127.0.0.1", port: 9464))
            #expect(config.watches.count == 1)
            #expect(config.watches[0].services.codes == ["telegram"])
            #expect(config.watches[0].countries == nil)
            #expect(config.watches[0].interval == .seconds(60))  // sampling.interval's default
            #expect(config.watches[0].provider == .default)
            #expect(config.watches[0].line == 4)
            #expect(config.alerts == AlertsConfig())
            #expect(config.webhooks.isEmpty)
            #expect(config.file == "numwatch.yml")
        }

        @Test func everyAddedKeyIsRead() throws {
            let yaml = """
                provider:
                  base_url: http://127.0.0.1:8081/
                  token_file: secrets/token
                  timeout: 2m
                  poll_interval: 30s
                  daily_take_limit: 10
                sampling:
                  concurrency: 8
                  max_backoff: 5m
                  jitter: 0
                storage:
                  path: /var/lib/numwatch/history.sqlite
                  retention: 30d
                http:
                  listen: "[::1]:9100"
                watches:
                  - services: [Viber, telegram, VIBER2]
                    countries: [Romania]
                  - services:
                      - whatsapp
                alerts:
                  rules:
                    - services: [viber2, viber, telegram]
                      country: ROMANIA
                      stock_below: 5
                    - services: [whatsapp]
                      price_change_percent: 12.5
                      stock_above: 100
                      price_below: 900
                webhooks:
                  - url: https://hooks.slack.com/services/T0/B0/XXXX
                    format: slack
                  - url: http://alertmanager:9093/
                    format: alertmanager_api
                """
            let config = try ConfigLoader.parse(yaml: yaml, file: "/etc/numwatch/numwatch.yml")
            #expect(config.provider.token == .file("/etc/numwatch/secrets/token"))
            #expect(config.providerTokenLine == 3)
            #expect(config.provider.timeout == .seconds(120))
            #expect(config.provider.pollInterval == .seconds(30))
            #expect(config.provider.dailyTakeLimit == 10)
            #expect(config.sampling == SamplingConfig(
                interval: .seconds(60), creditInterval: .seconds(60), jitter: 0, concurrency: 8, maxBackoff: .seconds(300)))
            // Retentions left out shrink to fit the retention given.
            let month = Duration.seconds(30 * 86_400)
            #expect(config.storage == StorageConfig(path: "/var/lib/numwatch/history.sqlite", retention: month, rawRetention: month,
                                                    hourlyRetention: month))
            #expect(config.http == HTTPConfig(host: "::1", port: 9100))
            #expect(config.http.listen == "[::1]:9100")
            #expect(config.watches.map(\.platform) == ["telegram+viber+viber2", "whatsapp"])
            #expect(config.watches[0].services.codes == ["viber", "telegram", "viber2"])
            #expect(config.watches[0].countries == ["romania"])
            #expect(config.watches.map(\.line) == [17, 19])
            #expect(config.alerts.rules.map(\.name) == [
                "telegram+viber+viber2-romania-stock-below-5", "whatsapp-stock-above-100-price-below-900-price-change-12.5-percent",
            ])
            #expect(config.alerts.rules[0].stockClear == 5)
            #expect(config.alerts.rules[0].platform == "telegram+viber+viber2")
            #expect(config.alerts.rules[1].priceChangePercent == 12.5)
            #expect(config.webhooks.map(\.format) == [.slack, .alertmanagerAPI])
            #expect(config.webhooks.map(\.redactedURL) == ["https://hooks.slack.com/…", "http://alertmanager:9093/"])
            #expect(config.webhooks[0].repeatInterval == .seconds(4 * 3600))
        }

        @Test func relativeStoragePathIsResolvedAgainstTheConfigDirectory() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("numwatch.yml").path
            try ConfigTests.minimal.write(toFile: file, atomically: true, encoding: .utf8)
            let config = try ConfigLoader.load(path: file)
            #expect(config.storage.path == dir.appendingPathComponent("numwatch.sqlite").path)
            #expect(config.file == file)
        }

        @Test func listenForms() throws {
            func listen(_ text: String) throws -> HTTPConfig {
                try ConfigLoader.parse(yaml: ConfigTests.minimal + "\nhttp:\n  listen: \"\(text)\"", file: "numwatch.yml").http
            }
            #expect(try listen(":9464") == HTTPConfig(host: "127.0.0.1", port: 9464))
            #expect(try listen("0.0.0.0:80") == HTTPConfig(host: "0.0.0.0", port: 80))
            #expect(try listen("localhost:0") == HTTPConfig(host: "localhost", port: 0))
            #expect(try listen("[::]:65535") == HTTPConfig(host: "::", port: 65535))
        }

        @Test(arguments: [
            ("https://hooks.slack.com/services/T0/B0/XXXX", "https://hooks.slack.com/…"),
            ("https://ops.example/numwatch?secret=abc", "https://ops.example/…"),
            ("https://ops.example?secret=abc", "https://ops.example/…"),
            ("http://user:password@ops.example:8080/", "http://ops.example:8080/"),
            ("http://[::1]:9093/api/v2/alerts", "http://[::1]:9093/…"),
            ("HTTPS://Ops.Example", "https://Ops.Example/"),
        ])
        func redactedURL(url: String, shown: String) {
            #expect(WebhookConfig(url: url).redactedURL == shown)
        }
    }
}

// MARK: - Durations

extension ConfigTests {
    @Suite struct Durations {
        @Test(arguments: [
            ("30s", 30.0), ("5m", 300), ("1h", 3_600), ("1h30m", 5_400), ("7d", 604_800), ("2w", 1_209_600),
            ("1y", 31_536_000), ("500ms", 0.5), ("1m500ms", 60.5), ("0s", 0), ("1y2w3d4h5m6s", 33_019_506),
            ("90m", 5_400), ("400d", 34_560_000),
        ])
        func valid(text: String, seconds: Double) {
            #expect(parseDuration(text) == seconds)
        }

        @Test(arguments: ["", "30", "0", "1.5h", "-5m", "5 m", "m", "30m1h", "1h1h", "5x", "ms5", "5S", "1d 2h", "P1D", "∞s"])
        func invalid(text: String) {
            #expect(parseDuration(text) == nil)
        }
    }
}

// MARK: - Bad files

/// One bad configuration and the exact lines `check-config` must print for it.
struct BadConfig: CustomTestStringConvertible, Sendable {
    let name: String
    let yaml: String
    let expected: [String]
    var testDescription: String { name }

    init(_ name: String, _ yaml: String, _ expected: String...) {
        self.name = name
        self.yaml = yaml
        self.expected = expected
    }

    /// `provider` and one watch on lines 1-4, then `rest` from line 5.
    static func base(_ rest: String) -> String { ConfigTests.minimal + "\n" + rest }
}

extension ConfigTests {
    static let badConfigs: [BadConfig] = [
        BadConfig("unknown key", BadConfig.base("""
            sampling:
              intervall: 30s
            """),
            "config error: numwatch.yml:6: sampling.intervall: unknown key (expected one of: interval, credit_interval, jitter, concurrency, max_backoff)"),
        BadConfig("unknown top-level key", BadConfig.base("""
            alert:
              credit_below: 5
            """),
            "config error: numwatch.yml:5: alert: unknown key (expected one of: provider, sampling, storage, http, watches, alerts, webhooks, report, callback)"),
        BadConfig("callback secret from two places", BadConfig.base("""
            callback:
              secret_env: CB
              secret_file: /run/cb
            """),
            "config error: numwatch.yml:7: callback.secret_file: give secret_env or secret_file, not both (secret_env is on line 6)"),
        BadConfig("callback public_url not a URL", BadConfig.base("""
            callback:
              public_url: numwatch.example
            """),
            "config error: numwatch.yml:6: callback.public_url: expected an http(s) URL like https://example.org/, got text that is not a URL"),
        BadConfig("duration that is a word", BadConfig.base("""
            sampling:
              interval: fast
            """),
            "config error: numwatch.yml:6: sampling.interval: expected a duration like 30s, 5m or 1h, got \"fast\""),
        BadConfig("duration without a unit", BadConfig.base("""
            sampling:
              credit_interval: 60
            """),
            "config error: numwatch.yml:6: sampling.credit_interval: expected a duration like 30s, 5m or 1h, got \"60\" (a duration needs a unit)"),
        BadConfig("six services in a bundle", """
            provider:
              base_url: https://provider.example/
            watches:
              - services: [a, b, c, d, e, f]
            """,
            "config error: numwatch.yml:4: watches[0].services: at most 5 services in a bundle"),
        BadConfig("platform watched twice", BadConfig.base("""
              - services: [telegram]
                interval: 30s
            """),
            "config error: numwatch.yml:5: watches[1].services: telegram is already watched by watches[0]"),
        BadConfig("bundle watched twice in another order", BadConfig.base("""
              - services: [whatsapp, telegram]
              - services:
                  - telegram
                  - whatsapp
            """),
            "config error: numwatch.yml:6: watches[2].services: telegram+whatsapp is already watched by watches[1]"),
        BadConfig("no watches key", """
            provider:
              base_url: https://provider.example/
            """,
            "config error: numwatch.yml: watches: required key is missing"),
        BadConfig("empty watches", """
            provider:
              base_url: https://provider.example/
            watches: []
            """,
            "config error: numwatch.yml:3: watches: at least one watch is required, like - services: [telegram]"),
        BadConfig("no provider", """
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml: provider: required key is missing"),
        BadConfig("no base_url", """
            provider:
              timeout: 5s
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:1: provider.base_url: required key is missing"),
        BadConfig("base_url not http", """
            provider:
              base_url: ftp://provider.example/
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:2: provider.base_url: expected an http(s) URL, got a URL with scheme \"ftp\""),
        BadConfig("token_env and token_file", """
            provider:
              base_url: https://provider.example/
              token_env: NUMWATCH_TOKEN
              token_file: /run/secrets/numwatch-token
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:4: provider.token_file: give token_env or token_file, not both (token_env is on line 3)"),
        BadConfig("provider limits", """
            provider:
              base_url: https://provider.example/
              timeout: 10m
              poll_interval: 10s
              daily_take_limit: 60
              poll_scope: per-number
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:3: provider.timeout: must be at most 5m, got 10m",
            "config error: numwatch.yml:4: provider.poll_interval: must be at least 20s (the provider blocks clients that check a number more often), got 10s",
            "config error: numwatch.yml:5: provider.daily_take_limit: must be between 1 and 50 (the provider bans accounts past 50 numbers a day with none activated), got 60",
            "config error: numwatch.yml:6: provider.poll_scope: expected account or number, got \"per-number\""),
        BadConfig("sampling bounds", BadConfig.base("""
            sampling:
              interval: 0s
              jitter: 0.7
              concurrency: 0
              max_backoff: 2d
            """),
            "config error: numwatch.yml:6: sampling.interval: must be at least 1s, got 0s",
            "config error: numwatch.yml:7: sampling.jitter: must be between 0 and 0.5 (a fraction of the interval), got 0.7",
            "config error: numwatch.yml:8: sampling.concurrency: must be between 1 and 32, got 0",
            "config error: numwatch.yml:9: sampling.max_backoff: must be at most 1d, got 2d"),
        BadConfig("raw retention longer than hourly", BadConfig.base("""
            storage:
              raw_retention: 100d
            """),
            "config error: numwatch.yml:6: storage.raw_retention: must not be longer than hourly_retention (90d, the default), got 100d"),
        BadConfig("hourly retention longer than retention", BadConfig.base("""
            storage:
              retention: 60d
              hourly_retention: 61d
              raw_retention: 30m
            """),
            "config error: numwatch.yml:7: storage.hourly_retention: must not be longer than retention (60d), got 61d",
            "config error: numwatch.yml:8: storage.raw_retention: must be at least 1h, got 30m"),
        BadConfig("listen without a port", BadConfig.base("""
            http:
              listen: localhost
            """),
            "config error: numwatch.yml:6: http.listen: expected host:port like 127.0.0.1:9464, [::1]:9464 or :9464 with a port from 0 to 65535, got \"localhost\""),
        BadConfig("listen port out of range", BadConfig.base("""
            http:
              listen: ":99999"
            """),
            "config error: numwatch.yml:6: http.listen: expected host:port like 127.0.0.1:9464, [::1]:9464 or :9464 with a port from 0 to 65535, got \":99999\""),
        BadConfig("countries repeated, empty and bad", BadConfig.base("""
              - services: [viber]
                countries: [romania, Romania]
              - services: [whatsapp]
                countries: []
              - services: [tele gram]
                countries:
                  - "united kingdom"
            """),
            "config error: numwatch.yml:6: watches[1].countries[1]: romania is listed twice",
            "config error: numwatch.yml:8: watches[2].countries: expected at least one country code, got an empty list",
            "config error: numwatch.yml:9: watches[3].services[0]: service code \"tele gram\" may hold only a-z, 0-9, _ and -",
            "config error: numwatch.yml:11: watches[3].countries[0]: country code \"united kingdom\" may hold only a-z, 0-9, _ and -"),
        BadConfig("watch is not a mapping, services not a list", BadConfig.base("""
              - whatsapp
              - services: viber
                interval: 2d
            """),
            "config error: numwatch.yml:5: watches[1]: expected a mapping (keys: services, countries, interval), got \"whatsapp\"",
            "config error: numwatch.yml:6: watches[2].services: expected a list of service codes, got \"viber\"",
            "config error: numwatch.yml:7: watches[2].interval: must be at most 1d, got 2d"),
        BadConfig("rule without a condition", BadConfig.base("""
            alerts:
              rules:
                - name: nothing
                  services: [telegram]
                  for: 5m
            """),
            "config error: numwatch.yml:7: alerts.rules[0]: needs at least one of stock_below, stock_above, price_above, price_below, price_change_percent"),
        BadConfig("rule for an unwatched bundle", BadConfig.base("""
            alerts:
              rules:
                - services: [telegram, viber]
                  stock_below: 10
            """),
            "config error: numwatch.yml:7: alerts.rules[0].services: no watch prices telegram+viber"),
        BadConfig("rule country outside the watch", """
            provider:
              base_url: https://provider.example/
            watches:
              - services: [telegram]
                countries: [romania, russia]
            alerts:
              rules:
                - services: [telegram]
                  country: kenya
                  price_below: 1000
            """,
            "config error: numwatch.yml:9: alerts.rules[0].country: watches[0] does not watch kenya (it lists romania, russia)"),
        BadConfig("stock_clear misuse", BadConfig.base("""
            alerts:
              rules:
                - services: [telegram]
                  stock_clear: 10
                  stock_above: 500
                - services: [telegram]
                  stock_below: 100
                  stock_clear: 50
            """),
            "config error: numwatch.yml:8: alerts.rules[0].stock_clear: needs stock_below (it is the level at which a stock_below alert resolves)",
            "config error: numwatch.yml:12: alerts.rules[1].stock_clear: must be at least stock_below (100), got 50"),
        BadConfig("rule names repeated", BadConfig.base("""
            alerts:
              rules:
                - name: low
                  services: [telegram]
                  stock_below: 10
                - name: low
                  services: [telegram]
                  stock_below: 20
                - services: [telegram]
                  price_above: 5
                - services: [telegram]
                  price_above: 5
                  for: 1m
            """),
            "config error: numwatch.yml:10: alerts.rules[1].name: rule name \"low\" is already used by alerts.rules[0]",
            "config error: numwatch.yml:15: alerts.rules[3]: the derived rule name \"telegram-price-above-5\" is already used by alerts.rules[2]; give one of them a name"),
        BadConfig("alert values of the wrong type", BadConfig.base("""
            alerts:
              credit_below: lots
              credit_runway_below: 10s
              rules:
                - services: [telegram]
                  stock_below: -1
                  price_change_percent: 0
                - services: [telegram]
                  price_change_percent: 1e19
            """),
            "config error: numwatch.yml:6: alerts.credit_below: expected a whole number, got \"lots\"",
            "config error: numwatch.yml:7: alerts.credit_runway_below: must be at least 1m, got 10s",
            "config error: numwatch.yml:10: alerts.rules[0].stock_below: must not be negative, got -1",
            "config error: numwatch.yml:11: alerts.rules[0].price_change_percent: must be more than 0 and at most 100000, got 0.0",
            // It once crashed the reader: the derived rule name took Int(1e19).
            "config error: numwatch.yml:13: alerts.rules[1].price_change_percent: must be more than 0 and at most 100000, got 1e+19"),
        BadConfig("webhook problems", BadConfig.base("""
            webhooks:
              - url: ftp://user:pass@hooks.example/secret-path
                format: teams
                repeat_interval: 30s
              - format: slack
            """),
            "config error: numwatch.yml:6: webhooks[0].url: expected an http(s) URL, got a URL with scheme \"ftp\"",
            "config error: numwatch.yml:7: webhooks[0].format: expected one of alertmanager, alertmanager_api, slack, got \"teams\"",
            "config error: numwatch.yml:8: webhooks[0].repeat_interval: must be at least 1m, got 30s",
            "config error: numwatch.yml:9: webhooks[1].url: required key is missing"),
        BadConfig("duplicate keys", """
            provider:
              base_url: https://provider.example/
            sampling:
              interval: 30s
              jitter: 0.2
              interval: 45s
            watches:
              - services: [telegram]
                services: [viber]
            sampling: {}
            """,
            "config error: numwatch.yml:6: sampling.interval: duplicate key (first given on line 4)",
            "config error: numwatch.yml:9: watches[0].services: duplicate key (first given on line 8)",
            "config error: numwatch.yml:10: sampling: duplicate key (first given on line 3)"),
        BadConfig("section of the wrong type", BadConfig.base("""
            sampling: [interval, 30s]
            storage: big
            """),
            "config error: numwatch.yml:5: sampling: expected a mapping (keys: interval, credit_interval, jitter, concurrency, max_backoff), got a list",
            "config error: numwatch.yml:6: storage: expected a mapping (keys: path, retention, raw_retention, hourly_retention), got \"big\""),
        BadConfig("YAML syntax error", """
            provider:
              base_url: https://provider.example/
            watches:
              - services: [telegram
            alerts: {}
            """,
            "config error: numwatch.yml:5: YAML syntax error: did not find expected ',' or ']' (while parsing a flow sequence, line 4)"),
        BadConfig("tab indentation", "provider:\n\tbase_url: https://provider.example/\n",
            "config error: numwatch.yml:2: YAML syntax error: found character that cannot start any token (while scanning for the next token, line 2); indent with spaces, not tabs"),
        BadConfig("two documents", ConfigTests.minimal + "\n---\nprovider: {}\n",
            "config error: numwatch.yml:5: YAML error: a second document starts here; the configuration is one document"),
        BadConfig("empty file", "",
            "config error: numwatch.yml: the file is empty; it needs at least provider.base_url and watches"),
        BadConfig("comments only", "# provider:\n#   base_url: x\n",
            "config error: numwatch.yml: the file is empty; it needs at least provider.base_url and watches"),
        BadConfig("top level is a list", "- provider\n- watches\n",
            "config error: numwatch.yml:1: expected a mapping (keys: provider, sampling, storage, http, watches, alerts, webhooks, report, callback), got a list"),
        BadConfig("a token pasted as token_env", """
            provider:
              base_url: https://provider.example/
              token_env: 9f8e7d6c5b4a-secret
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:3: provider.token_env: expected the name of an environment variable like NUMWATCH_TOKEN (A-Z, 0-9 and _; the value is not shown in case it is the token itself)"),
    ]

    @Suite struct Invalid {
        @Test(arguments: ConfigTests.badConfigs)
        func badConfigIsReportedExactly(_ bad: BadConfig) {
            #expect(ConfigTests.messages(bad.yaml) == bad.expected)
        }

        @Test func thereAreAtLeastTwentyBadConfigs() {
            #expect(ConfigTests.badConfigs.count >= 20)
        }

        /// Errors from every section come together, ordered by line even though the provider
        /// section (read first) is last in the file.
        @Test func allErrorsTogetherInLineOrder() {
            let yaml = """
                watches:
                  - services: [a, b, c, d, e, f]
                  - services: [telegram]
                    interval: soon
                sampling:
                  jitter: lots
                provider:
                  base_url: not a url
                  bogus: 1
                """
            let errors: [ConfigError]
            do {
                _ = try ConfigLoader.parse(yaml: yaml, file: "/etc/numwatch.yml")
                Issue.record("parsed")
                return
            } catch {
                errors = error.errors
            }
            #expect(errors.map(\.line) == [2, 4, 6, 8, 9])
            #expect(errors.map(\.key) == ["watches[0].services", "watches[1].interval", "sampling.jitter", "provider.base_url", "provider.bogus"])
            #expect(ConfigErrors(errors).description == """
                config error: /etc/numwatch.yml:2: watches[0].services: at most 5 services in a bundle
                config error: /etc/numwatch.yml:4: watches[1].interval: expected a duration like 30s, 5m or 1h, got "soon"
                config error: /etc/numwatch.yml:6: sampling.jitter: expected a number, got "lots"
                config error: /etc/numwatch.yml:8: provider.base_url: expected an http(s) URL like https://example.org/, got text that is not a URL
                config error: /etc/numwatch.yml:9: provider.bogus: unknown key (expected one of: base_url, token_env, token_file, timeout, poll_interval, poll_scope, daily_take_limit)
                """)
        }

        @Test func unreadableFileIsOneErrorWithoutKey() {
            let path = "/nonexistent/numwatch-\(UUID().uuidString).yml"
            #expect(throws: ConfigErrors([ConfigError(file: path, line: nil, key: "", message: "cannot read the configuration: no such file")])) {
                try ConfigLoader.load(path: path)
            }
            #expect(ConfigError(file: path, line: nil, key: "", message: "m").description == "config error: \(path): m")
        }

        @Test func directoryIsNotAConfiguration() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            #expect(throws: ConfigErrors([ConfigError(file: dir.path, line: nil, key: "", message: "cannot read the configuration: it is a directory")])) {
                try ConfigLoader.load(path: dir.path)
            }
        }

        /// Webhook secrets, URL paths and queries never reach a message, whatever else is wrong.
        @Test func webhookSecretsNeverAppear() {
            let yaml = BadConfig.base("""
                webhooks:
                  - url: https://hooks.example/T000/B000/PATHSECRET?token=QUERYSECRET
                    secret: HMACSECRET
                    format: [HMACSECRET]
                    repeat_interval: HMACSECRET
                    extra: PATHSECRET
                  - url: ftp://USERSECRET:PASSSECRET@hooks.example/PATHSECRET
                    secret: [HMACSECRET]
                  - url: "PATHSECRET QUERYSECRET"
                    secret: ""
                """)
            let text = ConfigTests.messages(yaml).joined(separator: "\n")
            #expect(text.contains("webhooks[0].format"))
            #expect(text.contains("webhooks[1].secret"))
            #expect(text.contains("webhooks[2].url"))
            for secret in ["PATHSECRET", "QUERYSECRET", "HMACSECRET", "USERSECRET", "PASSSECRET"] {
                #expect(!text.contains(secret), "\(secret) leaked into: \(text)")
            }
        }
    }
}

// MARK: - Token

extension ConfigTests {
    @Suite struct Token {
        static let secret = "tok-123456-SECRET"

        func makeProvider(_ lines: String, file: String = "numwatch.yml") throws -> NumwatchConfig {
            try ConfigLoader.parse(yaml: "provider:\n  base_url: https://p.example/\n\(lines)\nwatches:\n  - services: [telegram]\n",
                                   file: file)
        }

        @Test func fromTheEnvironment() throws {
            let provider = try makeProvider("  timeout: 5s")
            #expect(try provider.providerToken(environment: ["NUMWATCH_TOKEN": "  \(Self.secret)\n"]).value == Self.secret)
            let named = try makeProvider("  token_env: MY_TOKEN")
            #expect(try named.providerToken(environment: ["MY_TOKEN": Self.secret, "NUMWATCH_TOKEN": "other"]).value == Self.secret)
        }

        @Test func missingEnvironmentVariable() throws {
            let provider = try makeProvider("  token_env: MY_TOKEN")
            #expect(throws: ConfigErrors([ConfigError(file: "numwatch.yml", line: 3, key: "provider.token_env",
                                                      message: "environment variable MY_TOKEN is not set or empty")])) {
                try provider.providerToken(environment: ["MY_TOKEN": "  ", "NUMWATCH_TOKEN": Self.secret])
            }
            do {
                _ = try NumwatchConfig(provider: ProviderSettings(baseURL: "https://p.example/"), watches: [], file: "")
                    .providerToken(environment: [:])
                Issue.record("resolved")
            } catch {
                #expect(error.description == "config error: configuration: provider.token_env: environment variable NUMWATCH_TOKEN is not set or empty")
            }
            do {
                _ = try ConfigLoader.parse(yaml: ConfigTests.minimal, file: "numwatch.yml").providerToken(environment: [:])
                Issue.record("resolved")
            } catch {
                #expect(error.description == "config error: numwatch.yml: provider.token_env: environment variable NUMWATCH_TOKEN is not set or empty")
            }
        }

        @Test func fromATokenFileNextToTheConfig() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            try "\n  \(Self.secret)  \n\n".write(to: dir.appendingPathComponent("token"), atomically: true, encoding: .utf8)
            let file = dir.appendingPathComponent("numwatch.yml").path
            try "provider:\n  base_url: https://p.example/\n  token_file: token\nwatches:\n  - services: [telegram]\n"
                .write(toFile: file, atomically: true, encoding: .utf8)
            let config = try ConfigLoader.load(path: file)
            #expect(config.provider.token == .file(dir.appendingPathComponent("token").path))
            #expect(try config.providerToken(environment: ["NUMWATCH_TOKEN": "not this one"]).value == Self.secret)
        }

        @Test func tokenFileErrors() throws {
            let dir = try ConfigTests.temporaryDirectory()
            defer { try? FileManager.default.removeItem(at: dir) }
            let empty = dir.appendingPathComponent("empty")
            try " \n".write(to: empty, atomically: true, encoding: .utf8)
            let twoLines = dir.appendingPathComponent("two")
            try "\(Self.secret)\n\(Self.secret)\n".write(to: twoLines, atomically: true, encoding: .utf8)
            let cases: [(String, String)] = [
                (dir.appendingPathComponent("missing").path, "cannot read the token file: no such file"),
                (dir.path, "cannot read the token file: it is a directory"),
                (empty.path, "the token file is empty"),
                (twoLines.path, "the token file holds more than one line; expected just the token"),
            ]
            for (path, message) in cases {
                let provider = try makeProvider("  token_file: \(path)", file: "/etc/numwatch.yml")
                do {
                    _ = try provider.providerToken(environment: ["NUMWATCH_TOKEN": Self.secret])
                    Issue.record("resolved \(path)")
                } catch {
                    #expect(error.description == "config error: /etc/numwatch.yml:3: provider.token_file: \(message)")
                    #expect(!error.description.contains(Self.secret))
                }
            }
        }
    }
}

@Suite struct CallbackConfigTests {
    @Test func theSecretComesFromTheEnvironmentIsLongEnoughAndIsNeverQuoted() throws {
        let config = try ConfigLoader.parse(yaml: ConfigTests.minimal + "\ncallback:\n  public_url: https://nw.example/\n", file: "numwatch.yml")
        let callback = try #require(config.callback)
        let secret = try callback.resolveSecret(environment: ["NUMWATCH_CALLBACK_SECRET": "0123456789abcdef-XY"])
        #expect(callback.takeCallbackURL(secret: secret) == "https://nw.example/callback/0123456789abcdef-XY")
        let short = #expect(throws: ConfigErrors.self) { try callback.resolveSecret(environment: ["NUMWATCH_CALLBACK_SECRET": "hunter2"]) }
        #expect(short?.description.contains("callback.secret_env: the callback secret is 7 characters; it needs at least 16") == true)
        #expect(short?.description.contains("hunter2") == false)
        let missing = #expect(throws: ConfigErrors.self) { try callback.resolveSecret(environment: [:]) }
        #expect(missing?.description.contains("environment variable NUMWATCH_CALLBACK_SECRET is not set or empty") == true)
        #expect(try ConfigLoader.parse(yaml: ConfigTests.minimal, file: "numwatch.yml").callback == nil)
    }
}
