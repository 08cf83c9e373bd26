import Config
import Foundation
import Logging
import ServiceLifecycle
import Simulator

/// `numwatch demo`: the simulator and the monitor in one process, with a throwaway data folder,
/// sampling every 10 s so the history fills within seconds.
public struct Demo: Sendable {
    public let simulator: Simulator
    public let server: NumwatchServer
    public let dataDirectory: URL

    public static func build(listen: ListenAddress, simulatorPort: Int, logger: Logger) throws -> Demo {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("numwatch-demo-\(ProcessInfo.processInfo.processIdentifier)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var options = SimulatorOptions()
        options.seed = UInt64(Date().timeIntervalSince1970)
        // A livelier market than the default, so a few minutes of demo show movement.
        options.market.stockChangesPerHour = 30
        options.market.priceChangesPerDay = 48
        let simulator = Simulator(options: options, host: "127.0.0.1", port: simulatorPort, logger: logger)
        let yaml = """
            provider:
              base_url: http://127.0.0.1:\(simulatorPort)/
            sampling:
              interval: 10s
              credit_interval: 10s
            storage:
              path: \(directory.path)/numwatch.sqlite
            http:
              listen: \(listen)
            watches:
              - services: [telegram]
              - services: [whatsapp]
              - services: [instagram]
                countries: [romania, russia, india, indonesia, usa, united_kingdom, germany, brazil]
              - services: [telegram, whatsapp]
            """
        let config = try ConfigLoader.parse(yaml: yaml, file: "demo.yml")
        let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": options.token], logger: logger)
        return Demo(simulator: simulator, server: server, dataDirectory: directory)
    }

    /// Runs both until SIGINT/SIGTERM, then removes the data folder.
    public func run(logger: Logger) async throws {
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let group = ServiceGroup(configuration: .init(
            services: [simulator.application, server.application], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        do {
            try await group.run()
        } catch {
            try? await server.httpClient.shutdown()
            throw error
        }
        try await server.httpClient.shutdown()
    }
}
