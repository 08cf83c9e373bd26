import Domain

/// What the report and /metrics read of the alerts: the ones active now and the history.
///
/// Implemented by `AlertBook` over the alert tables; tests use an in-memory double.
package protocol AlertsReading: Sendable {
    /// Whether any rule is configured (the report says "no alerts configured" otherwise).
    var hasRules: Bool { get }
    /// Pending and firing alerts, most severe and oldest first.
    func active() async throws -> [AlertView]
    /// Alerts that started at or after `since` (Unix seconds), newest first, at most `limit`.
    func history(since: Int64, limit: Int) async throws -> [AlertView]
}

/// One alert as a person reads it.
package struct AlertView: Sendable, Hashable, Codable {
    /// `NumwatchStockLow`, `NumwatchCreditLow`, ...
    package var alertname: String
    /// The configured rule's name (account-wide alerts: `credit_below`, `provider_down`, ...).
    package var rule: String
    /// The watch's platform label, when the alert is about one.
    package var platform: String?
    /// The country code, when the alert is about one pair.
    package var country: String?
    /// The provider it judges; nil for an account-less or across-providers alert.
    package var provider: String?
    package var severity: AlertSeverity
    package var state: AlertState
    /// Unix seconds: when the condition started to hold.
    package var startsAt: Int64
    /// Unix seconds: when it fired (after `for`).
    package var firedAt: Int64?
    /// Unix seconds: when it resolved.
    package var endsAt: Int64?
    /// The value that made it fire, and the latest one seen.
    package var value: Double?
    package var threshold: Double?
    /// Why it resolved, when not simply because the value came back ("no longer listed", ...).
    package var resolution: String?
    package var summary: String
    package var description: String

    package init(
        alertname: String, rule: String, platform: String? = nil, country: String? = nil, provider: String? = nil,
        severity: AlertSeverity = .warning,
        state: AlertState, startsAt: Int64, firedAt: Int64? = nil, endsAt: Int64? = nil, value: Double? = nil,
        threshold: Double? = nil, resolution: String? = nil, summary: String, description: String
    ) {
        self.alertname = alertname
        self.rule = rule
        self.platform = platform
        self.country = country
        self.provider = provider
        self.severity = severity
        self.state = state
        self.startsAt = startsAt
        self.firedAt = firedAt
        self.endsAt = endsAt
        self.value = value
        self.threshold = threshold
        self.resolution = resolution
        self.summary = summary
        self.description = description
    }
}
