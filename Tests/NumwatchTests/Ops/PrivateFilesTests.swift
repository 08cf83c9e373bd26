import App
import Foundation
import GRDB
import Store
import Testing

/// The database, its -wal and -shm, backups and the CLI's state directory are their owner's
/// alone (they hold phone numbers and SMS codes), whatever the umask; and a backup never
/// overwrites the live database's own files.
@Suite struct PrivateFilesTests {
    func mode(_ path: String) throws -> Int {
        try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) & 0o777
    }

    func round(_ i: Int) -> SampleRound {
        SampleRound(watches: [WatchSample(platform: "telegram", time: 1_000 + Int64(i) * 60,
                                          rows: [ObservedRow(country: "russia", name: "Russia", price: 100, stock: i)])],
                    credit: CreditSample(time: 1_000 + Int64(i) * 60, credit: 1_000 - i))
    }

    @Test func theDatabaseItsWALAndSHMAndANewDirectoryAreTheOwnersOnly() async throws {
        let directory = try TemporaryDirectory.create("nw-private")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("state/numwatch/numwatch.sqlite").path
        let store = try HistoryStore.open(path: path)
        try await store.ingest(round(0))
        // While open in WAL mode, all three files exist.
        #expect(try mode(path) == 0o600)
        #expect(try mode(path + "-wal") == 0o600)
        #expect(try mode(path + "-shm") == 0o600)
        #expect(try mode(directory.appendingPathComponent("state/numwatch").path) == 0o700)
        #expect(try mode(directory.appendingPathComponent("state").path) == 0o700)
    }

    @Test func aDatabaseLeftReadableByAnEarlierVersionIsTightened() async throws {
        let directory = try TemporaryDirectory.create("nw-private")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        try DatabaseQueue(path: path).close()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        _ = try HistoryStore.open(path: path)
        #expect(try mode(path) == 0o600)
    }

    /// With umask 000 the CLI's state directory is still 0700 and its ledger 0600; a backup is 0600.
    @Test func underAnOpenUmaskTheCLIStateDirectoryAndABackupArePrivate() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-private")
        defer { TemporaryDirectory.remove(directory) }
        let state = directory.appendingPathComponent("xdg-state")
        // An older version made the state directory world-readable.
        try FileManager.default.createDirectory(at: state.appendingPathComponent("numwatch"), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o755])
        let listing = try await CLIProcess.run(["numbers"], environment: ["XDG_STATE_HOME": state.path], umask: "000")
        #expect(listing.status == 0, "\(listing.stderr)")
        let database = state.appendingPathComponent("numwatch/numwatch.sqlite").path
        #expect(try mode(state.appendingPathComponent("numwatch").path) == 0o700)
        #expect(try mode(database) == 0o600)
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let backup = try await CLIProcess.run(["backup", "--database", database, copy], umask: "000")
        #expect(backup.status == 0, "\(backup.stderr)")
        #expect(try mode(copy) == 0o600)
    }

    /// `backup --force DB-wal` used to replace the live WAL (the next integrity_check failed with
    /// a disk I/O error). Each live file is refused by name, through a symlinked directory, by a
    /// symlink and by a hard link, and the database stays whole.
    @Test func aBackupRefusesTheLiveWALSHMAndJournalAndLinksToThem() async throws {
        let directory = try TemporaryDirectory.create("nw-private")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let store = try HistoryStore.open(path: path)
        try await store.ingest(round(0))
        let elsewhere = try TemporaryDirectory.create("nw-private-links")
        defer { TemporaryDirectory.remove(elsewhere) }
        try FileManager.default.createSymbolicLink(atPath: elsewhere.appendingPathComponent("to-wal").path, withDestinationPath: path + "-wal")
        try FileManager.default.createSymbolicLink(atPath: elsewhere.appendingPathComponent("to-journal").path,
                                                   withDestinationPath: path + "-journal")
        try FileManager.default.createSymbolicLink(atPath: elsewhere.appendingPathComponent("dir").path, withDestinationPath: directory.path)
        try FileManager.default.linkItem(atPath: path + "-shm", toPath: elsewhere.appendingPathComponent("hard-shm").path)
        let refused: [(String, String)] = [
            (path + "-wal", "-wal"), (path + "-shm", "-shm"), (path + "-journal", "-journal"),
            (elsewhere.appendingPathComponent("to-wal").path, "-wal"),
            (elsewhere.appendingPathComponent("to-journal").path, "-journal"),
            (elsewhere.appendingPathComponent("dir/numwatch.sqlite-wal").path, "-wal"),
            (elsewhere.appendingPathComponent("hard-shm").path, "-shm"),
        ]
        for (destination, suffix) in refused {
            await #expect(throws: BackupError.self, "\(destination)") {
                do {
                    _ = try await backupDatabase(from: path, to: destination, replace: true)
                } catch let error as BackupError {
                    #expect(error.description == "\(destination) is the live database's \(suffix) file: replacing it would corrupt"
                        + " the database; back it up to another file")
                    throw error
                }
            }
        }
        await #expect(throws: BackupError.self) {
            _ = try await backupDatabase(from: path, to: elsewhere.appendingPathComponent("dir/numwatch.sqlite").path, replace: true)
        }
        try await store.ingest(round(1))
        let check = try await store.writer.read { try String.fetchOne($0, sql: "PRAGMA integrity_check") }
        #expect(check == "ok")
    }

    @Test func theBackupCommandRefusesTheWALWithExitTwo() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-private")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let store = try HistoryStore.open(path: path)
        try await store.ingest(round(0))
        let result = try await CLIProcess.run(["backup", "--database", path, "--force", path + "-wal"])
        #expect(result.status == 2)
        #expect(result.stderr == "numwatch: \(path)-wal is the live database's -wal file: replacing it would corrupt the database;"
            + " back it up to another file\n")
        try await store.ingest(round(1))
    }
}
