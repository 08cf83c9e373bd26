import App
import ArgumentParser
import Foundation

/// The `numwatch` command: it parses arguments, boots logging and calls into `App`.
@main
struct Numwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numwatch",
        abstract: "Watch an SMS-activation number provider: prices, stock and credit.",
        version: numwatchVersion,
        subcommands: [
            DemoCommand.self, ServeCommand.self, CheckConfigCommand.self, ExportCommand.self, CompareCommand.self, SimulateCommand.self,
            CreditCommand.self, PricesCommand.self, NumberCommand.self, NumbersCommand.self, RulesCommand.self,
            BackupCommand.self,
        ]
    )

    /// ArgumentParser's own `main` exits 64 (EX_USAGE) on bad usage and prints the whole usage
    /// screen; numwatch documents 2 and one line on stderr, as for every other error. Help and
    /// `--version` still print in full on stdout and exit 0.
    static func main() async {
        let code: Int32
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
            code = 0
        } catch {
            code = report(error)
        }
        Foundation.exit(code)
    }

    /// Prints what `error` calls for and returns the exit code: 0 for help and version, 2 for bad
    /// usage, else the error's own (an `ExitCode` thrown by `CLI.run`, which has already printed).
    static func report(_ error: any Error) -> Int32 {
        let code = exitCode(for: error)
        if code == .success {
            print(fullMessage(for: error))
            return 0
        }
        let text = message(for: error)
        if code == .validationFailure {
            // The usage screen ends by saying which --help to read: "See 'numwatch serve --help' ...".
            let full = fullMessage(for: error)
            let hint = full.range(of: "See '").flatMap { start in
                full[start.upperBound...].firstIndex(of: "'").map { " (see '\(full[start.upperBound..<$0])')" }
            } ?? ""
            CLI.printError(text + hint)
            return 2
        }
        if !text.isEmpty { CLI.printError(text) }
        return code.rawValue
    }
}
