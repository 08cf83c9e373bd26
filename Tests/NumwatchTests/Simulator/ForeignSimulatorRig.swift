import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Simulator

/// The three simulators of one seeded market, on one manual clock, asked in-process.
struct ForeignSimulatorRig {
    static let start = Timestamp(parsing: "2026-03-01T08:00:00Z")!

    struct Answer: Sendable {
        let status: HTTPResponse.Status
        let contentType: String
        let text: String
        let headers: HTTPFields

        /// The body as a JSON object (failing the test's `#require` when it is not one).
        var object: [String: Any]? { (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] }
    }

    static func simulator(_ kind: ProviderKind, seed: UInt64 = 7, clock: ManualWallClock, faults: Faults = Faults()) -> Simulator {
        var options = SimulatorOptions()
        options.kind = kind
        options.seed = seed
        options.faults = faults
        var logger = Logger(label: "test.simulator")
        logger.logLevel = .critical
        return Simulator(options: options, host: "127.0.0.1", port: 0, clock: clock, logger: logger)
    }

    /// GETs each of `paths` from a fresh `kind` simulator, in order, `after` simulated seconds of its market.
    static func get(
        _ kind: ProviderKind, _ paths: [String], seed: UInt64 = 7, clock: ManualWallClock = ManualWallClock(start), after seconds: Double = 0,
        headers: HTTPFields = [:], faults: Faults = Faults()
    ) async throws -> [Answer] {
        let simulator = simulator(kind, seed: seed, clock: clock, faults: faults)
        clock.advance(seconds: seconds)
        return try await ask(simulator, paths, headers: headers)
    }

    /// GETs each of `paths` from `simulator`, in order.
    static func ask(_ simulator: Simulator, _ paths: [String], headers: HTTPFields = [:]) async throws -> [Answer] {
        try await simulator.application.test(.router) { client in
            var answers: [Answer] = []
            for path in paths { answers.append(try await client.get(path, headers: headers)) }
            return answers
        }
    }
}

extension TestClientProtocol {
    func get(_ path: String, headers: HTTPFields = [:]) async throws -> ForeignSimulatorRig.Answer {
        try await execute(uri: path, method: .get, headers: headers, body: nil) { response in
            ForeignSimulatorRig.Answer(status: response.status, contentType: response.headers[.contentType] ?? "",
                                       text: String(buffer: response.body), headers: response.headers)
        }
    }
}

/// A number sent as a number or as a string (sms-activate does both).
func lenientNumber(_ value: Any?) -> Double? {
    if let text = value as? String { return Double(text) }
    if let number = value as? NSNumber { return number.doubleValue }
    return nil
}

/// A country name as the three name it, reduced to letters: "Southafrica", "South Africa" and
/// `south_africa` all read "southafrica".
func letters(_ name: String) -> String { String(name.lowercased().unicodeScalars.filter { ("a"..."z").contains($0) }.map(Character.init)) }
