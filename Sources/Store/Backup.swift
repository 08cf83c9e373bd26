import Foundation
import GRDB
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// How far a backup has come, in database pages.
package struct BackupProgress: Sendable, Equatable {
    package var copiedPages: Int
    package var totalPages: Int
}

/// What a finished backup wrote.
package struct BackupResult: Sendable {
    /// Size of the copy on disk.
    package var bytes: Int64
    package var pages: Int
    package var duration: Duration
}

package enum BackupError: Error, CustomStringConvertible, Sendable {
    case noDatabase(String)
    case destinationExists(String)
    case sameFile(String)
    /// The destination is (or links to) the live database's `-wal`, `-shm` or `-journal`.
    case liveFile(String, suffix: String)
    case cannotPlace(String, String)

    package var description: String {
        switch self {
        case let .noDatabase(path): "no database at \(path) (has numwatch serve run?)"
        case let .destinationExists(path): "\(path) already exists (pass --force to replace it)"
        case let .sameFile(path): "\(path) is the database itself: back it up to another file"
        case let .liveFile(path, suffix):
            "\(path) is the live database's \(suffix) file: replacing it would corrupt the database; back it up to another file"
        case let .cannotPlace(path, reason): "cannot write \(path): \(reason)"
        }
    }
}

/// Copies the SQLite database at `source` into a new file at `destination` with SQLite's online
/// backup, while `serve` (or anything else) keeps writing to it.
///
/// The copy is read inside one read transaction of a read-only connection, so it is the database
/// as of one commit (WAL mode lets writers carry on meanwhile, and a write never restarts the copy).
/// It is written to a hidden file beside `destination` and moved into place only when complete:
/// a failed or interrupted backup leaves no file at `destination`. An existing `destination` is
/// refused unless `replace`; the check and the move are one step (a hard link), so two backups
/// racing for one name cannot overwrite each other.
///
/// `progress` is called after every `pagesPerStep` pages copied (on a database queue, not an actor).
package func backupDatabase(
    from source: String, to destination: String, replace: Bool = false, pagesPerStep: Int32 = 4096,
    progress: (@Sendable (BackupProgress) -> Void)? = nil
) async throws -> BackupResult {
    let start = ContinuousClock.now
    guard FileManager.default.fileExists(atPath: source) else { throw BackupError.noDatabase(source) }
    let sourceURL = URL(fileURLWithPath: source).standardizedFileURL.resolvingSymlinksInPath()
    let destinationURL = URL(fileURLWithPath: destination).standardizedFileURL
    switch liveFileSuffix(of: sourceURL.path, at: destinationURL.path) {
    case nil: break
    case ""?: throw BackupError.sameFile(destination)
    case let suffix?: throw BackupError.liveFile(destination, suffix: suffix)
    }
    if !replace, FileManager.default.fileExists(atPath: destinationURL.path) { throw BackupError.destinationExists(destination) }
    let directory = destinationURL.deletingLastPathComponent()
    let temporary = directory.appendingPathComponent(".\(destinationURL.lastPathComponent).partial-\(UUID().uuidString.prefix(8))").path
    let leftovers = [temporary, temporary + "-journal", temporary + "-wal", temporary + "-shm"]

    var configuration = Configuration()
    configuration.readonly = true  // never migrates or writes the live database
    configuration.busyMode = .timeout(5)
    let reader = try DatabasePool(path: sourceURL.path, configuration: configuration)
    defer { try? reader.close() }
    let pages: Int
    do {
        // 0600 before SQLite opens it: the copy holds what the database holds.
        try PrivateFiles.createFile(temporary)
        let copy = try DatabaseQueue(path: temporary)
        pages = try await copy.writeWithoutTransaction { copyDB in
            try reader.read { sourceDB in
                var total = 0
                try sourceDB.backup(to: copyDB, pagesPerStep: pagesPerStep) { step in
                    total = step.totalPageCount
                    progress?(BackupProgress(copiedPages: step.completedPageCount, totalPages: step.totalPageCount))
                }
                return total
            }
        }
        try copy.close()
        try place(temporary, at: destinationURL.path, replace: replace)
    } catch {
        for path in leftovers { try? FileManager.default.removeItem(atPath: path) }
        throw error
    }
    for path in leftovers.dropFirst() { try? FileManager.default.removeItem(atPath: path) }
    syncDirectory(directory.path)
    let bytes = (try? FileManager.default.attributesOfItem(atPath: destinationURL.path)[.size] as? Int64) ?? 0
    return BackupResult(bytes: bytes, pages: pages, duration: ContinuousClock.now - start)
}

/// Which of the live database's files `destination` is, by name or by link: `""` for the
/// database itself, `-wal`, `-shm` or `-journal`; nil for none. By name also when the file does
/// not exist yet (a WAL comes and goes), and through a symlinked directory.
func liveFileSuffix(of database: String, at destination: String) -> String? {
    let suffixes = ["", "-wal", "-shm", "-journal"]
    if let suffix = suffixes.first(where: { database + $0 == canonicalPath(destination) }) { return suffix }
    // Another name for the same file: a hard link, or a symlink chain.
    guard let target = fileIdentity(destination) else { return nil }
    return suffixes.first { fileIdentity(database + $0) == target }
}

/// `path` with its directory's symlinks resolved and its own symlinks followed, also to a file
/// that does not exist (`resolvingSymlinksInPath` stops at a dangling link).
private func canonicalPath(_ path: String, hops: Int = 0) -> String {
    let url = URL(fileURLWithPath: path).standardizedFileURL
    let directory = url.deletingLastPathComponent().resolvingSymlinksInPath()
    let joined = directory.appendingPathComponent(url.lastPathComponent).path
    guard hops < 16, let target = try? FileManager.default.destinationOfSymbolicLink(atPath: joined) else { return joined }
    return canonicalPath(target.hasPrefix("/") ? target : directory.appendingPathComponent(target).path, hops: hops + 1)
}

private func fileIdentity(_ path: String) -> [UInt64]? {
    var info = stat()
    guard stat(path, &info) == 0 else { return nil }
    return [UInt64(info.st_dev), UInt64(info.st_ino)]
}

/// Moves the finished copy to its name: `rename` when replacing, else `link` then `unlink`, which
/// fails rather than replace a file that appeared since the first check.
private func place(_ temporary: String, at destination: String, replace: Bool) throws {
    if replace {
        guard rename(temporary, destination) == 0 else { throw BackupError.cannotPlace(destination, String(cString: strerror(errno))) }
        return
    }
    guard link(temporary, destination) == 0 else {
        if errno == EEXIST { throw BackupError.destinationExists(destination) }
        throw BackupError.cannotPlace(destination, String(cString: strerror(errno)))
    }
    unlink(temporary)
}

/// Makes the new name durable (a crash right after the backup must not lose the file's entry).
private func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
}
