import Domain
import GRDB
import Store

/// One evaluation of every rule against one round, writing each alert's change as it goes.
///
/// A condition that starts to hold opens a `pending` alert (or a `firing` one when the rule has
/// no `for`); a pending alert whose condition stops holding is dropped; a firing one resolves only
/// at its clear level, so a value hovering at the threshold fires once and resolves once.
struct EvaluationPass {
    let rules: AlertRules
    var state: AlertEvaluator.State
    let time: Int64
    let db: Database
    /// The provider account whose takes the ban-risk alert counts (nil: no ledger to read).
    var account: String?
    /// Episodes that resolved in this pass, with whom they had been notified to.
    var resolved: [AlertEvaluator.Active] = []
    var changed = false
    /// The pairs stepped on a new value in this pass (provider nil: judged across providers).
    var stepped = Set<PairRef>()

    struct PairRef: Hashable {
        var platform: String
        var country: String
        var provider: ProviderName?
    }

    init(rules: AlertRules, state: AlertEvaluator.State, time: Int64, db: Database) {
        self.rules = rules
        self.state = state
        self.time = time
        self.db = db
    }

    mutating func evaluate(_ round: StoredRound) throws {
        if !state.swept {
            for (key, active) in state.active where !rules.covers(key) {
                try resolve(key, active, reason: "rule removed from the configuration")
            }
            state.swept = true
            changed = true
        }
        // Each provider's pairs are judged on their own: a sell-out at one is its own alert.
        for watch in round.watches where watch.ok { try evaluate(watch) }
        try evaluateAcrossProviders(round)
        try advanceUnchanged(current: round.lastSampleOk)
        for credit in round.credits {
            if let amount = credit.credit { try evaluateCredit(amount, of: credit.provider) }
        }
        try evaluateProviderDown(round)
        if let account { try evaluateBanRisk(account) }
    }

    private mutating func evaluate(_ watch: PlatformObservation) throws {
        let pairRules = rules.byPlatform[watch.platform, default: []].filter { $0.applies(to: watch.provider) }
        guard !pairRules.isEmpty else { return }
        let everyPair = state.evaluatedPlatforms.insert(PlatformKey(watch.provider, watch.platform)).inserted
        // A condition depends on the pair's value alone: a pair whose value did not change gives
        // the same answer as last round, so only changed pairs are stepped (all of them in the
        // first round after a start, when the rules may have changed). Time alone moves the
        // alerts of unchanged pairs: `advanceUnchanged`.
        for pair in watch.pairs where pair.changed || everyPair {
            stepped.insert(PairRef(platform: watch.platform, country: pair.country, provider: watch.provider))
            for rule in pairRules where rule.country == nil || rule.country == pair.country {
                let key = AlertKey(kind: rule.kind, rule: rule.rule, platform: watch.platform, country: pair.country,
                                   provider: watch.provider)
                if case let .priceChange(percent) = rule.condition {
                    try evaluatePriceChange(rule, percent: percent, key, pair)
                    continue
                }
                // nil only for a price past a trillion Toman, which the provider's decoders never let in.
                guard let judged = rule.judge(pair) else { continue }
                try step(key, fires: judged.fires, clears: judged.clears, value: judged.value, threshold: rule.threshold,
                         forDuration: rule.forDuration, severity: rule.severity, countryName: pair.name,
                         description: AlertText.description(key, value: judged.value, threshold: rule.threshold, clear: rule.clear))
            }
        }
        // A pair the provider stopped listing has no stock or price to compare: its alerts end.
        for country in watch.delisted {
            for rule in pairRules where rule.country == nil || rule.country == country {
                let key = AlertKey(kind: rule.kind, rule: rule.rule, platform: watch.platform, country: country, provider: watch.provider)
                if let active = state.active[key] { try resolve(key, active, reason: "no longer listed by the provider") }
            }
        }
    }

    /// What time alone does to the alerts of pairs not stepped in this pass. A pending alert whose
    /// `for` has passed fires, if its watch's latest sample succeeded (`current`: the value it
    /// was judged on is still the provider's last word) and every pair of the watch has been
    /// judged by the rules in force (a reload or a restart judges them again first); one across
    /// providers, once the providers' values are read. An event's alert (a price change, a new
    /// cheapest provider) whose hold has passed resolves: the hold is time alone.
    private mutating func advanceUnchanged(current: Set<PlatformKey>) throws {
        var due: [(AlertKey, AlertEvaluator.Active)] = []
        for (key, active) in state.active where key.kind.isPairAlert {
            guard let platform = key.platform, let country = key.country,
                  !stepped.contains(PairRef(platform: platform, country: country, provider: key.provider)) else { continue }
            due.append((key, active))
        }
        for (key, active) in due {
            let record = active.record
            if record.state == .pending {
                guard let platform = key.platform, let rule = rules.rule(of: key),
                      elapsed(since: record.startsAt) >= rule.forDuration else { continue }
                if let provider = key.provider {
                    let watch = PlatformKey(provider, platform)
                    guard current.contains(watch), state.evaluatedPlatforms.contains(watch) else { continue }
                } else {
                    guard state.across.seeded else { continue }
                }
                var fired = active
                fired.record.state = .firing
                fired.record.firedAt = time
                try persist(fired.record)
                state.active[key] = fired
                changed = true
            } else if key.kind.isEvent, elapsed(since: record.firedAt ?? record.startsAt) >= AlertRules.priceChangeHold {
                try resolve(key, active, reason: nil)
            }
        }
    }

