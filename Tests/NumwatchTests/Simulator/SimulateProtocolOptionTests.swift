import Foundation
import Testing

/// `numwatch simulate --protocol …` and `--toman-per-unit`, as a person types them.
@Suite struct SimulateProtocolOptionTests {
    @Test func helpNamesTheProtocolsAndBadValuesExit2() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let help = try await CLIProcess.run(["simulate", "--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("--protocol <protocol>"))
        #expect(help.stdout.contains("sms_activate") && help.stdout.contains("fivesim"))
        #expect(help.stdout.contains("--toman-per-unit"))

        let unknown = try await CLIProcess.run(["simulate", "--protocol", "smsactivate"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("--protocol") && unknown.stderr.contains("smsactivate"))
        let rate = try await CLIProcess.run(["simulate", "--protocol", "fivesim", "--toman-per-unit", "0"])
        #expect(rate.status == 2)
        #expect(rate.stderr.contains("--toman-per-unit: a number from 1 to 1000000, got 0"))
    }
}
