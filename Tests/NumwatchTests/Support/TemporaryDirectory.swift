import Foundation

/// A fresh, empty directory under the system's temporary directory, for a test's config and
/// database. Pair with `defer { TemporaryDirectory.remove(directory) }`.
enum TemporaryDirectory {
    static func create(_ prefix: String) throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    static func remove(_ directory: URL) {
        try? FileManager.default.removeItem(at: directory)
    }
}
