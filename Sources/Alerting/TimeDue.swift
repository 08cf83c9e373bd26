import Config
import Domain
import Store

/// When time alone may next change an alert: the conditions that hold or stop holding because a
/// moment passes, not because a sample came. `AlertTimer` wakes then, so such an alert is judged
/// on time however far apart the rounds are (the sampler backs off while the provider fails).
struct TimeDue {
    /// What the last pass (a round, or time passing) knew of the provider, and when it ran.
    struct Facts: Sendable {
        /// Per provider, Unix seconds of its last successful call.
        var lastOkByProvider: [ProviderName: Int64]
        /// Per provider, Unix seconds of its first sample stored.
        var firstSampleByProvider: [ProviderName: Int64]
        /// Unix seconds of the pass: a moment at or before it has been judged already.
        var time: Int64
    }

    let rules: AlertRules
    let rulesVersion: Int
    let state: AlertEvaluator.State
    let webhooks: [WebhookConfig]

    /// The earliest moment after the last pass at which some alert may change by time alone
    /// (Unix seconds; at or before the last pass: judge now), or nil when none can.
    var next: Int64? {
        // Before the first round since the start, nothing is judged by time: the facts loaded
        // from before a restart are stale (the provider may well answer the first call).
        guard let facts = state.lastPass else { return nil }
        // A reload: judged by the new rules at once (a shortened delay may already have passed).
        if state.rulesVersion != rulesVersion { return facts.time }
        var earliest: Int64?
        /// `span` after `start`: the first whole second (rounds are whole seconds) by which it has passed.
        func consider(_ start: Int64, plus span: Duration = .zero) {
            let moment = start + Int64(span.inSeconds.rounded(.up))
            guard moment > facts.time else { return }
            earliest = min(earliest ?? moment, moment)
        }
        for provider in state.providers {
            let down = AlertKey(kind: .providerDown, rule: AlertRules.AccountRule.providerDown, provider: provider)
            // Firing, it resolves on a success: a round, not a moment.
            if state.active[down] == nil, let since = facts.lastOkByProvider[provider] ?? facts.firstSampleByProvider[provider] {
                consider(since, plus: rules.providerDownAfter)
            }
        }
        for (key, active) in state.active {
            let record = active.record
            switch (key.kind, record.state) {
            case (_, .pending):
                if let rule = rules.rule(of: key) { consider(record.startsAt, plus: rule.forDuration) }
            case (.priceChange, .firing), (.bestProviderChanged, .firing):
                consider(record.firedAt ?? record.startsAt, plus: AlertRules.priceChangeHold)
            case (.banRisk, .firing):
                // The Tehran day ends, or a take leaves the last 24 hours: the windows shrink.
                if let moves = state.banWindowsMove { consider(moves) }
            default:
                break
            }
            guard record.state == .firing else { continue }
            // A firing alert is told again every `repeat_interval`.
            for webhook in webhooks {
                if let sent = active.notified[webhook.key] { consider(sent, plus: webhook.resendInterval) }
            }
        }
        return earliest
    }
}
