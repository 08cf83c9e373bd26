import Foundation
import GRDB
import Testing

/// `serve` killed with SIGKILL while its webhooks are down and its outbox full: after a restart
/// every queued notification arrives (same body, same Idempotency-Key), and no alert that was
/// already firing is sent again as new.
@Suite struct OutboxCrashTests {
    static var victim: URL {
        Bundle.module.bundleURL.deletingLastPathComponent().appendingPathComponent("numwatch-bench")
    }

    /// Starts `serve` on `config` in a child process.
    func serve(_ config: URL, token: String) throws -> Process {
        let process = Process()
        process.executableURL = Self.victim
        process.arguments = ["serve", config.path]
        process.environment = ["NUMWATCH_TOKEN": token]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// The outbox's Idempotency-Keys, read from the database file (bounded wait for `until`).
    func outbox(_ path: String, until: ([String]) -> Bool = { _ in true }) async throws -> [String] {
        var keys: [String] = []
        for _ in 0..<300 {
            if FileManager.default.fileExists(atPath: path) {
                let queue = try DatabaseQueue(path: path, configuration: { var c = Configuration(); c.readonly = true; return c }())
                keys = (try? await queue.read { db in try String.fetchAll(db, sql: "SELECT idempotency_key FROM outbox ORDER BY id") }) ?? []
                try queue.close()
                if until(keys) { return keys }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return keys
    }

    @Test func aKilledServeDeliversItsWholeOutboxAfterRestartAndSendsNothingTwice() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.victim.path), "build it first: swift build --build-tests")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-outbox-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let database = directory.appendingPathComponent("numwatch.sqlite").path
        let down = try WebhookReceiver.DownPort()
        try await SimulatorHarness.run { sim in
            let config = directory.appendingPathComponent("numwatch.yml")
            try """
                provider:
                  base_url: \(sim.baseURL)
                sampling:
                  interval: 1s
                  credit_interval: 1s
                storage:
                  path: \(database)
                http:
                  listen: 127.0.0.1:0
                watches:
                  - services: [telegram]
                    countries: [romania, russia, india]
                alerts:
                  credit_below: 1000000000
                  rules:
                    - services: [telegram]
                      stock_below: 100000000
                webhooks:
                  - url: http://127.0.0.1:\(down.port)/hook/first?secret=one
                  - url: http://127.0.0.1:\(down.port)/hook/second?secret=two
                    format: slack
                """.write(to: config, atomically: true, encoding: .utf8)

            // Life 1: the alerts fire, both webhooks are down, the notifications wait in the outbox.
            let first = try serve(config, token: sim.token)
            let queued = try await outbox(database) { $0.count >= 2 }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            let atKill = try await outbox(database)
            #expect(atKill.count >= 2)

            // Life 2: the receivers are back; the credit is topped up, so its alert resolves.
            await sim.engine.setCredit(2_000_000_000)
            let receiver = WebhookReceiver()
            down.release()
            try await receiver.serve(port: down.port) { _ in
                let second = try serve(config, token: sim.token)
                defer { kill(second.processIdentifier, SIGKILL); second.waitUntilExit() }
                // Everything queued at the kill, then one "resolved" per webhook.
                await receiver.waitFor(atKill.count + 2)
                _ = try await outbox(database) { $0.isEmpty }
            }
            let received = await receiver.received
            print("outbox crash test: \(atKill.count) notifications queued at the kill, \(received.count) delivered after restart")
            let keys = received.compactMap { $0.headers["idempotency-key"] }
            #expect(Set(atKill).isSubset(of: Set(keys)), "queued before the kill: \(queued), delivered: \(keys)")
            let bodies = received.map { String(decoding: $0.body, as: UTF8.self) }
            // Alerts already firing at the kill are not announced again by the restarted serve.
            #expect(bodies.filter { $0.contains("\"status\":\"firing\"") || $0.contains("*FIRING*") }.count == atKill.count)
            #expect(bodies.filter { $0.contains("\"status\":\"resolved\"") || $0.contains("*RESOLVED*") }.count == 2)
            #expect(received.count == atKill.count + 2)
        }
    }
}
