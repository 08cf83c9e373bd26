import Config
import Domain
import Logging
import ProviderAPI

/// `check-config --providers`, its live part: what each provider's adapter cannot match to
/// numwatch's names. Every watch of a provider not of the seed's kind is priced once, which reads
/// its name lists; then its unmatched services and countries are listed, never dropped in silence.
package enum NameCheck {
    /// One line per finding, `say` told of each call before it is made.
    package static func lines(
        config: NumwatchConfig, environment: [String: String], logger: Logger, say: (String) -> Void
    ) async throws -> [String] {
        let account = try ProviderAccount(config: config, environment: environment, logger: logger)
        return try await account.run(logger: logger) {
            let markets = try account.markets(config: config, environment: environment, logger: logger)
            var lines: [String] = []
            for provider in config.providers where provider.kind != .myonlinesim {
                guard let market = markets[provider.id] else { continue }
                for watch in config.watches where watch.provider == provider.id {
                    say("asking \(provider.id) for \(watch.platform)…")
                    do {
                        _ = try await market.quotes(watch.services)
                    } catch {
                        lines.append("\(provider.id): \(watch.platform): \(error)")
                    }
                }
                lines += describe(await market.unmatchedNames(), of: provider.id)
            }
            return lines
        }
    }

    static func describe(_ unmatched: UnmatchedNames, of provider: ProviderName) -> [String] {
        guard !unmatched.isEmpty else { return ["\(provider): every name matched"] }
        var lines: [String] = []
        if !unmatched.services.isEmpty {
            lines.append("\(provider): services it does not name (add aliases.services): \(unmatched.services.joined(separator: ", "))")
        }
        if !unmatched.countries.isEmpty {
            lines.append("\(provider): countries matching none of numwatch's (add aliases.countries): \(unmatched.countries.joined(separator: ", "))")
        }
        if let problem = unmatched.listProblem { lines.append("\(provider): its name lists could not be read: \(problem)") }
        return lines
    }
}
