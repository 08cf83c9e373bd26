import Alerting
import App
import Config
import Domain
import Foundation
import ProviderAPI
import GRDB
import Store
import Synchronization

/// `numwatch-bench alerts-eval [--series 10000] [--rounds 200] [--stress]`: the cost of evaluating
/// the alert rules on one round, measured around the evaluator alone (inside the round's
/// transaction, with its writes and the notifications it queues), on an on-disk store.
///
/// The default market moves like the simulator's defaults (a stock change per pair an hour, two
/// price changes a day); `--stress` moves 2 % of pairs a round by large steps, so that thousands
/// of alerts fire and change every round.
enum AlertEvalBench {
    /// Times each call of the real evaluator.
    final class TimedHook: RoundHook {
        let inner: AlertEvaluator
        let samples = Mutex<[Double]>([])
        init(_ inner: AlertEvaluator) { self.inner = inner }
        func roundStored(_ round: StoredRound, _ db: Database) throws {
            let start = ContinuousClock.now
            try inner.roundStored(round, db)
            let seconds = start.duration(to: .now).inSeconds
            samples.withLock { $0.append(seconds) }
        }
    }

    /// Counts notifications instead of rendering them (the outbox's own cost is the delivery's).
    final class CountingQueue: AlertNotificationQueue {
        let count = Mutex(0)
        func enqueue(_ notification: AlertNotification, _ db: Database) throws { count.withLock { $0 += notification.alerts.count } }
    }

    static func run(arguments: [String]) async throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.endIndex else { return fallback }
            return Int(arguments[index + 1]) ?? fallback
        }
        let series = option("--series", 10_000)
        let rounds = option("--rounds", 200)
        let stress = arguments.contains("--stress")
        let countries = 200
        let platforms = max(1, series / countries)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-alert-bench-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try HistoryStore.open(path: path)
        // Every platform: a stock rule with a clear level and a `for`, a price rule and a price-change rule,
        // each over every country: 3 conditions × `series` pairs per round.
        let rules = (0..<platforms).map { p in
            AlertRuleConfig(name: "p\(p)", services: ["svc\(p)"], stockBelow: 100, stockClear: 150, priceAbove: Toman(15_000),
                            priceChangePercent: 20, forDuration: .seconds(120))
        }
        let queue = CountingQueue()
        let evaluator = try AlertEvaluator(
            rules: AlertRules(AlertsConfig(creditBelow: Toman(50_000), creditRunwayBelow: .seconds(3 * 86_400), rules: rules)),
            webhooks: [WebhookConfig(url: "http://127.0.0.1:1/a"), WebhookConfig(url: "http://127.0.0.1:1/b", format: .slack)],
            queue: queue, database: store.writer)
        let hook = TimedHook(evaluator)
        store.setRoundHook(hook)
        var random = SystemRandomNumberGenerator()
        var stock = (0..<series).map { _ in stress ? 1_000 : Int.random(in: 50...50_000, using: &random) }
        var price = (0..<series).map { _ in stress ? 10_000 : Int.random(in: 3_000...16_000, using: &random) }
        for round in 0..<rounds {
            if stress {
                for _ in 0..<(series / 50) {
                    let i = Int.random(in: 0..<series, using: &random)
                    stock[i] = max(0, stock[i] + Int.random(in: -400...400, using: &random))
                    price[i] = max(1_000, price[i] + Int.random(in: -3_000...3_000, using: &random))
                }
            } else {
                for _ in 0..<(series / 60) {  // one stock change per pair an hour, by 5 to 30 %
                    let i = Int.random(in: 0..<series, using: &random)
                    stock[i] = max(0, stock[i] * Int.random(in: 70...130, using: &random) / 100)
                }
                for _ in 0..<max(1, series / 720) {  // two price changes per pair a day, by 5 to 15 %
                    let i = Int.random(in: 0..<series, using: &random)
                    price[i] = price[i] * (Bool.random(using: &random) ? Int.random(in: 105...115, using: &random) : Int.random(in: 85...95, using: &random)) / 100
                }
            }
            let time = Int64(1_767_225_600 + round * 60)
            let watches = (0..<platforms).map { p in
                WatchSample(platform: "svc\(p)", time: time, rows: (0..<countries).map { c in
                    let i = p * countries + c
                    return ObservedRow(country: "c\(c)", name: "کشور \(c)", price: price[i], stock: stock[i])
                })
            }
            try await store.ingest(SampleRound(watches: watches, credit: CreditSample(time: time, credit: 1_000_000 - round * 500)))
        }
        let samples = hook.samples.withLock { $0 }.dropFirst(5).sorted()  // the first rounds create every series
        func percentile(_ p: Double) -> Double { samples[min(samples.count - 1, Int(Double(samples.count) * p))] * 1000 }
        let firing = evaluator.firingCounts().counts.values.reduce(0, +)
        print(String(format: "alert evaluation (\(stress ? "stress" : "typical") market), %d series × 3 conditions, %d rounds: median %.2f ms, p99 %.2f ms, max %.2f ms"
                     + " (goal < 5 ms); %d firing at the end, %d alert notifications queued",
                     platforms * countries, samples.count, percentile(0.5), percentile(0.99), samples.last.map { $0 * 1000 } ?? 0,
                     firing, queue.count.withLock { $0 }))
    }
}