    /// Fires at a change of at least the percentage against the price in force before it.
    private mutating func evaluatePriceChange(
        _ rule: AlertRules.PairRule, percent threshold: Double, _ key: AlertKey, _ pair: PairObservation
    ) throws {
        var percent: Double?
        if let before = pair.previousPrice, before > 0, before != pair.price {
            percent = (Double(pair.price) - Double(before)) / Double(before) * 100
        }
        let jumped = percent.map { abs($0) >= threshold } ?? false
        try stepEvent(key, happened: jumped, value: percent, threshold: threshold, severity: rule.severity, countryName: pair.name) {
            AlertText.description(key, value: percent ?? 0, threshold: threshold, clear: threshold,
                                  previous: pair.previousPrice.map(Double.init))
        }
    }

    /// An event's alert: it fires when the event happens and resolves once the hold has passed
    /// without another (`AlertRules.priceChangeHold`); another while firing starts the hold again.
    mutating func stepEvent(
        _ key: AlertKey, happened: Bool, value: Double?, threshold: Double, severity: AlertSeverity, countryName: String?,
        description: () -> String
    ) throws {
        let existing = state.active[key]
        if happened, var active = existing {
            active.record.firedAt = time
            active.record.value = value
            active.record.description = description()
            try persist(active.record)
            state.active[key] = active
            changed = true
            return
        }
        let held = existing.map { elapsed(since: $0.record.firedAt ?? $0.record.startsAt) < AlertRules.priceChangeHold } ?? false
        try step(key, fires: happened, clears: !held, value: value ?? existing?.record.value ?? 0,
                 threshold: threshold, forDuration: .zero, severity: severity, countryName: countryName, description: description())
    }

    /// `credit_below` and `credit_runway_below` judge each provider's credit (in Toman) on its own.
    private mutating func evaluateCredit(_ stored: Int, of provider: ProviderName) throws {
        // nil only past a trillion Toman, which the provider's decoders never let in.
        if let below = rules.creditBelow(at: provider), let credit = Toman(stored) {
            let key = AlertKey(kind: .creditLow, rule: AlertRules.AccountRule.creditBelow, provider: provider)
            let (value, threshold) = (Double(credit.amount), Double(below.amount))
            try step(key, fires: credit < below, clears: credit >= below, value: value, threshold: threshold,
                     forDuration: .zero, severity: .critical, countryName: nil,
                     description: AlertText.description(key, value: value, threshold: threshold, clear: threshold))
        }
        if let below = rules.runwayBelow(at: provider) {
            let key = AlertKey(kind: .creditRunwayLow, rule: AlertRules.AccountRule.runwayBelow, provider: provider)
            let history = try HistoryStore.creditHistory(db, provider: provider, since: time - CreditRunway.window)
            let seconds = CreditRunway.seconds(history: history, now: time)
            let runway = seconds.map { Duration.seconds($0) }
            try step(key, fires: runway.map { $0 < below } ?? false,
                     clears: runway.map { $0 >= below * AlertRules.runwayClearFactor } ?? true,
                     value: seconds ?? 0, threshold: below.inSeconds, forDuration: .zero, severity: .warning, countryName: nil,
                     description: AlertText.description(key, value: seconds ?? 0, threshold: below.inSeconds, clear: below.inSeconds))
        }
    }

    /// Per provider: how long since its last successful call (since the first sample, for one
    /// that never answered). The providers judged are those sampled since the start (and those
    /// down when it stopped): one the configuration no longer names is not "down".
    private mutating func evaluateProviderDown(_ round: StoredRound) throws {
        state.providers.formUnion(round.watches.lazy.map(\.provider))
        state.providers.formUnion(round.credits.lazy.map(\.provider))
        let after = rules.providerDownAfter
        for provider in state.providers.sorted(by: { $0.rawValue < $1.rawValue }) {
            // Never succeeded: down since its first sample, not since another provider's history began.
            guard let since = round.lastOkByProvider[provider] ?? round.firstSampleByProvider[provider] else { continue }
            let down = max(.zero, elapsed(since: since))
            let key = AlertKey(kind: .providerDown, rule: AlertRules.AccountRule.providerDown, provider: provider)
            let (value, threshold) = (down.inSeconds, after.inSeconds)
            try step(key, fires: down >= after, clears: down < after, value: value, threshold: threshold,
                     forDuration: .zero, severity: .critical, countryName: nil,
                     description: AlertText.description(key, value: value, threshold: threshold, clear: threshold))
        }
    }

