import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

/// "One request every 20 or 30 seconds" without "per number": by default one check per account
/// every poll interval, across processes through the ledger database.
@Suite struct PollScopeTests {
    static func options(pollScope: PollScope) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.smsProbability = 0
        options.pollScope = pollScope
        return options
    }

    /// `number check A B` sent two checks in the same second; now the second waits its turn, in
    /// this process and in another on the same database, and the simulator reading the limit per
    /// account never blocks.
    @Test func aSecondNumberWaitsForTheAccountsTurnAcrossProcesses() async throws {
        let directory = try TemporaryDirectory.create("poll-scope")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        try await SimulatorHarness.run(options: Self.options(pollScope: .account)) { sim in
            let desk = sim.desk(try Ledger.open(path: path), pollInterval: .seconds(30))
            #expect(desk.settings.pollScope == .account)
            let ids = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia").numbers.map(\.numberID)
            let first = sim.clock.now()
            _ = try await desk.check(ids[0])
            sim.clock.advance(seconds: 5)
            let refusal = ProviderError.pollTooSoon(numberID: ids[1], nextAllowed: first.adding(seconds: 31), waitSeconds: 26, scope: .account)
            await #expect(throws: refusal) { try await desk.check(ids[1]) }
            #expect(refusal.description.contains("its document does not say per number, so numwatch spaces the checks of all numbers of the account"))
            // Another process: its own handle on the same database file.
            let other = sim.desk(try Ledger.open(path: path), pollInterval: .seconds(30))
            await #expect(throws: ProviderError.self) { try await other.check(ids[1]) }
            sim.clock.advance(seconds: 26)
            _ = try await other.check(ids[1])
            #expect(sim.observer.recorded.filter { $0.endpoint == .numberCheck }.map(\.code) == ["200", "200"])
            #expect(await sim.engine.isBlocked == false)
        }
    }

    /// `poll_scope: number` restores per-number spacing: two numbers in the same second, but
    /// not one number twice.
    @Test func pollScopeNumberSpacesEachNumberAlone() async throws {
        try await SimulatorHarness.run(options: Self.options(pollScope: .number)) { sim in
            let desk = sim.desk(try Ledger.inMemory(), pollInterval: .seconds(30), pollScope: .number)
            let ids = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia").numbers.map(\.numberID)
            _ = try await desk.check(ids[0])
            _ = try await desk.check(ids[1])
            await #expect(throws: ProviderError.self) { try await desk.check(ids[0]) }
            #expect(await sim.engine.isBlocked == false)
        }
    }

    /// The CLI's `number check A B`: the second check waits, and the person is told why and that
    /// the SMS push needs no polling.
    @Test func theCLISaysWhyItWaitsAndThatThePushNeedsNoPolling() async throws {
        try await SimulatorHarness.run(options: Self.options(pollScope: .account)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, pollInterval: .seconds(30))
            let commands = NumberCommands(desk: desk, ledger: ledger, clock: sim.clock)
            let ids = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia").numbers.map(\.numberID)
            let said = Said()
            let clock = sim.clock
            let failed = await commands.check(ids, say: { said.append($0) }) { until in
                clock.advance(seconds: max(0, until.secondsSince1970 - clock.now().secondsSince1970))
            }
            #expect(failed.isEmpty)
            let lines = said.lines
            try #require(lines.count == 3, "\(lines)")
            #expect(lines[0].hasPrefix("\(ids[0]): telegram in russia"))
            #expect(lines[1].hasPrefix("waiting 31 s before checking \(ids[1]): the provider blocks clients that poll more often than once every 20 or 30 s"))
            #expect(lines[1].contains("The SMS push (callback.public_url with `numwatch serve` running) needs no polling"))
            #expect(lines[2].hasPrefix("\(ids[1]): whatsapp in russia"))
            #expect(await sim.engine.isBlocked == false)
        }
    }

    /// `check --wait` over a bundle spaces its checks a whole interval apart under the account
    /// reading: the simulator counting per account never blocks it.
    @Test func waitingOnABundleKeepsOneCheckPerIntervalForTheAccount() async throws {
        var options = Self.options(pollScope: .account)
        options.smsProbability = 1
        options.smsDelaySeconds = 70...70
        try await SimulatorHarness.run(options: options) { sim in
            let desk = sim.desk(try Ledger.inMemory(), pollInterval: .seconds(30))
            let ids = try await desk.take(ServiceSet(["telegram", "whatsapp", "instagram"]), country: "russia").numbers.map(\.numberID)
            let clock = sim.clock
            let times = TimeLog()
            let waiter = SMSWaiter(desk: desk, clock: clock) { until in
                clock.advance(seconds: max(0, until.secondsSince1970 - clock.now().secondsSince1970))
            }
            try await waiter.wait(for: ids) { event in
                if case .finished = event { times.append(clock.now()) }
            }
            #expect(times.values.count == 3)
            #expect(sim.observer.recorded.filter { $0.endpoint == .numberCheck }.allSatisfy { $0.code == "200" })
            #expect(await sim.engine.isBlocked == false)
        }
    }
}

extension PollScopeTests {
    /// "Every 20 or 30 seconds", read as 30 and per account by the simulator: numwatch's own
    /// defaults (not a test's pick) keep a bundle's checks from ever being blocked.
    @Test func theDefaultsHoldWhenTheProviderMeansThirtySecondsPerAccount() async throws {
        var options = Self.options(pollScope: .account)
        options.pollIntervalSeconds = 30
        options.smsProbability = 1
        options.smsDelaySeconds = 70...70
        try await SimulatorHarness.run(options: options) { sim in
            let desk = NumberDesk(provider: sim.client(), ledger: try Ledger.inMemory(),
                                  settings: ProviderSettings(baseURL: sim.baseURL), clock: sim.clock)
            let ids = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia").numbers.map(\.numberID)
            let clock = sim.clock
            let waiter = SMSWaiter(desk: desk, clock: clock) { until in
                clock.advance(seconds: max(0, until.secondsSince1970 - clock.now().secondsSince1970))
            }
            try await waiter.wait(for: ids) { _ in }
            let checks = sim.observer.recorded.filter { $0.endpoint == .numberCheck }
            #expect(checks.count >= 2)
            #expect(checks.allSatisfy { $0.code == "200" })
            #expect(await sim.engine.isBlocked == false)
        }
    }
}

final class Said: @unchecked Sendable {
    private let lock = NSLock()
    private var said: [String] = []
    func append(_ line: String) { lock.withLock { said.append(line) } }
    var lines: [String] { lock.withLock { said } }
}

final class TimeLog: @unchecked Sendable {
    private let lock = NSLock()
    private var times: [Timestamp] = []
    func append(_ time: Timestamp) { lock.withLock { times.append(time) } }
    var values: [Timestamp] { lock.withLock { times } }
}
