import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

/// A number's life through the desk and the ledger, against the simulator on a manual clock.
@Suite struct NumberLifeCycleTests {
    static func options(sms: Double, delay: Double = 30) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.smsProbability = sms
        options.smsDelaySeconds = delay...delay
        return options
    }

    @Test func theSimulatorsCheckAnswerGivesTheSameExpiryAsItsTakeAnswer() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 0)) { sim in
            let client = sim.client()
            let taken = try #require(try await client.takeNumber(ServiceSet("telegram"), country: "russia", callback: nil).first)
            let raw = try await sim.raw(.GET, "api/v1/number/\(taken.numberID)", headers: [("Authorization", "Bearer \(sim.token)")])
            sim.clock.advance(seconds: 20)  // the simulator blocks a faster second check, as the provider does
            let checked = try await client.checkNumber(taken.numberID)
            let a = try #require(taken.expiresAt).microsecondsSince1970 / 1_000_000
            let b = try #require(checked.expiresAt).microsecondsSince1970 / 1_000_000
            #expect(a == b)
            // Taken at 08:00 UTC, it lives 20 minutes; the check answer says so in Tehran's wall
            // time, 3 h 30 min ahead in March, with no zone.
            let zoneless = try #require(raw.body.firstMatch(of: /"expires_at":"([0-9-]+ [0-9:]+)"/)?.1)
            #expect(String(zoneless) == "2026-03-01 11:50:00")
        }
    }

    @Test func takePushActivated() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 1)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let take = try await desk.take(ServiceSet("telegram"), country: "russia")
            let id = take.numbers[0].numberID
            #expect(try await ledger.entries().first?.number?.outcome == .open)
            sim.clock.advance(seconds: 31)
            // What the provider pushes is the check answer: fetched here past the desk, so the
            // push alone tells the ledger.
            let pushed = try await sim.client().checkNumber(id)
            #expect(try await desk.recordPush(pushed) == Ledger.PushResult(outcome: .recorded, newSMS: 1, activatedNow: true))
            let entry = try #require(try await ledger.entries().first?.number)
            #expect(entry.outcome == .activated)
            #expect(entry.sms.map(\.via) == [.push])
            #expect(entry.firstSmsMs.map { ($0 - take.numbers[0].createdAt!.milliseconds) / 1000 } == 30)
            // A later check finds the same SMS: nothing new, still activated once.
            sim.clock.advance(seconds: 21)
            _ = try await desk.check(id)
            #expect(try await ledger.entries().first?.number?.sms.count == 1)
        }
    }

    @Test func aPushAloneActivatesAndANumberNotInTheLedgerIsIgnored() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 1)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let take = try await desk.take(ServiceSet("telegram"), country: "russia")
            sim.clock.advance(seconds: 31)
            let status = try await sim.client().checkNumber(take.numbers[0].numberID)  // not through the desk
            #expect(try await desk.recordPush(status) == Ledger.PushResult(outcome: .recorded, newSMS: 1, activatedNow: true))
            #expect(try await desk.recordPush(status) == Ledger.PushResult(outcome: .nothingNew))
            var stranger = status
            stranger.numberID = "notOurs123"
            #expect(try await desk.recordPush(stranger) == Ledger.PushResult(outcome: .unknownNumber))
            let day = try await ledger.today(account: desk.settings.account, providerDay: ProviderTime.day(of: sim.clock.now()).date)
            #expect(day == .init(taken: 1, activated: 1))
        }
    }

    @Test func takeThenExpiry() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 0)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let id = try await desk.take(ServiceSet("telegram"), country: "russia").numbers[0].numberID
            sim.clock.advance(seconds: 20 * 60 + 1)
            // The check answer's zone-less expiry, read in Tehran, says it is over (read as UTC it
            // would look alive for another 3 h 30 min).
            let status = try await desk.check(id)
            #expect(try #require(status.expiresAt) < sim.clock.now())
            #expect(try await ledger.entries().first?.number?.outcome == .expired)
        }
    }

    @Test func takeThenCancel() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 0)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let id = try await desk.take(ServiceSet("telegram"), country: "romania").numbers[0].numberID
            _ = try await desk.cancel(id)
            let number = try #require(try await ledger.entries().first?.number)
            #expect(number.outcome == .cancelled)
        }
    }

    @Test func takeThen5xxIsUnknownCountsAndIsNotRetried() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 0)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 1)
            await sim.engine.setFaults(Faults(errorRate: 1))
            let error = await #expect(throws: TakeOutcomeUnknown.self) {
                try await desk.take(ServiceSet("telegram"), country: "romania")
            }
            #expect(error?.description.contains("counts it as taken") == true)
            #expect(sim.observer.recorded.filter { $0.endpoint == .numberTake }.count == 1)
            let entry = try #require(try await ledger.entries().first)
            #expect(entry.state == .unknown)
            await sim.engine.setFaults(Faults())
            // It counts: with a limit of 1, the next take is refused.
            await #expect(throws: TakeLimitReached.self) {
                try await desk.take(ServiceSet("telegram"), country: "romania")
            }
        }
    }

    @Test func aRefusalIssuedNothingAndDoesNotCount() async throws {
        try await SimulatorHarness.run(options: Self.options(sms: 0)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 1)
            await #expect(throws: ProviderError.self) { try await desk.take(ServiceSet("telegram"), country: "atlantis") }
            #expect(try await ledger.entries().first?.state == .refused)
            _ = try await desk.take(ServiceSet("telegram"), country: "romania")  // the one allowed take
        }
    }
}

