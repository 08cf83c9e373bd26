import App
import Config
import Domain
import Foundation
import ProviderAPI
import Simulator
import Store

/// `numwatch-bench [storage] [--days 30] ...`: the storage benchmark.
/// `numwatch-bench ingest-forever PATH`: the crash-safety test's victim.
/// `numwatch-bench serve CONFIG`: `numwatch serve`, for the outbox crash test to kill.
/// `numwatch-bench alerts-eval`, `alerts-latency`, `provider-down-latency`: the alerting benchmarks (bench/alerts.sh).
/// `numwatch-bench report-db PATH ...`: a year of history for `bench/report.sh`.
/// `numwatch-bench metrics-round [--series 10000]`: what applying one round costs /metrics.
@main
struct BenchMain {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "ingest-forever", arguments.count == 2 {
            try await IngestForever.run(path: arguments[1])
        } else if arguments.first == "serve", arguments.count == 2 {
            // The real `serve`, for the crash tests to kill (the test target cannot depend on the CLI).
            let config = try ConfigLoader.load(path: arguments[1])
            try await NumwatchServer.build(config: config).run()
        } else if arguments.first == "alerts-eval" {
            try await AlertEvalBench.run(arguments: Array(arguments.dropFirst()))
        } else if arguments.first == "alerts-latency" {
            try await AlertLatencyBench.run(arguments: Array(arguments.dropFirst()))
        } else if arguments.first == "provider-down-latency" {
            try await ProviderDownLatencyBench.run(arguments: Array(arguments.dropFirst()))
        } else if arguments.first == "metrics-round" {
            try await MetricsRoundBench.run(arguments: Array(arguments.dropFirst()))
        } else if arguments.first == "report-db", arguments.count >= 2 {
            try await ReportDatabase.run(path: arguments[1], arguments: Array(arguments.dropFirst(2)))
        } else {
            try await StorageBench.run(arguments: arguments)
        }
    }
}

/// Replays `days` of the simulated market into a real on-disk store, sampling like `serve` does
/// (every watch and the credit each minute, maintenance every five minutes), and reports the
/// bytes on disk per observation and the observations ingested per second.
enum StorageBench {
    static func run(arguments: [String]) async throws {
        func option(_ name: String, _ fallback: Double) -> Double {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.endIndex else { return fallback }
            return Double(arguments[index + 1]) ?? fallback
        }
        let days = option("--days", 30)
        let interval = option("--interval", 60)
        var options = SimulatorOptions()
        options.market.stockChangesPerHour = option("--stock-changes-per-hour", options.market.stockChangesPerHour)
        options.market.priceChangesPerDay = option("--price-changes-per-day", options.market.priceChangesPerDay)
        let watches = [["telegram"], ["whatsapp"], ["instagram"], ["google"], ["telegram", "whatsapp"]]

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("numwatch-bench-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let clock = ManualWallClock(Timestamp(parsing: "2026-01-01T00:00:00Z")!)
        let engine = SimulatorEngine(options: options, clock: clock)
        let store = try HistoryStore.open(path: path)

        let rounds = Int(days * 86_400 / interval)
        var observations = 0
        var ingestSeconds = 0.0
        var maintenanceSeconds = 0.0
        let platforms = watches.map { $0.sorted().joined(separator: "+") }
        print("replaying \(rounds) rounds (\(days) days every \(Int(interval)) s) of \(watches.count) watches;"
            + " stock changes/h/cell \(options.market.stockChangesPerHour), price changes/day/cell \(options.market.priceChangesPerDay)")
        for round in 0..<rounds {
            clock.advance(seconds: interval)
            let now = Int64(clock.now().secondsSince1970)
            var samples: [WatchSample] = []
            for (index, codes) in watches.enumerated() {
                let rows = await engine.pricingRows(codes).map { ObservedRow(country: $0.country, name: $0.name, price: $0.price, stock: $0.count) }
                observations += rows.count
                samples.append(WatchSample(platform: platforms[index], time: now, rows: rows, maxGapSeconds: Int64(interval * 3)))
            }
            let credit = CreditSample(time: now, credit: 2_000_000 - round / 100 * 5_000, maxGapSeconds: Int64(interval * 3))
            let started = ContinuousClock.now
            try await store.ingest(SampleRound(watches: samples, credit: credit))
            ingestSeconds += (ContinuousClock.now - started).inSeconds
            if round % Int(300 / interval) == 0 {
                let began = ContinuousClock.now
                try await store.maintain(now: now, retention: RetentionPolicy())
                maintenanceSeconds += (ContinuousClock.now - began).inSeconds
            }
            if round % (rounds / 10) == 0, round > 0 {
                FileHandle.standardError.write(Data("  \(round * 100 / rounds)% (\(observations) observations)\n".utf8))
            }
        }
        try await store.checkpoint()
        let bytes = (try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int64) ?? 0
        print("observations:            \(observations)")
        print("database file:           \(bytes) bytes (after a WAL checkpoint)")
        print(String(format: "bytes per observation:   %.3f", Double(bytes) / Double(observations)))
        print(String(format: "ingest:                  %.0f observations/s (%.2f s in ingest transactions)", Double(observations) / ingestSeconds, ingestSeconds))
        print(String(format: "maintenance:             %.2f s in total for rollups and retention", maintenanceSeconds))
    }
}
