import Config
import Domain
import Testing

/// `watches:` reads into `Watch` values: services, countries, the interval as a `Duration` (the
/// default filled in from `sampling.interval`), and the provider they are sampled from.
@Suite struct WatchReadingTests {
    static func config(sampling: String = "", watches: String) throws -> NumwatchConfig {
        try ConfigLoader.parse(yaml: """
            provider:
              base_url: https://provider.example/
            \(sampling)
            watches:
            \(watches)
            """, file: "numwatch.yml")
    }

    @Test func aWatchWithoutAnIntervalIsSampledEverySamplingInterval() throws {
        let config = try Self.config(sampling: "sampling:\n  interval: 1m30s", watches: """
              - services: [telegram]
              - services: [whatsapp, telegram]
                countries: [russia, romania]
                interval: 2h
            """)
        #expect(config.watches == [
            Watch(services: try ServiceSet("telegram"), interval: .seconds(90), line: 6),
            Watch(services: try ServiceSet(["whatsapp", "telegram"]), countries: ["russia", "romania"], interval: .seconds(7_200), line: 7),
        ])
        #expect(config.watches.allSatisfy { $0.provider == .main })
    }

    @Test func withoutASamplingSectionTheDefaultIntervalIsAMinute() throws {
        #expect(try Self.config(watches: "  - services: [telegram]").watches.map(\.interval) == [.seconds(60)])
    }

    @Test func aWatchSamplesTheSameAsAnotherWhateverItsIntervalOrTheOrderOfItsCountries() throws {
        let watch = Watch(services: try ServiceSet(["telegram", "whatsapp"]), countries: ["russia", "romania"], interval: .seconds(60))
        var other = watch
        other.services = try ServiceSet(["whatsapp", "telegram"])
        other.countries = ["romania", "russia"]
        other.interval = .seconds(30)
        #expect(watch.samplesTheSame(as: other))
        other.countries = ["romania"]
        #expect(!watch.samplesTheSame(as: other))
        other.countries = watch.countries
        other.provider = ProviderName("another")
        #expect(!watch.samplesTheSame(as: other))
    }
}
