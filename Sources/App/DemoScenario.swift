import Domain
import Foundation
import Hummingbird
import Logging
import Numbers
import ProviderAPI
import ServiceLifecycle
import Simulator
import Store

/// What `numwatch demo` makes happen, so that within a minute or two every part of numwatch has
/// something to show: numbers taken (their SMS pushed back to serve's callback), then the credit
/// spent down and a country sold out, so the low-credit and low-stock rules fire and their
/// webhooks arrive at the demo's own receiver.
struct DemoScenario: Service, CustomStringConvertible {
    /// Seconds after the start of each step (shortened for tests).
    struct Pace: Sendable {
        var firstTakes: Double = 3
        var spendCredit: Double = 25
        var sellOut: Double = 35
        static let live = Pace()
        static let quick = Pace(firstTakes: 0.5, spendCredit: 1, sellOut: 1.5)
    }

    let engine: SimulatorEngine
    let desk: NumberDesk
    let pace: Pace
    /// The country whose telegram stock the scenario drops (Romania, if the market sells it there).
    let sellOutCountry: String
    let logger: Logger
    let say: @Sendable (String) -> Void

    /// Never the fields: the desk holds the callback URL, whose path is a secret.
    var description: String { "DemoScenario" }

    func run() async throws {
        let start = ContinuousClock.now
        @Sendable func at(_ seconds: Double) async throws {
            try await Task.sleep(until: start.advanced(by: .milliseconds(Int64(seconds * 1000))), clock: .continuous)
        }
        do {
            try await cancelWhenGracefulShutdown {
                try await at(pace.firstTakes)
                // The cheapest country in stock for each, as `number take --cheapest` chooses.
                for services in [["telegram"], ["whatsapp"], ["instagram"], ["telegram", "whatsapp"]] {
                    do {
                        let set = try ServiceSet(services)
                        let choice = try await desk.cheapest(set, criteria: .init())
                        let take = try await desk.take(set, country: choice.row.country, listedPrice: choice.row.price)
                        say("took \(take.numbers.map(\.numberID).joined(separator: " + ")) (\(set.platform) in \(choice.row.country),"
                            + " the cheapest in stock); its SMS will be pushed to numwatch's /callback")
                    } catch {
                        say("could not take a \(services.joined(separator: "+")) number: \(error)")
                    }
                }
                try await at(pace.spendCredit)
                await engine.setCredit(40_000)
                say("the simulated account's credit drops to 40,000 Toman: NumwatchCreditLow fires at the next credit sample")
                try await at(pace.sellOut)
                _ = await engine.setCell(service: "telegram", country: sellOutCountry, stock: 3, price: nil)
                say("telegram in \(sellOutCountry) nearly sells out (3 left): NumwatchStockLow fires at the next sample")
            }
        } catch is CancellationError {
            return
        }
    }
}

/// The demo's webhook receiver: where numwatch's alert webhooks go, each delivery printed.
enum DemoWebhookReceiver {
    static func application(host: String, port: Int, logger: Logger, say: @escaping @Sendable (String) -> Void) -> some ApplicationProtocol {
        let router = Router()
        router.post("hook") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 20)
            say("webhook delivered: " + summary(Data(body.readableBytesView)))
            return .ok
        }
        return Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "numwatch-demo-receiver"),
                           logger: logger)
    }

    /// `firing NumwatchCreditLow: credit 40,000 Toman, below 50,000`
    static func summary(_ body: Data) -> String {
        struct Body: Decodable {
            struct Alert: Decodable { let labels: [String: String]; let annotations: [String: String] }
            let status: String
            let alerts: [Alert]
        }
        guard let decoded = try? JSONDecoder().decode(Body.self, from: body) else { return "\(body.count) bytes" }
        return decoded.alerts.map { alert in
            "\(decoded.status) \(alert.labels["alertname"] ?? "?"): \(alert.annotations["description"] ?? "")"
        }.joined(separator: "; ")
    }
}
