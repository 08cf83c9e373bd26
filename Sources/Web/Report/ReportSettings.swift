import Foundation

/// How the report presents itself: the time zone its times are shown in, and the optional
/// auto-refresh. (Configuration keys `report.time_zone` and `report.refresh`.)
package struct ReportSettings: Sendable {
    package var timeZone: TimeZone
    /// The time between automatic reloads of a page; nil: none.
    package var refresh: Duration?

    package init(timeZone: TimeZone = TimeZone(identifier: "UTC")!, refresh: Duration? = nil) {
        self.timeZone = timeZone
        self.refresh = refresh
    }

    /// The refresh in whole seconds, as the page's `<meta http-equiv="refresh">` and footer say it.
    var refreshSeconds: Int? { refresh.map { Int($0.components.seconds) } }
}
