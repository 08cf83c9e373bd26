@testable import Config
import Domain
import Foundation
import Testing

/// The repository's `numwatch.example.yml` is the file users copy: it must load, say what it
/// does, and show every key the loader accepts.
@Suite struct ExampleConfigTests {
    /// `<repo>/numwatch.example.yml`, found from this file (`<repo>/Tests/NumwatchTests/Config/`).
    static let path: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("numwatch.example.yml").path
    }()

    static func text() throws -> String {
        try String(contentsOfFile: path, encoding: .utf8)
    }

    @Test func loadsWithoutErrors() throws {
        // A failure here shows the loader's own messages (`config error: file:line: key: ...`).
        let config = try ConfigLoader.load(path: Self.path)
        #expect(config.file == Self.path)
    }

    /// Where the comments say "default X", the value written is the default numwatch uses.
    @Test func defaultsAreTheLoadersDefaults() throws {
        let config = try ConfigLoader.load(path: Self.path)
        let provider = ProviderSettings(baseURL: "")
        #expect(config.provider.token == provider.token)
        #expect(config.provider.timeout == provider.timeout)
        #expect(config.provider.pollInterval == provider.pollInterval)
        #expect(config.provider.pollScope == provider.pollScope)
        #expect(config.provider.dailyTakeLimit == provider.dailyTakeLimit)
        #expect(config.sampling == SamplingConfig())
        let storage = StorageConfig()
        #expect(config.storage.retention == storage.retention)
        #expect(config.storage.rawRetention == storage.rawRetention)
        #expect(config.storage.hourlyRetention == storage.hourlyRetention)
        #expect(config.http.listen == HTTPConfig().listen)
        #expect(config.http.idleTimeout == HTTPConfig().idleTimeout)
        #expect(config.http.readTimeout == HTTPConfig().readTimeout)
        #expect(config.http.maxConnections == HTTPConfig().maxConnections)
        let alerts = AlertsConfig()
        #expect(config.alerts.providerDownAfter == alerts.providerDownAfter)
        #expect(config.alerts.banRiskAt == alerts.banRiskAt)
        let hook = WebhookConfig(url: "")
        #expect(config.webhooks[0].format == hook.format)
        #expect(config.webhooks[0].repeatInterval == hook.repeatInterval)
        #expect(config.webhooks[0].giveUpAfter == hook.giveUpAfter)
        #expect(config.callback?.secretEnv == CallbackConfig().secretEnv)
    }

    @Test func valuesAreWhatTheCommentsSay() throws {
        let config = try ConfigLoader.load(path: Self.path)
        let day = 86_400.0
        #expect(config.provider.baseURL == "https://provider.example/")
        #expect(config.provider.timeout == .seconds(10))
        #expect(config.provider.pollInterval == .seconds(30))
        #expect(config.provider.pollScope == .account)
        #expect(config.provider.dailyTakeLimit == 45)
        #expect(config.sampling.maxBackoff == .seconds(300))
        #expect(config.storage.path == "/var/lib/numwatch/numwatch.sqlite")
        #expect(config.storage.retention == .seconds(400 * 86_400))
        #expect(config.storage.rawRetention == .seconds(35 * 86_400))
        #expect(config.storage.hourlyRetention == .seconds(90 * 86_400))
        #expect(config.http.host == "127.0.0.1" && config.http.port == 9464)
        #expect(config.http.externalBase == "https://numwatch.example.org/")
        #expect(config.http.auth?.username == "prometheus" && config.http.auth?.passwordEnv == "NUMWATCH_HTTP_PASSWORD")
        #expect(config.http.auth?.bearerTokenEnv == "NUMWATCH_HTTP_TOKEN" && config.http.auth?.bearerTokenFile == nil)
        #expect(config.report == ReportConfig(timeZone: "Asia/Tehran", refresh: .seconds(300)))

        #expect(config.watches.map(\.platform) == ["telegram", "whatsapp", "telegram+whatsapp"])
        #expect(config.watches[0].countries == nil)
        #expect(config.watches[2].countries == ["romania", "russia"])
        #expect(config.watches[2].interval == .seconds(30))
        #expect(config.watches[0].interval == .seconds(60))  // sampling.interval

        #expect(config.alerts.creditBelow == Toman(50_000))
        #expect(config.alerts.creditRunwayBelow == .seconds(3 * day))
        #expect(config.alerts.providerDownAfter == .seconds(300))
        #expect(config.alerts.banRiskAt == 40)
        let rules = config.alerts.rules
        #expect(rules.map(\.name) == [
            "tg-romania-stock", "whatsapp-russia-stock-above-5000", "bundle-price-band", "telegram-price-change-20-percent",
            "telegram-best-price-below-9000-best-provider-changed",
        ])
        #expect(rules[0] == AlertRuleConfig(
            name: "tg-romania-stock", services: ["telegram"], country: "romania", stockBelow: 100, stockClear: 150,
            forDuration: .seconds(120), severity: .critical, line: rules[0].line))
        #expect(rules[1].stockAbove == 5000 && rules[1].severity == .warning && rules[1].forDuration == .zero)
        #expect(rules[2].platform == "telegram+whatsapp" && rules[2].priceAbove == Toman(30_000) && rules[2].priceBelow == Toman(5000))
        #expect(rules[2].country == nil && rules[2].forDuration == .seconds(600))
        #expect(rules[3].priceChangePercent == 20)
        #expect(rules[4].bestPriceBelow == Toman(9_000) && rules[4].bestProviderChanged && rules[4].provider == nil)

        #expect(config.callback?.publicURL == "https://numwatch.example.org/")
        #expect(config.callback?.secretFile == nil)
        #expect(config.callback?.allowFrom?.map(\.description) == ["89.42.211.109/32"])
        #expect(config.http.trustedProxies.map(\.description) == ["127.0.0.1", "::1"])

        #expect(config.webhooks.map(\.format) == [.alertmanager, .alertmanagerAPI, .slack])
        #expect(config.webhooks[0].secretEnv == "NUMWATCH_WEBHOOK_SECRET" && config.webhooks[1].secretEnv == nil)
        #expect(config.webhooks[0].signature == .v1)
        #expect(config.webhooks[0].repeatInterval == .seconds(4 * 3600) && config.webhooks[0].giveUpAfter == .seconds(day))
        #expect(config.webhooks[2].repeatInterval == .seconds(12 * 3600))
    }

    /// Every top-level key is set (not commented out), and every key of every section appears,
    /// at least in a comment for the either-or ones (token_env / token_file, secret_env / secret_file,
    /// password_env / password_file, bearer_token_env / bearer_token_file).
    @Test func showsEveryKeyTheLoaderAccepts() throws {
        let lines = try Self.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let topLevel = Set(lines.compactMap { line -> String? in
            guard let first = line.first, first.isLetter, let colon = line.firstIndex(of: ":") else { return nil }
            return String(line[..<colon])
        })
        // provider: and providers: are either-or: the example sets the first and shows the second commented.
        for key in ConfigLoader.topKeys where key != "providers" {
            #expect(topLevel.contains(key), "top-level key \(key) is missing from numwatch.example.yml")
        }
        #expect(lines.contains("# providers:"))
        #expect(topLevel.subtracting(ConfigLoader.topKeys).isEmpty)

        let sections: [(String, [String])] = [
            ("provider", Settings.providerKeys), ("sampling", Settings.samplingKeys), ("storage", Settings.storageKeys),
            ("http", Settings.httpKeys), ("http.auth", Settings.httpAuthKeys), ("report", Settings.reportKeys),
            ("callback", Settings.callbackKeys),
            ("watches[]", Watches.keys), ("alerts", Alerts.keys), ("alerts.rules[]", Alerts.ruleKeys),
            ("webhooks[]", Alerts.webhookKeys), ("providers[]", Providers.entryKeys), ("providers[].aliases", Providers.aliasKeys),
        ]
        for (section, keys) in sections {
            for key in keys {
                let shown = lines.contains { line in
                    var rest = Substring(line.drop { $0 == " " || $0 == "#" || $0 == "-" })
                    rest = rest.drop { $0 == " " }
                    return rest.hasPrefix(key + ":")
                }
                #expect(shown, "\(section).\(key) is missing from numwatch.example.yml")
            }
        }
    }

    /// The either-or keys: the commented alternative, uncommented instead of its partner, is valid too.
    @Test func commentedAlternativesAreValid() throws {
        let text = try Self.text()
            .replacingOccurrences(of: "  token_env: NUMWATCH_TOKEN\n", with: "")
            .replacingOccurrences(of: "  # token_file: ", with: "  token_file: ")
            .replacingOccurrences(of: "  secret_env: NUMWATCH_CALLBACK_SECRET\n", with: "")
            .replacingOccurrences(of: "  # secret_file: ", with: "  secret_file: ")
            .replacingOccurrences(of: "    password_env: NUMWATCH_HTTP_PASSWORD\n", with: "")
            .replacingOccurrences(of: "    # password_file: ", with: "    password_file: ")
            .replacingOccurrences(of: "    bearer_token_env: NUMWATCH_HTTP_TOKEN\n", with: "")
            .replacingOccurrences(of: "    # bearer_token_file: ", with: "    bearer_token_file: ")
        let config = try ConfigLoader.parse(yaml: text, file: Self.path)
        #expect(config.provider.token == .file("/run/credentials/numwatch.service/numwatch-token"))
        #expect(config.callback?.secretFile == "/run/credentials/numwatch.service/numwatch-callback")
        #expect(config.http.auth?.passwordFile == "/run/credentials/numwatch.service/numwatch-http-password")
        #expect(config.http.auth?.bearerTokenFile == "/run/credentials/numwatch.service/numwatch-http-token")
    }
}
