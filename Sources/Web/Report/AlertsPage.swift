import Alerting
import Domain

struct AlertsModel: Sendable {
    struct Row: Sendable {
        var state: String
        var stateClass: String
        var name: String
        var rule: String
        var subject: String?
        var severity: String
        var summary: String
        var description: String
        var resolution: String?
        var started: String
        var fired: String
        var ended: String
        var value: String
        var threshold: String
    }

    /// A section renders its table once (a bare array would repeat the table per row).
    struct Table: Sendable {
        var rows: [Row]
    }

    var layout: LayoutModel
    var configured: Bool
    var error: String?
    var active: Table
    var hasActive: Bool
    var history: Table
    var hasHistory: Bool
    var historyDays: Int
}

/// Builds `/alerts` from the alerting module's reader; without one, or without rules, the page
/// says that no alerts are configured.
struct AlertsPage {
    static let historyDays = 30
    static let historyLimit = 200

    let sources: ReportSources
    let pages: ReportPages

    func model(now: Int64) async -> AlertsModel {
        let time = ReportTime(zone: sources.settings.timeZone)
        var model = AlertsModel(layout: pages.layout(title: "Alerts", current: "/alerts", now: now), configured: false,
                                active: .init(rows: []), hasActive: false, history: .init(rows: []), hasHistory: false,
                                historyDays: Self.historyDays)
        guard let reader = sources.alerts, reader.hasRules else { return model }
        model.configured = true
        do {
            let active = try await reader.active().map { row($0, time: time) }
            let history = try await reader.history(since: now - Int64(Self.historyDays) * 86_400, limit: Self.historyLimit)
                .map { row($0, time: time) }
            model.active = .init(rows: active)
            model.hasActive = !active.isEmpty
            model.history = .init(rows: history)
            model.hasHistory = !history.isEmpty
        } catch {
            model.error = "\(error)"
        }
        return model
    }

    private func row(_ alert: AlertView, time: ReportTime) -> AlertsModel.Row {
        let stateClass = switch alert.state {
        case .firing: alert.severity == .critical ? "bad" : "up"
        case .pending: "muted"
        case .resolved: "ok"
        }
        return .init(
            state: alert.state.rawValue, stateClass: stateClass, name: alert.alertname, rule: alert.rule,
            subject: [alert.platform, alert.country].compactMap { $0 }.joined(separator: " · ").nilIfEmpty,
            severity: alert.severity.rawValue, summary: alert.summary, description: alert.description, resolution: alert.resolution,
            started: time.dateTime(alert.startsAt), fired: alert.firedAt.map(time.dateTime) ?? "—",
            ended: alert.endsAt.map(time.dateTime) ?? "—", value: alert.value.map { Self.value($0, of: alert) } ?? "—",
            threshold: alert.threshold.map { Self.value($0, of: alert) } ?? "—")
    }

    /// The runway and the provider's downtime are durations (seconds in the alert): shown as such.
    private static func value(_ value: Double, of alert: AlertView) -> String {
        switch alert.alertname {
        case "NumwatchCreditRunwayLow": ReportFormat.runway(value)
        case "NumwatchProviderDown": ReportFormat.age(Int64(value))
        default: number(value)
        }
    }

    private static func number(_ value: Double) -> String {
        guard value.isFinite, abs(value) < 1e15 else { return "\(value)" }
        if value == value.rounded() { return ReportFormat.grouped(Int(value)) }
        let cents = Int((abs(value) * 100).rounded())
        return (value < 0 ? "-" : "") + ReportFormat.grouped(cents / 100) + String(format: ".%02d", cents % 100)
    }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
