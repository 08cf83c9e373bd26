import Domain
import Foundation

/// A value from outside — a query parameter, a CLI flag — that numwatch cannot use. The message
/// names the parameter and its bounds (`since: at most 100y, got 999999999999y`); the HTTP side
/// answers it with a 400, the CLI with one line and exit 2.
package struct OutOfBounds: Error, CustomStringConvertible, Sendable {
    package let description: String

    package init(_ description: String) {
        self.description = description
    }
}

/// The bounds of a duration read from outside, with how the largest is written in messages
/// (`100y` reads better than `formatDuration`'s `36500d`).
package struct DurationBounds: Sendable {
    package let least: Double
    package let most: Double
    package let mostText: String

    package init(least: Double, most: Double, mostText: String) {
        self.least = least
        self.most = most
        self.mostText = mostText
    }

    /// How far back a history, an export or a listing looks: a second to a century. A century
    /// is the longest retention; in seconds it is far from anything `Int64` cannot hold, so
    /// `now - since` and every conversion after it are safe.
    package static let lookBack = DurationBounds(least: 1, most: 36_500 * 86_400, mostText: "100y")
}

/// Reads a duration given as `parameter` (`since`, `--since`) within `bounds`.
///
/// The text parser alone accepts twelve digits of years (`999999999999y`), which is more seconds
/// than `Int64` holds: that converted later trapped and stopped `serve`. The range is checked
/// here, where the text is read, so no caller converts an unchecked value.
package func parseDuration(_ text: String, parameter: String, within bounds: DurationBounds) throws(OutOfBounds) -> Duration {
    guard let seconds = parseDuration(text) else {
        throw OutOfBounds("\(parameter): expected a duration like 6h or 7d, got \(quotedInput(text))")
    }
    if seconds < bounds.least {
        throw OutOfBounds("\(parameter): at least \(formatDuration(bounds.least)), got \(quotedInput(text))")
    }
    if seconds > bounds.most {
        throw OutOfBounds("\(parameter): at most \(bounds.mostText), got \(quotedInput(text))")
    }
    return .milliseconds(Int64((seconds * 1000).rounded()))
}

/// Outside text as a message quotes it: at most 40 characters, in quotes, with quotes,
/// backslashes, control and bidi characters escaped (`"A\u{1B}[31m"`), so a hostile value can
/// neither flood a message nor rewrite the terminal or the log line that shows it.
package func quotedInput(_ text: String) -> String {
    let cut = text.unicodeScalars.count > 40 ? String(String.UnicodeScalarView(text.unicodeScalars.prefix(37))) + "..." : text
    return "\"" + escapingControls(cut, quotes: true) + "\""
}
