import App
import Domain
import Foundation
import Hummingbird
import NIOCore
import NIOHTTP1
import HummingbirdTesting
@testable import ProviderAPI
import Testing
@testable import numwatch

/// Values from outside are range-checked where they are read: a request's parameter is a 400
/// naming it and its bounds, a CLI flag one line and exit 2, a provider's number beyond any real
/// amount an unreadable field. Nothing reaches arithmetic that traps.
@Suite struct UntrustedNumbersTests {
    static let history = "/api/v1/history?platform=telegram&country=india&since="

    @Test func theSinceThatStoppedServeIsA400NamingTheBoundsAndServeAnswersOn() async throws {
        try await HostileServe.run(auth: false) { _, client in
            let json = try await client.execute(uri: Self.history + "999999999999y", method: .get, headers: [:], body: nil)
            #expect(json.status == .badRequest)
            #expect(String(buffer: json.body) == #"{"error":{"message":"since: at most 100y, got \"999999999999y\""}}"#)
            let html = try await client.execute(uri: Self.history + "999999999999y", method: .get, headers: [.accept: "text/html"], body: nil)
            #expect(html.status == .badRequest)
            #expect(visibleText(String(buffer: html.body)).contains(#"since: at most 100y, got "999999999999y""#))
            for (since, message) in [("0s", #"since: at least 1s, got \"0s\""#), ("NaN", #"since: expected a duration like 6h or 7d, got \"NaN\""#)] {
                let answer = try await client.execute(uri: Self.history + since, method: .get, headers: [:], body: nil)
                #expect(answer.status == .badRequest)
                #expect(String(buffer: answer.body).contains(message))
            }
            // The longest look-back allowed is answered.
            #expect(try await client.execute(uri: Self.history + "100y", method: .get, headers: [:], body: nil).status == .ok)
            #expect(try await client.execute(uri: "/healthz", method: .get, headers: [:], body: nil).status == .ok)
        }
    }

    @Test func cliFlagsOutOfRangeAreOneLineAndExit2() async throws {
        let directory = try TemporaryDirectory.create("nw-cli-bounds")
        defer { TemporaryDirectory.remove(directory) }
        let database = directory.appendingPathComponent("ledger.sqlite").path
        let cases: [([String], String)] = [
            (["export", "--since", "999999999999y"], #"numwatch: --since: at most 100y, got "999999999999y""#),
            (["numbers", "--database", database, "--since", "999999999999y"], #"numwatch: --since: at most 100y, got "999999999999y""#),
            (["prices", "--limit=-1", "telegram"], "numwatch: --limit: a whole number from 1 to 100000, got -1"),
            (["numbers", "--database", database, "--limit", "0"], "numwatch: --limit: a whole number from 1 to 100000, got 0"),
            (["simulate", "--stock-changes-per-hour", "nan"], "numwatch: --stock-changes-per-hour: a number from 0 to 3600, got nan"),
            (["simulate", "--credit=-5"], "numwatch: --credit: a whole number from 0 to 1000000000000, got -5"),
            (["simulate", "--error-rate", "nan"], "numwatch: --error-rate: a fraction from 0 to 1, got nan"),
            (["simulate", "--latency-ms", "99999999999"], "numwatch: --latency-ms: a whole number from 0 to 600000, got 99999999999"),
            (["demo", "--simulator-port", "65533"], "numwatch: --simulator-port: a whole number from 1 to 65532, got 65533"),
        ]
        for (line, expected) in cases {
            let result = await CLIFuzzTests.run(line, cancelled: true)
            #expect(result.code == 2, "\(line)")
            #expect(result.errors.first?.hasPrefix(expected) == true, "\(line): \(result.errors)")
        }
    }

    @Test func theSimulatorsLeversRefuseAmountsNumwatchWouldNotRead() async throws {
        try await SimulatorHarness.run { sim in
            for path in ["/_sim/credit?credit=9223372036854775807", "/_sim/credit?credit=-1",
                         "/_sim/cell?service=telegram&country=romania&stock=9223372036854775807",
                         "/_sim/cell?service=telegram&country=romania&price=-5"] {
                let status = try await sim.raw(.POST, path).status
                #expect(status == 400, "\(path)")
            }
            let largest = try await sim.raw(.POST, "/_sim/credit?credit=1000000000000").status
            #expect(largest == 200)
        }
    }

    let classifier = ResponseClassifier(token: "tok-123")

    @Test func providerAmountsBeyondATrillionAreUnreadableNotTrapsLater() throws {
        let pricing = """
            {"status":"success","data":[
              {"country":"romania","name":"x","count":188,"price":10000},
              {"country":"huge","name":"x","count":1,"price":9223372036854775807},
              {"country":"negative","name":"x","count":-9223372036854775808,"price":5},
              {"country":"text","name":"x","count":"2000000000000","price":5}
            ]}
            """
        let list = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(string: pricing))
            .decode(DataBody<LossyList<PriceRow>>.self).data
        #expect(list.elements.map(\.country) == ["romania"])
        #expect(list.dropped == 3)
        for credit in ["9223372036854775807", "-1000000000001", "\"1e13\""] {
            #expect(throws: ProviderError.self) {
                try classifier.classify(status: 200, headers: [:], body: ByteBuffer(string: #"{"credit":\#(credit)}"#)).decode(CreditBody.self)
            }
        }
        let largest = try classifier.classify(status: 200, headers: [:], body: ByteBuffer(string: #"{"credit":1000000000000}"#))
            .decode(CreditBody.self)
        #expect(largest.credit == ProviderLimits.largestAmount)
    }
}
