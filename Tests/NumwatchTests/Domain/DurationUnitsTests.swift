import Config
import Domain
import Testing

/// The seams' numbers: exact where a Double can be, saturated where an Int64 cannot hold them,
/// and never a trap (Duration's `components` traps past Int64 seconds).
@Suite struct DurationUnitsTests {
    @Test func secondsAndMillisecondsAreExactForWhatTheConfigurationReads() {
        #expect(Duration.milliseconds(300).inSeconds == 0.3)
        #expect(Duration.milliseconds(1_025).inMilliseconds == 1_025)
        #expect(Duration.milliseconds(-1_500).inSeconds == -1.5)
        #expect(Duration.milliseconds(-1_500).inMilliseconds == -1_500)
        #expect(Duration.microseconds(1_999).inMilliseconds == 1)  // toward zero
    }

    @Test func hugeDurationsSaturateInsteadOfTrapping() {
        let huge = Duration.seconds(Int64.max) * 4
        #expect(huge.inMilliseconds == .max)
        #expect((.zero - huge).inMilliseconds == .min)
        #expect(huge.inSeconds > 3e19)
    }

    /// Every `N ms` a file can hold is read as exactly N milliseconds (a Double of seconds made
    /// some a millisecond short).
    @Test func aDurationInTheFileIsExactToTheMillisecond() throws {
        for ms in [1_025, 1_001, 4_097, 999, 86_399_999] {
            let yaml = """
                provider:
                  base_url: https://provider.example/
                http:
                  read_timeout: \(ms < 300_000 && ms >= 1_000 ? "\(ms)ms" : "10s")
                  idle_timeout: \(ms >= 1_000 && ms <= 3_600_000 ? "\(ms)ms" : "30s")
                watches:
                  - services: [telegram]
                """
            let config = try ConfigLoader.parse(yaml: yaml, file: "numwatch.yml")
            if ms >= 1_000, ms < 300_000 { #expect(config.http.readTimeout.inMilliseconds == Int64(ms)) }
            if ms >= 1_000, ms <= 3_600_000 { #expect(config.http.idleTimeout.inMilliseconds == Int64(ms)) }
        }
    }
}
