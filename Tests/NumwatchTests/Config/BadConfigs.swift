import Config
import Domain
import Foundation
import ProviderAPI
import Testing

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
            "config error: numwatch.yml:5: alert: unknown key (expected one of: provider, providers, sampling, storage, http, watches, alerts, webhooks, report, callback)"),
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
            "config error: numwatch.yml:5: watches[1]: expected a mapping (keys: services, countries, interval, providers), got \"whatsapp\"",
            "config error: numwatch.yml:6: watches[2].services: expected a list of service codes, got \"viber\"",
            "config error: numwatch.yml:7: watches[2].interval: must be at most 1d, got 2d"),
        BadConfig("rule without a condition", BadConfig.base("""
            alerts:
              rules:
                - name: nothing
                  services: [telegram]
                  for: 5m
            """),
            "config error: numwatch.yml:7: alerts.rules[0]: needs at least one of stock_below, stock_above, price_above, price_below, price_change_percent, best_price_below, best_provider_changed"),
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
            "config error: numwatch.yml:1: expected a mapping (keys: provider, providers, sampling, storage, http, watches, alerts, webhooks, report, callback), got a list"),
        BadConfig("a token pasted as token_env", """
            provider:
              base_url: https://provider.example/
              token_env: 9f8e7d6c5b4a-secret
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:3: provider.token_env: expected the name of an environment variable like NUMWATCH_TOKEN (A-Z, 0-9 and _; the value is not shown in case it is the token itself)"),
    ]
}
