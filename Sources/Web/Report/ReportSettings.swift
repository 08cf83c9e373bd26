import Foundation

/// How the report presents itself: the time zone its times are shown in, and the optional
/// auto-refresh. (Configuration keys `report.time_zone` and `report.refresh`.)
package struct ReportSettings: Sendable {
    package var timeZone: TimeZone
    /// nil: no auto-refresh.
    package var refreshSeconds: Int?

    package init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, refreshSeconds: Int? = nil) {
        self.timeZone = timeZone
        self.refreshSeconds = refreshSeconds
    }
}