    /// Numbers taken with none of them activated, from the ledger (the CLI writes it too), in the
    /// fuller of the ban's two possible windows: the Tehran day and the last 24 hours.
    private mutating func evaluateBanRisk(_ account: String) throws {
        let now = Timestamp(microsecondsSince1970: time * 1_000_000)
        let day = ProviderTime.day(of: now)
        let tehranDay = day.start.milliseconds..<day.end.milliseconds
        let count = try Ledger.windows(db, account: account, nowMs: now.milliseconds, tehranDay: tehranDay).fuller
        let at = rules.banRiskAt
        // The ledger's account is the provider that takes numbers: `main`.
        let key = AlertKey(kind: .banRisk, rule: AlertRules.AccountRule.banRisk, provider: .main)
        let counted = count.sinceActivation
        try step(key, fires: counted >= at, clears: counted < at,
                 value: Double(counted), threshold: Double(at), forDuration: .zero, severity: .critical, countryName: nil,
                 description: AlertText.description(key, value: Double(counted), threshold: Double(at), clear: Double(at)))
        // When it is firing, time alone may resolve it: at the day's end or when a take leaves the 24 hours.
        let moves = state.active[key] == nil ? nil : try Ledger.windowsMove(db, account: account, nowMs: now.milliseconds, tehranDay: tehranDay)
        state.banWindowsMove = moves.map { ($0 + 999) / 1000 }
    }

    /// Moves one alert along pending → firing → resolved for this round's value.
    mutating func step(
        _ key: AlertKey, fires: Bool, clears: Bool, value: Double, threshold: Double, forDuration: Duration,
        severity: AlertSeverity, countryName: String?, description: @autoclosure () -> String
    ) throws {
        // Texts are formatted only for an alert that changes: every pair is stepped every round,
        // and almost all of them have nothing to say.
        guard var active = state.active[key] else {
            // The common case by far: no alert, nothing to start.
            guard fires else { return }
            let pending = forDuration > .zero
            var record = AlertRecord(
                fingerprint: key.fingerprint(severity: severity), alertname: key.kind.rawValue, rule: key.rule,
                platform: key.platform, country: key.country, provider: key.provider?.rawValue, severity: severity, state: pending ? .pending : .firing,
                startsAt: time, firedAt: pending ? nil : time, value: value, threshold: threshold,
                summary: AlertText.summary(key, countryName: countryName), description: description())
            try record.insert(db)
            state.active[key] = AlertEvaluator.Active(record: record, notified: [:])
            changed = true
            return
        }
        let before = active.record
        if active.record.state == .pending {
            guard fires else {
                // It never fired: not history, nobody was told.
                try forget(active.record)
                state.active[key] = nil
                changed = true
                return
            }
            if elapsed(since: active.record.startsAt) >= forDuration {
                active.record.state = .firing
                active.record.firedAt = time
            }
        } else if clears {
            return try resolve(key, active, reason: nil, value: value, description: description())
        }
        guard active.record.state != before.state || before.value != value else { return }
        active.record.value = value
        active.record.description = description()
        try persist(active.record)
        state.active[key] = active
        changed = true
    }

    /// How long ago (Unix seconds) `moment` was, at this pass.
    func elapsed(since moment: Int64) -> Duration { .seconds(time - moment) }

    /// A pending alert that never fired leaves no trace.
    private func forget(_ record: AlertRecord) throws {
        try record.delete(db)
    }

    /// Writes what an alert's step can change. A row deleted by hand while serve runs is left
    /// deleted (as an UPDATE of no row would), not an error that would fail every round after.
    func persist(_ record: AlertRecord) throws {
        do {
            try record.update(db, columns: AlertRecord.stepColumns)
        } catch RecordError.recordNotFound {
            return
        }
    }

    mutating func resolve(
        _ key: AlertKey, _ active: AlertEvaluator.Active, reason: String?, value: Double? = nil, description: String? = nil
    ) throws {
        var active = active
        state.active[key] = nil
        changed = true
        guard active.record.state == .firing else {
            try forget(active.record)
            return
        }
        active.record.state = .resolved
        active.record.endsAt = time
        active.record.resolution = reason
        if let value { active.record.value = value }
        if let description { active.record.description = description }
        try persist(active.record)
        resolved.append(active)
    }
}
