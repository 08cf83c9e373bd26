import App
import Dispatch
import Foundation
import GRDB
import Store
import Synchronization
import Testing

/// `backupDatabase` (what `numwatch backup` runs) against a database that keeps being written.
@Suite struct BackupTests {
    private func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-backup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    /// Round `i`: credit 1,000,000 − i, and 200 countries whose stock moves every round.
    private func round(_ i: Int) -> SampleRound {
        let rows = (0..<200).map { ObservedRow(country: "c\($0)", name: "country \($0)", price: 1_000 + $0, stock: i + $0) }
        return SampleRound(watches: [WatchSample(platform: "telegram", time: 1_000 + Int64(i) * 60, rows: rows)],
                           credit: CreditSample(time: 1_000 + Int64(i) * 60, credit: 1_000_000 - i))
    }

    @Test func aBackupWhileRoundsAreWrittenIsWholeAndHoldsEveryRoundCommittedBefore() async throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("numwatch.sqlite").path
        let destination = directory.appendingPathComponent("copy.sqlite").path
        let store = try HistoryStore.open(path: source)
        for i in 0..<30 { try await store.ingest(round(i)) }

        // The writer signals each commit; the backup's first step waits for two of them, so rounds
        // are certainly written while the copy is under way (no sleeps, no timing luck).
        let committed = Mutex(30)
        let commits = DispatchSemaphore(value: 0)
        let writer = Task {
            var i = 30
            while !Task.isCancelled {
                try await store.ingest(round(i))
                i += 1
                committed.withLock { $0 = i }
                commits.signal()
            }
        }
        let before = committed.withLock { $0 }
        let steps = Mutex<[BackupProgress]>([])
        let during = Mutex<Int?>(nil)
        let result = try await backupDatabase(from: source, to: destination, pagesPerStep: 8) { progress in
            let first = steps.withLock { $0.append(progress); return $0.count == 1 }
            if first {
                for _ in 0..<2 { _ = commits.wait(timeout: .now() + 30) }
                during.withLock { $0 = committed.withLock { $0 } }
            }
        }
        writer.cancel()
        _ = await writer.result

        let progress = steps.withLock { $0 }
        #expect(progress.count > 2)
        #expect(progress.last?.copiedPages == progress.last?.totalPages)
        #expect(try #require(during.withLock { $0 }) >= before + 2)
        #expect(result.pages == progress.last?.totalPages)
        #expect(result.bytes == (try FileManager.default.attributesOfItem(atPath: destination)[.size] as? Int64))

        let check = try DatabaseQueue(path: destination, configuration: { var c = Configuration(); c.readonly = true; return c }())
        #expect(try await check.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") } == ["ok"])
        try check.close()
        let copy = try HistoryStore.open(path: destination)
        let credits = Set(try await copy.creditHistory(since: 0).map(\.credit))
        #expect(Set((0..<before).map { 1_000_000 - $0 }).isSubset(of: credits))
        #expect(await copy.snapshot()[.main].pairs["telegram"]?.count == 200)
        // Nothing but the copy was left beside it.
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.contains(".partial-") })
    }

    @Test func anExistingFileIsKeptUnlessReplacingAndAFailedBackupLeavesNothing() async throws {
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let source = directory.appendingPathComponent("numwatch.sqlite").path
        let store = try HistoryStore.open(path: source)
        try await store.ingest(round(0))
        let destination = directory.appendingPathComponent("copy.sqlite").path
        try Data("precious".utf8).write(to: URL(fileURLWithPath: destination))

        await #expect(throws: BackupError.self) { try await backupDatabase(from: source, to: destination) }
        #expect(try String(contentsOfFile: destination, encoding: .utf8) == "precious")
        await #expect(throws: BackupError.self) { try await backupDatabase(from: source, to: source, replace: true) }

        _ = try await backupDatabase(from: source, to: destination, replace: true)
        let copy = try HistoryStore.open(path: destination)
        #expect(try await copy.creditHistory(since: 0).map(\.credit) == [1_000_000])

        let missing = directory.appendingPathComponent("none.sqlite").path
        let nowhere = directory.appendingPathComponent("nowhere.sqlite").path
        await #expect(throws: BackupError.self) { try await backupDatabase(from: missing, to: nowhere) }
        #expect(!FileManager.default.fileExists(atPath: missing) && !FileManager.default.fileExists(atPath: nowhere))
        let unwritable = directory.appendingPathComponent("no-such-directory/copy.sqlite").path
        await #expect(throws: (any Error).self) { try await backupDatabase(from: source, to: unwritable) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.contains(".partial-") })
    }

    @Test func theCommandPrintsSizeAndTimeAndRefusesToOverwrite() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try HistoryStore.open(path: directory.appendingPathComponent("numwatch.sqlite").path)
        try await store.ingest(round(0))
        let config = directory.appendingPathComponent("numwatch.yml")
        try """
            provider:
              base_url: http://127.0.0.1:8081/
            storage:
              path: numwatch.sqlite
            watches:
              - services: [telegram]
            """.write(to: config, atomically: true, encoding: .utf8)
        let copy = directory.appendingPathComponent("copy.sqlite").path
        let first = try await CLIProcess.run(["backup", "--config", config.path, copy])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout.wholeMatch(of: /backed up .*numwatch\.sqlite to .*copy\.sqlite: [0-9.]+ (KB|MB) in [0-9.]+ s\n/) != nil, "\(first.stdout)")
        let again = try await CLIProcess.run(["backup", "--config", config.path, copy])
        #expect(again.status == 2)
        #expect(again.stderr == "numwatch: \(copy) already exists (pass --force to replace it)\n")
        let forced = try await CLIProcess.run(["backup", "--config", config.path, "--force", copy])
        #expect(forced.status == 0, "\(forced.stderr)")
    }
}
