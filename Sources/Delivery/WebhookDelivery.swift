import Alerting
import AsyncHTTPClient
import Config
import Domain
import Foundation
import GRDB
import Logging
import NIOCore
import NIOHTTP1
import ServiceLifecycle

/// Drains the outbox: a `Service` in `serve`'s group that owns its own `HTTPClient` (not the
/// provider's), so shutdown is ordered and a slow receiver never holds up a provider call.
///
/// Each webhook's notifications go out in the order they were queued (a "resolved" never
/// overtakes its "firing"); webhooks do not wait for each other. A notification leaves the outbox
/// only once delivered or given up, so a crash at any moment re-sends it at worst (at least once),
/// with the same body and `Idempotency-Key`.
package final class WebhookDelivery: Service {
    let database: any DatabaseWriter
    let webhooks: [String: WebhookConfig]
    let doorbell: Doorbell
    let metrics: DeliveryMetrics
    let policy: RetryPolicy
    /// Every reading of "now": when an attempt is due, how old a notification is, the signature's
    /// timestamp, an HTTP-date `Retry-After`. The waits between attempts are the doorbell's.
    let clock: any WallClock
    let logger: Logger

    package init(
        database: any DatabaseWriter, webhooks: [WebhookConfig], doorbell: Doorbell, metrics: DeliveryMetrics,
        clock: any WallClock, policy: RetryPolicy = RetryPolicy(), logger: Logger = Logger(label: "numwatch.delivery")
    ) {
        self.database = database
        self.webhooks = Dictionary(webhooks.map { ($0.key, $0) }, uniquingKeysWith: { first, _ in first })
        self.doorbell = doorbell
        self.metrics = metrics
        self.clock = clock
        self.policy = policy
        self.logger = logger
    }

    /// The client lives exactly as long as the loop: created here, shut down when it ends.
    package func run() async throws {
        var configuration = HTTPClient.Configuration()
        // A redirect could carry the body (and its signature) somewhere the operator never configured.
        configuration.redirectConfiguration = .disallow
        configuration.timeout = .init(connect: .seconds(5))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        await withGracefulShutdownHandler {
            while !Task.isShuttingDownGracefully, !Task.isCancelled {
                let wait = await deliverDue(client)
                await doorbell.wait(timeout: wait)
            }
        } onGracefulShutdown: {
            self.doorbell.ring()
        }
        try await client.shutdown()
        logger.debug("webhook delivery stopped")
    }

    /// Attempts the head of every webhook's queue that is due; returns how long until the next is.
    func deliverDue(_ client: HTTPClient) async -> Duration {
        let heads: [OutboxRecord]
        do {
            heads = try await database.read(OutboxRecord.heads)
        } catch {
            logger.error("cannot read the webhook outbox: \(error)")
            return .seconds(5)
        }
        let now = clock.now().milliseconds
        let due = heads.filter { $0.nextAttemptMs <= now }
        if !due.isEmpty {
            await withTaskGroup(of: Void.self) { group in
                for record in due { group.addTask { await self.attempt(record, client) } }
            }
        }
        await refreshQueueMetrics()
        if !due.isEmpty { return .zero }
        guard let next = heads.map(\.nextAttemptMs).min() else { return .seconds(3_600) }
        return .milliseconds(max(0, next - clock.now().milliseconds))
    }

    private func attempt(_ record: OutboxRecord, _ httpClient: HTTPClient) async {
        guard let webhook = webhooks[record.webhook] else {
            return await drop(record, reason: "its webhook is no longer configured", target: "a removed webhook")
        }
        let target = webhook.redactedURL
        if .milliseconds(clock.now().milliseconds - record.createdAtMs) > webhook.giveUpAfter {
            let limit = webhook.giveUpAfter.components.seconds
            return await drop(record, reason: "still undelivered after \(limit)s (give_up_after)", target: target)
        }
        var request = HTTPClientRequest(url: Self.postURL(webhook))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        request.headers.add(name: "User-Agent", value: "numwatch")
        request.headers.add(name: "Idempotency-Key", value: record.idempotencyKey)
        if let secret = webhook.secret {
            let value = Signature.value(body: record.body, secret: secret, scheme: webhook.signature,
                                        unixSeconds: clock.now().milliseconds / 1000)
            request.headers.add(name: Signature.header, value: value)
        }
        request.body = .bytes(ByteBuffer(bytes: record.body))
        let verdict: RetryPolicy.Verdict
        do {
            let response = try await httpClient.execute(request, timeout: .init(policy.timeout))
            _ = try? await response.body.collect(upTo: 64 * 1024)  // drain, so the connection can be reused
            verdict = RetryPolicy.verdict(status: Int(response.status.code), retryAfter: response.headers.first(name: "Retry-After"),
                                          now: clock.now())
        } catch {
            verdict = .retry(reason: Self.describe(error), retryAfter: nil)
        }
        switch verdict {
        case .delivered:
            await remove(record)
            metrics.update { $0.delivered += 1 }
            logger.debug("webhook delivered to \(target) after \(record.attempts + 1) attempt(s)")
        case let .refused(reason):
            metrics.update { $0.failedAttempts += 1 }
            await drop(record, reason: "\(target) refused it (\(reason)); not retried", target: target)
        case let .retry(reason, retryAfter):
            metrics.update { $0.failedAttempts += 1 }
            let delay = policy.delay(afterFailures: record.attempts + 1, retryAfter: retryAfter, unit: Double.random(in: 0..<1))
            let next = clock.now().milliseconds + delay.inMilliseconds
            logger.warning("webhook to \(target) failed: \(reason); attempt \(record.attempts + 1), next in \(delay)")
            do {
                try await database.write { db in try OutboxRecord.recordFailure(db, id: record.id, nextAttemptMs: next, error: reason) }
            } catch {
                logger.error("cannot record a webhook attempt: \(error)")
            }
        }
    }

    private func drop(_ record: OutboxRecord, reason: String, target: String) async {
        await remove(record)
        metrics.update { $0.gaveUp += 1 }
        logger.error("webhook notification to \(target) given up: \(reason)")
    }

    private func remove(_ record: OutboxRecord) async {
        do {
            _ = try await database.write { db in try OutboxRecord.deleteOne(db, key: record.id) }
        } catch {
            logger.error("cannot remove a delivered webhook notification: \(error)")
        }
    }

    private func refreshQueueMetrics() async {
        guard let queue = try? await database.read(OutboxRecord.queue) else { return }
        metrics.update { c in
            c.queueLength = queue.count
            c.oldestQueued = queue.oldestMs.map { Double($0) / 1000 }
        }
    }

    /// `alertmanager_api` posts to `/api/v2/alerts` under the configured Alertmanager URL.
    static func postURL(_ webhook: WebhookConfig) -> String {
        guard webhook.format == .alertmanagerAPI, var components = URLComponents(string: webhook.url),
              !components.path.hasSuffix("/api/v2/alerts") else { return webhook.url }
        components.path = (components.path.hasSuffix("/") ? String(components.path.dropLast()) : components.path) + "/api/v2/alerts"
        return components.string ?? webhook.url
    }

    /// A failure in words that never include the URL (it may hold a secret).
    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout: return "timed out"
            case .remoteConnectionClosed: return "connection closed by the receiver"
            default: return "HTTP client error"
            }
        }
        let text = String(describing: error).lowercased()
        if text.contains("refused") { return "connection refused" }
        if text.contains("timeout") || text.contains("timed out") { return "timed out" }
        return "connection failed (\(type(of: error)))"
    }
}
