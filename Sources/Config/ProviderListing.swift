import Domain

extension NumwatchConfig {
    /// `check-config --providers`: one line per provider, in file order — its id and kind, where
    /// it is (`redactURL`: no user info, path or query, any of which may hold a key), its currency
    /// and rate, where its token comes from (the key, never the variable's name or the file's
    /// path: either may be the token pasted by mistake), and what it samples:
    ///
    ///     sa: sms_activate at https://sa.example/…, prices in RUB at 450 Toman each, token from token_env; samples telegram (india, russia), whatsapp
    ///
    /// The names its adapter cannot match need its lists (calls to the provider): the command
    /// prints them after these lines.
    package func providerListing() -> [String] {
        providers.map { provider in
            var line = "\(provider.id): \(provider.kind.rawValue) at \(redactURL(provider.baseURL)), prices in \(provider.currency)"
                + " at \(formatRate(provider.tomanPerUnit)) Toman each"
            switch provider.token {
            case .environment?: line += ", token from token_env"
            case .file?: line += ", token from token_file"
            case nil: line += ", no token (its credit is not sampled)"
            }
            if let concurrency = provider.concurrency { line += ", at most \(concurrency) calls at once" }
            if provider.id == numbersProvider?.id { line += "; numbers are taken here" }
            let sampled = watches.filter { $0.provider == provider.id }.map { watch in
                watch.countries.map { "\(watch.platform) (\($0.joined(separator: ", ")))" } ?? watch.platform
            }
            line += sampled.isEmpty ? "; samples nothing (no watch names it)" : "; samples \(sampled.joined(separator: ", "))"
            return line
        }
    }

    /// What `check-config` says is watched: the platforms (`telegram, whatsapp`), each with its
    /// providers when there are several (`telegram from main, sa; whatsapp from main`).
    package var watchSummary: String {
        guard providers.count > 1 else { return watches.map(\.platform).joined(separator: ", ") }
        var platforms: [String] = []
        var from: [String: [String]] = [:]
        for watch in watches {
            if from[watch.platform] == nil { platforms.append(watch.platform) }
            from[watch.platform, default: []].append(watch.provider.rawValue)
        }
        return platforms.map { "\($0) from \(from[$0, default: []].joined(separator: ", "))" }.joined(separator: "; ")
    }

    /// 450, 0.0125: as written, without a trailing `.0`.
    private func formatRate(_ rate: Double) -> String {
        rate == rate.rounded() && abs(rate) < 1e15 ? String(Int64(rate)) : String(rate)
    }
}
