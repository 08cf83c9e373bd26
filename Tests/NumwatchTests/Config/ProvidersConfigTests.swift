import Config
import Domain
import Foundation
import Testing

/// `providers:`: several providers side by side, each read as `provider:` is; today's
/// `provider:` is the one provider `main`.
@Suite struct ProvidersConfigTests {
    /// The example of issue 19, with watches.
    static let issueExample = """
        providers:
          - id: main                      # [a-z0-9_-]+, unique; the label value everywhere
            kind: myonlinesim             # the provider of the seed document
            base_url: https://provider.example/
            token_env: NUMWATCH_TOKEN
          - id: sa
            kind: sms_activate            # the handler_api.php protocol
            base_url: https://sa.example/stubs/handler_api.php
            token_env: SA_API_KEY         # or token_file
            toman_per_unit: 450           # its currency's value in Toman, for comparison
          - id: fs
            kind: fivesim
            base_url: https://fs.example/
            token_env: FIVESIM_TOKEN      # optional: prices need none, the credit does
            toman_per_unit: 450
        watches:
          - services: [telegram]
          - services: [telegram, whatsapp]
          - services: [whatsapp]
            providers: [fs, sa]
        """

    static func parse(_ yaml: String) throws -> NumwatchConfig { try ConfigLoader.parse(yaml: yaml, file: "numwatch.yml") }

