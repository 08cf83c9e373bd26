import Domain
import GRDB
import ProviderAPI
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
    /// The pairs stepped on a new value in this pass.
    private var stepped = Set<PairRef>()

    private struct PairRef: Hashable {
        var platform: String
        var country: String
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
        for watch in round.watches where watch.ok { try evaluate(watch) }
        try advanceUnchanged(current: round.lastSampleOk)
        if let credit = round.credit?.credit { try evaluateCredit(credit) }
        try evaluateProviderDown(round)
        if let account { try evaluateBanRisk(account) }
    }

    private mutating func evaluate(_ watch: PlatformObservation) throws {
        guard let pairRules = rules.byPlatform[watch.platform] else { return }
        let everyPair = state.evaluatedPlatforms.insert(watch.platform).inserted
        // A condition depends on the pair's value alone: a pair whose value did not change gives
        // the same answer as last round, so only changed pairs are stepped (all of them in the
        // first round after a start, when the rules may have changed). Time alone moves the
        // alerts of unchanged pairs: `advanceUnchanged`.
        for pair in watch.pairs where pair.changed || everyPair {
            stepped.insert(PairRef(platform: watch.platform, country: pair.country))
            for rule in pairRules where rule.country == nil || rule.country == pair.country {
                let key = AlertKey(kind: rule.kind, rule: rule.rule, platform: watch.platform, country: pair.country)
                if rule.kind == .priceChange {
                    try evaluatePriceChange(rule, key, pair)
                    continue
                }
                let value = Double(rule.kind == .stockLow || rule.kind == .stockHigh ? pair.stock : pair.price)
                try step(key, fires: rule.fires(value), clears: rule.clears(value), value: value, threshold: rule.threshold,
                         forSeconds: rule.forSeconds, severity: rule.severity, countryName: pair.name,
                         description: AlertText.description(key, value: value, threshold: rule.threshold, clear: rule.clear))
            }
        }
        // A pair the provider stopped listing has no stock or price to compare: its alerts end.
        for country in watch.delisted {
            for rule in pairRules where rule.country == nil || rule.country == country {
                let key = AlertKey(kind: rule.kind, rule: rule.rule, platform: watch.platform, country: country)
                if let active = state.active[key] { try resolve(key, active, reason: "no longer listed by the provider") }
            }
        }
    }

    /// What time alone does to the alerts of pairs not stepped in this pass. A pending alert whose
    /// `for` has passed fires, if its watch's latest sample succeeded (`current`: the value it
    /// was judged on is still the provider's last word) and every pair of the watch has been
    /// judged by the rules in force (a reload or a restart judges them again first). A
    /// price-change alert whose hold has passed resolves: the hold is time alone.
    private mutating func advanceUnchanged(current: Set<String>) throws {
        var due: [(AlertKey, AlertEvaluator.Active)] = []
        for (key, active) in state.active where key.kind.isPairAlert {
            guard let platform = key.platform, let country = key.country,
                  !stepped.contains(PairRef(platform: platform, country: country)) else { continue }
            due.append((key, active))
        }
        for (key, active) in due {
            let record = active.record
            if record.state == "pending" {
                guard let platform = key.platform, current.contains(platform), state.evaluatedPlatforms.contains(platform),
                      let rule = rules.rule(of: key), time - record.startsAt >= rule.forSeconds else { continue }
                var fired = active
                fired.record.state = "firing"
                fired.record.firedAt = time
                try persist(fired.record)
                state.active[key] = fired
                changed = true
            } else if key.kind == .priceChange, time - (record.firedAt ?? record.startsAt) >= AlertRules.priceChangeHold {
                try resolve(key, active, reason: nil)
            }
        }
    }

    /// Fires at a change of at least the percentage against the price in force before it.
    private mutating func evaluatePriceChange(_ rule: AlertRules.PairRule, _ key: AlertKey, _ pair: PairObservation) throws {
        var percent: Double?
        if let before = pair.previousPrice, before > 0, before != pair.price {
            percent = (Double(pair.price) - Double(before)) / Double(before) * 100
        }
        let jumped = percent.map { abs($0) >= rule.threshold } ?? false
        func description() -> String {
            AlertText.description(key, value: percent ?? 0, threshold: rule.threshold, clear: rule.threshold,
                                  previous: pair.previousPrice.map(Double.init))
        }
        let existing = state.active[key]
        if jumped, var active = existing {
            // Another large move while firing: the hold starts again from this one.
            active.record.firedAt = time
            active.record.value = percent
            active.record.description = description()
            try persist(active.record)
            state.active[key] = active
            changed = true
            return
        }
        let held = existing.map { time - ($0.record.firedAt ?? $0.record.startsAt) < AlertRules.priceChangeHold } ?? false
        try step(key, fires: jumped, clears: !held, value: percent ?? existing?.record.value ?? 0,
                 threshold: rule.threshold, forSeconds: 0, severity: rule.severity, countryName: pair.name, description: description())
    }

    private mutating func evaluateCredit(_ credit: Int) throws {
        let value = Double(credit)
        if let below = rules.creditBelow {
            let key = AlertKey(kind: .creditLow, rule: AlertRules.AccountRule.creditBelow)
            try step(key, fires: credit < below, clears: credit >= below, value: value, threshold: Double(below),
                     forSeconds: 0, severity: "critical", countryName: nil,
                     description: AlertText.description(key, value: value, threshold: Double(below), clear: Double(below)))
        }
        if let below = rules.runwayBelow {
            let key = AlertKey(kind: .creditRunwayLow, rule: AlertRules.AccountRule.runwayBelow)
            let history = try HistoryStore.creditHistory(db, since: time - CreditRunway.window)
            let runway = CreditRunway.seconds(history: history, now: time)
            try step(key, fires: runway.map { $0 < below } ?? false,
                     clears: runway.map { $0 >= below * AlertRules.runwayClearFactor } ?? true,
                     value: runway ?? 0, threshold: below, forSeconds: 0, severity: "warning", countryName: nil,
                     description: AlertText.description(key, value: runway ?? 0, threshold: below, clear: below))
        }
    }

    private mutating func evaluateProviderDown(_ round: StoredRound) throws {
        guard let since = round.lastProviderOk ?? round.firstSample else { return }
        let down = Double(max(0, time - since))
        let after = rules.providerDownAfter
        let key = AlertKey(kind: .providerDown, rule: AlertRules.AccountRule.providerDown)
        try step(key, fires: down >= after, clears: down < after, value: down, threshold: after,
                 forSeconds: 0, severity: "critical", countryName: nil,
                 description: AlertText.description(key, value: down, threshold: after, clear: after))
    }

    /// Numbers taken with none of them activated, from the ledger (the CLI writes it too), in the
    /// fuller of the ban's two possible windows: the Tehran day and the last 24 hours.
    private mutating func evaluateBanRisk(_ account: String) throws {
        let now = Timestamp(microsecondsSince1970: time * 1_000_000)
        let day = ProviderTime.day(of: now)
        let tehranDay = day.start.milliseconds..<day.end.milliseconds
        let count = try Ledger.windows(db, account: account, nowMs: now.milliseconds, tehranDay: tehranDay).fuller
        let at = rules.banRiskAt
        let key = AlertKey(kind: .banRisk, rule: AlertRules.AccountRule.banRisk)
        let counted = count.sinceActivation
        try step(key, fires: counted >= at, clears: counted < at,
                 value: Double(counted), threshold: Double(at), forSeconds: 0, severity: "critical", countryName: nil,
                 description: AlertText.description(key, value: Double(counted), threshold: Double(at), clear: Double(at)))
        // When it is firing, time alone may resolve it: at the day's end or when a take leaves the 24 hours.
        let moves = state.active[key] == nil ? nil : try Ledger.windowsMove(db, account: account, nowMs: now.milliseconds, tehranDay: tehranDay)
        state.banWindowsMove = moves.map { ($0 + 999) / 1000 }
    }

    /// Moves one alert along pending → firing → resolved for this round's value.
    private mutating func step(
        _ key: AlertKey, fires: Bool, clears: Bool, value: Double, threshold: Double, forSeconds: Int64, severity: String,
        countryName: String?, description: @autoclosure () -> String
    ) throws {
        // Texts are formatted only for an alert that changes: every pair is stepped every round,
        // and almost all of them have nothing to say.
        guard var active = state.active[key] else {
            // The common case by far: no alert, nothing to start.
            guard fires else { return }
            let labels = key.labels(severity: severity)
            var record = AlertRecord(
                id: nil, fingerprint: AlertKey.fingerprint(labels), alertname: key.kind.rawValue, rule: key.rule,
                platform: key.platform, country: key.country, severity: severity, state: forSeconds > 0 ? "pending" : "firing",
                startsAt: time, firedAt: forSeconds > 0 ? nil : time, endsAt: nil, value: value, threshold: threshold,
                resolution: nil, summary: AlertText.summary(key, countryName: countryName), description: description())
            try db.cachedStatement(sql: """
                INSERT INTO alert (fingerprint, alertname, rule, platform, country, severity, state, starts_at, fired_at,
                                   value, threshold, summary, description) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """).execute(arguments: [record.fingerprint, record.alertname, record.rule, record.platform, record.country,
                                         record.severity, record.state, record.startsAt, record.firedAt, record.value,
                                         record.threshold, record.summary, record.description])
            record.id = db.lastInsertedRowID
            state.active[key] = AlertEvaluator.Active(record: record, notified: [:])
            changed = true
            return
        }
        let before = active.record
        if active.record.state == "pending" {
            guard fires else {
                // It never fired: not history, nobody was told.
                try forget(active.record)
                state.active[key] = nil
                changed = true
                return
            }
            if time - active.record.startsAt >= forSeconds {
                active.record.state = "firing"
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

    /// A pending alert that never fired leaves no trace.
    private func forget(_ record: AlertRecord) throws {
        try db.cachedStatement(sql: "DELETE FROM alert WHERE id = ?").execute(arguments: [record.id])
    }

    /// Writes what an alert's step can change, with one cached statement: a round may move
    /// thousands of firing alerts, and encoding whole records through Codable was most of its cost.
    private func persist(_ record: AlertRecord) throws {
        try db.cachedStatement(sql: """
            UPDATE alert SET state = ?, fired_at = ?, ends_at = ?, value = ?, resolution = ?, description = ? WHERE id = ?
            """).execute(arguments: [record.state, record.firedAt, record.endsAt, record.value, record.resolution,
                                     record.description, record.id])
    }

    private mutating func resolve(
        _ key: AlertKey, _ active: AlertEvaluator.Active, reason: String?, value: Double? = nil, description: String? = nil
    ) throws {
        var active = active
        state.active[key] = nil
        changed = true
        guard active.record.state == "firing" else {
            try forget(active.record)
            return
        }
        active.record.state = "resolved"
        active.record.endsAt = time
        active.record.resolution = reason
        if let value { active.record.value = value }
        if let description { active.record.description = description }
        try persist(active.record)
        resolved.append(active)
    }
}
