import Config
import Domain
import Foundation
import Testing

/// `numwatch.example.yml` shows `providers:` commented, in place of its `provider:`: uncommented
/// instead of it, the file still loads, as the comments say.
@Suite struct ExampleProvidersTests {
    /// The example with its `provider:` section dropped, its `# providers:` block uncommented and
    /// the commented `providers: [sa, fs]` of the first watch given.
    static func withProviders() throws -> String {
        var lines = try ExampleConfigTests.text().split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let single = try #require(lines.firstIndex(of: "provider:"))
        let singleEnd = try #require(lines[single...].firstIndex(of: ""))
        lines.removeSubrange(single..<singleEnd)
        let list = try #require(lines.firstIndex(of: "# providers:"))
        for index in lines[list...].indices {
            guard lines[index].hasPrefix("# ") else { break }
            lines[index].removeFirst(2)
        }
        let watch = try #require(lines.firstIndex(of: "  # providers: [sa, fs]"))
        #expect(lines[watch + 1] == "  - services: [telegram]")
        lines.swapAt(watch, watch + 1)
        lines[watch + 1] = "    providers: [sa, fs]"
        return lines.joined(separator: "\n")
    }

    @Test func theCommentedProvidersLoadInsteadOfProvider() throws {
        let config = try ConfigLoader.parse(yaml: try Self.withProviders(), file: ExampleConfigTests.path)
        #expect(config.providers.map(\.id.rawValue) == ["main", "sa", "fs"])
        #expect(config.providers.map(\.kind) == [.myonlinesim, .smsActivate, .fivesim])
        #expect(config.numbersProvider?.id == .main)
        #expect(config.provider.dailyTakeLimit == 45 && config.provider.pollInterval == .seconds(30))
        let sa = config.providers[1]
        #expect(sa.token == .file("/run/credentials/numwatch.service/sa-api-key"))
        #expect(sa.tomanPerUnit == 450 && sa.currency == "RUB" && sa.concurrency == 2 && sa.timeout == .seconds(10))
        #expect(sa.aliases == NameAliases(services: ["telegram": "tg"], countries: ["united_kingdom": "16"]))
        #expect(config.providers[2].token == nil && config.providers[2].currency == "RUB")
        // telegram from the two named; whatsapp from all three; the bundle from main alone.
        #expect(config.watches.map { "\($0.platform)@\($0.provider)" } == [
            "telegram@sa", "telegram@fs", "whatsapp@main", "whatsapp@sa", "whatsapp@fs", "telegram+whatsapp@main",
        ])
    }
}
