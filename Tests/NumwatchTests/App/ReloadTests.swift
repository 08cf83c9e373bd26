@testable import App
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import ProviderAPI
import Sampler
import Simulator
import Testing

/// SIGHUP: a good file changes the watches without a restart; a bad one changes nothing.
@Suite struct ReloadTests {
    func yaml(_ baseURL: String, database: String, sampling: String = "  interval: 60s", watches: String) -> String {
        """
        provider:
          base_url: \(baseURL)
        sampling:
        \(sampling)
        storage:
          path: \(database)
        http:
          listen: 127.0.0.1:0
        watches:
        \(watches)
        """
    }

    /// Polls /metrics (bounded) until `until` holds for its text.
    func metrics(_ client: some TestClientProtocol, until: (String) -> Bool) async throws -> String {
        var text = ""
        for _ in 0..<200 {
            text = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
            if until(text) { return text }
            try await Task.sleep(for: .milliseconds(25))
        }
        return text
    }

    @Test func aWatchAddedAndOneRemovedTakeEffectAndABadFileChangesNothing() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("numwatch.yml")
        let database = directory.appendingPathComponent("numwatch.sqlite").path
        try await SimulatorHarness.run { sim in
            try yaml(sim.baseURL, database: database, watches: "  - services: [telegram]\n  - services: [whatsapp]")
                .write(to: file, atomically: true, encoding: .utf8)
            let server = try NumwatchServer.build(config: try ConfigLoader.load(path: file.path),
                                                  environment: ["NUMWATCH_TOKEN": sim.token], port: 0)
            try await server.application.test(.live) { client in
                var text = try await metrics(client) {
                    $0.contains(#"numwatch_price_toman{provider="main",platform="whatsapp""#) && $0.contains(#"numwatch_price_toman{provider="main",platform="telegram""#)
                }
                #expect(text.contains(#"numwatch_price_toman{provider="main",platform="whatsapp""#))

                // whatsapp out, instagram in.
                try yaml(sim.baseURL, database: database, watches: "  - services: [telegram]\n  - services: [instagram]")
                    .write(to: file, atomically: true, encoding: .utf8)
                #expect(server.reloader.reload() == .applied(added: ["instagram"], removed: ["whatsapp"], needsRestart: []))
                text = try await metrics(client) { $0.contains(#"numwatch_price_toman{provider="main",platform="instagram""#) }
                #expect(text.contains(#"numwatch_price_toman{provider="main",platform="instagram""#))
                // Its prices, stock and sample time leave /metrics at once (its sample counter stays).
                for family in ["numwatch_price_toman", "numwatch_numbers_available", "numwatch_last_sample_timestamp_seconds"] {
                    #expect(!text.contains(family + #"{platform="whatsapp""#))
                }
                #expect(text.contains(#"numwatch_price_toman{provider="main",platform="telegram""#))
                let page = String(buffer: try await client.execute(uri: "/", method: .get, headers: [.accept: "text/html"]).body)
                #expect(page.contains("/watch/instagram") && !page.contains("/watch/whatsapp"))

                // A file that does not load: refused, and everything stays.
                try "watches: [\n".write(to: file, atomically: true, encoding: .utf8)
                guard case let .refused(message) = server.reloader.reload() else { Issue.record("a bad file was applied"); return }
                #expect(message.contains("config error: \(file.path)"))
                #expect(!message.contains("\n"))
                let after = try await metrics(client) { _ in true }
                #expect(after.contains(#"numwatch_price_toman{provider="main",platform="instagram""#) && after.contains(#"platform="telegram""#))

                // A change serve cannot make while running is named, and left for a restart.
                try yaml(sim.baseURL, database: database + "-other", watches: "  - services: [telegram]\n  - services: [instagram]")
                    .write(to: file, atomically: true, encoding: .utf8)
                #expect(server.reloader.reload() == .applied(added: [], removed: [], needsRestart: ["storage"]))
            }
        }
    }

    /// Start-up and SIGHUP build the sampler's settings in one place, so after a reload the
    /// sampler runs what a start with the new file would: the `sampling:` values too, and the
    /// new default interval for a watch that gives none.
    @Test func aReloadHandsTheSamplerWhatAStartWithTheNewFileWould() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-reload-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("numwatch.yml")
        let database = directory.appendingPathComponent("numwatch.sqlite").path
        try yaml("http://127.0.0.1:9/", database: database, watches: "  - services: [telegram]").write(to: file, atomically: true, encoding: .utf8)
        let server = try NumwatchServer.build(config: try ConfigLoader.load(path: file.path), environment: ["NUMWATCH_TOKEN": "t0ken-t0ken"], port: 0)
        let sampler = try #require(server.reloader.sampler as? Sampler<ContinuousClock>)
        #expect(sampler.settings == SamplerSettings(try ConfigLoader.load(path: file.path)))
        #expect(sampler.settings.sampling.creditInterval == .seconds(60))

        let sampling = "  interval: 45s\n  credit_interval: 5m\n  jitter: 0\n  concurrency: 2\n  max_backoff: 10m"
        try yaml("http://127.0.0.1:9/", database: database, sampling: sampling,
                 watches: "  - services: [telegram]\n  - services: [whatsapp]\n    interval: 2m").write(to: file, atomically: true, encoding: .utf8)
        #expect(server.reloader.reload() == .applied(added: ["whatsapp"], removed: [], needsRestart: []))
        #expect(sampler.settings == SamplerSettings(try ConfigLoader.load(path: file.path)))
        #expect(sampler.settings.sampling == SamplingConfig(
            interval: .seconds(45), creditInterval: .seconds(300), jitter: 0, concurrency: 2, maxBackoff: .seconds(600)))
        #expect(sampler.settings.watches.map(\.interval) == [.seconds(45), .seconds(120)])
    }

    /// The real signal to the real binary: its log says what the reload did.
    @Test func sighupToServeReloadsAndSaysSo() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-sighup-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("numwatch.yml")
        let log = directory.appendingPathComponent("serve.log")
        try await SimulatorHarness.run { sim in
            try yaml(sim.baseURL, database: directory.appendingPathComponent("db.sqlite").path, watches: "  - services: [telegram]")
                .write(to: file, atomically: true, encoding: .utf8)
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let process = Process()
            process.executableURL = CLIProcess.executable
            process.arguments = ["serve", "--config", file.path]
            process.environment = ["NUMWATCH_TOKEN": sim.token]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = try FileHandle(forWritingTo: log)
            try process.run()
            defer { process.terminate(); process.waitUntilExit() }
            func logged(_ text: String) async throws -> Bool {
                for _ in 0..<200 {
                    if (try? String(contentsOf: log, encoding: .utf8))?.contains(text) == true { return true }
                    try await Task.sleep(for: .milliseconds(25))
                }
                return false
            }
            #expect(try await logged("sampling 1 watches"))
            try yaml(sim.baseURL, database: directory.appendingPathComponent("db.sqlite").path,
                     watches: "  - services: [telegram]\n  - services: [whatsapp]").write(to: file, atomically: true, encoding: .utf8)
            kill(process.processIdentifier, SIGHUP)
            #expect(try await logged("configuration reloaded: 2 watches, added whatsapp"))
            try "nonsense: [".write(to: file, atomically: true, encoding: .utf8)
            kill(process.processIdentifier, SIGHUP)
            #expect(try await logged("configuration not reloaded, the running one stays: config error:"))
            #expect(process.isRunning)
        }
    }
}
