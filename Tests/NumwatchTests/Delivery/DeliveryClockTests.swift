import Alerting
import App
import Config
import Delivery
import Domain
import Foundation
import GRDB
import Logging
import Store
import Testing

/// Delivery's time is the injected wall clock: a test moves it by hand, and the delivery
/// (woken by its doorbell) sees the new time at once. No sleeping for the spans themselves.
@Suite struct DeliveryClockTests {
    /// 2026-01-01T00:00:00Z, where `ManualWallClock` starts.
    static let start: Int64 = 1_767_225_600

    struct Rig {
        let store: HistoryStore
        let outbox: Outbox
        let doorbell: Doorbell
        let clock: ManualWallClock
        let metrics: DeliveryMetrics
        let running: DeliveryTests.Running

        /// Moves the clock, and wakes the delivery as anything queued or a shutdown would.
        func advance(_ span: Duration) {
            clock.advance(seconds: span.inSeconds)
            doorbell.ring()
        }

        func nextAttemptMs() async throws -> Int64? {
            try await store.writer.read { db in try Int64.fetchOne(db, sql: "SELECT next_attempt_ms FROM outbox") }
        }

        /// Bounded wait for the delivery loop to record what it did.
        func until(_ condition: (DeliveryMetrics.Counts) -> Bool) async throws {
            for _ in 0..<1_000 where !condition(metrics.current) { try await Task.sleep(for: .milliseconds(10)) }
            #expect(condition(metrics.current))
        }
    }

    /// Delivers `webhooks` on a manual clock while `body` runs. The default retry policy: its
    /// first retry waits about a second, which the test passes by moving the clock.
    func withManualDelivery(_ webhooks: [WebhookConfig], _ body: (Rig) async throws -> Void) async throws {
        let store = try HistoryStore.inMemory()
        let doorbell = Doorbell()
        let clock = ManualWallClock()
        let metrics = DeliveryMetrics()
        var logger = Logger(label: "test.delivery")
        logger.logLevel = .critical
        let delivery = WebhookDelivery(database: store.writer, webhooks: webhooks, doorbell: doorbell, metrics: metrics,
                                       clock: clock, logger: logger)
        let task = Task { try await delivery.run() }
        defer { task.cancel() }
        let outbox = Outbox(externalBase: "http://127.0.0.1:9464/", doorbell: doorbell, clock: clock)
        try await body(Rig(store: store, outbox: outbox, doorbell: doorbell, clock: clock, metrics: metrics,
                           running: DeliveryTests.Running(store: store, outbox: outbox, metrics: metrics)))
        task.cancel()
        try await task.value
    }

    @Test func aNotificationIsRetriedOnTheClockAndGivenUpAfterGiveUpAfter() async throws {
        let receiver = WebhookReceiver(script: Array(repeating: (.badGateway, nil), count: 100))
        try await receiver.serve { url in
            var hook = WebhookConfig(url: url, secret: "webhook-secret-value")
            hook.giveUpAfter = .seconds(3_600)
            try await withManualDelivery([hook]) { rig in
                try await rig.running.enqueue(hook, country: "romania", at: Self.start)
                try await receiver.waitFor(1, atMost: .seconds(30))
                try await rig.until { $0.failedAttempts == 1 }
                // The first retry is a second away (± jitter) on the delivery's clock.
                let next = try #require(try await rig.nextAttemptMs())
                #expect((Self.start * 1000 + 800...Self.start * 1000 + 1_200).contains(next))
                // Half an hour on: retried, not yet given up.
                rig.advance(.seconds(1_800))
                try await receiver.waitFor(2, atMost: .seconds(30))
                try await rig.until { $0.failedAttempts == 2 }
                #expect(rig.metrics.current.gaveUp == 0)
                // Past give_up_after since it was queued: dropped at its next turn, never sent again.
                rig.advance(.seconds(1_801))
                try await rig.until { $0.gaveUp == 1 }
                #expect(try await rig.running.queued() == 0)
            }
        }
        let received = await receiver.received
        #expect(received.count == 2)
        // Each attempt signs the time it was made, on the same clock.
        let stamps = received.compactMap { $0.headers["x-numwatch-signature"]?.firstMatch(of: /t=([0-9]+)/).map { String($0.1) } }
        #expect(stamps == ["\(Self.start)", "\(Self.start + 1_800)"])
    }

    @Test func aRetryAfterDateCountsFromTheClock() async throws {
        // Two minutes after the clock's start, as an HTTP date.
        let receiver = WebhookReceiver(script: [(.serviceUnavailable, "Thu, 01 Jan 2026 00:02:00 GMT")])
        try await receiver.serve { url in
            let hook = WebhookConfig(url: url)
            try await withManualDelivery([hook]) { rig in
                try await rig.running.enqueue(hook, country: "romania", at: Self.start)
                try await receiver.waitFor(1, atMost: .seconds(30))
                try await rig.until { $0.failedAttempts == 1 }
                #expect(try await rig.nextAttemptMs() == (Self.start + 120) * 1000)
                rig.advance(.seconds(120))
                try await receiver.waitFor(2, atMost: .seconds(30))
                try await rig.until { $0.delivered == 1 }
            }
        }
    }

    @Test func theQueuedTimeIsTheClocks() async throws {
        let store = try HistoryStore.inMemory()
        let clock = ManualWallClock()
        clock.advance(seconds: 42.5)
        let outbox = Outbox(externalBase: "http://127.0.0.1:9464/", doorbell: Doorbell(), clock: clock)
        try await DeliveryTests.Running(store: store, outbox: outbox, metrics: DeliveryMetrics())
            .enqueue(WebhookConfig(url: "http://127.0.0.1:1/hook"), country: "romania", at: Self.start)
        let row = try await store.writer.read { db in try Row.fetchOne(db, sql: "SELECT created_at_ms, next_attempt_ms FROM outbox") }
        let (created, next): (Int64?, Int64?) = (row?["created_at_ms"], row?["next_attempt_ms"])
        #expect(created == Self.start * 1000 + 42_500 && next == created)
    }
}
