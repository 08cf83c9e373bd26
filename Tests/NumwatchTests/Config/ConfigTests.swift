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
            #expect(config.watches[0].provider == .main)
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
