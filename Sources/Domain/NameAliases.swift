/// `aliases:` under a provider: numwatch's service and country codes (the seed provider's, e.g.
/// `telegram`, `united_kingdom`) mapped to that provider's own codes (`tg`, `16`; `england`), for
/// the names its lists and the built-in map do not match.
package struct NameAliases: Sendable, Equatable {
    /// numwatch service code → the provider's service code.
    package var services: [String: String]
    /// numwatch country code → the provider's country code.
    package var countries: [String: String]

    package init(services: [String: String] = [:], countries: [String: String] = [:]) {
        self.services = services
        self.countries = countries
    }
}
