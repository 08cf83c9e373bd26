import Domain

/// Readers of `alerts:` and `webhooks:`.
enum Alerts {
    static let keys = ["credit_below", "credit_runway_below", "provider_down_after", "ban_risk_at", "rules"]
    static let ruleKeys = [
        "name", "services", "country", "stock_below", "stock_clear", "stock_above", "price_above", "price_below",
        "price_change_percent", "best_price_below", "best_provider_changed", "provider", "for", "severity",
    ]
    static let conditionKeys = [
        "stock_below", "stock_above", "price_above", "price_below", "price_change_percent", "best_price_below",
        "best_provider_changed",
    ]
    static let webhookKeys = ["url", "format", "secret", "secret_env", "secret_file", "signature", "repeat_interval", "give_up_after"]

    /// `providers`: the ids configured, which a rule's `provider:` must name (nil: the providers
    /// did not read, which is reported already).
    static func read(_ value: Value?, watches: Watches.Read, providers: [ProviderName]?, _ d: Diagnostics) -> AlertsConfig {
        var config = AlertsConfig()
        guard let value, let f = value.fields(d, allowed: keys) else { return config }
        (config.creditBelow, config.creditBelowByProvider) = perProvider(f["credit_below"], providers: providers, d) {
            $0.toman(d, atLeast: 1)
        }
        (config.creditRunwayBelow, config.creditRunwayBelowByProvider) = perProvider(f["credit_runway_below"], providers: providers, d) {
            $0.duration(d, atLeast: .seconds(60), atMost: .seconds(365 * 86_400))
        }
        if let s = f["provider_down_after"]?.duration(d, atLeast: .seconds(10), atMost: .seconds(7 * 86_400)) { config.providerDownAfter = s }
        if let n = f["ban_risk_at"]?.integer(d, in: 1...50) { config.banRiskAt = n }
        guard let items = f["rules"]?.items(d, of: "alert rules") else { return config }
        var named: [String: String] = [:]
        for item in items {
            guard let rule = rule(item, watches: watches, providers: providers, d) else { continue }
            if let other = named[rule.rule.name] {
                if let nameValue = rule.nameValue {
                    d.report(nameValue.path, line: nameValue.line, "rule name \"\(rule.rule.name)\" is already used by \(other)")
                } else {
                    d.report(item.path, line: item.line,
                             "the derived rule name \"\(rule.rule.name)\" is already used by \(other); give one of them a name")
                }
                continue
            }
            named[rule.rule.name] = item.path
            config.rules.append(rule.rule)
        }
        return config
    }

    /// One value for every provider (`credit_below: 50000`), or a mapping of provider ids to
    /// values (`credit_below: {main: 50000, sa: 20000}`: the providers it leaves out get none).
    private static func perProvider<T>(
        _ value: Value?, providers: [ProviderName]?, _ d: Diagnostics, _ read: (Value) -> T?
    ) -> (every: T?, by: [ProviderName: T]) {
        guard let value else { return (nil, [:]) }
        guard case .mapping = value.node else { return (read(value), [:]) }
        guard let providers, let f = value.fields(d, allowed: providers.map(\.rawValue)) else { return (nil, [:]) }
        var by: [ProviderName: T] = [:]
        for (id, v) in f.entries {
            if let read = read(v) { by[ProviderName(id)] = read }
        }
        return (nil, by)
    }

