import Domain

/// Reader of the providers: `providers:` (a list, several providers side by side) or today's
/// `provider:` (one provider, id `main`, kind myonlinesim). One reader reads an entry of either;
/// `provider:` allows only the keys it always had.
enum Providers {
    /// The keys of `provider:`, unchanged since it was the only form.
    static let singleKeys = ["base_url", "token_env", "token_file", "timeout", "poll_interval", "poll_scope", "daily_take_limit"]
    /// The keys of an entry of `providers:`.
    static let entryKeys = ["id", "kind"] + singleKeys + ["toman_per_unit", "currency", "concurrency", "aliases"]
    /// The number desk's guards: only where numbers are taken.
    static let numberKeys = ["poll_interval", "poll_scope", "daily_take_limit"]
    static let aliasKeys = ["services", "countries"]
    static let longestID = 32
    /// `toman_per_unit` at most: more than any currency is worth in Toman, so a typo's extra zeros are caught.
    static let largestRate = 1e9

    /// What was read: the providers in file order and where each token key is; `complete` is false
    /// when some entry could not be read (its id or kind), so that watches naming it are not blamed.
    struct Read {
        var settings: [ProviderSettings] = []
        var tokenPlaces: [ProviderName: TokenPlace] = [:]
        var complete = true
    }

    /// `provider:` or `providers:` (one of them is required, not both).
    static func read(_ f: Fields, file: String, _ d: Diagnostics) -> Read? {
        switch (f["provider"], f["providers"]) {
        case let (single?, list?):
            d.report(list.path, line: list.line,
                     "give provider: (one provider) or providers: (a list), not both (provider: is on line \(single.line ?? 0))")
            return nil
        case let (single?, nil):
            guard let fields = single.fields(d, allowed: singleKeys) else { return Read(complete: false) }
            let entry = entry(fields, id: .main, kind: .myonlinesim, listed: false, file: file, d)
            return Read(settings: [entry.settings], tokenPlaces: [.main: entry.tokenPlace])
        case let (nil, list?):
            return Self.list(list, file: file, d)
        case (nil, nil):
            // Today's message: most files have one provider.
            _ = f.required("provider", d)
            return nil
        }
    }

    private static func list(_ value: Value, file: String, _ d: Diagnostics) -> Read? {
        guard let items = value.items(d, of: "providers") else { return nil }
        guard !items.isEmpty else {
            d.report(value.path, line: value.line, "at least one provider is required, like - id: main, kind: myonlinesim, base_url: ...")
            return nil
        }
        var read = Read()
        var idOf: [ProviderName: String] = [:]
        for item in items {
            guard let f = item.fields(d, allowed: entryKeys) else { read.complete = false; continue }
            let id = f.required("id", d).flatMap { providerID($0, d) }
            let kind = f.required("kind", d).flatMap { providerKind($0, d) }
            guard let id, let kind else {
                read.complete = false
                continue
            }
            if let other = idOf[id], let v = f["id"] {
                d.report(v.path, line: v.line, "\"\(id)\" is already the id of \(other)")
                continue
            }
            idOf[id] = item.path
            let entry = entry(f, id: id, kind: kind, listed: true, file: file, d)
            read.settings.append(entry.settings)
            read.tokenPlaces[id] = entry.tokenPlace
        }
        let takers = read.settings.filter(\.kind.takesNumbers)
        if takers.count > 1, !takers.contains(where: { $0.id == .main }) {
            let ids = takers.map(\.id.rawValue).joined(separator: ", ")
            d.report(value.path, line: value.line, "several providers of kind myonlinesim (\(ids)): numbers are taken from the one with"
                + " id main; give one of them that id")
        }
        return read
    }

