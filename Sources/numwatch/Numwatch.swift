import App
import ArgumentParser

/// The `numwatch` command: it parses arguments, boots logging and calls into `App`.
@main
struct Numwatch: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "numwatch",
        abstract: "Watch an SMS-activation number provider: prices, stock and credit.",
        version: numwatchVersion,
        subcommands: [
            DemoCommand.self, ServeCommand.self, CheckConfigCommand.self, ExportCommand.self, SimulateCommand.self,
            CreditCommand.self, PricesCommand.self, NumberCommand.self, NumbersCommand.self, RulesCommand.self,
        ]
    )
}
