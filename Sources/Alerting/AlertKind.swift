import Domain

/// The alerts numwatch raises: the `alertname` label, and how each reads to a person.
package enum AlertKind: String, Sendable, CaseIterable, Codable {
    case stockLow = "NumwatchStockLow"
    case stockHigh = "NumwatchStockHigh"
    case priceHigh = "NumwatchPriceHigh"
    case priceLow = "NumwatchPriceLow"
    case priceChange = "NumwatchPriceChange"
    case creditLow = "NumwatchCreditLow"
    case creditRunwayLow = "NumwatchCreditRunwayLow"
    case providerDown = "NumwatchProviderDown"
    case banRisk = "NumwatchBanRisk"
    /// The cheapest in-stock price of a pair across providers is under `best_price_below`.
    case bestPriceLow = "NumwatchBestPriceLow"
    /// Another provider became the cheapest in stock for a pair.
    case bestProviderChanged = "NumwatchBestProviderChanged"

    /// Whether the alert is about one (platform, country) pair.
    package var isPairAlert: Bool {
        switch self {
        case .stockLow, .stockHigh, .priceHigh, .priceLow, .priceChange, .bestPriceLow, .bestProviderChanged: true
        default: false
        }
    }

    /// Whether the alert judges a pair across every provider (it has no `provider` of its own).
    package var isAcrossProviders: Bool { self == .bestPriceLow || self == .bestProviderChanged }

    /// An event rather than a level: it fires at the change and resolves after a hold.
    package var isEvent: Bool { self == .priceChange || self == .bestProviderChanged }
}

/// Who an alert is about: its identity across rounds, restarts and instances.
package struct AlertKey: Sendable, Hashable {
    package var kind: AlertKind
    package var rule: String
    package var platform: String?
    package var country: String?
    /// Whose prices, stock or account it judges; nil for an alert across providers.
    package var provider: ProviderName?

    package init(kind: AlertKind, rule: String, platform: String? = nil, country: String? = nil, provider: ProviderName? = nil) {
        self.kind = kind
        self.rule = rule
        self.platform = platform
        self.country = country
        self.provider = provider
    }

    /// The labels every format sends (severity is added by the rule).
    package func labels(severity: AlertSeverity) -> [String: String] {
        var labels = ["alertname": kind.rawValue, "rule": rule, "severity": severity.rawValue]
        if let platform { labels["platform"] = platform }
        if let country { labels["country"] = country }
        if let provider { labels["provider"] = provider.rawValue }
        return labels
    }

    /// The alert's identity: the fingerprint of its labels, except that provider `main` is left
    /// out of it, so an alert of the single provider of old keeps the fingerprint it had before
    /// alerts had a provider (an episode open across the upgrade stays the same episode).
    package func fingerprint(severity: AlertSeverity) -> String {
        var labels = labels(severity: severity)
        if provider == .main { labels["provider"] = nil }
        return Self.fingerprint(labels)
    }

    /// Alertmanager's way: FNV-1a 64 over the sorted label names and values, each followed by
    /// 0xff. It depends on the labels only, so it is the same after a restart and on a second
    /// instance with the same configuration.
    package static func fingerprint(_ labels: [String: String]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func add(_ text: String) {
            for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
            hash = (hash ^ 0xff) &* 0x0000_0100_0000_01b3
        }
        for name in labels.keys.sorted() {
            add(name)
            add(labels[name]!)
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex
    }
}
