import Foundation
import Logging
import Synchronization

/// How one event is written as one line (newline included): the text and the JSON log formats.
package protocol LogLineFormat: Sendable {
    static func line(time: Date, level: Logger.Level, label: String, source: String, message: String,
                     metadata: Logger.Metadata) -> String
}

/// A log handler that writes each event as one line in `Format`. It writes what it is given and
/// adds nothing.
package struct LineLogHandler<Format: LogLineFormat>: LogHandler {
    package var logLevel: Logger.Level = .info
    package var metadata: Logger.Metadata = [:]
    package var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let now: @Sendable () -> Date
    private let write: @Sendable (String) -> Void

    /// `write` receives each line with its newline; `now` is the clock of its time.
    package init(label: String, metadataProvider: Logger.MetadataProvider? = nil,
                now: @escaping @Sendable () -> Date = { Date() }, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.now = now
        self.write = write
    }

    /// Lines go to stderr whole: one `write` each, under a lock, so two tasks' lines never interleave.
    package static func standardError(label: String, metadataProvider: Logger.MetadataProvider? = nil) -> Self {
        Self(label: label, metadataProvider: metadataProvider) { line in
            standardErrorLock.withLock { _ in FileHandle.standardError.write(Data(line.utf8)) }
        }
    }

    package subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    package func log(event: LogEvent) {
        // Precedence as StreamLogHandler's: the handler's, then the provider's, then the call's.
        var merged = metadata
        if let provided = metadataProvider?.get() { merged.merge(provided) { _, new in new } }
        if let explicit = event.metadata { merged.merge(explicit) { _, new in new } }
        if let error = event.error { merged["error"] = .string("\(error)") }
        write(Format.line(time: now(), level: event.level, label: label, source: event.source,
                          message: event.message.description, metadata: merged))
    }
}

private let standardErrorLock = Mutex(())
