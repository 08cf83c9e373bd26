import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Numbers
import ProviderAPI
import Store
import Testing
import Web

/// Issue 17, point 3: a message activates its number only when its `is_received` is 1 or absent;
/// the others are kept and shown as "message, not received".
@Suite struct IsReceivedTests {
    func listing(_ rig: PushRig) async throws -> String {
        try await LedgerListing(ledger: rig.ledger, account: "main", clock: rig.clock).render(sinceSeconds: nil, platform: nil, limit: 100)
    }

    /// The issue's attempt: one push with `is_received: 0` made `numbers` say "1 taken, 1
    /// activated" and the daily limit stopped applying.
    @Test func aMessageFlaggedZeroActivatesNothingAndLiftsNoGuard() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("n1", [PushMessage(createdAt: rig.clock.now(), isReceived: "0")])) == .ok)
        }
        let number = try #require(try await rig.number("n1"))
        #expect(number.outcome == .open)
        #expect(number.sms.map(\.isReceived) == [false])
        let text = try await listing(rig)
        #expect(text.contains("message, not received: 509773"))
        #expect(text.contains("1 taken, 0 activated"))
        try await rig.take("n2")
        try await rig.take("n3")
        await #expect(throws: TakeLimitReached.self) { try await rig.desk.take(try ServiceSet("telegram"), country: "russia") }
    }

    /// 1 in any of its spellings, or no flag at all, activates; 0 does not, nor does a `null`
    /// (a flag that says nothing: the strict reading).
    @Test(arguments: [
        ("1", true), ("true", true), (#""1""#, true), (nil, true), ("null", false),
        ("0", false), ("false", false), (#""0""#, false),
    ] as [(String?, Bool)])
    func theFlagDecides(flag: String?, activates: Bool) async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("n1", [PushMessage(createdAt: rig.clock.now(), isReceived: flag)])) == .ok)
        }
        #expect(try await rig.number("n1")?.outcome == (activates ? .activated : .open), "\(String(describing: flag))")
        #expect(try await rig.activatedToday() == (activates ? 1 : 0))
    }

    /// A push may only add: the same message pushed again with the flag 1 changes nothing (a
    /// sender with the secret could otherwise activate any number). The provider's own check
    /// answer, with the flag 1, activates it then.
    @Test func aMessageReceivedLaterActivatesOnlyThroughACheck() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        rig.clock.advance(seconds: 30)
        let at = rig.clock.now()
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("n1", [PushMessage(createdAt: at, isReceived: "0")])) == .ok)
            rig.clock.advance(seconds: 30)
            #expect(try await client.push(pushJSON("n1", [PushMessage(createdAt: at, isReceived: "1")])) == .ok)
        }
        #expect(try await rig.number("n1")?.outcome == .open)
        #expect(try await rig.number("n1")?.sms.map(\.isReceived) == [false])
        let checked = LedgerSMS(numberId: "n1", smsId: "gl9avmeG1v", sender: "telegram", content: "509773",
                                receivedMs: at.milliseconds, via: .check, isReceived: true)
        _ = try await rig.ledger.recordStatus(numberID: "n1", expiresMs: nil, sms: [checked], atMs: at.milliseconds + 60_000)
        let number = try #require(try await rig.number("n1"))
        #expect(number.outcome == .activated)
        #expect(number.sms.map(\.isReceived) == [true])
        #expect(try await listing(rig).contains("after 30 s: 509773"))
    }

    /// A check's answer is held to the same rule.
    @Test func aCheckedMessageFlaggedZeroActivatesNothing() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        let message = LedgerSMS(numberId: "n1", smsId: "s1", sender: "telegram", content: "123456",
                                receivedMs: rig.startMs + 20_000, via: .check, isReceived: false)
        _ = try await rig.ledger.recordStatus(numberID: "n1", expiresMs: nil, sms: [message], atMs: rig.startMs + 30_000)
        #expect(try await rig.number("n1")?.outcome == .open)
        #expect(try await rig.activatedToday() == 0)
    }

    /// The watch page's "Activated" column counts it apart.
    @Test func theReportShowsMessageNotReceived() async throws {
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        let t = (ReportFixture.now - 7_200) * 1000
        try await fixture.take("r1", country: "romania", atMs: t)
        try await fixture.take("r2", country: "romania", atMs: t)
        try await fixture.sms("r1", atMs: t + 30_000)
        let flagged = LedgerSMS(numberId: "r2", smsId: "s", sender: "telegram", content: "1", receivedMs: t + 40_000, via: .push, isReceived: false)
        _ = try await fixture.ledger.recordStatus(numberID: "r2", expiresMs: nil, sms: [flagged], atMs: t + 40_000)
        try await fixture.ledger.settle(nowMs: t + 1_300_000)
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: try await ReportFixture.seededStore(), watches: ReportFixture.watches,
            creditInterval: .seconds(60), retention: RetentionPolicy(), alerts: nil,
            wallClock: ManualWallClock(Timestamp(microsecondsSince1970: ReportFixture.now * 1_000_000)), ledger: fixture.ledger)
        let html = try await ReportFixture.page(router, "/watch/telegram").html
        #expect(visibleText(section(html, "Every country")).contains("50 % (1/2), 1 message, not received"))
        #expect(html.contains("1 of the others got only a message flagged is_received 0 (message, not received)."))
    }
}
