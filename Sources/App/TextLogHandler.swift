import Domain
import Foundation
import Logging
import ProviderAPI

/// The text log format: swift-log's `StreamLogHandler` line (`time level label : key=value [source]
/// message`), with control and bidi characters in the message and the metadata shown escaped.
///
/// `StreamLogHandler` writes them raw, so a push whose `number_id` is `"A\nFAKE LOG"` wrote a
/// forged line, and a provider message with `ESC[31m` recoloured the terminal that tails the log.
/// Line breaks are escaped too: one event is one line, whatever it carries.
package typealias TextLogHandler = LineLogHandler<TextLines>

package enum TextLines: LogLineFormat {
    /// One log line, newline included; metadata keys sorted, as `StreamLogHandler` writes them.
    package static func line(time: Date, level: Logger.Level, label: String, source: String, message: String,
                            metadata: Logger.Metadata) -> String {
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\(escapingControls($0.key))=\(value("\($0.value)"))" }
        let fields = pairs.isEmpty ? "" : " " + pairs.joined(separator: " ")
        return "\(time.formatted(timeStyle)) \(level) \(escapingControls(label)) :\(fields) [\(escapingControls(source))] "
            + escapingControls(message) + "\n"
    }

    /// A metadata value as written: quoted (with `"` and `\` escaped) when it holds a space or
    /// `=`, so a push's `number_id` of `x result=recorded` cannot read as two fields.
    static func value(_ text: String) -> String {
        guard text.contains(where: { $0 == " " || $0 == "=" }) else { return escapingControls(text) }
        return "\"" + escapingControls(text, quotes: true) + "\""
    }

    private static let timeStyle = Date.ISO8601FormatStyle(timeZone: .current)
}
