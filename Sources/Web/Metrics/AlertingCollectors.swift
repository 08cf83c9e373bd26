import Alerting
import Delivery

/// `numwatch_alerts_firing{alertname, provider}`: the firing alerts per kind and provider (no
/// `provider` for those across providers), and every kind with none firing as `{alertname}` 0
/// (so an absent series never hides a broken numwatch).
package struct AlertsCollector: InstantMetricsCollector {
    let evaluator: AlertEvaluator

    package init(evaluator: AlertEvaluator) {
        self.evaluator = evaluator
    }

    package var currentGeneration: UInt64 { evaluator.firingGeneration }

    package func collect(into w: inout ExpositionWriter) async {
        let counts = evaluator.firingByProvider().counts
        w.family("numwatch_alerts_firing", .gauge,
                 help: "Alerts firing now, by alertname and provider (numwatch's own evaluation of alerts: in the configuration).")
        for kind in AlertKind.allCases {
            let firing = counts.filter { $0.key.alertname == kind.rawValue }
                .sorted { ($0.key.provider ?? "") < ($1.key.provider ?? "") }
            guard !firing.isEmpty else {
                w.sample("numwatch_alerts_firing", ["alertname": kind.rawValue], 0)
                continue
            }
            for (series, count) in firing {
                if let provider = series.provider {
                    w.sample("numwatch_alerts_firing", ["alertname": kind.rawValue, "provider": provider], Double(count))
                } else {
                    w.sample("numwatch_alerts_firing", ["alertname": kind.rawValue], Double(count))
                }
            }
        }
    }
}

/// The webhook outbox: deliveries, failed attempts, notifications given up, and the queue.
package struct DeliveryCollector: InstantMetricsCollector {
    let metrics: DeliveryMetrics

    package init(metrics: DeliveryMetrics) {
        self.metrics = metrics
    }

    package var currentGeneration: UInt64 { metrics.current.generation }

    package func collect(into w: inout ExpositionWriter) async {
        let c = metrics.current
        w.family("numwatch_webhook_deliveries_total", .counter, help: "Webhook notifications delivered (a 2xx answer).")
        w.sample("numwatch_webhook_deliveries_total", Double(c.delivered))
        w.family("numwatch_webhook_delivery_failures_total", .counter, help: "Webhook delivery attempts that failed (each retry counts).")
        w.sample("numwatch_webhook_delivery_failures_total", Double(c.failedAttempts))
        w.family("numwatch_webhook_notifications_dropped_total", .counter,
                 help: "Webhook notifications given up: refused with a 4xx, older than give_up_after, or for a removed webhook.")
        w.sample("numwatch_webhook_notifications_dropped_total", Double(c.gaveUp))
        w.family("numwatch_webhook_queue_length", .gauge, help: "Webhook notifications queued and not yet delivered.")
        w.sample("numwatch_webhook_queue_length", Double(c.queueLength))
        w.family("numwatch_webhook_oldest_queued_timestamp_seconds", .gauge,
                 help: "Unix time the oldest undelivered webhook notification was queued (absent when the queue is empty).")
        if let oldest = c.oldestQueued { w.sample("numwatch_webhook_oldest_queued_timestamp_seconds", oldest) }
    }
}
