import Foundation
import Logging
import ProviderAPI

/// The text log format: swift-log's `StreamLogHandler` line (`time level label : key=value [source]
/// message`), with control and bidi characters in the message and the metadata shown escaped.
///
/// `StreamLogHandler` writes them raw, so a push whose `number_id` is `"A\nFAKE LOG"` wrote a
/// forged line, and a provider message with `ESC[31m` recoloured the terminal that tails the log.
/// Line breaks are escaped too: one event is one line, whatever it carries.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let now: @Sendable () -> Date
    private let write: @Sendable (String) -> Void

    /// `write` receives each line with its newline; `now` is the clock of the time stamp.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.write = write
    }

    /// Lines go to stderr whole, under the same lock as the JSON handler's.
    public static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> TextLogHandler {
        TextLogHandler(label: label, metadataProvider: metadataProvider) { line in
            standardErrorLock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        write(Self.line(time: now(), level: event.level, label: label, source: event.source,
                        message: event.message.description, metadata: merged))
    }

    /// One log line, newline included; metadata keys sorted, as `StreamLogHandler` writes them.
    package static func line(time: Date, level: Logger.Level, label: String, source: String, message: String,
                             metadata: Logger.Metadata) -> String {
        let pairs = metadata.sorted { $0.key < $1.key }.map { "\(escapingControls($0.key))=\(escapingControls("\($0.value)"))" }
        let fields = pairs.isEmpty ? "" : " " + pairs.joined(separator: " ")
        return "\(time.formatted(timeStyle)) \(level) \(escapingControls(label)) :\(fields) [\(escapingControls(source))] "
            + escapingControls(message) + "\n"
    }

    private static let timeStyle = Date.ISO8601FormatStyle(timeZone: .current)
}
