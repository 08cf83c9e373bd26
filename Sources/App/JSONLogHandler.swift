import Foundation
import Logging
import Synchronization

/// How `serve`, `demo` and the CLI write their logs (on stderr): swift-log's text lines, or JSON.
public enum LogFormat: String, CaseIterable, Sendable {
    case text, json

    /// Boots swift-log once for the process: every logger writes to stderr at `level` or above.
    public func bootstrap(level: Logger.Level) {
        LoggingSystem.bootstrap { label in
            switch self {
            case .text:
                var handler = StreamLogHandler.standardError(label: label)
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

/// One JSON object per line: `time` (RFC 3339, UTC, milliseconds), `level`, `label`, `message`,
/// and `metadata` (an object, left out when empty; an error logged with the event is its `error`).
///
/// Written here because swift-log ships only a text handler (`StreamLogHandler`), and a JSON line
/// is a few dozen lines of escaping: not worth another dependency. It writes what it is given and
/// adds nothing, so it can no more leak a secret than the text format: numwatch never logs the
/// token, a webhook's secret or its URL's path and query, nor the callback secret.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let now: @Sendable () -> Date
    private let write: @Sendable (String) -> Void

    /// `write` receives each line with its newline; `now` is the clock of `time`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.write = write
    }

    /// Lines go to stderr whole: one `write` each, under a lock, so two tasks' lines never interleave.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> JSONLogHandler {
        JSONLogHandler(label: label, metadataProvider: metadataProvider) { line in
            standardErrorLock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        // Precedence as StreamLogHandler's: the handler's, then the provider's, then the call's.
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        write(Self.line(time: now(), level: event.level, label: label, message: event.message.description, metadata: merged))
    }

    /// One log line, newline included. Keys are in a fixed order, metadata keys sorted.
    package static func line(time: Date, level: Logger.Level, label: String, message: String, metadata: Logger.Metadata) -> String {
        var out = "{\"time\":\(quoted(time.formatted(timeStyle))),\"level\":\(quoted(level.rawValue))"
        out += ",\"label\":\(quoted(label)),\"message\":\(quoted(message))"
        if !metadata.isEmpty { out += ",\"metadata\":\(json(.dictionary(metadata)))" }
        return out + "}\n"
    }

    private static let timeStyle = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    private static func json(_ value: Logger.MetadataValue) -> String {
        switch value {
        case let .string(text): quoted(text)
        case let .stringConvertible(value): quoted(value.description)
        case let .array(values): "[" + values.map(json).joined(separator: ",") + "]"
        case let .dictionary(entries):
            "{" + entries.sorted { $0.key < $1.key }.map { quoted($0.key) + ":" + json($0.value) }.joined(separator: ",") + "}"
        }
    }

    /// A JSON string: quotes and backslashes escaped, every control character (and U+2028/U+2029,
    /// which some JavaScript readers take as line ends) as an escape, so a line is always one line.
    package static func quoted(_ text: String) -> String {
        var out = "\""
        out.reserveCapacity(text.utf8.count + 2)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || scalar.value == 0x2028 || scalar.value == 0x2029:
                let hex = String(scalar.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default:
                out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

private let standardErrorLock = Mutex(())