    /// One provider: `provider:` (id `main`, kind myonlinesim) or an entry of `providers:`
    /// (`listed`; its id and kind read from it by the caller).
    static func entry(
        _ f: Fields, id: ProviderName, kind: ProviderKind, listed: Bool, file: String, _ d: Diagnostics
    ) -> (settings: ProviderSettings, tokenPlace: TokenPlace) {
        var settings = ProviderSettings(id: id, kind: kind, baseURL: "")
        if let v = f.required("base_url", d), let url = v.text(d, expected: "an http(s) URL like https://provider.example/") {
            if let problem = ProviderSettings.baseURLProblem(url) {
                d.report(v.path, line: v.line, problem)
            } else {
                settings.baseURL = url
            }
        }
        let token = Settings.secretSource(
            f, env: "token_env", file: "token_file", example: listed ? tokenExample(kind) : ProviderSettings.defaultTokenVariable,
            what: "token", configFile: file, d)
        if let path = token.file {
            settings.token = .file(path)
        } else if let name = token.env {
            settings.token = .environment(name)
        } else if listed, f["token_env"] == nil, f["token_file"] == nil {
            // No default variable in a list: one would hand one provider's key to another.
            if kind.pricesNeedToken {
                d.report(f.path, line: f.line, "needs token_env or token_file (a provider of kind \(kind.rawValue) answers"
                    + " nothing without its key; only a fivesim provider may go without one)")
            } else {
                settings.token = nil
            }
        }
        if let v = f["timeout"] {
            if let seconds = v.duration(d) {
                if seconds <= 0 { d.report(v.path, line: v.line, "must be longer than 0s") }
                else if seconds > ProviderSettings.longestTimeout.inSeconds {
                    d.report(v.path, line: v.line, "must be at most 5m, got \(formatDuration(seconds))")
                }
                else { settings.timeout = .seconds(seconds) }
            }
        }
        if kind.takesNumbers {
            numberGuards(f, into: &settings, d)
        } else {
            for key in numberKeys { if let v = f[key] { d.report(v.path, line: v.line, "only for kind myonlinesim, where numbers are taken") } }
        }
        if let v = f["currency"], let text = v.text(d, expected: "a three-letter currency code like RUB") {
            if text.count == 3, text.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) }) { settings.currency = text }
            else { d.report(v.path, line: v.line, "expected a three-letter currency code in capitals like RUB or USD, got \(v.shown)") }
        }
        if let v = f["toman_per_unit"] {
            if let rate = v.number(d) {
                if rate > 0, rate <= largestRate { settings.tomanPerUnit = rate }
                else { d.report(v.path, line: v.line, "must be more than 0 and at most 1000000000 (Toman for one \(settings.currency)), got \(v.shown)") }
            }
        } else if kind != .myonlinesim, listed {
            d.report("\(f.path).toman_per_unit", line: f.line, "required for kind \(kind.rawValue): what one \(settings.currency)"
                + " is worth in Toman (e.g. 450), so its prices compare with the others'")
        }
        if let n = f["concurrency"]?.integer(d, in: 1...32) { settings.concurrency = n }
        if let v = f["aliases"] {
            if kind == .myonlinesim {
                d.report(v.path, line: v.line, "a provider of kind myonlinesim uses numwatch's codes as they are; aliases are for the other kinds")
            } else if let aliases = aliases(v, d) {
                settings.aliases = aliases
            }
        }
        return (settings, TokenPlace(section: f.path, line: token.line))
    }

    /// `poll_interval`, `poll_scope` and `daily_take_limit`: the bans the number desk guards against.
    private static func numberGuards(_ f: Fields, into settings: inout ProviderSettings, _ d: Diagnostics) {
        if let v = f["poll_interval"], let interval = v.duration(
            d, atLeast: ProviderLimits.minimumPollInterval, atMost: .seconds(86_400),
            why: " (the provider blocks clients that check a number more often)") {
            settings.pollInterval = interval
        }
        if let v = f["poll_scope"] {
            if case let .scalar(scalar) = v.node, let scope = PollScope(rawValue: scalar.string) {
                settings.pollScope = scope
            } else {
                d.report(v.path, line: v.line, "expected account or number, got \(v.shown)")
            }
        }
        if let v = f["daily_take_limit"], let limit = v.integer(
            d, in: 1...ProviderLimits.dailyTakeBan,
            why: " (the provider bans accounts past 50 numbers a day with none activated)") {
            settings.dailyTakeLimit = limit
        }
    }

    private static func tokenExample(_ kind: ProviderKind) -> String {
        switch kind {
        case .myonlinesim: ProviderSettings.defaultTokenVariable
        case .smsActivate: "SA_API_KEY"
        case .fivesim: "FIVESIM_TOKEN"
        }
    }

    /// `id`: the `provider` label value, so as plain as a label value can be.
    private static func providerID(_ v: Value, _ d: Diagnostics) -> ProviderName? {
        guard let text = v.text(d, expected: "a provider id like main or sa") else { return nil }
        guard (1...longestID).contains(text.utf8.count),
              text.utf8.allSatisfy({ ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 95 || $0 == 45 }) else {
            d.report(v.path, line: v.line, "expected 1 to \(longestID) characters of a-z, 0-9, _ and -, got \(v.shown)")
            return nil
        }
        return ProviderName(text)
    }

    private static func providerKind(_ v: Value, _ d: Diagnostics) -> ProviderKind? {
        if case let .scalar(scalar) = v.node, !v.isNull, let kind = ProviderKind(rawValue: scalar.string) { return kind }
        d.report(v.path, line: v.line, "expected one of \(ProviderKind.allCases.map(\.rawValue).joined(separator: ", ")), got \(v.shown)")
        return nil
    }

    /// `aliases: {services: {telegram: tg}, countries: {united_kingdom: "16"}}`.
    private static func aliases(_ value: Value, _ d: Diagnostics) -> NameAliases? {
        guard let f = value.fields(d, allowed: aliasKeys) else { return nil }
        let services = f["services"].map { codeMap($0, what: "service code", d) }
        let countries = f["countries"].map { codeMap($0, what: "country code", d) }
        guard services != .some(nil), countries != .some(nil) else { return nil }
        return NameAliases(services: (services ?? nil) ?? [:], countries: (countries ?? nil) ?? [:])
    }

    /// numwatch's code → the provider's: keys are numwatch codes (lowered, as everywhere), values
    /// the provider's own text (a code or a number), kept as written.
    private static func codeMap(_ value: Value, what: String, _ d: Diagnostics) -> [String: String]? {
        if value.isNull { return [:] }
        guard case let .mapping(mapping) = value.node else {
            d.report(value.path, line: value.line, "expected a mapping of numwatch's \(what)s to the provider's, like telegram: tg, got \(value.shown)")
            return nil
        }
        var map: [String: String] = [:]
        var valid = true
        for (keyNode, valueNode) in mapping {
            let line = keyNode.mark?.line ?? value.line
            guard let keyText = keyNode.scalar.map({ DuplicateKeys.originalName($0.string) }) else {
                d.report(value.path, line: line, "keys must be \(what)s, got \(Value(node: keyNode, path: value.path, line: line).shown)")
                valid = false
                continue
            }
            guard let code = Value(node: .scalar(.init(keyText)), path: value.path, line: line).code(d, what: what) else { valid = false; continue }
            let entry = Value(node: valueNode, path: "\(value.path).\(code)", line: valueNode.mark?.line ?? line)
            if map[code] != nil {
                d.report(entry.path, line: line, "\(code) is given twice")
                valid = false
                continue
            }
            guard let theirs = entry.nonEmptyText(d, expected: "the provider's code") else { valid = false; continue }
            guard theirs.count <= 64, !theirs.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.properties.generalCategory == .control }) else {
                d.report(entry.path, line: entry.line, "expected the provider's code (at most 64 characters, no spaces), got \(entry.shown)")
                valid = false
                continue
            }
            map[code] = theirs
        }
        return valid ? map : nil
    }
}

/// Where a provider's token key is in the file (`provider`, `providers[1]`, and the line of its
/// `token_env` / `token_file`), so errors found when the token is read point into the file.
package struct TokenPlace: Sendable, Equatable {
    package var section: String
    package var line: Int?

    package init(section: String, line: Int? = nil) {
        self.section = section
        self.line = line
    }
}
