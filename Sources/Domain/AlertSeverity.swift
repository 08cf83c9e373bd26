/// An alert's `severity` label, set by its rule (`alerts.rules[].severity`); the account-wide
/// alerts have their own.
package enum AlertSeverity: String, Sendable, Hashable, Codable, CaseIterable {
    case warning, critical
}
