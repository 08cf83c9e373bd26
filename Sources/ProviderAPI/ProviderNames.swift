import Domain
import Logging

/// One provider's name map over time: its lists are read on first use and again once a day (an
/// hour after a failed read), and what could not be matched is remembered for
/// `unmatchedNames()`. While the lists cannot be read, the built-in names and the aliases still
/// map the common codes, and `listProblem` says why the rest may be missing.
actor ProviderNames {
    /// How long a read of the lists is used before it is read again.
    static let refreshSeconds: Double = 86_400
    /// How long after a failed read the next is tried (the sampler asks every minute or so).
    static let retrySeconds: Double = 3_600

    private let rules: NameRules
    private let aliases: NameAliases
    private let clock: any WallClock
    private let load: @Sendable () async throws(ProviderError) -> ProviderLists
    private let logger: Logger

    private var lists = ProviderLists()
    /// When the lists are read next; nil before the first read.
    private var due: Timestamp?
    private var loading: Task<Void, Never>?
    private var problem: String?
    private var unmatchedServices: Set<String> = []
    /// Countries seen in an answer that match nothing: code → the provider's name, if known.
    private var unmatchedSeen: [String: String?] = [:]

    init(
        rules: NameRules, aliases: NameAliases, clock: any WallClock, logger: Logger,
        load: @escaping @Sendable () async throws(ProviderError) -> ProviderLists
    ) {
        self.rules = rules
        self.aliases = aliases
        self.clock = clock
        self.logger = logger
        self.load = load
    }

    /// The current map, after reading the lists if they are due.
    func table() async -> NameTable {
        if let loading {
            await loading.value
        } else if due.map({ clock.now() >= $0 }) ?? true {
            let task = Task { await self.read() }
            loading = task
            await task.value
            loading = nil
        }
        return NameTable(rules: rules, aliases: aliases, lists: lists)
    }

    private func read() async {
        do throws(ProviderError) {
            let read = try await load()
            lists = read
            problem = nil
            due = clock.now().adding(seconds: Self.refreshSeconds)
        } catch {
            // The last lists read stay in use: a provider's hiccup must not unname its countries.
            problem = "the provider's lists of countries and services could not be read (\(error));"
                + " using \(lists == ProviderLists() ? "the built-in names" : "the lists read before") and the aliases"
            due = clock.now().adding(seconds: Self.retrySeconds)
            logger.warning("reading the provider's name lists failed", metadata: ["error": "\(error)"])
        }
    }

    /// numwatch's service was asked for and nothing names it at this provider (or, for 5sim, the
    /// provider does not know the product).
    func noteUnmatched(service: String) { unmatchedServices.insert(service) }

    /// numwatch's service is named after all (an alias or a list read since).
    func noteMatched(service: String) { unmatchedServices.remove(service) }

    /// The provider answered with countries no numwatch code matches: code → its name, if known.
    func noteUnmatched(countries: [String: String?]) {
        unmatchedSeen.merge(countries) { old, _ in old }
    }

    func unmatched() -> UnmatchedNames {
        let table = NameTable(rules: rules, aliases: aliases, lists: lists)
        let seen = unmatchedSeen.filter { table.country($0.key) == nil && lists.countries[$0.key] == nil }
            .map { describe($0.key, name: $0.value) }
        return UnmatchedNames(
            services: unmatchedServices.sorted(),
            countries: (table.unmatchedCountries + seen).sorted(),
            listProblem: problem)
    }
}
