import Alerting
import App
import Config
import Crypto
import Delivery
import Domain
import Foundation
import ProviderAPI
import GRDB
import Logging
import Store
import Testing

/// The outbox drained to a real HTTP receiver on loopback: retries, refusals, Retry-After,
/// signatures and the Idempotency-Key.
@Suite struct DeliveryTests {
    /// Fast retries, so a test takes milliseconds, not minutes.
    // Quick retries; but a generous attempt timeout, or a busy machine turns a slow 429 into a
    // timeout and a quick retry.
    static let quick = RetryPolicy(baseDelay: .milliseconds(20), maxDelay: .milliseconds(200), timeout: .seconds(5))

    struct Running {
        let store: HistoryStore
        let outbox: Outbox
        let metrics: DeliveryMetrics

        func enqueue(_ webhook: WebhookConfig, country: String, at time: Int64 = 1_767_225_600) async throws {
            let alert = NotifiedAlert(
                status: .firing, labels: ["alertname": "NumwatchStockLow", "country": country, "platform": "telegram", "rule": "r", "severity": "warning"],
                annotations: ["summary": "Low stock", "description": "5 numbers in stock, below 100"], startsAt: time, fingerprint: country)
            try await store.writer.write { db in
                try outbox.enqueue(AlertNotification(webhook: webhook, status: .firing, time: time, alerts: [alert]), db)
            }
        }

        func queued() async throws -> Int {
            try await store.writer.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM outbox") ?? 0 }
        }

        /// Waits (bounded) until the outbox is empty: the receiver having a request does not yet
        /// mean numwatch has read the answer and removed the row.
        func drained() async throws {
            for _ in 0..<500 where try await queued() > 0 { try await Task.sleep(for: .milliseconds(10)) }
        }
    }

    /// Runs a delivery service for `webhooks` while `body` runs, then stops it. These tests run on
    /// the real clock (DeliveryClockTests drive it by hand).
    func withDelivery(_ webhooks: [WebhookConfig], _ body: (Running) async throws -> Void) async throws {
        let clock = SystemWallClock()
        let store = try HistoryStore.inMemory()
        let doorbell = Doorbell()
        let metrics = DeliveryMetrics()
        var logger = Logger(label: "test.delivery")
        logger.logLevel = .critical
        let delivery = WebhookDelivery(database: store.writer, webhooks: webhooks, doorbell: doorbell, metrics: metrics,
                                       clock: clock, policy: Self.quick, logger: logger)
        let task = Task { try await delivery.run() }
        defer { task.cancel() }
        try await body(Running(store: store, outbox: Outbox(externalBase: "http://127.0.0.1:9464/", doorbell: doorbell, clock: clock), metrics: metrics))
        task.cancel()
        try await task.value
    }

    @Test func aReceiverThatIsDownForAWhileGetsEverythingInOrderOnceUp() async throws {
        let down = try WebhookReceiver.DownPort()
        let port = down.port
        let url = "http://127.0.0.1:\(port)/hook/path-secret?token=query-secret"
        let hook = WebhookConfig(url: url)
        try await withDelivery([hook]) { running in
            for country in ["romania", "russia", "india"] { try await running.enqueue(hook, country: country) }
            // Nothing listens yet: attempts fail with connection refused and are retried.
            for _ in 0..<100 where running.metrics.current.failedAttempts < 1 { try await Task.sleep(for: .milliseconds(50)) }
            #expect(running.metrics.current.failedAttempts >= 1)
            #expect(running.metrics.current.delivered == 0)
            let receiver = WebhookReceiver()
            down.release()
            try await receiver.serve(port: port) { _ in
                await receiver.waitFor(3)
                try await running.drained()
            }
            // At least once, in order: an attempt whose answer was lost (a busy machine) may arrive
            // twice, with the same Idempotency-Key, for the receiver to drop.
            var seen = Set<String>()
            let firsts = await receiver.received.filter { seen.insert($0.headers["idempotency-key"] ?? UUID().uuidString).inserted }
            let countries = try firsts.map { try JSONDecoder().decode(V4Body.self, from: $0.body).alerts[0].labels["country"] }
            #expect(countries == ["romania", "russia", "india"])
            #expect(running.metrics.current.delivered == 3)
        }
    }

