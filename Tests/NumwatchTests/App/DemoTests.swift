import App
import AsyncHTTPClient
import GRDB
import NIOCore
import Config
import Foundation
import Logging
import Synchronization
import Testing

/// `numwatch demo` at a quick pace: within seconds the report has data, both alerts fire, their
/// webhooks reach the demo's receiver, and numbers are taken and activated through the push.
@Suite struct DemoTests {
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        func add(_ line: String) { lines.withLock { $0.append(line) } }
        var all: [String] { lines.withLock { $0 } }
    }

    /// The demo's own loopback address: the other tests serve on 127.0.0.1, so a port of theirs
    /// that happens to equal one of the demo's can never receive the demo's requests.
    static let host = "127.0.0.2"

    /// Distinct ports from the kernel on `host` (held together, then let go).
    static func freePorts(_ count: Int) throws -> [Int] {
        let held = try (0..<count).map { _ in try WebhookReceiver.DownPort(host: host) }
        defer { held.forEach { $0.release() } }
        return held.map(\.port)
    }

    @Test func theDemoShowsEverythingWithinSeconds() async throws {
        let lines = Lines()
        var logger = Logger(label: "test.demo")
        logger.logLevel = .critical
        let ports = try Self.freePorts(5)
        let listen = try #require(ListenAddress(parsing: "\(Self.host):\(ports[0])"))
        let demo = try await Demo.build(
            listen: listen, ports: Demo.Ports(simulator: ports[1], receiver: ports[2], smsActivate: ports[3], fivesim: ports[4]),
            host: Self.host, logger: logger, quick: true) { lines.add($0) }
        let running = Task { try await demo.run() }
        defer { running.cancel() }
        var delivered: [String] = []
        // Bounded at a minute: alone it takes 2 s, but the whole suite in parallel on two cores
        // has been seen to need over 30 s.
        for _ in 0..<600 {
            delivered = lines.all.filter { $0.hasPrefix("webhook delivered: firing") }
            if delivered.count >= 2, lines.all.contains(where: { $0.hasPrefix("took") }) { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(delivered.contains { $0.contains("NumwatchCreditLow: credit 40,000 Toman, below 50,000") })
        #expect(delivered.contains { $0.contains("NumwatchStockLow: 3 numbers in stock, below 10") }, "\(delivered)")
        #expect(lines.all.filter { $0.hasPrefix("took") }.count == 4)
        // The pushes activate numbers in the ledger (SMS come 1-2 s after a take at this pace).
        var activated = 0
        for _ in 0..<100 {
            activated = try await demo.server.store.writer.read { db in
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM number WHERE outcome = 'activated'") ?? 0
            }
            if activated > 0 { break }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(activated > 0)
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: listen.url), timeout: .seconds(5))
        let report = try await response.body.collect(upTo: 1 << 22)
        #expect(response.status == .ok)
        #expect(String(buffer: report).contains("/watch/telegram"))
        running.cancel()
        _ = await running.result
    }
}
