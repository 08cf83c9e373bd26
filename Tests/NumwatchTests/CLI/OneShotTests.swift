import App
import Domain
import Foundation
import ProviderAPI
import Testing

@Suite struct OneShotTests {
    @Test func pricesTableIsSortedByPriceAndLinesUpWithPersianNames() async throws {
        try await SimulatorHarness.run { sim in
            let text = try await OneShotCommands(provider: sim.client()).prices(ServiceSet(["telegram", "whatsapp"]), options: .init(limit: 10))
            let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(lines[0].hasPrefix("telegram+whatsapp (bundle, one number for all 2 services): "))
            #expect(lines[2].hasPrefix("COUNTRY"))
            let rows = lines.dropFirst(4)
            #expect(rows.count == 10)
            let prices = rows.map { Int($0.split(separator: " ", omittingEmptySubsequences: true)[1].replacingOccurrences(of: ",", with: ""))! }
            #expect(prices == prices.sorted())
            // The NAME column starts at the same terminal column on every row.
            let nameColumn = lines[2].count - "NAME".count
            for row in rows {
                let name = row.split(separator: " ").last.map(String.init)!
                #expect(TextTable.displayWidth(String(row.dropLast(name.count))) == nameColumn)
            }
        }
    }

    @Test func displayWidthIgnoresJoinersAndMarks() {
        #expect(TextTable.displayWidth("مونته‌نگرو") == 9)  // ZWNJ takes no column
        #expect(TextTable.displayWidth("abc") == 3)
        #expect(grouped(1_234_567) == "1,234,567")
        #expect(grouped(-500) == "-500")
    }

    @Test func creditReadsLikeMoney() async throws {
        try await SimulatorHarness.run { sim in
            let text = try await OneShotCommands(provider: sim.client()).credit()
            #expect(text == "credit: 2,000,000 Toman")
        }
    }

    @Test func settingsComeFromTheEnvironmentAndNeverEchoTheToken() throws {
        let environment = ["NUMWATCH_BASE_URL": "http://127.0.0.1:8081", "NUMWATCH_TOKEN": " abc \n"]
        let settings = try ProviderSettings.commandLine(baseURL: nil, tokenFile: nil, environment: environment)
        #expect(settings.baseURL == "http://127.0.0.1:8081")
        let token = ProviderToken(try #require(settings.token).read(environment: environment))
        #expect(token.value == "abc")
        #expect("\(token)" == "<redacted>")
        #expect(throws: UsageError.self) { try ProviderSettings.commandLine(baseURL: nil, tokenFile: nil, environment: ["NUMWATCH_TOKEN": "x"]) }
        #expect(throws: UsageError.self) { try ProviderSettings.commandLine(baseURL: "ftp://x", tokenFile: nil, environment: ["NUMWATCH_TOKEN": "x"]) }
    }
}
