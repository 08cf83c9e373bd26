import GRDB
import Store

/// A row of `alert`: one episode of one alert.
struct AlertRecord: Codable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns, Sendable {
    static let databaseTableName = "alert"

    var id: Int64?
    var fingerprint: String
    var alertname: String
    var rule: String
    var platform: String?
    var country: String?
    var severity: String
    var state: String
    var startsAt: Int64
    var firedAt: Int64?
    var endsAt: Int64?
    var value: Double?
    var threshold: Double?
    var resolution: String?
    var summary: String
    var description: String

    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    var key: AlertKey? {
        AlertKind(rawValue: alertname).map { AlertKey(kind: $0, rule: rule, platform: platform, country: country) }
    }

    var labels: [String: String] { key?.labels(severity: severity) ?? ["alertname": alertname] }

    var view: AlertView {
        AlertView(alertname: alertname, rule: rule, platform: platform, country: country, severity: severity,
                  state: AlertView.State(rawValue: state) ?? .resolved, startsAt: startsAt, firedAt: firedAt, endsAt: endsAt,
                  value: value, threshold: threshold, resolution: resolution, summary: summary, description: description)
    }
}
