import Alerting
import Config
import Domain
import Foundation

/// The body each `webhooks[].format` sends, rendered once when the notification is queued.
package enum WebhookBody {
    /// Alertmanager's `/api/v2/alerts` forgets a firing alert at its `endsAt`; numwatch re-sends
    /// every minute (and at least every round), so it sets `endsAt` this far ahead.
    package static let apiHold: Duration = .seconds(600)

    package static func render(_ n: AlertNotification, externalBase: String, apiHold: Duration = apiHold) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        switch n.webhook.format {
        case .alertmanager: return try encoder.encode(alertmanager(n, externalBase: externalBase))
        case .alertmanagerAPI:
            let hold = apiHold.components.seconds
            return try encoder.encode(n.alerts.map { api($0, time: n.time, hold: hold, externalBase: externalBase) })
        case .slack: return try encoder.encode(["text": slack(n)])
        }
    }

    static func rfc3339(_ seconds: Int64) -> String {
        Timestamp(microsecondsSince1970: seconds * 1_000_000).iso8601
    }

    // MARK: Alertmanager webhook, version 4

    struct V4: Encodable {
        var version = "4"
        var groupKey: String
        var truncatedAlerts = 0
        var status: String
        var receiver = "numwatch"
        var groupLabels: [String: String]
        var commonLabels: [String: String]
        var commonAnnotations: [String: String]
        var externalURL: String
        var alerts: [V4Alert]
    }

    struct V4Alert: Encodable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
        var fingerprint: String
    }

    static func alertmanager(_ n: AlertNotification, externalBase: String) -> V4 {
        let common = { (maps: [[String: String]]) -> [String: String] in
            guard var shared = maps.first else { return [:] }
            for map in maps.dropFirst() { shared = shared.filter { map[$0.key] == $0.value } }
            return shared
        }
        let names = Set(n.alerts.compactMap { $0.labels["alertname"] })
        let groupLabels = names.count == 1 ? ["alertname": names.first!] : [:]
        let groupKey = "{}:{" + groupLabels.sorted { $0.key < $1.key }.map { "\($0.key)=\"\($0.value)\"" }.joined(separator: ",") + "}"
        return V4(
            groupKey: groupKey, status: n.status.rawValue, groupLabels: groupLabels,
            commonLabels: common(n.alerts.map(\.labels)), commonAnnotations: common(n.alerts.map(\.annotations)),
            externalURL: externalBase,
            alerts: n.alerts.map { alert in
                V4Alert(status: alert.status.rawValue, labels: alert.labels, annotations: alert.annotations,
                        startsAt: rfc3339(alert.startsAt),
                        endsAt: alert.endsAt.map(rfc3339) ?? "0001-01-01T00:00:00Z",
                        generatorURL: generatorURL(alert, externalBase), fingerprint: alert.fingerprint)
            })
    }

    static func generatorURL(_ alert: NotifiedAlert, _ base: String) -> String {
        if let platform = alert.labels["platform"]?.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) {
            return base + "watch/" + platform
        }
        return base + "alerts"
    }

    // MARK: Alertmanager API v2

    struct PostableAlert: Encodable {
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var generatorURL: String
    }

    static func api(_ alert: NotifiedAlert, time: Int64, hold: Int64, externalBase: String) -> PostableAlert {
        PostableAlert(labels: alert.labels, annotations: alert.annotations, startsAt: rfc3339(alert.startsAt),
                      endsAt: rfc3339(alert.endsAt ?? time + hold), generatorURL: generatorURL(alert, externalBase))
    }

    // MARK: Slack

    /// What a person reads on a phone: one line per alert, what and where, value against threshold, since when.
    static func slack(_ n: AlertNotification, limit: Int = 20) -> String {
        let head = n.status == .firing ? ":rotating_light: *FIRING* (\(n.alerts.count))" : ":white_check_mark: *RESOLVED* (\(n.alerts.count))"
        var lines = [head]
        for alert in n.alerts.prefix(limit) {
            let summary = slackEscape(alert.annotations["summary"] ?? alert.labels["alertname"] ?? "alert")
            let description = slackEscape(alert.annotations["description"] ?? "")
            let when = alert.endsAt.map { "resolved \(clock($0)), fired \(clock(alert.startsAt))" } ?? "since \(clock(alert.startsAt))"
            lines.append("• *\(summary)*: \(description) (\(when))")
        }
        if n.alerts.count > limit { lines.append("… and \(n.alerts.count - limit) more") }
        return lines.joined(separator: "\n")
    }

    /// Slack's control characters in mrkdwn; provider text (country names) passes through here.
    /// Scalar by scalar: `<` followed by a combining mark is one Character, which a search for
    /// "<" skips. Line breaks and control characters become spaces, so that a name cannot start a
    /// line of its own that reads as another alert.
    static func slackEscape(_ text: String) -> String {
        replacingScalars(in: text) { scalar in
            switch scalar {
            case "&": "&amp;"
            case "<": "&lt;"
            case ">": "&gt;"
            case "\u{2028}", "\u{2029}": " "
            default: scalar.properties.generalCategory == .control ? " " : nil
            }
        }
    }

    static func clock(_ seconds: Int64) -> String {
        let iso = rfc3339(seconds)  // 2026-11-29T10:19:10.000000Z
        return String(iso.prefix(10)) + " " + String(iso.dropFirst(11).prefix(5)) + " UTC"
    }
}