/// The two bans, guarded from the ledger.
@Suite struct AccountGuardTests {
    @Test func aSecondCheckWithin20SecondsIsRefusedLocallyAndSaysWhenItIsAllowed() async throws {
        try await SimulatorHarness.run { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, pollInterval: .seconds(5))  // asking for less than 20 s still gets 20 s
            #expect(desk.checkInterval == .seconds(21))  // and a second of margin
            let id = try await desk.take(ServiceSet("telegram"), country: "romania").numbers[0].numberID
            let first = sim.clock.now()
            _ = try await desk.check(id)
            sim.clock.advance(seconds: 12)
            await #expect(throws: ProviderError.pollTooSoon(numberID: id, nextAllowed: first.adding(seconds: 21), waitSeconds: 9, scope: .account)) {
                try await desk.check(id)
            }
            let refusal = ProviderError.pollTooSoon(numberID: id, nextAllowed: first.adding(seconds: 21), waitSeconds: 9, scope: .account)
            #expect(refusal.description.hasSuffix("next check allowed at 08:00:21 UTC (in 9 s)"))
            #expect(sim.observer.recorded.filter { $0.endpoint == .numberCheck }.count == 1)
            // A second desk on the same ledger (another process) is held to it too.
            await #expect(throws: ProviderError.self) { try await sim.desk(ledger).check(id) }
            sim.clock.advance(seconds: 9)
            _ = try await desk.check(id)
        }
    }

    @Test func oneAccountWhateverTheSpellingOfItsURL() {
        #expect(providerAccountKey(baseURL: "https://H.example") == providerAccountKey(baseURL: "https://h.example/"))
        #expect(providerAccountKey(baseURL: "HTTPS://h.example:443//") == "https://h.example")
        #expect(providerAccountKey(baseURL: "https://h.example/api/") == "https://h.example/api")
        #expect(providerAccountKey(baseURL: "https://h.example") != providerAccountKey(baseURL: "https://other.example"))
    }

    /// 23:59 in Tehran with the limit reached: refused; two minutes later a new provider day,
    /// but the last 24 hours still hold the takes: refused until they leave it.
    @Test func theLimitHoldsPastTehransMidnightUntilTheTakesLeaveTheLast24Hours() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 0
        try await SimulatorHarness.run(options: options) { sim in
            sim.clock.set(Timestamp(parsing: "2026-03-01T20:29:00Z")!)  // 23:59 in Tehran
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 2)
            for _ in 0..<2 { _ = try await desk.take(ServiceSet("telegram"), country: "russia") }
            await #expect(throws: TakeLimitReached.self) {
                try await desk.take(ServiceSet("telegram"), country: "russia")
            }
            #expect(sim.observer.recorded.filter { $0.endpoint == .numberTake }.count == 2)
            // --force takes it all the same, and it counts.
            _ = try await desk.take(ServiceSet("telegram"), country: "russia", force: true)
            sim.clock.advance(seconds: 120)  // 00:01 in Tehran: a new day
            let refused = await #expect(throws: TakeLimitReached.self) {
                try await desk.take(ServiceSet("telegram"), country: "russia")
            }
            #expect(refused?.refusal.full == [.init(window: .last24Hours, taken: 3, activated: 0)])
            let yesterday = try await ledger.today(account: desk.settings.account, providerDay: "2026-03-01")
            #expect(yesterday == .init(taken: 3, activated: 0))
        }
    }

    /// An activation lifts the cap only for the takes before it: yesterday's activation does not
    /// lift today's cap. The last 24 hours still hold it, but a take came after it, and once the
    /// activated number leaves them, the takes after it are a window with none activated.
    @Test func yesterdaysActivationDoesNotLiftTodaysCap() async throws {
        var options = SimulatorOptions()  // the SMS comes, but only a check or a push tells the ledger
        options.smsProbability = 1
        options.smsDelaySeconds = 30...30
        try await SimulatorHarness.run(options: options) { sim in
            sim.clock.set(Timestamp(parsing: "2026-03-01T20:00:00Z")!)  // 23:30 in Tehran
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 1)
            let id = try await desk.take(ServiceSet("telegram"), country: "russia").numbers[0].numberID
            sim.clock.advance(seconds: 40)
            #expect(try await desk.check(id).messages.count == 1)
            _ = try await desk.take(ServiceSet("telegram"), country: "russia")  // after an activation: allowed
            sim.clock.advance(seconds: 3_600)  // the next day in Tehran
            let refused = await #expect(throws: TakeLimitReached.self) {
                try await desk.take(ServiceSet("telegram"), country: "russia")
            }
            #expect(refused?.refusal.full.map(\.window) == [.last24Hours])
            #expect(refused?.refusal.full.first?.sinceActivation == 1)
            // When the take after the activation leaves the 24 hours (and their 5-minute margin).
            #expect(refused?.allowedAgain == Timestamp(parsing: "2026-03-02T20:05:40Z"))
        }
    }
}

