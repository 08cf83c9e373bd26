import Config
import Domain
import GRDB
import Logging
import Store
import Synchronization

/// Evaluates the alert rules on every stored round, inside the round's transaction: the round,
/// the alerts' new states and the notifications they cause commit together or not at all.
///
/// The active alerts (pending and firing) are kept in memory, loaded from the database at start,
/// so a restart neither forgets a firing alert nor notifies it again.
package final class AlertEvaluator: RoundHook {
    struct Active: Sendable {
        var record: AlertRecord
        /// Webhook key → Unix seconds it was last told about this episode.
        var notified: [String: Int64]
    }

    struct State: Sendable {
        var active: [AlertKey: Active] = [:]
        /// Whether alerts left by a rule since removed from the configuration were resolved.
        var swept = false
        /// Watches (a provider's platform) whose every pair has been evaluated since the start
        /// (after that, only changed ones are).
        var evaluatedPlatforms = Set<PlatformKey>()
        /// Each provider's values of the pairs judged across providers.
        var across = AcrossProviders()
        /// Every provider sampled since the start (or down when it stopped): NumwatchProviderDown judges each.
        var providers = Set<ProviderName>()
        var generation: UInt64 = 0
        /// The `rules` version this state was last evaluated with.
        var rulesVersion = 0
        /// What the last pass knew and when it ran; nil before the first round since the start.
        var lastPass: TimeDue.Facts?
        /// While NumwatchBanRisk fires: when (Unix seconds) time alone next changes the ban's
        /// windows (the Tehran day ends, or a take leaves the last 24 hours).
        var banWindowsMove: Int64?
    }

    /// The rules in force and their version (bumped by each reload).
    private let rules: Mutex<(rules: AlertRules, version: Int)>
    let webhooks: [WebhookConfig]
    let queue: (any AlertNotificationQueue)?
    /// The provider account (`providerAccountKey`) for NumwatchBanRisk; nil: not evaluated.
    let account: String?
    let logger: Logger
    private let state: Mutex<State>
    /// Rung after every pass and reload: when time may next move an alert has changed.
    package let passed = Doorbell()

    package init(
        rules: AlertRules, webhooks: [WebhookConfig], queue: (any AlertNotificationQueue)?, database: any DatabaseReader,
        account: String? = nil, logger: Logger = Logger(label: "numwatch.alerting")
    ) throws {
        self.rules = Mutex((rules, 0))
        self.account = account
        self.webhooks = webhooks
        self.queue = queue
        self.logger = logger
        var loaded = State()
        // A row that does not read (`UnreadableAlert`) stops the start: which alerts are firing,
        // and whom they were told to, is the state itself, and a guess would lose or repeat one.
        try database.read { db in
            let unresolved = AlertRecord.filter(AlertRecord.Columns.state != AlertState.resolved)
            let notified = AlertNotifiedRecord.filter(unresolved.select(AlertRecord.Columns.id).contains(Column("alert_id")))
            var byAlert: [Int64: [String: Int64]] = [:]
            for sent in try notified.fetchAll(db) {
                byAlert[sent.alertId, default: [:]][sent.webhook] = sent.sentAt
            }
            for record in try unresolved.fetchAll(db) {
                guard let key = record.key, let id = record.id else { continue }
                loaded.active[key] = Active(record: record, notified: byAlert[id] ?? [:])
                if key.kind == .providerDown, let provider = key.provider { loaded.providers.insert(provider) }
            }
        }
        state = Mutex(loaded)
    }

    package func roundStored(_ round: StoredRound, _ db: Database) throws {
        let (rules, version) = self.rules.withLock { $0 }
        var start = state.withLock { $0 }
        if start.rulesVersion != version {
            // New rules (a reload): alerts of removed rules resolve, and every pair is evaluated again.
            start.swept = false
            start.evaluatedPlatforms = []
            start.across = AcrossProviders()
            start.rulesVersion = version
        }
        var pass = EvaluationPass(rules: rules, state: start, time: round.time, db: db)
        pass.account = account
        try pass.evaluate(round)
        try notify(&pass)
        // Published after every pass (not only one that changed an alert): when time may next
        // move an alert depends on what the pass knew.
        var published = pass.state
        if pass.changed { published.generation &+= 1 }
        published.lastPass = TimeDue.Facts(lastOkByProvider: round.lastOkByProvider, firstSampleByProvider: round.firstSampleByProvider,
                                           time: round.time)
        db.afterNextTransaction(onCommit: { [published] _ in
            self.state.withLock { $0 = published }
            self.passed.ring()
        })
    }

    /// Evaluates by `rules` from the next pass on (SIGHUP), which comes at once.
    package func apply(_ rules: AlertRules) {
        self.rules.withLock { $0 = (rules, $0.version + 1) }
        passed.ring()
    }

    /// The next moment (Unix seconds) at which time alone may change an alert, after the last
    /// pass (at or before it: judge now); nil when no alert can change before the next round.
    package var nextTimeDue: Int64? {
        let (rules, version) = self.rules.withLock { $0 }
        return TimeDue(rules: rules, rulesVersion: version, state: state.withLock { $0 }, webhooks: webhooks).next
    }

    /// Per webhook: one notification for what fired (and repeats due), one for what resolved.
    private func notify(_ pass: inout EvaluationPass) throws {
        guard let queue, !webhooks.isEmpty else { return }
        let time = pass.time
        for webhook in webhooks {
            let key = webhook.key
            var firing: [NotifiedAlert] = []
            var due: [AlertKey] = []
            for (alertKey, active) in pass.state.active where active.record.state == .firing {
                if let sent = active.notified[key], Duration.seconds(time - sent) < webhook.resendInterval { continue }
                firing.append(Self.notified(active.record, status: .firing))
                due.append(alertKey)
                guard let id = active.record.id else { continue }
                try AlertNotifiedRecord(alertId: id, webhook: key, sentAt: time).insert(pass.db)
            }
            // Marked after the walk: mutating the dictionary while iterating it would copy it whole.
            for alertKey in due { pass.state.active[alertKey]?.notified[key] = time }
            if !due.isEmpty { pass.changed = true }
            // A resolution goes only where the firing went.
            let resolved = pass.resolved.filter { $0.notified[key] != nil }.map { Self.notified($0.record, status: .resolved) }
            for (status, alerts) in [(AlertNotification.Status.firing, firing), (.resolved, resolved)] where !alerts.isEmpty {
                let sorted = alerts.sorted { ($0.labels["alertname"] ?? "", $0.fingerprint) < ($1.labels["alertname"] ?? "", $1.fingerprint) }
                try queue.enqueue(AlertNotification(webhook: webhook, status: status, time: time, alerts: sorted), pass.db)
            }
        }
    }

    static func notified(_ record: AlertRecord, status: AlertNotification.Status) -> NotifiedAlert {
        NotifiedAlert(status: status, labels: record.labels,
                      annotations: ["summary": record.summary, "description": record.description],
                      startsAt: record.firedAt ?? record.startsAt, endsAt: status == .resolved ? record.endsAt : nil,
                      fingerprint: record.fingerprint)
    }

    /// Firing alerts per alertname and provider (nil: an alert across providers), and a number
    /// that changes whenever they may have.
    package func firingByProvider() -> (generation: UInt64, counts: [FiringSeries: Int]) {
        state.withLock { s in
            var counts: [FiringSeries: Int] = [:]
            for active in s.active.values where active.record.state == .firing {
                counts[FiringSeries(alertname: active.record.alertname, provider: active.record.provider), default: 0] += 1
            }
            return (s.generation, counts)
        }
    }

    /// A number that changes whenever the firing alerts may have.
    package var firingGeneration: UInt64 { state.withLock { $0.generation } }

    /// Firing alerts per alertname, and a number that changes whenever they may have.
    package func firingCounts() -> (generation: UInt64, counts: [String: Int]) {
        state.withLock { s in
            var counts: [String: Int] = [:]
            for active in s.active.values where active.record.state == .firing { counts[active.record.alertname, default: 0] += 1 }
            return (s.generation, counts)
        }
    }
}

/// One series of `numwatch_alerts_firing`.
package struct FiringSeries: Hashable, Sendable {
    package var alertname: String
    package var provider: String?

    package init(alertname: String, provider: String?) {
        self.alertname = alertname
        self.provider = provider
    }
}
