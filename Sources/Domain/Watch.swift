/// One entry of `watches:`: a service or a bundle whose prices and stock are sampled, in which
/// countries, how often and from which provider. The configuration reader makes it (the default
/// interval filled in); the sampler runs it; /metrics, the report and the API show it.
package struct Watch: Sendable, Equatable {
    package var services: ServiceSet
    /// Lowercased, in the order the file lists them (messages quote them so); nil: every country
    /// the provider lists.
    package var countries: [String]?
    /// `interval`, or `sampling.interval` when the watch gives none.
    package var interval: Duration
    package var provider: ProviderName
    /// The line of the watch in the configuration file (0 when built in code), for errors.
    package var line: Int

    package init(
        services: ServiceSet, countries: [String]? = nil, interval: Duration = .seconds(60), provider: ProviderName = .main,
        line: Int = 0
    ) {
        self.services = services
        self.countries = countries
        self.interval = interval
        self.provider = provider
        self.line = line
    }

    /// The `platform` label: the code, or the bundle's codes sorted and joined by `+`.
    package var platform: String { services.platform }

    /// Whether `other` samples the same thing (a reload keeps such a watch's schedule): the same
    /// services and countries from the same provider, whatever the interval or the order of countries.
    package func samplesTheSame(as other: Watch) -> Bool {
        platform == other.platform && provider == other.provider && countries.map(Set.init) == other.countries.map(Set.init)
    }
}
