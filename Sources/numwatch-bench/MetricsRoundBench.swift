import App
import CompressNIO
import Domain
import Foundation
import NIOCore
import Sampler
import Store
import Web

/// `numwatch-bench metrics-round [--series 10000] [--countries 100] [--repeat 15]`: what applying
/// one round costs /metrics in process. A synthetic store of `series` exposed series (a price, a
/// native price and a stock per pair, `countries` pairs per watch) on disk; every watch sampled in each round, and the
/// round changes one series, every series of one watch, or every series. Prints the median time of
/// the next scrape's body (plain and gzip) per format, per changed series, next to a full render
/// with one gzip member (what /metrics did before), and the gzip size of both.
enum MetricsRoundBench {
    static func run(arguments: [String]) async throws {
        func option(_ name: String, _ fallback: Int) -> Int {
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.endIndex else { return fallback }
            return Int(arguments[index + 1]) ?? fallback
        }
        let countries = (0..<option("--countries", 100)).map { String(format: "c%03d", $0) }
        let watchCount = max(1, option("--series", 10_000) / 3 / countries.count)
        let repeats = max(1, option("--repeat", 15))
        let platforms = (0..<watchCount).map { String(format: "svc%03d", $0) }

        let path = FileManager.default.temporaryDirectory.appendingPathComponent("numwatch-metrics-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let store = try HistoryStore.open(path: path)
        let watches = try platforms.map { Watch(services: try ServiceSet($0), interval: .seconds(5)) }
        let collectors: [any MetricsCollector] = [StoreCollector(store: store, watches: watches), BuildCollector(version: "bench")]
        let endpoint = MetricsEndpoint(collectors: collectors)

        var time: Int64 = 1_700_000_000
        var prices = [String: Int](uniqueKeysWithValues: platforms.flatMap { p in countries.map { ("\(p)/\($0)", 10_000) } })
        func round(changing changed: [(platform: String, country: String)]) async throws {
            for (platform, country) in changed { prices["\(platform)/\(country)"]! += 1 }
            time += 5
            try await store.ingest(SampleRound(watches: platforms.map { platform in
                WatchSample(platform: platform, time: time, rows: countries.map { country in
                    ObservedRow(country: country, name: "name of \(country)", price: prices["\(platform)/\(country)"]!, stock: 150)
                })
            }))
        }
        try await round(changing: [])
        let series = platforms.count * countries.count * 3
        for format in [ExpositionWriter.Format.text004, .openMetrics] { _ = await endpoint.body(format) }
        let body = await endpoint.body(.text004)
        var plain = body.bytes
        let oneMember = try plain.compress(with: .gzip())
        print("series: \(series) (\(platforms.count) watches × \(countries.count) countries × price, native price and stock), exposition \(body.bytes.readableBytes) bytes")
        print("gzip: one stream \(oneMember.readableBytes) bytes; kept blocks \((body.gzipped?.readableBytes ?? 0)) bytes"
            + String(format: " (%+.1f%%)", 100 * (Double((body.gzipped?.readableBytes ?? 0)) / Double(oneMember.readableBytes) - 1)))

        let cases: [(String, () -> [(platform: String, country: String)])] = [
            ("one series", { [(platforms.randomElement()!, countries.randomElement()!)] }),
            ("one watch (\(countries.count) series)", { let p = platforms.randomElement()!; return countries.map { (p, $0) } }),
            ("every series", { platforms.flatMap { p in countries.map { (p, $0) } } }),
        ]
        for format in [ExpositionWriter.Format.text004, .openMetrics] {
            print("\(format == .text004 ? "text 0.0.4" : "OpenMetrics"):")
            for (name, changed) in cases {
                var seconds: [Double] = []
                var count = 0
                for _ in 0..<repeats {
                    let changes = changed()
                    count = changes.count
                    try await round(changing: changes)
                    let started = ContinuousClock.now
                    _ = await endpoint.body(format).bytes  // the gzip is made with the body, the plain text on demand
                    seconds.append((ContinuousClock.now - started).inSeconds)
                }
                let median = seconds.sorted()[seconds.count / 2]
                print(String(format: "  round changing %@: %.0f µs (%.2f µs per changed series)", name, median * 1e6, median * 1e6 / Double(count)))
            }
            var full: [Double] = []
            for _ in 0..<repeats {
                let started = ContinuousClock.now
                var writer = ExpositionWriter(format: format)
                for collector in collectors { await collector.collect(into: &writer) }
                writer.finish()
                var bytes = ByteBuffer(string: writer.output)
                _ = try bytes.compress(with: .gzip())
                full.append((ContinuousClock.now - started).inSeconds)
            }
            print(String(format: "  full render and one gzip member (before): %.0f µs", full.sorted()[full.count / 2] * 1e6))
        }
    }
}
