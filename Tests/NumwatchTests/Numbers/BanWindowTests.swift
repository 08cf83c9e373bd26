import App
import Domain
import Foundation
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing

/// The ban's "in a day" read both ways: a take is refused when the Tehran day or the last 24
/// hours already holds the limit with none activated, and the refusal says which and until when.
@Suite struct BanWindowTests {
    static func options(banDay: BanDayReading) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.smsProbability = 0
        options.banDay = banDay
        options.dailyTakeBan = 3
        return options
    }

    /// The issue's case, scaled down: the limit at 23:50 in Tehran, more at 00:10. Under the
    /// rolling reading the simulator would ban the account for it; numwatch refuses first.
    @Test func takesEitherSideOfTehranMidnightCountInTheLast24Hours() async throws {
        try await SimulatorHarness.run(options: Self.options(banDay: .rolling)) { sim in
            let first = Timestamp(parsing: "2026-03-01T20:20:00Z")!  // 23:50 in Tehran (+03:30)
            sim.clock.set(first)
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 3)
            _ = try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia")  // a bundle: two numbers
            _ = try await desk.take(ServiceSet("telegram"), country: "russia")
            sim.clock.advance(seconds: 20 * 60)  // 00:10: a new Tehran day
            let refused = await #expect(throws: TakeLimitReached.self) {
                try await desk.take(ServiceSet("telegram"), country: "russia")
            }
            #expect(refused?.refusal.full == [.init(window: .last24Hours, taken: 3, activated: 0)])
            #expect(refused?.allowedAgain == Timestamp(parsing: "2026-03-02T20:25:00Z"))  // 24 h and the 5-minute margin
            #expect(refused?.description.hasPrefix("not taking another number: 3 taken in the last 24 hours, none of them activated;") == true)
            #expect(refused?.description.contains("A take is allowed again at 2026-03-02 20:25:00 UTC (in 23 h 45 min)") == true)
            #expect(sim.observer.recorded.filter { $0.endpoint == .numberTake }.count == 2)
            // A second before the first take leaves the window (with its margin): still refused; at it, allowed.
            sim.clock.set(Timestamp(parsing: "2026-03-02T20:24:59Z")!)
            await #expect(throws: TakeLimitReached.self) { try await desk.take(ServiceSet("telegram"), country: "russia") }
            sim.clock.set(Timestamp(parsing: "2026-03-02T20:25:00Z")!)
            _ = try await desk.take(ServiceSet("telegram"), country: "russia")
            #expect(await sim.engine.isBanned == false)
        }
    }

    /// A day when Tehran's clocks changed (Iran kept summer time until 2022), three takes at its
    /// start, and a fourth tried later: which window refuses it, and until when.
    struct SummerTimeDay: Sendable, CustomTestStringConvertible {
        var date: String
        var hours: Int
        /// The simulator's reading: the one under which the later take would get the account banned.
        var banDay: BanDayReading
        var firstTakes: String
        var laterTry: String
        var full: TakeWindow
        var allowedAgain: String
        var testDescription: String { "\(date), \(hours) hours" }
    }

    static let summerTimeDays = [
        // Clocks back at midnight: 25 hours. The takes have left the last 24 hours, not the day.
        SummerTimeDay(date: "2021-09-21", hours: 25, banDay: .calendar, firstTakes: "2021-09-20T19:40:00Z",  // 00:10 at +04:30
                      laterTry: "2021-09-21T19:50:00Z", full: .tehranDay, allowedAgain: "2021-09-21T20:30:00Z"),
        // Clocks forward at midnight: 23 hours. The calendar alone would allow a take 23 hours
        // after the limit was reached; the last 24 hours do not.
        SummerTimeDay(date: "2021-03-22", hours: 23, banDay: .rolling, firstTakes: "2021-03-21T20:40:00Z",  // 00:10 at +03:30
                      laterTry: "2021-03-22T19:35:00Z", full: .last24Hours, allowedAgain: "2021-03-22T20:45:00Z"),
    ]

    @Test(arguments: summerTimeDays)
    func aSummerTimeChangeMovesTheDayNotTheLast24Hours(_ day: SummerTimeDay) async throws {
        let start = Timestamp(parsing: day.firstTakes)!
        let providerDay = ProviderTime.day(of: start)
        #expect(providerDay.date == day.date)
        #expect(providerDay.end.secondsSince1970 - providerDay.start.secondsSince1970 == Double(day.hours * 3_600))
        try await SimulatorHarness.run(options: Self.options(banDay: day.banDay)) { sim in
            sim.clock.set(start)
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 3)
            for _ in 0..<3 { _ = try await desk.take(ServiceSet("telegram"), country: "russia") }
            sim.clock.set(Timestamp(parsing: day.laterTry)!)
            let refused = await #expect(throws: TakeLimitReached.self) {
                try await desk.take(ServiceSet("telegram"), country: "russia")
            }
            #expect(refused?.refusal.full == [.init(window: day.full, taken: 3, activated: 0)])
            #expect(refused?.allowedAgain == Timestamp(parsing: day.allowedAgain))
            sim.clock.set(Timestamp(parsing: day.allowedAgain)!)
            _ = try await desk.take(ServiceSet("telegram"), country: "russia")
            #expect(await sim.engine.isBanned == false)
        }
    }

    /// Two processes: the one whose clock read a moment later committed its take first. The
    /// other still counts it in the last 24 hours (five concurrent CLI takes once missed it).
    @Test func aTakeStampedAMomentAfterNowStillCountsInTheLast24Hours() async throws {
        let ledger = try Ledger.inMemory()
        let now = Timestamp(parsing: "2026-03-01T06:00:00Z")!
        let day = ProviderTime.day(of: now)
        func request(atMs: Int64) -> Ledger.TakeRequest {
            .init(account: "https://p", platform: "telegram", country: "russia", count: 1, listedPrice: nil, atMs: atMs,
                  providerDay: day.date, tehranDay: day.start.milliseconds..<day.end.milliseconds)
        }
        _ = try await ledger.reserveTake(request(atMs: now.milliseconds + 400), limit: 1, force: false)
        let second = try await ledger.reserveTake(request(atMs: now.milliseconds), limit: 1, force: false)
        guard case let .refused(refusal) = second else { Issue.record("taken: \(second)"); return }
        #expect(refusal.full.map(\.window) == [.tehranDay, .last24Hours])
        #expect(refusal.allowedAgainMs == now.milliseconds + 400 + 86_400_000 + 300_000)
    }

    /// Both windows full: both are named, and the later of their two moments is given.
    @Test func bothWindowsFullNameBothAndTheLaterMoment() async throws {
        let ledger = try Ledger.inMemory()
        let desk = NumberDesk(provider: UnreadableTakeProvider(), ledger: ledger, settings: ProviderSettings(baseURL: "https://p", dailyTakeLimit: 2),
                              clock: ManualWallClock(Timestamp(parsing: "2026-03-01T06:00:00Z")!))
        for _ in 0..<2 { _ = try? await desk.take(ServiceSet("telegram"), country: "russia") }  // unknown outcome: they count
        let refused = await #expect(throws: TakeLimitReached.self) {
            try await desk.take(ServiceSet("telegram"), country: "russia")
        }
        #expect(refused?.refusal.full.map(\.window) == [.tehranDay, .last24Hours])
        #expect(refused?.allowedAgain == Timestamp(parsing: "2026-03-02T06:05:00Z"))  // later than Tehran's midnight (20:30 UTC)
        #expect(refused?.description.contains("2 taken in the provider's day (Tehran) and 2 taken in the last 24 hours") == true)
    }

    /// The provider may look at its last 24 hours at any moment, not only at a take: once an
    /// activated take leaves them, the takes after it are a window with none activated. So the
    /// takes after the newest activation count, whatever came before it.
    @Test func takesAfterTheNewestActivationCountInTheLast24Hours() async throws {
        let ledger = try Ledger.inMemory()
        let start = Timestamp(parsing: "2026-03-01T06:00:00Z")!
        func take(_ id: String, atMinutes minutes: Int64) async throws -> Ledger.Reservation {
            let atMs = start.milliseconds + minutes * 60_000
            let day = ProviderTime.day(of: Timestamp(milliseconds: atMs))
            let request = Ledger.TakeRequest(account: "https://p", platform: "telegram", country: "russia", count: 1,
                                             listedPrice: nil, atMs: atMs, providerDay: day.date,
                                             tehranDay: day.start.milliseconds..<day.end.milliseconds)
            let reservation = try await ledger.reserveTake(request, limit: 3, force: false)
            if case let .reserved(takeID) = reservation {
                try await ledger.recordIssued(takeID: takeID, numbers: [.init(id: id, service: "telegram", phone: "+7 1", chargedPrice: 100, expiresMs: nil)])
            }
            return reservation
        }
        _ = try await take("a", atMinutes: 0)
        let sms = LedgerSMS(numberId: "a", smsId: "s", sender: "telegram", content: "1", receivedMs: start.milliseconds + 60_000, via: .check)
        _ = try await ledger.recordStatus(numberID: "a", expiresMs: nil, sms: [sms], atMs: start.milliseconds + 60_000)
        for (index, minute) in [10, 20, 30].enumerated() { _ = try await take("b\(index)", atMinutes: Int64(minute)) }
        // The day and the 24 hours each hold an activation, but three takes came after it.
        guard case let .refused(refusal) = try await take("c", atMinutes: 40) else { Issue.record("a fourth take was allowed"); return }
        #expect(refusal.full.map(\.window) == [.last24Hours])
        #expect(refusal.full.first?.sinceActivation == 3)
        // It is allowed when the first of the three leaves the 24 hours (and the margin).
        #expect(refusal.allowedAgainMs == start.milliseconds + 10 * 60_000 + 86_400_000 + 300_000)
    }
}
