import Domain

/// Reader of `watches:`: what is sampled, and from which providers. An entry becomes one `Watch`
/// per provider it samples (all on the entry's line); each platform is watched once per provider.
enum Watches {
    static let keys = ["services", "countries", "interval", "providers"]

    /// One entry of `watches:` as read: its path (`watches[2]`) and its watches, one per provider.
    struct Entry {
        let path: String
        let watches: [Watch]
        var platform: String { watches[0].platform }
        /// nil: every country the provider lists.
        var countries: [String]? { watches[0].countries }
    }

    /// What was read; `complete` is false when some entry could not be read, so that rules are not
    /// also blamed for a watch that is only missing because of its own error.
    struct Read {
        var entries: [Entry] = []
        var complete = true
        var watches: [Watch] { entries.flatMap(\.watches) }
    }

    /// The watches read, each without an `interval` given sampled every `defaultInterval`
    /// (`sampling.interval`), from the providers it names or, by default, every provider that
    /// sells it (`providers` as read; nil when they could not be read at all).
    static func read(_ value: Value, defaultInterval: Duration, providers: Providers.Read?, _ d: Diagnostics) -> Read {
        guard let items = value.items(d, of: "watches") else { return Read(complete: false) }
        guard !items.isEmpty else {
            d.report(value.path, line: value.line, "at least one watch is required, like - services: [telegram]")
            return Read(complete: false)
        }
        var read = Read()
        var watchedBy: [String: String] = [:]
        for item in items {
            guard let f = item.fields(d, allowed: keys) else { read.complete = false; continue }
            let servicesValue = f.required("services", d)
            let services = servicesValue?.serviceSet(d)
            let countries = f["countries"].map { $0.codes(d, what: "country code", plural: "country codes") }
            let interval = f["interval"].map { $0.duration(d, atLeast: Settings.intervalBounds.min, atMost: Settings.intervalBounds.max) }
            let named = f["providers"].map { $0.codes(d, what: "provider id", plural: "provider ids") }
            guard let services, let servicesValue, countries != .some(nil), interval != .some(nil), named != .some(nil),
                  let sellers = sellers(of: services, named: named ?? nil, value: f["providers"] ?? servicesValue, providers, d) else {
                read.complete = false
                continue
            }
            // Keyed by provider and platform: a second entry may sample the same service elsewhere.
            let repeated = sellers.compactMap { id in watchedBy["\(id) \(services.platform)"].map { (id, $0) } }
            if let other = repeated.first?.1 {
                let by = (providers?.settings.count ?? 1) > 1 ? repeated.map { "from \($0.0) by \($0.1)" }.joined(separator: ", ") : "by \(other)"
                d.report(servicesValue.path, line: servicesValue.line, "\(services.platform) is already watched \(by)")
                continue
            }
            for id in sellers { watchedBy["\(id) \(services.platform)"] = item.path }
            let every = (interval ?? nil) ?? defaultInterval
            read.entries.append(Entry(path: item.path, watches: sellers.map {
                Watch(services: services, countries: countries ?? nil, interval: every, provider: $0, line: item.line ?? 0)
            }))
        }
        return read
    }

    /// The providers a watch of `services` samples: those `named` (checked: known, and selling
    /// bundles for a bundle), or every provider that sells it; nil (reported) when that is none,
    /// or when the providers could not be read.
    private static func sellers(
        of services: ServiceSet, named: [String]?, value: Value, _ providers: Providers.Read?, _ d: Diagnostics
    ) -> [ProviderName]? {
        guard let providers else { return nil }
        let bundle = services.codes.count > 1
        guard let named else {
            let sellers = providers.settings.filter { !bundle || $0.kind.sellsBundles }.map(\.id)
            if sellers.isEmpty, providers.complete {
                let kinds = ProviderKind.allCases.filter(\.sellsBundles).map(\.rawValue).joined(separator: ", ")
                d.report(value.path, line: value.line, "no provider sells the bundle \(services.platform) (only kind \(kinds) prices"
                    + " several services on one number)")
            }
            return sellers.isEmpty ? nil : sellers
        }
        var sellers: [ProviderName] = []
        for id in named.map(ProviderName.init) {
            guard let provider = providers.settings.first(where: { $0.id == id }) else {
                if providers.complete {
                    let known = providers.settings.map(\.id.rawValue).joined(separator: ", ")
                    d.report(value.path, line: value.line, "no provider \"\(id)\" (known: \(known))")
                }
                continue
            }
            guard !bundle || provider.kind.sellsBundles else {
                d.report(value.path, line: value.line, "\(id) is of kind \(provider.kind.rawValue), which does not sell bundles"
                    + " (\(services.platform) is several services on one number)")
                continue
            }
            sellers.append(id)
        }
        return sellers.count == named.count ? sellers : nil
    }
}

extension Value {
    /// 1 to 5 service codes, checked as the provider client will check them.
    func serviceSet(_ d: Diagnostics) -> ServiceSet? {
        guard let codes = codes(d, what: "service code", plural: "service codes") else { return nil }
        guard codes.count <= ServiceSet.maximumCount else {
            d.report(path, line: line, "at most \(ServiceSet.maximumCount) services in a bundle")
            return nil
        }
        do {
            return try ServiceSet(codes)
        } catch {
            d.report(path, line: line, error.detail)
            return nil
        }
    }
}
