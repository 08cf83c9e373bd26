import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The database holds phone numbers and SMS codes: it, its `-wal` and `-shm`, its backups and the
/// directories numwatch makes for them are its owner's alone, whatever the umask.
///
/// SQLite creates `-wal`, `-shm` and `-journal` with the mode of the database file (and sets it
/// even where the umask would take bits away), so a database file made `0600` keeps them `0600`.
package enum PrivateFiles {
    package static let fileMode: mode_t = 0o600
    package static let directoryMode: mode_t = 0o700

    /// Creates the database file at `path` (`0600`) if there is none, and takes group and other
    /// access away from it and from a `-wal` or `-shm` left by an earlier version.
    package static func prepareDatabase(at path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if !directory.isEmpty { try createDirectories(directory) }
        try createFile(path)
        for suffix in ["-wal", "-shm", "-journal"] where FileManager.default.fileExists(atPath: path + suffix) {
            restrict(path + suffix)
        }
    }

    /// Creates the file `0600` if it does not exist; an existing one (of this user) is made `0600`.
    package static func createFile(_ path: String) throws {
        let descriptor = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, fileMode)
        guard descriptor >= 0 else { throw PrivateFileError(path: path, reason: String(cString: strerror(errno))) }
        defer { close(descriptor) }
        // Exactly 0600: the umask may have taken bits from the mode given to open.
        _ = fchmod(descriptor, fileMode)
    }

    /// Creates `path` and any missing parents `0700`; parents that exist are left as they are.
    package static func createDirectories(_ path: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw PrivateFileError(path: path, reason: "not a directory") }
            return
        }
        let parent = URL(fileURLWithPath: path).deletingLastPathComponent().path
        if parent != path, !parent.isEmpty { try createDirectories(parent) }
        guard mkdir(path, directoryMode) == 0 || errno == EEXIST else {
            throw PrivateFileError(path: path, reason: String(cString: strerror(errno)))
        }
        _ = chmod(path, directoryMode)
    }

    /// A directory that is numwatch's own (the CLI's state directory): created, or tightened, to `0700`.
    package static func ownDirectory(_ path: String) throws {
        try createDirectories(path)
        _ = chmod(path, directoryMode)
    }

    /// Group and other access removed, where this user may change the mode (else left alone).
    static func restrict(_ path: String) {
        _ = chmod(path, fileMode)
    }
}

package struct PrivateFileError: Error, CustomStringConvertible, Sendable {
    package let path: String
    package let reason: String
    package var description: String { "cannot create \(path): \(reason)" }
}