/// The ledger's states only move forward, so the taken counter never goes down.
@Suite struct LedgerStateTests {
    @Test func aTakeLeftPendingBecomesUnknownAndALateRefusalDoesNotUncountIt() async throws {
        let ledger = try Ledger.inMemory()
        let request = Ledger.TakeRequest(account: "https://p", platform: "telegram", country: "russia", count: 1,
                                         listedPrice: nil, atMs: 1_000_000, providerDay: "1970-01-01", tehranDay: 0..<86_400_000)
        guard case let .reserved(id) = try await ledger.reserveTake(request, limit: 45, force: false) else { Issue.record(); return }
        #expect(try await ledger.totals().pairs.isEmpty)  // pending: not in the running totals yet
        #expect(try await ledger.today(account: "https://p", providerDay: "1970-01-01").taken == 1)  // but the guard counts it
        try await ledger.settle(nowMs: 1_000_000 + 21 * 60_000)
        #expect(try await ledger.entries().first?.state == .unknown)
        #expect(try await ledger.totals().pairs.first?.taken == 1)
        try await ledger.recordRefused(takeID: id, message: "late")
        #expect(try await ledger.entries().first?.state == .unknown)
        #expect(try await ledger.totals().pairs.first?.taken == 1)
        // A late answer that it was issued is still taken in.
        try await ledger.recordIssued(takeID: id, numbers: [.init(id: "n1", service: "telegram", phone: "+7 1", chargedPrice: 5, expiresMs: nil)])
        #expect(try await ledger.entries().first?.state == .issued)
        #expect(try await ledger.totals().pairs.first?.taken == 1)
    }
}