    private static func rule(
        _ item: Value, watches: Watches.Read, providers: [ProviderName]?, _ d: Diagnostics
    ) -> (rule: AlertRuleConfig, nameValue: Value?)? {
        guard let f = item.fields(d, allowed: ruleKeys) else { return nil }
        var valid = true
        func read<T>(_ key: String, _ get: (Value) -> T?) -> T? {
            guard let value = f[key] else { return nil }
            let result = get(value)
            if result == nil { valid = false }
            return result
        }
        let name = read("name") { $0.nonEmptyText(d, expected: "a rule name") }
        let servicesValue = f.required("services", d)
        let services = servicesValue?.serviceSet(d)
        let country = read("country") { $0.code(d, what: "country code") }
        let stockBelow = read("stock_below") { $0.integer(d, in: 0...Int.max) }
        var stockClear = read("stock_clear") { $0.integer(d, in: 0...Int.max) }
        let stockAbove = read("stock_above") { $0.integer(d, in: 0...Int.max) }
        let priceAbove = read("price_above") { $0.toman(d, atLeast: 0) }
        let priceBelow = read("price_below") { $0.toman(d, atLeast: 0) }
        let change = read("price_change_percent") { v -> Double? in
            guard let percent = v.number(d) else { return nil }
            // A move of more than a thousandfold is no threshold worth having, and a bound keeps
            // the derived name's arithmetic (`Int(percent)`) from trapping on 1e19.
            guard percent > 0, percent <= 100_000 else {
                d.report(v.path, line: v.line, "must be more than 0 and at most 100000, got \(percent)")
                return nil
            }
            return percent
        }
        let bestBelow = read("best_price_below") { $0.toman(d, atLeast: 1) }
        let bestChanged = read("best_provider_changed") { v -> Bool? in
            guard case let .scalar(scalar) = v.node, let flag = Bool(scalar.string) else {
                d.report(v.path, line: v.line, "expected true or false, got \(v.shown)")
                return nil
            }
            return flag
        }
        let provider = read("provider") { v -> ProviderName? in
            guard let id = v.code(d, what: "provider id") else { return nil }
            if let providers, !providers.contains(ProviderName(id)) {
                let known = providers.map(\.rawValue).joined(separator: ", ")
                d.report(v.path, line: v.line, "no provider \(v.shown) is configured (the providers are \(known))")
                return nil
            }
            return ProviderName(id)
        }
        let forDuration = read("for") { $0.duration(d, atLeast: .zero, atMost: .seconds(7 * 86_400)) }
        let severity = read("severity") { v -> AlertSeverity? in
            guard case let .scalar(scalar) = v.node, let severity = AlertSeverity(rawValue: scalar.string) else {
                d.report(v.path, line: v.line, "expected warning or critical, got \(v.shown)")
                return nil
            }
            return severity
        }
        if let v = f["stock_clear"], stockClear != nil {
            if f["stock_below"] == nil {
                d.report(v.path, line: v.line, "needs stock_below (it is the level at which a stock_below alert resolves)")
                valid = false
            } else if let below = stockBelow, let clear = stockClear, clear < below {
                d.report(v.path, line: v.line, "must be at least stock_below (\(below)), got \(clear)")
                valid = false
            }
        }
        stockClear = stockClear ?? stockBelow
        if let v = f["provider"], provider != nil, f["best_price_below"] != nil || f["best_provider_changed"] != nil {
            // The cheapest across providers is judged over all of them: one provider alone has nothing to compare.
            d.report(v.path, line: v.line, "best_price_below and best_provider_changed compare every provider; give them a rule without provider")
            valid = false
        }
        // `best_provider_changed: false` is there but asks for nothing.
        if !conditionKeys.contains(where: { f[$0] != nil && !($0 == "best_provider_changed" && bestChanged == false) }) {
            d.report(item.path, line: item.line, "needs at least one of \(conditionKeys.joined(separator: ", "))")
            valid = false
        }
        guard let services, let servicesValue else { return nil }
        if watches.complete {
            // Several entries may watch the platform, each from other providers.
            let entries = watches.entries.filter { $0.platform == services.platform }
            guard !entries.isEmpty else {
                d.report(servicesValue.path, line: servicesValue.line, "no watch prices \(services.platform)")
                return nil
            }
            if let provider, let v = f["provider"], !entries.contains(where: { $0.watches.contains { $0.provider == provider } }) {
                d.report(v.path, line: v.line, "no watch prices \(services.platform) at provider \(provider)")
                return nil
            }
            if let country, let v = f["country"], !entries.contains(where: { $0.countries?.contains(country) ?? true }) {
                let lists = entries.map { "\($0.path) lists \(($0.countries ?? []).joined(separator: ", "))" }
                d.report(v.path, line: v.line, entries.count == 1
                    ? "\(entries[0].path) does not watch \(country) (it lists \(entries[0].countries?.joined(separator: ", ") ?? ""))"
                    : "no watch of \(services.platform) watches \(country) (\(lists.joined(separator: "; ")))")
                return nil
            }
        }
        guard valid else { return nil }
        var parts = [services.platform] + [country].compactMap { $0 }
        if let stockBelow { parts.append("stock-below-\(stockBelow)") }
        if let stockAbove { parts.append("stock-above-\(stockAbove)") }
        if let priceAbove { parts.append("price-above-\(priceAbove.amount)") }
        if let priceBelow { parts.append("price-below-\(priceBelow.amount)") }
        if let change { parts.append("price-change-\(change == change.rounded() ? String(Int(change)) : String(change))-percent") }
        if let bestBelow { parts.append("best-price-below-\(bestBelow.amount)") }
        if bestChanged == true { parts.append("best-provider-changed") }
        if let provider { parts.insert(provider.rawValue, at: 1) }
        let rule = AlertRuleConfig(
            name: name?.trimmingCharacters(in: .whitespaces) ?? parts.joined(separator: "-"), services: services.codes,
            country: country, stockBelow: stockBelow, stockClear: stockClear, stockAbove: stockAbove,
            priceAbove: priceAbove, priceBelow: priceBelow, priceChangePercent: change,
            bestPriceBelow: bestBelow, bestProviderChanged: bestChanged ?? false, provider: provider,
            forDuration: forDuration ?? .zero, severity: severity ?? .warning, line: item.line ?? 0)
        return (rule, f["name"])
    }

