import Config
import Domain
import Testing

/// `alerts.rules[].provider`, `best_price_below` and `best_provider_changed`.
extension ConfigTests {
    @Suite struct AlertProviderConfig {
        static func alerts(_ rules: String) -> String {
            ConfigTests.minimal + "\nalerts:\n  rules:\n" + rules
        }

        @Test func aRuleMayNameAProviderAndTheConditionsAcrossProviders() throws {
            let config = try ConfigLoader.parse(yaml: Self.alerts("""
                    - services: [telegram]
                      provider: main
                      stock_below: 10
                    - services: [telegram]
                      best_price_below: 9000
                      best_provider_changed: true
                """), file: "numwatch.yml")
            #expect(config.alerts.rules.map(\.name) == ["telegram-main-stock-below-10", "telegram-best-price-below-9000-best-provider-changed"])
            #expect(config.alerts.rules.map(\.provider) == [.main, nil])
            #expect(config.alerts.rules[1].bestPriceBelow == Toman(9_000) && config.alerts.rules[1].bestProviderChanged)
        }

        @Test func creditLevelsMayBeGivenPerProvider() throws {
            let config = try ConfigLoader.parse(yaml: ConfigTests.minimal + """

                alerts:
                  credit_below:
                    main: 20000
                  credit_runway_below: 2d
                """, file: "numwatch.yml")
            #expect(config.alerts.creditBelow == nil && config.alerts.creditBelowByProvider == [.main: Toman(20_000)!])
            #expect(config.alerts.creditRunwayBelow == .seconds(2 * 86_400) && config.alerts.creditRunwayBelowByProvider.isEmpty)
            #expect(ConfigTests.messages(ConfigTests.minimal + """

                alerts:
                  credit_below:
                    sa: 20000
                """) == ["config error: numwatch.yml:7: alerts.credit_below.sa: unknown key (expected one of: main)"])
        }

        @Test func anUnknownProviderAndBadBestConditionsAreErrorsWithTheirLine() {
            let messages = ConfigTests.messages(Self.alerts("""
                    - services: [telegram]
                      provider: sa
                      stock_below: 10
                    - services: [telegram]
                      best_price_below: 0
                    - services: [telegram]
                      provider: main
                      best_price_below: 100
                    - services: [telegram]
                      best_provider_changed: maybe
                    - services: [telegram]
                      best_provider_changed: false
                """))
            #expect(messages == [
                "config error: numwatch.yml:8: alerts.rules[0].provider: no provider \"sa\" is configured (the providers are main)",
                "config error: numwatch.yml:11: alerts.rules[1].best_price_below: must be at least 1, got 0",
                "config error: numwatch.yml:13: alerts.rules[2].provider: best_price_below and best_provider_changed compare every provider;"
                    + " give them a rule without provider",
                "config error: numwatch.yml:16: alerts.rules[3].best_provider_changed: expected true or false, got \"maybe\"",
                "config error: numwatch.yml:17: alerts.rules[4]: needs at least one of stock_below, stock_above, price_above, price_below,"
                    + " price_change_percent, best_price_below, best_provider_changed",
            ])
        }
    }
}
