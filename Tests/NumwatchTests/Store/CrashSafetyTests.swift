import App
import Foundation
import GRDB
import Store
import Testing

/// A writer process killed with SIGKILL mid-write loses no committed round and leaves a
/// database that passes `PRAGMA integrity_check`.
@Suite struct CrashSafetyTests {
    /// The helper binary sits beside the test bundle's resources in the build folder.
    static var victim: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("numwatch-bench")
    }

    @Test(arguments: [3, 17, 60])
    func killedMidWriteLosesNoCommittedRound(killAfterCommits: Int) async throws {
        let binary = Self.victim
        try #require(FileManager.default.isExecutableFile(atPath: binary.path), "build it first: swift build --build-tests")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-crash-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }

        var lastCommitted = -1
        for life in 0..<2 {  // kill it, then let a second process continue the same file and kill that too
            let process = Process()
            process.executableURL = binary
            process.arguments = ["ingest-forever", path]
            let pipe = Pipe()
            process.standardOutput = pipe
            try process.run()
            var buffer = ""
            var seen = 0
            reading: while true {
                let data = pipe.fileHandleForReading.availableData
                if data.isEmpty { break }
                buffer += String(decoding: data, as: UTF8.self)
                while let newline = buffer.firstIndex(of: "\n") {
                    let line = buffer[..<newline]
                    buffer = String(buffer[buffer.index(after: newline)...])
                    if line.hasPrefix("committed "), let n = Int(line.dropFirst(10)) {
                        lastCommitted = n
                        seen += 1
                        if seen == killAfterCommits + life * 5 {
                            kill(process.processIdentifier, SIGKILL)
                            break reading
                        }
                    }
                }
            }
            // Lines already written before the kill still count as commits.
            let rest = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            for line in (buffer + rest).split(separator: "\n") where line.hasPrefix("committed ") {
                lastCommitted = max(lastCommitted, Int(line.dropFirst(10)) ?? lastCommitted)
            }
            process.waitUntilExit()
            #expect(process.terminationReason == .uncaughtSignal)

            let queue = try DatabaseQueue(path: path)
            let check = try await queue.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
            #expect(check == ["ok"])
            try queue.close()
            let store = try HistoryStore.open(path: path)
            let value = try await store.value(platform: "bench", country: "c7", at: Int64(lastCommitted) * 60)
            #expect(value?.price == 1_000 + lastCommitted)
            let runs = try await store.sampleRuns(target: "bench", since: 0)
            #expect(runs.reduce(0) { $0 + $1.samples } >= lastCommitted + 1)
        }
    }
}
