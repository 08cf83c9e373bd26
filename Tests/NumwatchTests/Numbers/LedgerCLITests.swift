import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

/// `numwatch number take` and `numwatch numbers` as separate processes sharing one database.
@Suite struct LedgerCLITests {
    func workspace() throws -> URL {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-ledger-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory
    }

    func config(_ directory: URL, baseURL: String, limit: Int) throws -> URL {
        let file = directory.appendingPathComponent("numwatch.yml")
        try """
            provider:
              base_url: \(baseURL)
              daily_take_limit: \(limit)
            storage:
              path: numwatch.sqlite
            watches:
              - services: [telegram]
            """.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Five takes at once against a limit of 3: exactly 3 go to the provider, 2 are refused, and
    /// every one is accounted for (no lost update between processes).
    @Test func concurrentCLITakesAreAllCountedAndTheLimitHolds() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try workspace()
        defer { try? FileManager.default.removeItem(at: directory) }
        var options = SimulatorOptions()
        options.smsProbability = 0
        try await SimulatorHarness.run(options: options) { sim in
            let file = try config(directory, baseURL: sim.baseURL, limit: 3)
            let results = try await withThrowingTaskGroup(of: CLIProcess.Result.self) { group in
                for _ in 0..<5 {
                    group.addTask {
                        try await CLIProcess.run(["number", "take", "--config", file.path, "--country", "russia", "telegram"],
                                                 environment: ["NUMWATCH_TOKEN": sim.token])
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            let taken = results.filter { $0.status == 0 }
            let refused = results.filter { $0.status == 1 }
            #expect(taken.count == 3, "\(results.map(\.stderr))")
            #expect(refused.count == 2)
            #expect(refused.allSatisfy { $0.stderr.contains("not taking another number: 3 taken in the provider's day (Tehran) and 3 taken in the last 24 hours, none of them activated") }, "\(refused.map(\.stderr))")
            #expect(taken.allSatisfy { $0.stdout.contains("NUMBER ID") && $0.stdout.contains("EXPIRES") })
            let ledger = try Ledger.open(path: directory.appendingPathComponent("numwatch.sqlite").path)
            let day = try await ledger.today(account: providerAccountKey(baseURL: sim.baseURL), providerDay: ProviderTime.day(of: SystemWallClock().now()).date)
            #expect(day == .init(taken: 3, activated: 0))
            // The listing shows them, and the table's columns line up.
            let listing = try await CLIProcess.run(["numbers", "--config", file.path])
            #expect(listing.status == 0)
            let lines = listing.stdout.split(separator: "\n").map(String.init)
            #expect(lines.first?.hasPrefix("TAKEN") == true)
            // The simulator's clock is months behind the CLI's: its numbers have long expired.
            #expect(lines.filter { $0.contains("russia") && $0.contains("expired") }.count == 3)
            #expect(listing.stdout.contains("3 taken, 0 activated"))
        }
    }

    @Test func timesForPeopleReadLikeAClock() {
        let now = Timestamp(parsing: "2026-11-29T10:00:00Z")!
        let human = HumanTime(now: now)
        #expect(human.format(Timestamp(parsing: "2026-11-29T10:19:10.123456Z")!) == "10:19:10 UTC (in 19 min)")
        #expect(human.format(Timestamp(parsing: "2026-11-29T07:54:00Z")!) == "07:54:00 UTC (2 h 6 min ago)")
        #expect(human.format(Timestamp(parsing: "2026-11-30T10:00:00Z")!) == "2026-11-30 10:00:00 UTC (in 1 d 0 h)")
    }
}
