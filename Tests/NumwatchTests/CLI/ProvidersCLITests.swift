@testable import App
import Config
import Domain
import Foundation
import Testing

/// The command line over several providers: `check-config --providers` lists them without their
/// secrets; the commands that take numbers refuse a file without a provider that sells them; a
/// reload names a change of providers as needing a restart.
@Suite struct ProvidersCLITests {
    static let secrets = ["PASSSECRET", "QUERYSECRET", "sa-key-SECRET", "fs-token-SECRET", "main-token-SECRET"]

    static let threeProviders = """
        providers:
          - id: main
            kind: myonlinesim
            base_url: https://provider.example/
            token_env: NUMWATCH_TOKEN
          - id: sa
            kind: sms_activate
            base_url: https://user:PASSSECRET@sa.example/stubs/handler_api.php?api_key=QUERYSECRET
            token_file: sa-key
            toman_per_unit: 450
            concurrency: 2
            timeout: 2s
          - id: fs
            kind: fivesim
            base_url: https://fs.example/
            toman_per_unit: 0.5
            currency: USD
            timeout: 2s
        watches:
          - services: [telegram]
            countries: [india, russia]
          - services: [telegram, whatsapp]
        """

    func withFile<T>(_ yaml: String, _ body: (URL) async throws -> T) async throws -> T {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nw-providers-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "sa-key-SECRET\n".write(to: directory.appendingPathComponent("sa-key"), atomically: true, encoding: .utf8)
        let file = directory.appendingPathComponent("numwatch.yml")
        try yaml.write(to: file, atomically: true, encoding: .utf8)
        return try await body(file)
    }

    @Test func theListingShowsEachProviderAndWhatItSamplesWithoutSecrets() throws {
        let config = try ConfigLoader.parse(yaml: Self.threeProviders, file: "numwatch.yml")
        #expect(config.providerListing() == [
            "main: myonlinesim at https://provider.example/, prices in IRT at 1 Toman each, token from token_env; numbers are taken here;"
                + " samples telegram (india, russia), telegram+whatsapp",
            "sa: sms_activate at https://sa.example/…, prices in RUB at 450 Toman each, token from token_file, at most 2 calls at once;"
                + " samples telegram (india, russia)",
            "fs: fivesim at https://fs.example/, prices in USD at 0.5 Toman each, no token (its credit is not sampled);"
                + " samples telegram (india, russia)",
        ])
        #expect(config.watchSummary == "telegram from main, sa, fs; telegram+whatsapp from main")
    }

    @Test func checkConfigListsTheProvidersAndReadsEveryToken() async throws {
        try await withFile(Self.threeProviders) { file in
            let result = try await CLIProcess.run(["check-config", "--config", file.path, "--providers"],
                                                  environment: ["NUMWATCH_TOKEN": "main-token-SECRET-0123456789"])
            #expect(result.status == 0, "\(result.stderr)")
            let lines = result.stdout.split(separator: "\n").map(String.init)
            #expect(lines.count > 4)
            #expect(lines.first == "\(file.path): ok — 4 watches (telegram from main, sa, fs; telegram+whatsapp from main), history in"
                + " \(file.deletingLastPathComponent().appendingPathComponent("numwatch.sqlite").path)")
            #expect(lines.dropFirst().prefix(3).map { $0.prefix(while: { $0 != ":" }) } == ["main", "sa", "fs"])
            // Then what each provider of another kind could not be asked or matched: these cannot be reached.
            let live = lines.dropFirst(4)
            #expect(live.contains { $0.hasPrefix("sa: telegram: ") } && live.contains { $0.hasPrefix("fs: telegram: ") }, "\(live)")
            #expect(result.stderr.contains("asking sa for telegram…\n"))
            for secret in Self.secrets { #expect(!(result.stdout + result.stderr).contains(secret), "\(secret)") }

            // Every provider's token is read: sa's file gone, check-config names its key and line.
            try FileManager.default.removeItem(at: file.deletingLastPathComponent().appendingPathComponent("sa-key"))
            let missing = try await CLIProcess.run(["check-config", "--config", file.path],
                                                   environment: ["NUMWATCH_TOKEN": "main-token-SECRET-0123456789"])
            #expect(missing.status == 2)
            #expect(missing.stderr == "config error: \(file.path):9: providers[1].token_file: cannot read the token file: no such file\n")
        }
    }

    @Test func withoutAMyonlinesimProviderANumberCommandSaysSoInOneLineAndExitsTwo() async throws {
        let yaml = """
            providers:
              - {id: sa, kind: sms_activate, base_url: "https://sa.example/", token_env: SA_API_KEY, toman_per_unit: 450}
            watches:
              - services: [telegram]
            """
        try await withFile(yaml) { file in
            for command in [["number", "take", "telegram", "--country", "india"], ["credit"]] {
                let result = try await CLIProcess.run(command + ["--config", file.path], environment: ["SA_API_KEY": "sa-key-SECRET"])
                #expect(result.status == 2, "\(command): \(result.stderr)")
                #expect(result.stderr == "config error: \(file.path): providers: numbers are taken (and the provider commands run) only at a"
                    + " provider of kind myonlinesim, and this file has none (sa is sms_activate)\n")
                #expect(result.stdout.isEmpty)
            }
        }
    }

    /// SIGHUP cannot start or stop a provider's client: a change of providers is named as
    /// needing a restart (`provider` for a file of today, `providers` for a list).
    @Test func aReloadNamesAChangeOfProvidersAsNeedingARestart() throws {
        let today = try ConfigLoader.parse(yaml: ConfigTests.minimal, file: "numwatch.yml")
        #expect(ConfigReloader.restartKeys(today, today).isEmpty)
        var slower = today
        slower.provider.timeout = .seconds(20)
        #expect(ConfigReloader.restartKeys(today, slower) == ["provider"])
        let three = try ConfigLoader.parse(yaml: Self.threeProviders, file: "numwatch.yml")
        #expect(ConfigReloader.restartKeys(today, three) == ["providers"])
        var rate = three
        rate.providers[1].tomanPerUnit = 460
        #expect(ConfigReloader.restartKeys(three, rate) == ["providers"])
        #expect(ConfigReloader.restartKeys(three, three).isEmpty)
    }
}
