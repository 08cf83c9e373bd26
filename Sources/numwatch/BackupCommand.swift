import App
import ArgumentParser
import Config
import Domain
import Foundation
import ProviderAPI
import Store
import Synchronization

struct BackupCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "backup",
        abstract: "Copy the database to a new file while serve keeps running (SQLite's online backup).",
        discussion: "The copy is the database as of one moment, written beside PATH and renamed into place when "
            + "complete, so a failed backup leaves nothing at PATH. Restore by stopping serve and putting the copy at storage.path.")
    @Option(help: "Configuration file (its storage.path is the database copied).") var config = "numwatch.yml"
    @Option(help: "Copy this database instead of the configuration's storage.path.") var database: String?
    @Flag(help: "Replace PATH if it exists.") var force = false
    @Argument(help: ArgumentHelp("Where to write the copy.", valueName: "path")) var path: String

    func run() async throws {
        try await CLI.run {
            let source = try database ?? ConfigLoader.load(path: config).storage.path
            let progress = BackupProgressLine()
            let result: BackupResult
            do {
                result = try await backupDatabase(from: source, to: path, replace: force) { progress.show($0) }
            } catch let error as BackupError {
                switch error {
                case .destinationExists, .sameFile, .liveFile: throw UsageError(error.description)
                case .noDatabase, .cannotPlace: throw RuntimeError(error.description)
                }
            }
            let seconds = result.duration.inSeconds
            print("backed up \(source) to \(path): \(byteSize(result.bytes)) in \(String(format: "%.2f", seconds)) s")
        }
    }
}

/// "backup: 40% of 1,234,567 pages" on stderr, every 10 % — only for a database big enough to
/// take several steps; a small one is copied in one and says nothing until done.
private final class BackupProgressLine: Sendable {
    private let lastTenth = Mutex(0)

    func show(_ progress: BackupProgress) {
        guard progress.totalPages > 0, progress.copiedPages < progress.totalPages else { return }
        let tenth = progress.copiedPages * 10 / progress.totalPages
        let due = lastTenth.withLock { last in
            guard tenth > last else { return false }
            last = tenth
            return true
        }
        if due { CLI.printError("backup: \(tenth * 10)% of \(grouped(progress.totalPages)) pages") }
    }
}

func byteSize(_ bytes: Int64) -> String {
    let units = ["bytes", "KB", "MB", "GB", "TB"]
    var value = Double(bytes), unit = 0
    while value >= 1000, unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? "\(bytes) bytes" : "\(String(format: "%.1f", value)) \(units[unit])"
}
