import ProviderAPI
import Store

/// When time alone may next change an alert: the conditions that hold or stop holding because a
/// moment passes, not because a sample came. `AlertTimer` wakes then, so such an alert is judged
/// on time however far apart the rounds are (the sampler backs off while the provider fails).
struct TimeDue {
    /// What the last pass (a round or time passing) knew of the provider.
    struct Facts: Sendable {
        var lastProviderOk: Int64?
        var firstSample: Int64?
        /// Unix seconds of the last pass: a moment at or before it has been judged already.
        var evaluatedAt: Int64 = .min
    }

    let rules: AlertRules
    let state: AlertEvaluator.State
    let facts: Facts

    /// The earliest moment after the last pass at which some alert may change by time alone
    /// (Unix seconds), or nil when none can.
    func next(now: Int64) -> Int64? {
        var earliest: Int64?
        func consider(_ moment: Int64) {
            guard moment > facts.evaluatedAt else { return }
            earliest = min(earliest ?? moment, moment)
        }
        let down = AlertKey(kind: .providerDown, rule: AlertRules.AccountRule.providerDown)
        // Firing, it resolves on a success: a round, not a moment.
        if state.active[down] == nil, let since = facts.lastProviderOk ?? facts.firstSample {
            consider(since + Int64(rules.providerDownAfter.rounded(.up)))
        }
        for (key, active) in state.active {
            let record = active.record
            switch (key.kind, record.state) {
            case (_, "pending"):
                if let rule = rules.rule(of: key) { consider(record.startsAt + rule.forSeconds) }
            case (.priceChange, "firing"):
                consider((record.firedAt ?? record.startsAt) + AlertRules.priceChangeHold)
            case (.banRisk, "firing"):
                // The provider's day ends: its count starts again from zero.
                let end = ProviderTime.day(of: Timestamp(microsecondsSince1970: now * 1_000_000)).end
                consider(Int64(end.secondsSince1970.rounded(.up)))
            default:
                continue
            }
        }
        return earliest
    }
}
