import Config

/// The configured `alerts:`, compiled for evaluation: one entry per condition of each rule,
/// grouped by the platform it watches.
package struct AlertRules: Sendable {
    /// One condition of one rule, on every pair (or one country) of a watch.
    package struct PairRule: Sendable {
        package var rule: String
        package var platform: String
        package var country: String?
        package var kind: AlertKind
        /// The fire level (stock or Toman; percent for a price change).
        package var threshold: Double
        /// The resolve level, where it differs from the fire level (`stock_clear`).
        package var clear: Double
        package var forSeconds: Int64
        package var severity: String

        /// Whether the condition holds for a pair's value (not used for `priceChange`).
        func fires(_ value: Double) -> Bool {
            switch kind {
            case .stockLow, .priceLow: value < threshold
            case .stockHigh, .priceHigh: value > threshold
            default: false
            }
        }

        /// Whether a firing alert resolves at this value (hysteresis: `stock_clear`).
        func clears(_ value: Double) -> Bool {
            switch kind {
            case .stockLow: value >= clear
            case .priceLow: value >= threshold
            case .stockHigh, .priceHigh: value <= threshold
            default: true
            }
        }
    }

    package var byPlatform: [String: [PairRule]] = [:]
    package var creditBelow: Int?
    package var runwayBelow: Double?
    package var providerDownAfter: Double
    package var banRiskAt: Int

    /// A price change is an event, not a level: its alert fires at the change and resolves on its
    /// own after this long, unless another change as large comes first.
    package static let priceChangeHold: Int64 = 3_600
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
        providerDownAfter = config.providerDownAfter
        banRiskAt = config.banRiskAt
        for rule in config.rules {
            func add(_ kind: AlertKind, _ threshold: Int?, clear: Int? = nil) {
                guard let threshold else { return }
                byPlatform[rule.platform, default: []].append(PairRule(
                    rule: rule.name, platform: rule.platform, country: rule.country, kind: kind, threshold: Double(threshold),
                    clear: Double(clear ?? threshold), forSeconds: Int64(rule.forDuration), severity: rule.severity.rawValue))
            }
            add(.stockLow, rule.stockBelow, clear: rule.stockClear)
            add(.stockHigh, rule.stockAbove)
            add(.priceHigh, rule.priceAbove)
            add(.priceLow, rule.priceBelow)
            if let percent = rule.priceChangePercent {
                byPlatform[rule.platform, default: []].append(PairRule(
                    rule: rule.name, platform: rule.platform, country: rule.country, kind: .priceChange, threshold: percent,
                    clear: percent, forSeconds: 0, severity: rule.severity.rawValue))
            }
        }
    }

    /// The pair rule behind a pair alert (nil for account-wide alerts, or a rule since removed).
    package func rule(of key: AlertKey) -> PairRule? {
        byPlatform[key.platform ?? ""]?.first { $0.rule == key.rule && $0.kind == key.kind }
    }

    /// Whether an alert stored earlier still has a rule behind it (rules change with the file).
    package func covers(_ key: AlertKey) -> Bool {
        switch key.kind {
        case .creditLow: creditBelow != nil
        case .creditRunwayLow: runwayBelow != nil
        case .providerDown: true
        case .banRisk: true
        default:
            byPlatform[key.platform ?? "", default: []].contains {
                $0.rule == key.rule && $0.kind == key.kind && ($0.country == nil || $0.country == key.country)
            }
        }
    }
}
