import Domain
import Store

/// The conditions across providers: `best_price_below` (the cheapest in-stock price of a pair,
/// whoever sells it) and `best_provider_changed` (another provider became that cheapest). One
/// alert per pair, not per provider; the cheapest provider is told in the description.
extension EvaluationPass {
    mutating func evaluateAcrossProviders(_ round: StoredRound) throws {
        guard !rules.acrossByPlatform.isEmpty else { return }
        var touched = Set<AcrossProviders.Pair>()
        if !state.across.seeded {
            // After a start or a reload: every provider's stored values (this round's already
            // among them: the hook runs after the round's writes), and every pair judged.
            try state.across.seed(platforms: rules.acrossByPlatform.keys, sampledBy: rules.sampledBy, db)
            touched.formUnion(state.across.pairs)
        }
        for watch in round.watches where watch.ok && rules.acrossByPlatform[watch.platform] != nil {
            for pair in watch.pairs where pair.changed {
                let id = AcrossProviders.Pair(platform: watch.platform, country: pair.country)
                state.across.set(id, at: watch.provider, AcrossProviders.Offer(price: pair.price, stock: pair.stock), name: pair.name)
                touched.insert(id)
            }
            for country in watch.delisted {
                let id = AcrossProviders.Pair(platform: watch.platform, country: country)
                state.across.set(id, at: watch.provider, nil)
                touched.insert(id)
            }
        }
        // Only the pairs some provider moved: the others' cheapest is what it was.
        for pair in touched { try judge(pair) }
    }

    private mutating func judge(_ pair: AcrossProviders.Pair) throws {
        let now = state.across.cheapest(pair)
        let before = state.across.judged[pair]
        // With no stock anywhere the last cheapest stays the one a new cheapest is compared with.
        if let now { state.across.judged[pair] = now }
        stepped.insert(PairRef(platform: pair.platform, country: pair.country, provider: nil))
        let name = state.across.name(of: pair)
        for rule in rules.acrossByPlatform[pair.platform, default: []] where rule.country == nil || rule.country == pair.country {
            let key = AlertKey(kind: rule.kind, rule: rule.rule, platform: pair.platform, country: pair.country)
            switch rule.condition {
            case let .bestPriceBelow(level):
                // nil only for a price past a trillion Toman, which the provider's decoders never let in.
                guard let now, let price = Toman(now.price) else {
                    if let active = state.active[key] { try resolve(key, active, reason: "no provider has it in stock") }
                    continue
                }
                let (value, threshold) = (Double(price.amount), Double(level.amount))
                try step(key, fires: price < level, clears: price >= level, value: value, threshold: threshold,
                         forDuration: rule.forDuration, severity: rule.severity, countryName: name,
                         description: AlertText.description(key, value: value, threshold: threshold, clear: threshold,
                                                            cheapest: now.provider))
            case .bestProviderChanged:
                var moved = false
                if let now, let before { moved = now.provider != before.provider }
                try stepEvent(key, happened: moved, value: now.map { Double($0.price) }, threshold: 0, severity: rule.severity,
                              countryName: name) {
                    AlertText.description(key, value: Double(now?.price ?? 0), threshold: 0, clear: 0,
                                          previous: before.map { Double($0.price) }, cheapest: now?.provider, before: before?.provider)
                }
            default:
                continue
            }
        }
    }
}
