import App
import ArgumentParser
import Domain
import Foundation
import ProviderAPI
import Synchronization
import Testing
@testable import numwatch

/// Every command of the CLI — read from its own description (`--experimental-dump-help`), so a
/// command or an option added later is fuzzed without editing this test — is run in-process with
/// each hostile value of the corpus in each option and argument. None may trap; each ends with
/// exit 0, 1 or 2, and every error line it writes is one line with no raw control character.
@Suite struct CLIFuzzTests {
    /// Commands that serve until stopped: they run in a task cancelled before they start, so
    /// a value that happens to be valid shuts them down at once instead of serving forever.
    /// A new command of that kind belongs here.
    static let serving: Set<String> = ["serve", "demo", "simulate"]
    /// Values that reach the command's work rather than its argument checks.
    static let reachingRun: [String: [String]] = [
        "number take": ["--country", "romania"], "prices": [], "number check": [], "number cancel": [],
    ]
    /// Options and arguments that are file paths: the value goes under the test's directory,
    /// four levels down, so `../../etc/passwd` stays inside it.
    static let paths: Set<String> = ["config", "database", "token-file", "path"]

    struct Tool: Decodable { var command: Command }
    struct Command: Decodable {
        var commandName: String
        var subcommands: [Command]?
        var arguments: [Argument]?
    }
    struct Argument: Decodable {
        struct Name: Decodable { var kind: String; var name: String }
        var kind: String
        var preferredName: Name?
        var valueName: String?
        var isOptional: Bool
    }

    /// Leaf commands with their path of names (`["number", "take"]`).
    static func leaves(_ command: Command, path: [String] = []) -> [(path: [String], command: Command)] {
        guard let subcommands = command.subcommands, !subcommands.isEmpty else { return [(path, command)] }
        return subcommands.filter { $0.commandName != "help" }.flatMap { leaves($0, path: path + [$0.commandName]) }
    }

    @Test func everyCommandSurvivesEveryHostileValueInEveryOption() async throws {
        let directory = try TemporaryDirectory.create("nw-cli-fuzz")
        defer { TemporaryDirectory.remove(directory) }
        let deep = directory.appendingPathComponent("a/b/c/d")
        try FileManager.default.createDirectory(at: deep, withIntermediateDirectories: true)
        // Logging once, quietly, before any command boots it (the first boot holds).
        LogFormat.text.bootstrap(level: .critical)
        let tool = try JSONDecoder().decode(Tool.self, from: Data(Numwatch._dumpHelp().utf8))
        let commands = Self.leaves(tool.command)
        var invocations = 0
        var codes: [Int32: Int] = [:]
        for (path, command) in commands {
            let name = path.joined(separator: " ")
            let arguments = (command.arguments ?? []).filter { $0.kind != "flag" && $0.preferredName?.name != "help" && $0.preferredName?.name != "version" }
            let positionals = arguments.filter { $0.kind == "positional" }
            for argument in arguments {
                let key = argument.preferredName?.name ?? argument.valueName ?? ""
                for value in HostileCorpus.values {
                    let given = Self.paths.contains(key) ? deep.path + "/" + value : value
                    var line = path + (Self.reachingRun[name] ?? [])
                    if argument.kind == "positional" {
                        line += positionals.map { $0.valueName == argument.valueName ? given : Self.filler($0, deep) }
                    } else {
                        // `--name=value`, so a value starting with `-` is the option's, not a flag.
                        line += ["--\(key)=\(given)"] + Self.safeDefaults(arguments, except: key, in: directory)
                        line += positionals.map { Self.filler($0, deep) }
                    }
                    let result = await Self.run(line, cancelled: Self.serving.contains(path[0]))
                    invocations += 1
                    codes[result.code, default: 0] += 1
                    #expect([0, 1, 2].contains(result.code), "numwatch \(line.joined(separator: " ").prefix(200)) exited \(result.code)")
                    for errorLine in result.errors {
                        #expect(!errorLine.contains("\n") && !errorLine.unicodeScalars.contains(where: isUnsafeForTerminals),
                                "numwatch \(name): raw control characters in \(errorLine.debugDescription.prefix(200))")
                    }
                }
            }
        }
        #expect(commands.count >= 13)
        print("CLI fuzzer: \(invocations) invocations of \(commands.count) commands (\(HostileCorpus.values.count) hostile values);"
            + " exit codes \(codes.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))")
    }

    /// A valid-looking value for an argument not under test: a service code, or a path inside
    /// the test's directory.
    static func filler(_ argument: Argument, _ deep: URL) -> String {
        paths.contains(argument.valueName ?? "") ? deep.appendingPathComponent("out").path : "telegram"
    }

    /// `--config` and `--database` pointing into the test's directory when they are not the
    /// option under test: no command reads `./numwatch.yml` or writes `~/.local/state`.
    static func safeDefaults(_ arguments: [Argument], except key: String, in directory: URL) -> [String] {
        ["config", "database"].filter { name in name != key && arguments.contains { $0.preferredName?.name == name } }
            .flatMap { ["--\($0)", directory.appendingPathComponent($0 == "config" ? "missing.yml" : "ledger.sqlite").path] }
    }

    struct Result {
        var code: Int32
        var errors: [String]
    }

    /// What `numwatch line...` does in `main`, in this process: parse, run, report; the error
    /// lines are captured instead of written to stderr.
    static func run(_ line: [String], cancelled: Bool) async -> Result {
        let errors = Mutex<[String]>([])
        let code = await CLI.$errorSink.withValue({ text in errors.withLock { $0.append(text) } }) {
            let task = Task { () -> Int32 in
                do {
                    var command = try Numwatch.parseAsRoot(line)
                    if var asyncCommand = command as? any AsyncParsableCommand {
                        try await asyncCommand.run()
                    } else {
                        try command.run()
                    }
                    return 0
                } catch {
                    return Numwatch.report(error)
                }
            }
            if cancelled { task.cancel() }
            return await task.value
        }
        return Result(code: code, errors: errors.withLock { $0 })
    }
}