    @Test func theIssuesExampleReadsThreeProvidersAndAWatchPerProvider() throws {
        let config = try Self.parse(Self.issueExample)
        #expect(config.providers == [
            ProviderSettings(id: .main, kind: .myonlinesim, baseURL: "https://provider.example/", token: .environment("NUMWATCH_TOKEN")),
            ProviderSettings(id: ProviderName("sa"), kind: .smsActivate, baseURL: "https://sa.example/stubs/handler_api.php",
                             token: .environment("SA_API_KEY"), tomanPerUnit: 450),
            ProviderSettings(id: ProviderName("fs"), kind: .fivesim, baseURL: "https://fs.example/",
                             token: .environment("FIVESIM_TOKEN"), tomanPerUnit: 450),
        ])
        #expect(config.providers.map(\.currency) == ["IRT", "RUB", "RUB"])
        #expect(config.tokenPlaces == [
            .main: TokenPlace(section: "providers[0]", line: 5), ProviderName("sa"): TokenPlace(section: "providers[1]", line: 9),
            ProviderName("fs"): TokenPlace(section: "providers[2]", line: 14),
        ])
        // A single service from every provider, the bundle only from the one that sells bundles,
        // the named list in the order it names them; each on its entry's line.
        #expect(config.watches.map { "\($0.platform)@\($0.provider):\($0.line)" } == [
            "telegram@main:17", "telegram@sa:17", "telegram@fs:17", "telegram+whatsapp@main:18", "whatsapp@fs:19", "whatsapp@sa:19",
        ])
        #expect(config.numbersProvider?.id == .main)
        #expect(config.provider == config.providers[0])
    }

    /// One reader for both forms: `provider:` reads as the entry `main` of kind myonlinesim with
    /// the same keys would, and a file of today is a `NumwatchConfig(provider:)`.
    @Test func todaysProviderIsTheProviderMainOfKindMyonlinesim() throws {
        let keys = """
            base_url: https://provider.example/
            token_file: /run/token
            timeout: 20s
            poll_interval: 45s
            poll_scope: number
            daily_take_limit: 30
            """
        let indented = { (by: String) in keys.split(separator: "\n").map { by + $0 }.joined(separator: "\n") }
        let single = try Self.parse("provider:\n\(indented("  "))\nwatches:\n  - services: [telegram]")
        let listed = try Self.parse("providers:\n  - id: main\n    kind: myonlinesim\n\(indented("    "))\nwatches:\n  - services: [telegram]")
        #expect(single.providers.count == 1)
        #expect(single.providers == listed.providers)
        #expect(single.providers[0].id == .main && single.providers[0].kind == .myonlinesim && single.providers[0].tomanPerUnit == 1)
        #expect(single.tokenPlaces == [.main: TokenPlace(section: "provider", line: 3)])
        // The same watch, two lines further down in the list form.
        #expect(single.watches.map { var watch = $0; watch.line += 2; return watch } == listed.watches)

        var expected = NumwatchConfig(provider: single.provider, watches: single.watches, file: "numwatch.yml")
        expected.providerTokenLine = 3
        #expect(single == expected)
        #expect(single.numbersProvider == single.provider)
    }

    @Test func everyKeyOfAnEntryIsRead() throws {
        let config = try Self.parse("""
            providers:
              - id: sa-2
                kind: sms_activate
                base_url: https://sa.example/stubs/handler_api.php
                token_file: keys/sa
                toman_per_unit: 0.5
                currency: USD
                timeout: 3s
                concurrency: 2
                aliases:
                  services: {Telegram: tg}
                  countries: {united_kingdom: 16, india: ind}
            watches:
              - services: [telegram]
            """)
        #expect(config.providers == [ProviderSettings(
            id: ProviderName("sa-2"), kind: .smsActivate, baseURL: "https://sa.example/stubs/handler_api.php", token: .file("keys/sa"),
            timeout: .seconds(3), tomanPerUnit: 0.5, currency: "USD",
            aliases: NameAliases(services: ["telegram": "tg"], countries: ["united_kingdom": "16", "india": "ind"]), concurrency: 2)])
    }

    /// Only a fivesim provider may go without a token (its credit is then not sampled); the
    /// others must name theirs, and no default variable is assumed in a list.
    @Test func aTokenIsOptionalOnlyForFivesim() throws {
        let config = try Self.parse("""
            providers:
              - id: fs
                kind: fivesim
                base_url: https://fs.example/
                toman_per_unit: 450
            watches:
              - services: [telegram]
            """)
        #expect(config.providers[0].token == nil)
        #expect(try config.token(of: config.providers[0], environment: ["NUMWATCH_TOKEN": "not-this-one"]) == nil)
        #expect(try config.providerTokens(environment: [:]).isEmpty)
        #expect(config.warnings(environment: [:]).isEmpty)
        for kind in ["myonlinesim", "sms_activate"] {
            #expect(ConfigTests.messages("""
                providers:
                  - id: p
                    kind: \(kind)
                    base_url: https://p.example/
                    toman_per_unit: 450
                watches:
                  - services: [telegram]
                """) == ["config error: numwatch.yml:2: providers[0]: needs token_env or token_file (a provider of kind \(kind) answers"
                    + " nothing without its key; only a fivesim provider may go without one)"])
        }
    }

    /// Each token is read where its entry says, and its errors name the entry's key and line.
    @Test func everyTokenIsReadAndEachProblemNamesItsEntry() throws {
        let config = try Self.parse(Self.issueExample)
        let tokens = try config.providerTokens(environment: [
            "NUMWATCH_TOKEN": "main-token", "SA_API_KEY": "sa-key", "FIVESIM_TOKEN": "fs-token",
        ])
        #expect(tokens.mapValues(\.value) == [.main: "main-token", ProviderName("sa"): "sa-key", ProviderName("fs"): "fs-token"])
        #expect(try config.providerToken(environment: ["NUMWATCH_TOKEN": "main-token"]).value == "main-token")
        #expect(throws: ConfigErrors([
            ConfigError(file: "numwatch.yml", line: 9, key: "providers[1].token_env", message: "environment variable SA_API_KEY is not set or empty"),
            ConfigError(file: "numwatch.yml", line: 14, key: "providers[2].token_env",
                        message: "environment variable FIVESIM_TOKEN is not set or empty"),
        ])) {
            try config.providerTokens(environment: ["NUMWATCH_TOKEN": "main-token"])
        }
        let weak = config.warnings(environment: ["NUMWATCH_TOKEN": "main-token", "SA_API_KEY": "sa-key", "FIVESIM_TOKEN": "fs-token"])
        #expect(weak.map(\.key) == ["providers[0].token_env", "providers[1].token_env", "providers[2].token_env"])
    }
}

/// Which provider numbers are taken from, and the one line a command that needs it exits 2 with.
@Suite struct NumbersProviderTests {
    static func config(_ entries: [(id: String, kind: String)]) throws -> NumwatchConfig {
        let providers = entries.map { entry in
            "  - id: \(entry.id)\n    kind: \(entry.kind)\n    base_url: https://\(entry.id).example/\n    token_env: T\n    toman_per_unit: 2"
        }
        return try ProvidersConfigTests.parse("providers:\n\(providers.joined(separator: "\n"))\nwatches:\n  - services: [telegram]")
    }

    @Test func theOnlyMyonlinesimProviderOrTheOneNamedMain() throws {
        let one = try Self.config([("sa", "sms_activate"), ("seed", "myonlinesim")])
        #expect(one.numbersProvider?.id == ProviderName("seed"))
        #expect(one.provider.id == ProviderName("seed") && one.provider.baseURL == "https://seed.example/")
        let two = try Self.config([("backup", "myonlinesim"), ("main", "myonlinesim")])
        #expect(two.numbersProvider?.id == .main)
        #expect(try two.requireNumbersProvider().baseURL == "https://main.example/")
    }

    @Test func severalMyonlinesimProvidersNoneOfThemMainIsAnError() {
        let yaml = """
            providers:
              - {id: a, kind: myonlinesim, base_url: "https://a.example/", token_env: A}
              - {id: b, kind: myonlinesim, base_url: "https://b.example/", token_env: B}
            watches:
              - services: [telegram]
            """
        #expect(ConfigTests.messages(yaml) == [
            "config error: numwatch.yml:1: providers: several providers of kind myonlinesim (a, b): numbers are taken from the one with"
                + " id main; give one of them that id",
        ])
    }

    @Test func withoutAMyonlinesimProviderNumbersCannotBeTaken() throws {
        let config = try Self.config([("sa", "sms_activate"), ("fs", "fivesim")])
        #expect(config.numbersProvider == nil)
        let error = #expect(throws: ConfigErrors.self) { try config.requireNumbersProvider() }
        #expect(error?.description == "config error: numwatch.yml: providers: numbers are taken (and the provider commands run) only at a"
            + " provider of kind myonlinesim, and this file has none (sa is sms_activate, fs is fivesim)")
    }
}
