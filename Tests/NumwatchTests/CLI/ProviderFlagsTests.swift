import App
import Foundation
import Testing

/// The CLI's provider flags are checked as `provider:` in the file is: one check of the base URL.
@Suite struct ProviderFlagsTests {
    /// An empty host got past the CLI's own check (and failed later, or took the token first).
    @Test func aBaseURLWithoutAHostIsBadUsageAsInTheFile() async throws {
        LogFormat.text.bootstrap(level: .critical)
        let result = await CLIFuzzTests.run(["credit", "--base-url", "http://:8081/"], cancelled: false)
        #expect(result.code == 2)
        #expect(result.errors == ["numwatch: --base-url: not an http(s) URL: http://:8081/"])
    }

    /// With `--config`, a `--base-url` replaces the file's: it was not checked at all.
    @Test func aBaseURLGivenWithAConfigurationIsCheckedToo() async throws {
        LogFormat.text.bootstrap(level: .critical)
        let directory = try TemporaryDirectory.create("nw-flags")
        defer { TemporaryDirectory.remove(directory) }
        let config = directory.appendingPathComponent("numwatch.yml").path
        try "provider:\n  base_url: https://p.example/\n  token_env: NW_TEST_NEVER_SET\nwatches:\n  - services: [telegram]\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        let result = await CLIFuzzTests.run(["credit", "--config", config, "--base-url", "ftp://p.example/"], cancelled: false)
        #expect(result.code == 2)
        #expect(result.errors == ["numwatch: --base-url: not an http(s) URL: ftp://p.example/"])
    }
}
