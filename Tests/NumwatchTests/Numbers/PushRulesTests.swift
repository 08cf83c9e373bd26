import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Numbers
import ProviderAPI
import Store
import Testing
import Web

/// Issue 17, point 4: a push, even with the secret, may only add SMS to an open number of this
/// account; a refused one still gets 200, one log line and a count.
@Suite struct PushRulesTests {
    /// The issue's own attempt: a push to a cancelled number turned it "activated", moved its
    /// expiry to 2099 and lifted the daily guard.
    @Test func aPushToACancelledNumberChangesNothing() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        let before = try #require(try await rig.number("n1"))
        rig.clock.advance(seconds: 60)
        try await rig.ledger.recordCancelled(numberID: "n1", atMs: rig.clock.now().milliseconds)
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.router) { client async throws in
            let status = try await client.push(pushJSON("n1", [PushMessage(createdAt: rig.clock.now())], expiresAt: "2099-01-01 00:00:00"))
            #expect(status == .ok)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("cancelled", in: metrics) == 1)
            #expect(PushRig.pushes("recorded", in: metrics) == 0)
        }
        let after = try #require(try await rig.number("n1"))
        #expect(after.outcome == .cancelled)
        #expect(after.expiresMs == before.expiresMs)
        #expect(after.sms.isEmpty)
        #expect(try await rig.activatedToday() == 0)
        // The guard still counts the day as without activation: 3 takes reach the limit of 3.
        try await rig.take("n2")
        try await rig.take("n3")
        await #expect(throws: TakeLimitReached.self) { try await rig.desk.take(ServiceSet("telegram"), country: "russia") }
        let lines = rig.log.all.split(separator: "\n").filter { $0.contains("callback push") }
        #expect(lines.count == 1)
        #expect(lines.first?.contains("refused") == true && lines.first?.contains("cancelled") == true)
    }

    @Test func anAcceptedPushNeverMovesTheExpiry() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        let before = try #require(try await rig.number("n1"))
        rig.clock.advance(seconds: 40)
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("n1", [PushMessage(createdAt: rig.clock.now())])) == .ok)
            #expect(PushRig.pushes("recorded", in: try await client.metricsText()) == 1)
        }
        let after = try #require(try await rig.number("n1"))
        #expect(after.outcome == .activated)
        #expect(after.expiresMs == before.expiresMs)
        #expect(after.sms.map(\.content) == ["509773"])
    }

    /// Open until expiry + 5 minutes for an SMS that came in time; never after.
    @Test func anExpiredNumberTakesNoPushAfterItsGrace() async throws {
        let rig = try PushRig()
        try await rig.take("late")
        try await rig.take("gone")
        try await rig.take("future")
        let expiry = PushRig.start.adding(seconds: 20 * 60)
        rig.clock.advance(seconds: 24 * 60)  // expired 4 minutes ago (settled as expired by now)
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("late", [PushMessage(createdAt: expiry.adding(seconds: -10))])) == .ok)
            // Dated more than 5 minutes after the expiry: not an SMS the number received.
            #expect(try await client.push(pushJSON("future", [PushMessage(createdAt: expiry.adding(seconds: 6 * 60))])) == .ok)
            rig.clock.advance(seconds: 61)  // 5 min 1 s past the expiry
            #expect(try await client.push(pushJSON("gone", [PushMessage(createdAt: expiry.adding(seconds: -10))])) == .ok)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("recorded", in: metrics) == 1)
            #expect(PushRig.pushes("dated_after_expiry", in: metrics) == 1)
            #expect(PushRig.pushes("expired", in: metrics) == 1)
        }
        #expect(try await rig.number("late")?.outcome == .activated)
        #expect(try await rig.number("gone")?.outcome == .expired)
        #expect(try await rig.number("gone")?.sms.isEmpty == true)
        #expect(try await rig.number("future")?.outcome == .expired)
    }

    @Test func aMessageDatedBeforeTheTakeOrEmptyIsRefused() async throws {
        let rig = try PushRig()
        for id in ["old", "skewed", "blank", "mixed"] { try await rig.take(id) }
        rig.clock.advance(seconds: 60)
        let start = PushRig.start
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("old", [PushMessage(createdAt: start.adding(seconds: -6 * 60))])) == .ok)
            // Within 5 minutes of clock skew: accepted.
            #expect(try await client.push(pushJSON("skewed", [PushMessage(createdAt: start.adding(seconds: -4 * 60))])) == .ok)
            #expect(try await client.push(pushJSON("blank", [PushMessage(content: " \n ", createdAt: start)])) == .ok)
            // One good message, one empty: the good one is recorded, the other left out.
            #expect(try await client.push(pushJSON("mixed", [
                PushMessage(id: "a", content: "", createdAt: start), PushMessage(id: "b", content: "777000", createdAt: start),
            ])) == .ok)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("dated_before_take", in: metrics) == 1)
            #expect(PushRig.pushes("empty_message", in: metrics) == 1)
            #expect(PushRig.pushes("recorded", in: metrics) == 2)
        }
        #expect(try await rig.number("old")?.outcome == .open)
        #expect(try await rig.number("blank")?.outcome == .open)
        #expect(try await rig.number("skewed")?.outcome == .activated)
        #expect(try await rig.number("mixed")?.sms.map(\.content) == ["777000"])
        #expect(rig.log.all.contains(#""refused_messages": 1"#))
    }

    @Test func aNumberOfAnotherAccountIsUntouched() async throws {
        let rig = try PushRig()
        try await rig.take("theirs", account: "other")
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.router) { client async throws in
            #expect(try await client.push(pushJSON("theirs", [PushMessage(createdAt: rig.clock.now())])) == .ok)
            #expect(try await client.push(pushJSON("nobody", [PushMessage(createdAt: rig.clock.now())])) == .ok)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("other_account", in: metrics) == 1)
            #expect(PushRig.pushes("unknown_number", in: metrics) == 1)
        }
        let theirs = try #require(try await rig.number("theirs"))
        #expect(theirs.outcome == .open)
        #expect(theirs.sms.isEmpty)
    }

    /// Every result is on /metrics from the start, and a push sent again is old news, not new SMS.
    @Test func everyResultIsCountedFromZero() async throws {
        let rig = try PushRig()
        try await rig.take("n1")
        rig.clock.advance(seconds: 30)
        try await rig.app().test(.router) { client async throws in
            let fresh = try await client.metricsText()
            for result in CallbackResult.allCases { #expect(PushRig.pushes(result.label, in: fresh) == 0, "\(result.label)") }
            let body = pushJSON("n1", [PushMessage(createdAt: rig.clock.now())])
            #expect(try await client.push(body) == .ok)
            #expect(try await client.push(body) == .ok)
            #expect(try await client.push("<html>") == .badRequest)
            let metrics = try await client.metricsText()
            #expect(PushRig.pushes("recorded", in: metrics) == 1)
            #expect(PushRig.pushes("nothing_new", in: metrics) == 1)
            #expect(PushRig.pushes("malformed", in: metrics) == 1)
        }
    }
}
