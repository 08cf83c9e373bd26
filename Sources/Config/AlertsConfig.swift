import Domain

/// `alerts:` — account-wide thresholds and per-watch rules.
package struct AlertsConfig: Sendable, Equatable {
    /// `credit_below`.
    package var creditBelow: Toman?
    /// `credit_runway_below`: alert when the credit, spent at the recent rate, lasts less than this.
    package var creditRunwayBelow: Duration?
    /// `credit_below` and `credit_runway_below` given per provider (a mapping of provider ids):
    /// those providers' levels, and none for the others (`creditBelow` / `creditRunwayBelow` are
    /// then nil; a single value is every provider's).
    package var creditBelowByProvider: [ProviderName: Toman] = [:]
    package var creditRunwayBelowByProvider: [ProviderName: Duration] = [:]
    /// `provider_down_after`: NumwatchProviderDown when no provider call succeeded for this long.
    package var providerDownAfter: Duration
    /// `ban_risk_at`: NumwatchBanRisk when this many numbers were taken today with none activated.
    package var banRiskAt: Int
    package var rules: [AlertRuleConfig]

    package init(
        creditBelow: Toman? = nil, creditRunwayBelow: Duration? = nil, providerDownAfter: Duration = .seconds(300),
        banRiskAt: Int = 40, rules: [AlertRuleConfig] = []
    ) {
        self.creditBelow = creditBelow
        self.creditRunwayBelow = creditRunwayBelow
        self.providerDownAfter = providerDownAfter
        self.banRiskAt = banRiskAt
        self.rules = rules
    }
}

/// One entry of `alerts.rules:`. Every rule has at least one condition and matches a watch.
package struct AlertRuleConfig: Sendable, Equatable {
    /// Given, or derived from the rule (`telegram-romania-stock-below-100`); unique.
    package var name: String
    /// Normalised codes; as a set, equal to the services of some watch.
    package var services: [String]
    /// `nil`: every country of the watch.
    package var country: String?
    package var stockBelow: Int?
    /// Resolve only when stock is back at or above this; set (to `stockBelow` by default) whenever `stockBelow` is.
    package var stockClear: Int?
    package var stockAbove: Int?
    package var priceAbove: Toman?
    package var priceBelow: Toman?
    package var priceChangePercent: Double?
    /// `best_price_below`: the cheapest in-stock price of a pair across providers, under this.
    package var bestPriceBelow: Toman?
    /// `best_provider_changed: true`: another provider became the cheapest in stock for a pair.
    package var bestProviderChanged: Bool
    /// `provider`: the one provider the rule judges; nil: each provider separately. The
    /// cross-provider conditions (`best_*`) ignore it: they judge every provider together.
    package var provider: ProviderName?
    /// `for`: how long the condition must hold before the alert fires.
    package var forDuration: Duration
    /// `severity`: the alert's `severity` label.
    package var severity: AlertSeverity
    package var line: Int

    package init(
        name: String, services: [String], country: String? = nil, stockBelow: Int? = nil, stockClear: Int? = nil,
        stockAbove: Int? = nil, priceAbove: Toman? = nil, priceBelow: Toman? = nil, priceChangePercent: Double? = nil,
        bestPriceBelow: Toman? = nil, bestProviderChanged: Bool = false, provider: ProviderName? = nil,
        forDuration: Duration = .zero, severity: AlertSeverity = .warning, line: Int = 0
    ) {
        self.name = name
        self.services = services
        self.country = country
        self.stockBelow = stockBelow
        self.stockClear = stockClear ?? stockBelow
        self.stockAbove = stockAbove
        self.priceAbove = priceAbove
        self.priceBelow = priceBelow
        self.priceChangePercent = priceChangePercent
        self.bestPriceBelow = bestPriceBelow
        self.bestProviderChanged = bestProviderChanged
        self.provider = provider
        self.forDuration = forDuration
        self.severity = severity
        self.line = line
    }

    /// The `platform` label of the watch the rule applies to.
    package var platform: String { services.sorted().joined(separator: "+") }
}

