import Foundation
import Logging
import ProviderAPI
import Synchronization

/// How `serve`, `demo` and the CLI write their logs (on stderr): swift-log's text lines, or JSON.
package enum LogFormat: String, CaseIterable, Sendable {
    case text, json

    /// Boots swift-log once for the process: every logger writes to stderr at `level` or above.
    /// Later calls do nothing (swift-log traps on a second bootstrap), so commands run one after
    /// another in one process, as the CLI fuzzer runs them, keep the first call's choice.
    package func bootstrap(level: Logger.Level) {
        guard LogFormat.booted.exchange(true, ordering: .relaxed) == false else { return }
        LoggingSystem.bootstrap { label in
            switch self {
            case .text:
                var handler = TextLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            case .json:
                var handler = JSONLogHandler.standardError(label: label)
                handler.logLevel = level
                return handler
            }
        }
    }
}

extension LogFormat {
    fileprivate static let booted = Atomic<Bool>(false)
}

/// One JSON object per line: `time` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`,
/// and `metadata` (an object, left out when empty; an error logged with the event is its `error`).
///
/// Written here because swift-log ships only a text handler (`StreamLogHandler`), and a JSON line
/// is a few dozen lines of escaping: not worth another dependency. It writes what it is given and
/// adds nothing, so it can no more leak a secret than the text format: numwatch never logs the
/// token, a webhook's secret or its URL's path and query, nor the callback secret.
package typealias JSONLogHandler = LineLogHandler<JSONLines>

package enum JSONLines: LogLineFormat {
    /// One log line, newline included. Keys are in a fixed order, metadata keys sorted.
    package static func line(time: Date, level: Logger.Level, label: String, source: String, message: String,
                            metadata: Logger.Metadata) -> String {
        var out = "{\"time\":\(jsonQuoted(time.formatted(timeStyle))),\"level\":\(jsonQuoted(level.rawValue))"
        out += ",\"label\":\(jsonQuoted(label)),\"message\":\(jsonQuoted(message))"
        if !metadata.isEmpty { out += ",\"metadata\":\(json(.dictionary(metadata)))" }
        return out + "}\n"
    }

    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case let .string(text): jsonQuoted(text)
        case let .stringConvertible(value): jsonQuoted(value.description)
        case let .array(values): "[" + values.map(json).joined(separator: ",") + "]"
        case let .dictionary(entries):
            "{" + entries.sorted { $0.key < $1.key }.map { jsonQuoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }
}

extension LineLogHandler where Format == JSONLines {
    /// The JSON line of an event (the source is not written).
    package static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        JSONLines.line(time: time, level: level, label: label, source: "", message: message, metadata: metadata)
    }
}

