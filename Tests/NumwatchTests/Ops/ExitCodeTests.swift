import App
import Foundation
import Store
import Testing

/// The real `numwatch` binary's exit codes, as documented: 0 ok, 1 runtime failure, 2 bad usage
/// or bad configuration; errors one line on stderr.
@Suite struct ExitCodeTests {
    init() throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
    }

    private func oneLine(_ text: String) -> Bool { text.hasSuffix("\n") && text.dropLast().split(separator: "\n").count == 1 }

    @Test(arguments: [["bogus"], ["serve", "--bogus"], ["number", "take", "telegram"], ["prices"], ["export", "--since"]])
    func badUsageExitsTwoWithOneLine(_ arguments: [String]) async throws {
        let result = try await CLIProcess.run(arguments)
        #expect(result.status == 2, "\(arguments): \(result.stderr)")
        #expect(result.stderr.hasPrefix("numwatch: "))
        #expect(oneLine(result.stderr), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func unknownSubcommandSaysWhatAndWhereToLook() async throws {
        let result = try await CLIProcess.run(["serve", "--bogus"])
        #expect(result.stderr == "numwatch: Unknown option '--bogus' (see 'numwatch serve --help')\n")
    }

    @Test func badConfigurationExitsTwoWithTheConfigErrorLine() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-exit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("numwatch.yml")
        try """
            provider:
              base_url: http://127.0.0.1:8081/
            watches:
              - services: [telegram]
            sampling:
              intervall: 30s
            """.write(to: file, atomically: true, encoding: .utf8)
        for command in ["check-config", "serve", "rules"] {
            let result = try await CLIProcess.run([command, "--config", file.path], environment: ["NUMWATCH_TOKEN": "t0ken-t0ken"])
            #expect(result.status == 2, "\(command)")
            #expect(result.stderr.hasPrefix("config error: \(file.path):6: sampling.intervall: unknown key"), "\(command): \(result.stderr)")
            #expect(oneLine(result.stderr))
        }
    }

    @Test func versionAndHelpExitZeroOnStdout() async throws {
        let version = try await CLIProcess.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout == numwatchVersion + "\n")
        #expect(version.stderr.isEmpty)
        let help = try await CLIProcess.run(["serve", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--log-format <log-format>"))
        let bare = try await CLIProcess.run([])
        #expect(bare.status == 0)
        #expect(bare.stdout.contains("SUBCOMMANDS"))
    }

    @Test func anUnreachableProviderIsARuntimeFailure() async throws {
        let token = "s3cret-token-never-shown"
        let result = try await CLIProcess.run(["credit", "--base-url", "http://127.0.0.1:1/", "--timeout", "2"], environment: ["NUMWATCH_TOKEN": token])
        #expect(result.status == 1, "\(result.stderr)")
        #expect(result.stderr.hasPrefix("numwatch: "))
        #expect(oneLine(result.stderr), "\(result.stderr)")
        #expect(!result.stderr.contains(token) && !result.stdout.contains(token))
    }
}
