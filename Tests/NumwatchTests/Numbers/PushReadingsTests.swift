import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Numbers
import ProviderAPI
import Simulator
import Store
import Testing
import Web
import App

/// Issue 17, point 8 (its push switches): the simulator pushes in each encoding
/// (`--push-encoding`) and with each `is_received` (`--is-received`), to serve's real callback
/// route over loopback, and the ledger stays right under every reading.
@Suite struct PushReadingsTests {
    static func options(_ encoding: PushEncoding, _ flag: IsReceivedFlag) -> SimulatorOptions {
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 30...30
        options.pushEncoding = encoding
        options.isReceived = flag
        return options
    }

    /// The callback route of a serve whose desk is `desk`.
    static func app(_ desk: NumberDesk, metrics: CallbackMetrics) throws -> some ApplicationProtocol {
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: [metrics]), store: try HistoryStore.inMemory(), watches: [], creditInterval: .seconds(60),
            retention: RetentionPolicy(), alerts: nil)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        CallbackController(secret: PushRig.secret, recorder: desk, metrics: metrics, logger: logger).addRoutes(to: router)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    static func deliver(_ pushes: [CallbackPush], with sim: SimulatorHarness) async {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        await CallbackPusher(http: sim.http, logger: logger).deliver(pushes)
    }

    @Test(arguments: PushEncoding.allCases, IsReceivedFlag.allCases)
    func theLedgerIsRightUnderEveryReading(encoding: PushEncoding, flag: IsReceivedFlag) async throws {
        try await SimulatorHarness.run(options: Self.options(encoding, flag)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let metrics = CallbackMetrics()
            try await Self.app(desk, metrics: metrics).test(.live) { client async throws in
                let callback = "http://127.0.0.1:\(client.port!)/callback/\(PushRig.secret)"
                let take = try await desk.take(ServiceSet("telegram"), country: "russia", callback: callback)
                let pushes = await sim.engine.advance(seconds: 31)
                let mediaType = ["json": "application/json", "form": "application/x-www-form-urlencoded", "multipart": "multipart/form-data"]
                #expect(pushes.map { String($0.contentType.prefix { $0 != ";" }) } == [mediaType[encoding.rawValue]!])
                await Self.deliver(pushes, with: sim)
                let number = try #require(try await ledger.entries().first?.number)
                #expect(number.id == take.numbers[0].numberID)
                #expect(number.outcome == (flag == .zero ? .open : .activated))
                #expect(number.sms.map(\.via) == [.push])
                #expect(number.sms.map(\.isReceived) == [flag == .one ? true : flag == .zero ? false : nil])
                #expect(metrics.count(of: .ledger(.recorded)) == 1)
                #expect(metrics.count(of: .malformed) == 0)
                let day = try await ledger.today(account: desk.settings.account, providerDay: ProviderTime.day(of: sim.clock.now()).date)
                #expect(day == .init(taken: 1, activated: flag == .zero ? 0 : 1))
            }
        }
    }

    /// Where the provider does not count a message flagged 0 as an activation, numwatch's guard
    /// must not either: the takes stop at the limit and the account is never banned.
    @Test(arguments: PushEncoding.allCases)
    func messagesFlaggedZeroNeverGetTheAccountBanned(encoding: PushEncoding) async throws {
        var options = Self.options(encoding, .zero)
        options.dailyTakeBan = 3
        try await SimulatorHarness.run(options: options) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger, dailyTakeLimit: 3)
            try await Self.app(desk, metrics: CallbackMetrics()).test(.live) { client async throws in
                let callback = "http://127.0.0.1:\(client.port!)/callback/\(PushRig.secret)"
                for _ in 0..<3 {
                    _ = try await desk.take(ServiceSet("telegram"), country: "russia", callback: callback)
                    await Self.deliver(await sim.engine.advance(seconds: 31), with: sim)
                }
                // numwatch's guard refuses a fourth number with none activated, before the provider could ban.
                await #expect(throws: TakeLimitReached.self) {
                    try await desk.take(ServiceSet("telegram"), country: "russia", callback: callback)
                }
                // The provider's account is fine: a banned one answers every call with a 403.
                #expect(try await sim.client().credit() > 0)
                #expect(try await ledger.entries().compactMap(\.number).allSatisfy { $0.sms.count == 1 && $0.outcome == .open })
            }
        }
    }

    /// `number check --wait` does not stop at a message flagged 0: it waits for one that
    /// activates, or the expiry.
    @Test func waitingGoesOnPastAMessageFlaggedZero() async throws {
        try await SimulatorHarness.run(options: Self.options(.json, .zero)) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            let take = try await desk.take(ServiceSet("telegram"), country: "russia")
            let clock = sim.clock
            let waiter = SMSWaiter(desk: desk, clock: clock) { until in
                let ahead = until.secondsSince1970 - clock.now().secondsSince1970
                if ahead > 0 { clock.advance(seconds: ahead) }
            }
            let log = CheckLog()
            let commands = NumberCommands(desk: desk, ledger: ledger, clock: clock)
            try await waiter.wait(for: [take.numbers[0].numberID]) { event in
                if case let .finished(status, expired) = event { log.finish(commands.describe(status, expired: expired), expired: expired) }
            }
            #expect(clock.now() >= take.numbers[0].expiresAt!)
            #expect(log.expired.count == 1)
            // What `number check` prints: the message, for what it is.
            let printed = try #require(log.finished.first)
            #expect(printed.contains("is your telegram code. Do not share it.  (message, not received)"), "\(printed)")
        }
    }
}
