import Domain

/// Which provider numbers are taken from. Only a provider of kind myonlinesim sells numbers
/// (`ProviderKind.takesNumbers`): the one with id `main`, else the only one of that kind. The
/// reader refuses several of that kind none of which is `main`, so the choice is never a guess.
extension NumwatchConfig {
    /// The index in `providers` of the provider numbers are taken from; nil when none takes numbers.
    package var numbersProviderIndex: Int? {
        if let main = providers.firstIndex(where: { $0.id == .main && $0.kind.takesNumbers }) { return main }
        let takers = providers.indices.filter { providers[$0].kind.takesNumbers }
        return takers.count == 1 ? takers[0] : nil
    }

    /// The provider numbers are taken, checked and cancelled at; nil when the file has none of
    /// kind myonlinesim (the commands that take numbers then exit 2: `requireNumbersProvider`).
    package var numbersProvider: ProviderSettings? { numbersProviderIndex.map { providers[$0] } }

    /// The provider numbers are taken from, as the number desk, the ledger's account and the
    /// CLI's provider commands have always read it: `provider:` in a file of today. In a file
    /// without a provider of kind myonlinesim it is the first provider: code that speaks the seed
    /// document's protocol must ask `numbersProvider` (or `requireNumbersProvider`) first.
    package var provider: ProviderSettings {
        get { providers[numbersProviderIndex ?? 0] }
        set { providers[numbersProviderIndex ?? 0] = newValue }
    }

    /// The line of `provider`'s `token_env` / `token_file`.
    package var providerTokenLine: Int? {
        get { tokenPlaces[provider.id]?.line }
        set { tokenPlaces[provider.id, default: TokenPlace(section: "provider")].line = newValue }
    }

    /// The provider numbers are taken from, or the one-line error (exit 2) of a command that
    /// takes, checks or cancels numbers, or calls the seed protocol, given a file without one.
    package func requireNumbersProvider() throws(ConfigErrors) -> ProviderSettings {
        if let numbersProvider { return numbersProvider }
        let listed = providers.map { "\($0.id) is \($0.kind.rawValue)" }.joined(separator: ", ")
        throw ConfigErrors([ConfigError(
            file: file, line: nil, key: "providers",
            message: "numbers are taken (and the provider commands run) only at a provider of kind myonlinesim, and this file has none (\(listed))")])
    }
}
