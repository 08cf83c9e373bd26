import Config
import Testing

/// Each mistake in `providers:` and in a watch's `providers:` is reported at its line and key.
@Suite struct BadProviderConfigTests {
    /// `main` and `sa` on lines 1-10, then `rest` from line 11.
    static func two(_ main: String = "", sa: String = "", _ rest: String = "watches:\n  - services: [telegram]") -> String {
        """
        providers:
          - id: main
            kind: myonlinesim
            base_url: https://provider.example/
            token_env: NUMWATCH_TOKEN\(main)
          - id: sa
            kind: sms_activate
            base_url: https://sa.example/stubs/handler_api.php
            token_env: SA_API_KEY
            toman_per_unit: 450\(sa)
        \(rest)
        """
    }

    static let cases: [BadConfig] = [
        BadConfig("provider: and providers: both", """
            provider:
              base_url: https://provider.example/
            providers:
              - {id: sa, kind: sms_activate, base_url: "https://sa.example/", token_env: SA, toman_per_unit: 450}
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:3: providers: give provider: (one provider) or providers: (a list), not both (provider: is on line 1)"),
        BadConfig("an empty list", "providers: []\nwatches:\n  - services: [telegram]",
            "config error: numwatch.yml:1: providers: at least one provider is required, like - id: main, kind: myonlinesim, base_url: ..."),
        BadConfig("no id, no kind", """
            providers:
              - base_url: https://provider.example/
                token_env: T
            watches:
              - services: [telegram]
            """,
            "config error: numwatch.yml:2: providers[0].id: required key is missing",
            "config error: numwatch.yml:2: providers[0].kind: required key is missing"),
        BadConfig("an id that is no label value", two().replacingOccurrences(of: "id: sa", with: "id: \"SA 1\""),
            "config error: numwatch.yml:6: providers[1].id: expected 1 to 32 characters of a-z, 0-9, _ and -, got \"SA 1\""),
        BadConfig("an id given twice", two().replacingOccurrences(of: "id: sa", with: "id: main"),
            "config error: numwatch.yml:6: providers[1].id: \"main\" is already the id of providers[0]"),
        BadConfig("an unknown kind", two().replacingOccurrences(of: "sms_activate", with: "smsactivate"),
            "config error: numwatch.yml:7: providers[1].kind: expected one of myonlinesim, sms_activate, fivesim, got \"smsactivate\""),
        BadConfig("no rate for another currency", two().replacingOccurrences(of: "    toman_per_unit: 450", with: "    currency: USD"),
            "config error: numwatch.yml:6: providers[1].toman_per_unit: required for kind sms_activate: what one USD is worth in Toman"
                + " (e.g. 450), so its prices compare with the others'"),
        BadConfig("a rate out of bounds", two().replacingOccurrences(of: "toman_per_unit: 450", with: "toman_per_unit: 0"),
            "config error: numwatch.yml:10: providers[1].toman_per_unit: must be more than 0 and at most 1000000000 (Toman for one RUB), got \"0\""),
        BadConfig("a currency in lower case", two(sa: "\n    currency: rub"),
            "config error: numwatch.yml:11: providers[1].currency: expected a three-letter currency code in capitals like RUB or USD, got \"rub\""),
        BadConfig("the number guards where no numbers are taken", two(sa: "\n    poll_interval: 30s\n    daily_take_limit: 10"),
            "config error: numwatch.yml:11: providers[1].poll_interval: only for kind myonlinesim, where numbers are taken",
            "config error: numwatch.yml:12: providers[1].daily_take_limit: only for kind myonlinesim, where numbers are taken"),
        BadConfig("an unknown key in an entry, reported once", two(sa: "\n    tokn_env: X"),
            "config error: numwatch.yml:11: providers[1].tokn_env: unknown key (expected one of: id, kind, base_url, token_env, token_file,"
                + " timeout, poll_interval, poll_scope, daily_take_limit, toman_per_unit, currency, concurrency, aliases)"),
        BadConfig("concurrency out of bounds", two(sa: "\n    concurrency: 0"),
            "config error: numwatch.yml:11: providers[1].concurrency: must be between 1 and 32, got 0"),
        BadConfig("aliases for myonlinesim", two("\n    aliases: {services: {telegram: tg}}"),
            "config error: numwatch.yml:6: providers[0].aliases: a provider of kind myonlinesim uses numwatch's codes as they are;"
                + " aliases are for the other kinds"),
        BadConfig("aliases that are no mapping of codes", two(sa: "\n    aliases:\n      services: [tg]\n      countries: {\"united kingdom\": 16, india: \"\"}"),
            "config error: numwatch.yml:12: providers[1].aliases.services: expected a mapping of numwatch's service codes to the provider's,"
                + " like telegram: tg, got a list",
            "config error: numwatch.yml:13: providers[1].aliases.countries: country code \"united kingdom\" may hold only a-z, 0-9, _ and -",
            "config error: numwatch.yml:13: providers[1].aliases.countries.india: expected the provider's code, got an empty string"),
        BadConfig("a key provider: never had", "provider:\n  base_url: https://provider.example/\n  kind: fivesim\nwatches:\n  - services: [telegram]",
            "config error: numwatch.yml:3: provider.kind: unknown key (expected one of: base_url, token_env, token_file, timeout, poll_interval,"
                + " poll_scope, daily_take_limit)"),
        BadConfig("a watch naming an unknown provider", two(sa: "", "watches:\n  - services: [telegram]\n    providers: [sa, fs, x]"),
            "config error: numwatch.yml:13: watches[0].providers: no provider \"fs\" (known: main, sa)",
            "config error: numwatch.yml:13: watches[0].providers: no provider \"x\" (known: main, sa)"),
        BadConfig("a bundle from a provider that sells none", two(sa: "", "watches:\n  - services: [telegram, whatsapp]\n    providers: [main, sa]"),
            "config error: numwatch.yml:13: watches[0].providers: sa is of kind sms_activate, which does not sell bundles"
                + " (telegram+whatsapp is several services on one number)"),
        BadConfig("a bundle and no provider selling bundles", """
            providers:
              - {id: sa, kind: sms_activate, base_url: "https://sa.example/", token_env: SA, toman_per_unit: 450}
            watches:
              - services: [telegram, whatsapp]
            """,
            "config error: numwatch.yml:4: watches[0].services: no provider sells the bundle telegram+whatsapp (only kind myonlinesim prices"
                + " several services on one number)"),
        BadConfig("an empty list of providers in a watch", two(sa: "", "watches:\n  - services: [telegram]\n    providers: []"),
            "config error: numwatch.yml:13: watches[0].providers: expected at least one provider id, got an empty list"),
        BadConfig("a platform twice from one provider", two(sa: "", """
            watches:
              - services: [telegram]
                providers: [main]
              - services: [telegram]
                providers: [sa]
              - services: [telegram]
            """),
            "config error: numwatch.yml:16: watches[2].services: telegram is already watched from main by watches[0], from sa by watches[1]"),
    ]

    @Test(arguments: cases)
    func isReportedExactly(_ bad: BadConfig) {
        #expect(ConfigTests.messages(bad.yaml) == bad.expected)
    }

    /// Two entries of one platform, each from its own providers, are both sampled; a rule's
    /// country must be watched by one of them, and the error names each.
    @Test func aRulesCountryIsCheckedAgainstEveryWatchOfItsPlatform() throws {
        let watches = """
            watches:
              - services: [telegram]
                countries: [india]
                providers: [main]
              - services: [telegram]
                countries: [russia]
                providers: [sa]
            alerts:
              rules:
                - services: [telegram]
                  country: russia
                  stock_below: 5
            """
        let config = try ConfigLoader.parse(yaml: Self.two(sa: "", watches), file: "numwatch.yml")
        #expect(config.watches.map { "\($0.platform)@\($0.provider)" } == ["telegram@main", "telegram@sa"])
        #expect(config.alerts.rules.map(\.country) == ["russia"])
        #expect(ConfigTests.messages(Self.two(sa: "", watches.replacingOccurrences(of: "country: russia", with: "country: kenya"))) == [
            "config error: numwatch.yml:21: alerts.rules[0].country: no watch of telegram watches kenya (watches[0] lists india; watches[1] lists russia)",
        ])
    }
}