    /// Neither the URL (beyond `redactedURL`) nor the secret is ever quoted in a message.
    static func webhooks(_ value: Value?, file: String, _ d: Diagnostics) -> [WebhookConfig] {
        guard let value, let items = value.items(d, of: "webhooks") else { return [] }
        var hooks: [WebhookConfig] = []
        for item in items {
            if case let .mapping(mapping) = item.node {
                for (key, value) in mapping {
                    guard let text = value.scalar?.string else { continue }
                    if key.string == "secret" { d.addSensitive(text) }
                    if key.string == "url" { sensitiveParts(ofURL: text).forEach(d.addSensitive) }
                }
            }
            guard let f = item.fields(d, allowed: webhookKeys) else { continue }
            var hook = WebhookConfig(url: "")
            (hook.configFile, hook.configPath) = (file, item.path)
            var valid = true
            if let v = f.required("url", d), let url = v.text(d, expected: "an http(s) URL") {
                if let problem = httpURLProblem(url) { d.report(v.path, line: v.line, problem); valid = false } else { hook.url = url }
            } else {
                valid = false
            }
            if let v = f["format"] {
                if case let .scalar(scalar) = v.node, let format = WebhookFormat(rawValue: scalar.string) {
                    hook.format = format
                } else {
                    let names = WebhookFormat.allCases.map(\.rawValue).joined(separator: ", ")
                    d.report(v.path, line: v.line, "expected one of \(names), got \(v.shown)")
                    valid = false
                }
            }
            if !secret(f, into: &hook, file: file, d) { valid = false }
            if let v = f["signature"] {
                if case let .scalar(scalar) = v.node, let signature = WebhookSignature(rawValue: scalar.string) {
                    hook.signature = signature
                } else {
                    d.report(v.path, line: v.line, "expected v1 (timestamped, the default) or v0 (the body alone, weaker), got \(v.shown)")
                    valid = false
                }
            }
            if let v = f["repeat_interval"] {
                if let s = v.duration(d, atLeast: .seconds(60), atMost: .seconds(30 * 86_400)) { hook.repeatInterval = s } else { valid = false }
            }
            if let v = f["give_up_after"] {
                if let s = v.duration(d, atLeast: .seconds(60), atMost: .seconds(30 * 86_400)) { hook.giveUpAfter = s } else { valid = false }
            }
            if valid { hooks.append(hook) }
        }
        return hooks
    }

    /// `secret` (inline, accepted with a warning), or `secret_env` / `secret_file` read at start-up.
    private static func secret(_ f: Fields, into hook: inout WebhookConfig, file: String, _ d: Diagnostics) -> Bool {
        let given = ["secret", "secret_env", "secret_file"].compactMap { f[$0] }
        if given.count > 1 {
            d.report(given[1].path, line: given[1].line, "give one of secret, secret_env and secret_file, not several")
            return false
        }
        guard let v = f["secret"] else {
            let source = Settings.secretSource(f, env: "secret_env", file: "secret_file", example: "NUMWATCH_WEBHOOK_SECRET",
                                               what: "secret", configFile: file, d)
            (hook.secretEnv, hook.secretFile, hook.secretLine) = (source.env, source.file, source.line)
            return given.isEmpty || source.env != nil || source.file != nil
        }
        hook.secretLine = v.line
        guard let secret = v.text(d, expected: "a string") else { return false }
        if secret.isEmpty {
            d.report(v.path, line: v.line, "must not be empty (leave secret out to send unsigned)")
            return false
        }
        hook.secret = secret
        d.warn(v.path, line: v.line, "the HMAC secret is written in the file, which is copied and committed more often than a"
            + " secret; move it to secret_env or secret_file")
        return true
    }
}

extension Value {
    /// An amount of Toman, at least `min` (the same message as any whole number below it) and at
    /// most `Toman.largest`: no price or credit read from the provider is larger, so a threshold
    /// past it would fire always or never.
    func toman(_ d: Diagnostics, atLeast min: Int) -> Toman? {
        guard let amount = integer(d, in: min...Int.max) else { return nil }
        guard let toman = Toman(amount) else {
            d.report(path, line: line, "must be at most \(Toman.largest) (a trillion Toman, more than any price or credit), got \(amount)")
            return nil
        }
        return toman
    }
}