    @Test func aClientErrorIsNotRetriedButATimeoutLikeStatusIs() async throws {
        let receiver = WebhookReceiver(script: [(.serviceUnavailable, nil), (.badRequest, nil)])
        try await receiver.serve { url in
            let hook = WebhookConfig(url: url)
            try await withDelivery([hook]) { running in
                try await running.enqueue(hook, country: "romania")
                await receiver.waitFor(2)  // 503 → retried → 400 → dropped
                try await running.enqueue(hook, country: "russia")
                await receiver.waitFor(3)  // the next one goes out: nothing is stuck behind the refusal
                try await running.drained()
                #expect(running.metrics.current.gaveUp == 1)
                #expect(running.metrics.current.failedAttempts == 2)
            }
        }
        let bodies = await receiver.received.map(\.body)
        #expect(bodies.count == 3 && bodies[0] == bodies[1] && bodies[2] != bodies[1])
    }

    @Test func retryAfterOnA429IsHonoured() async throws {
        let receiver = WebhookReceiver(script: [(.tooManyRequests, "1")])
        try await receiver.serve { url in
            let hook = WebhookConfig(url: url)
            try await withDelivery([hook]) { running in
                try await running.enqueue(hook, country: "romania")
                await receiver.waitFor(2)
            }
        }
        let times = await receiver.received.map(\.at)
        // The quick policy alone would retry after ~20 ms.
        #expect(times[0].duration(to: times[1]) >= .milliseconds(950))
    }

    /// `signature: v0`, the older body-only form (v1, the default: SignatureTests).
    @Test func everyAttemptCarriesTheSameIdempotencyKeyAndAVerifiableSignature() async throws {
        let receiver = WebhookReceiver(script: [(.internalServerError, nil)])
        try await receiver.serve { url in
            let hook = WebhookConfig(url: url, secret: "webhook-secret-value", signature: .v0)
            try await withDelivery([hook]) { running in
                try await running.enqueue(hook, country: "romania")
                await receiver.waitFor(2)
            }
        }
        let received = await receiver.received
        let keys = received.compactMap { $0.headers["idempotency-key"] }
        #expect(keys.count == 2 && keys[0] == keys[1] && keys[0].count == 32)
        for request in received {
            let mac = HMAC<SHA256>.authenticationCode(for: request.body, using: SymmetricKey(data: Data("webhook-secret-value".utf8)))
            let hex = mac.map { String(format: "%02x", $0) }.joined()
            #expect(request.headers["x-numwatch-signature"] == "sha256=\(hex)")
            #expect(request.headers["content-type"] == "application/json")
        }
    }

    @Test func aNotificationOlderThanGiveUpAfterIsDroppedAndCounted() async throws {
        let receiver = WebhookReceiver(script: Array(repeating: (.badGateway, nil), count: 1_000))
        try await receiver.serve { url in
            var hook = WebhookConfig(url: url)
            hook.giveUpAfter = .seconds(1)
            try await withDelivery([hook]) { running in
                try await running.enqueue(hook, country: "romania")
                try await running.drained()
                #expect(running.metrics.current.gaveUp == 1)
                #expect(running.metrics.current.delivered == 0)
            }
        }
    }
}

/// The parts of Alertmanager's webhook body the tests read.
struct V4Body: Decodable {
    struct Alert: Decodable {
        var status: String
        var labels: [String: String]
        var annotations: [String: String]
        var startsAt: String
        var endsAt: String
        var fingerprint: String
        var generatorURL: String
    }

    var version: String
    var status: String
    var groupKey: String
    var commonLabels: [String: String]
    var alerts: [Alert]
}
