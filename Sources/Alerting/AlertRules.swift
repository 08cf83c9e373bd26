import Config
import Domain
import Store

/// The configured `alerts:`, compiled for evaluation: one entry per condition of each rule,
/// grouped by the platform it watches.
package struct AlertRules: Sendable {
    /// One condition of one rule, on every pair (or one country) of a watch.
    package struct PairRule: Sendable {
        package enum Condition: Sendable, Hashable {
            /// Stock under the level; a firing alert resolves at `clear` or more (`stock_clear`).
            case stockBelow(Int, clear: Int)
            case stockAbove(Int)
            case priceAbove(Toman)
            case priceBelow(Toman)
            /// A move of at least this percentage against the price in force before it.
            case priceChange(percent: Double)
            /// The cheapest in-stock price across providers under the level.
            case bestPriceBelow(Toman)
            /// Another provider became the cheapest in stock.
            case bestProviderChanged
        }

        package var rule: String
        package var platform: String
        package var country: String?
        /// The one provider judged (`provider:`); nil: each separately. nil for the conditions across providers.
        package var provider: ProviderName?
        package var condition: Condition
        /// How long the condition must hold before the alert fires (`for`).
        package var forDuration: Duration
        package var severity: AlertSeverity

        package var kind: AlertKind {
            switch condition {
            case .stockBelow: .stockLow
            case .stockAbove: .stockHigh
            case .priceAbove: .priceHigh
            case .priceBelow: .priceLow
            case .priceChange: .priceChange
            case .bestPriceBelow: .bestPriceLow
            case .bestProviderChanged: .bestProviderChanged
            }
        }

        /// Whether the rule judges a watch's pairs at `provider`.
        func applies(to provider: ProviderName) -> Bool { self.provider == nil || self.provider == provider }

        /// The fire level as stored and told: stock, Toman, or percent for a price change.
        var threshold: Double {
            switch condition {
            case let .stockBelow(level, _), let .stockAbove(level): Double(level)
            case let .priceAbove(level), let .priceBelow(level), let .bestPriceBelow(level): Double(level.amount)
            case let .priceChange(percent): percent
            case .bestProviderChanged: 0
            }
        }

        /// The resolve level as told, where it differs from the fire level (`stock_clear`).
        var clear: Double {
            if case let .stockBelow(_, clear) = condition { return Double(clear) }
            return threshold
        }

        /// Whether the condition holds for a pair, whether a firing alert resolves at it
        /// (hysteresis: `stock_clear`), and the value judged; nil for a price change, which is
        /// judged against the previous price, and for a price beyond what a Toman can be.
        func judge(_ pair: PairObservation) -> (fires: Bool, clears: Bool, value: Double)? {
            switch condition {
            case let .stockBelow(level, clear): return (pair.stock < level, pair.stock >= clear, Double(pair.stock))
            case let .stockAbove(level): return (pair.stock > level, pair.stock <= level, Double(pair.stock))
            case let .priceAbove(level): return Toman(pair.price).map { ($0 > level, $0 <= level, Double($0.amount)) }
            case let .priceBelow(level): return Toman(pair.price).map { ($0 < level, $0 >= level, Double($0.amount)) }
            case .priceChange, .bestPriceBelow, .bestProviderChanged: return nil
            }
        }
    }

    package var byPlatform: [String: [PairRule]] = [:]
    /// The rules judged across providers (`best_*`), by platform.
    package var acrossByPlatform: [String: [PairRule]] = [:]
    /// Every provider's level, unless `creditBelowByProvider` gives its own.
    package var creditBelow: Toman?
    package var runwayBelow: Duration?
    package var creditBelowByProvider: [ProviderName: Toman] = [:]
    package var runwayBelowByProvider: [ProviderName: Duration] = [:]
    package var providerDownAfter: Duration
    package var banRiskAt: Int
    /// The providers that sample each platform (from the watches): the comparison across
    /// providers reads no others' stored values, so a provider removed from the configuration
    /// is not the cheapest forever on its last price. nil: every provider in the store.
    package var sampledBy: [String: Set<ProviderName>]?

    /// A price change is an event, not a level: its alert fires at the change and resolves on its
    /// own after this long, unless another change as large comes first.
    package static let priceChangeHold = Duration.seconds(3_600)
    /// The runway is an estimate that moves with every purchase: it must be back 25 % above the
    /// threshold to resolve, so it does not flap around it.
    package static let runwayClearFactor = 1.25

    /// Names of the account-wide rules (their `rule` label).
    package enum AccountRule {
        package static let creditBelow = "credit-below"
        package static let runwayBelow = "credit-runway-below"
        package static let providerDown = "provider-down"
        package static let banRisk = "ban-risk"
    }

    package init(_ config: AlertsConfig) {
        creditBelow = config.creditBelow
        runwayBelow = config.creditRunwayBelow
        creditBelowByProvider = config.creditBelowByProvider
        runwayBelowByProvider = config.creditRunwayBelowByProvider
        providerDownAfter = config.providerDownAfter
        banRiskAt = config.banRiskAt
        for rule in config.rules {
            func add(_ condition: PairRule.Condition?, for holding: Duration) {
                guard let condition else { return }
                var compiled = PairRule(rule: rule.name, platform: rule.platform, country: rule.country, provider: rule.provider,
                                        condition: condition, forDuration: holding, severity: rule.severity)
                if compiled.kind.isAcrossProviders {
                    compiled.provider = nil
                    acrossByPlatform[rule.platform, default: []].append(compiled)
                } else {
                    byPlatform[rule.platform, default: []].append(compiled)
                }
            }
            add(rule.stockBelow.map { .stockBelow($0, clear: rule.stockClear ?? $0) }, for: rule.forDuration)
            add(rule.stockAbove.map { .stockAbove($0) }, for: rule.forDuration)
            add(rule.priceAbove.map { .priceAbove($0) }, for: rule.forDuration)
            add(rule.priceBelow.map { .priceBelow($0) }, for: rule.forDuration)
            // A price change is an event: it has no `for` to hold.
            add(rule.priceChangePercent.map { .priceChange(percent: $0) }, for: .zero)
            add(rule.bestPriceBelow.map { .bestPriceBelow($0) }, for: rule.forDuration)
            add(rule.bestProviderChanged ? .bestProviderChanged : nil, for: .zero)
        }
    }

    /// The rules of `config`, knowing which providers sample each watch.
    package init(_ config: NumwatchConfig) {
        self.init(config.alerts)
        sampledBy = Dictionary(grouping: config.watches, by: \.platform).mapValues { Set($0.map(\.provider)) }
    }

    /// `credit_below` at `provider` (nil: off there).
    package func creditBelow(at provider: ProviderName) -> Toman? { creditBelowByProvider[provider] ?? creditBelow }

    /// `credit_runway_below` at `provider` (nil: off there).
    package func runwayBelow(at provider: ProviderName) -> Duration? { runwayBelowByProvider[provider] ?? runwayBelow }

    /// The pair rule behind a pair alert (nil for account-wide alerts, or a rule since removed).
    package func rule(of key: AlertKey) -> PairRule? {
        rules(of: key.kind)[key.platform ?? ""]?.first { $0.rule == key.rule && $0.kind == key.kind }
    }

    private func rules(of kind: AlertKind) -> [String: [PairRule]] { kind.isAcrossProviders ? acrossByPlatform : byPlatform }

    /// Whether an alert stored earlier still has a rule behind it (rules change with the file).
    package func covers(_ key: AlertKey) -> Bool {
        switch key.kind {
        case .creditLow: key.provider.map { creditBelow(at: $0) != nil } ?? (creditBelow != nil)
        case .creditRunwayLow: key.provider.map { runwayBelow(at: $0) != nil } ?? (runwayBelow != nil)
        case .providerDown: true
        case .banRisk: true
        default:
            rules(of: key.kind)[key.platform ?? "", default: []].contains {
                $0.rule == key.rule && $0.kind == key.kind && ($0.country == nil || $0.country == key.country)
                    && ($0.provider == nil || $0.provider == key.provider)
            }
        }
    }
}
