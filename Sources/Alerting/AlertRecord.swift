import Domain
import GRDB
import Store

/// A row of `alert`: one episode of one alert. Alerting is the only module that writes it.
///
/// Read and written column by column: a stored state or severity numwatch does not know is
/// refused with the row named (`UnreadableAlert`), never read as something else, and a round that
/// moves thousands of alerts does not pay for a Codable encoder on each.
struct AlertRecord: FetchableRecord, MutablePersistableRecord, Sendable {
    static let databaseTableName = "alert"

    var id: Int64?
    var fingerprint: String
    var alertname: String
    var rule: String
    var platform: String?
    var country: String?
    /// nil for an alert across providers (column `provider`, migration "v5: alert provider").
    var provider: String?
    var severity: AlertSeverity
    var state: AlertState
    /// Unix seconds, as are `firedAt` and `endsAt`.
    var startsAt: Int64
    var firedAt: Int64?
    var endsAt: Int64?
    var value: Double?
    var threshold: Double?
    var resolution: String?
    var summary: String
    var description: String

    /// The columns queries filter and order on.
    enum Columns {
        static let id = Column("id")
        static let severity = Column("severity")
        static let state = Column("state")
        static let startsAt = Column("starts_at")
    }

    /// What a step of an alert changes (`EvaluationPass` writes only these).
    static let stepColumns: Set<String> = ["state", "fired_at", "ends_at", "value", "resolution", "description"]

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var key: AlertKey? {
        AlertKind(rawValue: alertname).map {
            AlertKey(kind: $0, rule: rule, platform: platform, country: country, provider: provider.map(ProviderName.init))
        }
    }

    var labels: [String: String] { key?.labels(severity: severity) ?? ["alertname": alertname] }

    var view: AlertView {
        AlertView(alertname: alertname, rule: rule, platform: platform, country: country, provider: provider, severity: severity,
                  state: state, startsAt: startsAt, firedAt: firedAt, endsAt: endsAt, value: value, threshold: threshold,
                  resolution: resolution, summary: summary, description: description)
    }
}

// In an extension, so that the memberwise initializer stays.
extension AlertRecord {
    init(row: Row) throws {
        let id = try row.decode(Int64.self, forColumn: "id")
        func known<Value: RawRepresentable & CaseIterable>(_: Value.Type, _ column: String) throws -> Value where Value.RawValue == String {
            let stored = try row.decode(String.self, forColumn: column)
            guard let value = Value(rawValue: stored) else {
                throw UnreadableAlert(id: id, column: column, value: stored, known: Value.allCases.map(\.rawValue))
            }
            return value
        }
        self.id = id
        fingerprint = try row.decode(forColumn: "fingerprint")
        alertname = try row.decode(forColumn: "alertname")
        rule = try row.decode(forColumn: "rule")
        platform = try row.decode(forColumn: "platform")
        country = try row.decode(forColumn: "country")
        provider = try row.decode(forColumn: "provider")
        severity = try known(AlertSeverity.self, "severity")
        state = try known(AlertState.self, "state")
        startsAt = try row.decode(forColumn: "starts_at")
        firedAt = try row.decode(forColumn: "fired_at")
        endsAt = try row.decode(forColumn: "ends_at")
        value = try row.decode(forColumn: "value")
        threshold = try row.decode(forColumn: "threshold")
        resolution = try row.decode(forColumn: "resolution")
        summary = try row.decode(forColumn: "summary")
        description = try row.decode(forColumn: "description")
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["id"] = id
        container["fingerprint"] = fingerprint
        container["alertname"] = alertname
        container["rule"] = rule
        container["platform"] = platform
        container["country"] = country
        container["provider"] = provider
        container["severity"] = severity
        container["state"] = state
        container["starts_at"] = startsAt
        container["fired_at"] = firedAt
        container["ends_at"] = endsAt
        container["value"] = value
        container["threshold"] = threshold
        container["resolution"] = resolution
        container["summary"] = summary
        container["description"] = description
    }
}

/// A row of `alert_notified`: when a webhook was last told about an episode (`repeat_interval`).
/// Column by column too: a round may tell a webhook about thousands of alerts.
struct AlertNotifiedRecord: FetchableRecord, PersistableRecord {
    static let databaseTableName = "alert_notified"
    /// Telling a webhook again replaces the time it was told before.
    static let persistenceConflictPolicy = PersistenceConflictPolicy(insert: .replace, update: .replace)

    var alertId: Int64
    /// `WebhookConfig.key`: never the URL, which may hold a secret.
    var webhook: String
    /// Unix seconds.
    var sentAt: Int64
}

extension AlertNotifiedRecord {
    init(row: Row) throws {
        alertId = try row.decode(forColumn: "alert_id")
        webhook = try row.decode(forColumn: "webhook")
        sentAt = try row.decode(forColumn: "sent_at")
    }

    func encode(to container: inout PersistenceContainer) throws {
        container["alert_id"] = alertId
        container["webhook"] = webhook
        container["sent_at"] = sentAt
    }
}

/// A stored alert with a state or severity numwatch does not know: written by a newer numwatch or
/// by hand. Refused rather than guessed: reading an unknown state as `resolved` would forget a
/// firing alert and never tell anyone it ended.
package struct UnreadableAlert: Error, CustomStringConvertible {
    /// The row's `id` in the `alert` table.
    package var id: Int64
    package var column: String
    package var value: String
    package var known: [String]

    package var description: String {
        "alert \(id) in the database has \(column) \(String(reflecting: value)), which this numwatch does not know"
            + " (it knows \(known.joined(separator: ", "))); set it to one of those, or delete the row"
    }
}

extension AlertState: DatabaseValueConvertible {}
extension AlertSeverity: DatabaseValueConvertible {}
