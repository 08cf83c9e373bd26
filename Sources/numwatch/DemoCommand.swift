import App
import ArgumentParser
import Config
import Foundation
import Logging

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo", abstract: "The simulator and the monitor together, with throwaway data; prints the URLs.")
    @Option(help: "Address of numwatch's own HTTP server.") var listen = "127.0.0.1:9464"
    @Option(help: "Port of the simulated provider (on 127.0.0.1); the demo's webhook receiver takes the next one, sms-activate's and 5sim's simulators the two after.")
    var simulatorPort = 8081
    @Option(help: "Log level.") var logLevel: Logger.Level = .warning
    @Option(help: "Log lines on stderr as text or json (one object per line).") var logFormat: LogFormat = .text

    func validate() throws {
        try CLI.check(simulatorPort, "--simulator-port", within: 1...65_532)  // the receiver and two simulators take the next three
    }

    func run() async throws {
        try await CLI.run {
            ProcessMemory.tuneAllocator()
            CLI.bootLogging(logLevel, format: logFormat)
            guard let address = ListenAddress(parsing: listen) else { throw UsageError("--listen: expected host:port, got \(listen)") }
            let logger = Logger(label: "numwatch.demo")
            let ports = Demo.Ports(simulator: simulatorPort)
            print("numwatch demo: three simulated providers over one market, and a week of history written first.")
            let demo = try await Demo.build(listen: address, ports: ports, logger: logger)
            let base = address.url
            print("""
                numwatch samples them every 10 s: the seed document's provider (main) on http://127.0.0.1:\(simulatorPort)/,
                sms-activate's protocol (sa) on :\(ports.smsActivate), 5sim's (fs) on :\(ports.fivesim), prices in roubles at 450 Toman.
                Within a minute: numbers taken and activated, the credit spent down and a country sold out, so two
                alerts fire and their webhooks arrive here (printed below).
                  report    \(base)
                  alerts    \(base)alerts
                  metrics   \(base)metrics
                  health    \(base)healthz
                  history   \(base)api/v1/history?platform=telegram&country=romania&since=7d
                  compare   numwatch compare telegram --config \(demo.configFile.path)
                  provider  NUMWATCH_BASE_URL=http://127.0.0.1:\(simulatorPort)/ NUMWATCH_TOKEN=demo-token numwatch prices telegram
                Data in \(demo.dataDirectory.path) (removed on exit). Ctrl-C to stop.
                """)
            fflush(nil)
            try await demo.run()
        }
    }
}
