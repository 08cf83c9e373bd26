@testable import Alerting
import Config
import Foundation
import Testing

/// `numwatch rules` and `dashboards/alerts.yml` with several providers: every family about a
/// provider's data has a `provider` label, so each provider must alert on its own.
@Suite struct PrometheusRulesTests {
    static let config = """
        provider:
          base_url: http://127.0.0.1:9/
        watches:
          - services: [telegram]
        alerts:
          credit_below: 50000
          ban_risk_at: 40
          rules:
            - name: tg-stock
              services: [telegram]
              stock_below: 100
              stock_clear: 150

        """

    static func rules() throws -> String {
        PrometheusRules.render(try ConfigLoader.parse(yaml: config, file: "numwatch.yml"))
    }

    /// `<repo>/dashboards/<name>`, found from this file (`<repo>/Tests/NumwatchTests/Alerting/`).
    static func dashboardsFile(_ name: String) -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("dashboards").appendingPathComponent(name).path
    }

    /// The `expr:` values of a rules file (one line each, as both files write them).
    static func expressions(_ rules: String) -> [String] {
        rules.split(separator: "\n").compactMap { line in
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("expr: ") else { return nil }
            var expr = String(text.dropFirst("expr: ".count))
            if expr.hasPrefix("\"") { expr = String(expr.dropFirst().dropLast()).replacingOccurrences(of: "\\\"", with: "\"") }
            return expr
        }
    }

    /// An aggregation `by (...)` or a matching `on (...)` without `provider` would add up or join
    /// two providers' series: one provider's sell-out or outage hidden by, or blamed on, another.
    @Test(arguments: ["numwatch rules", "dashboards/alerts.yml"])
    func everyGroupingKeepsTheProvider(source: String) throws {
        let text = source == "numwatch rules" ? try Self.rules() : try String(contentsOfFile: Self.dashboardsFile("alerts.yml"), encoding: .utf8)
        let exprs = Self.expressions(text)
        #expect(exprs.count >= 4)  // the file was read: stock, credit, provider down and ban risk at least
        let grouping = try Regex(#"\b(by|on)\s*\(([^)]*)\)"#)
        for expr in exprs {
            for match in expr.matches(of: grouping) {
                let labels = (match.output[2].substring ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
                #expect(labels.contains("provider"), "\(source): \(match.output[0].substring ?? "") in \(expr)")
            }
        }
    }

    /// The generated rules evaluated by promtool on two providers' series: a sell-out, the stock
    /// hysteresis, an outage and the ban risk at one provider are that provider's alerts only.
    @Test(.enabled(if: Self.promtool != nil, "promtool not installed (apt-get install prometheus)"))
    func twoProvidersAlertSeparately() async throws {
        let directory = try TemporaryDirectory.create("prometheus-rules")
        defer { TemporaryDirectory.remove(directory) }
        let rules = try Self.rules()
        try rules.write(to: directory.appendingPathComponent("rules.yml"), atomically: true, encoding: .utf8)
        let tests = directory.appendingPathComponent("rules_test.yml")
        try Self.unitTests.write(to: tests, atomically: true, encoding: .utf8)
        let result = try await CLIProcess.runProgram(URL(fileURLWithPath: Self.promtool!), ["test", "rules", tests.path])
        #expect(result.status == 0, "promtool test rules:\n\(result.stdout)\(result.stderr)\n--- rules.yml\n\(rules)")
    }

    static let promtool: String? = ["/usr/bin/promtool", "/usr/local/bin/promtool"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// promtool's unit tests for `rules.yml` (1-minute steps; `a+bxn` is n+1 values).
    static let unitTests = """
        rule_files: [rules.yml]
        evaluation_interval: 1m
        tests:
          # telegram in romania: main drops to 50 (fires) and rises to 120 (still firing: it clears
          # at 150); sa stays at 120 and never fell below 100, so it must not fire through main's
          # alert. telegram in india: sold out at sa only.
          - interval: 1m
            input_series:
              - series: 'numwatch_numbers_available{job="nw",instance="a",provider="main",platform="telegram",country="romania"}'
                values: '500 500 50 50 50 50 120+0x10'
              - series: 'numwatch_numbers_available{job="nw",instance="a",provider="sa",platform="telegram",country="romania"}'
                values: '120+0x16'
              - series: 'numwatch_numbers_available{job="nw",instance="a",provider="main",platform="telegram",country="india"}'
                values: '500+0x16'
              - series: 'numwatch_numbers_available{job="nw",instance="a",provider="sa",platform="telegram",country="india"}'
                values: '0+0x16'
            alert_rule_test:
              - eval_time: 10m
                alertname: NumwatchStockLow
                exp_alerts:
                  - exp_labels: {severity: warning, rule: tg-stock, job: nw, instance: a, provider: main, platform: telegram, country: romania}
                    exp_annotations: {summary: "Low stock: telegram in romania at main", description: "120 numbers in stock, below 100 (resolves at 150)"}
                  - exp_labels: {severity: warning, rule: tg-stock, job: nw, instance: a, provider: sa, platform: telegram, country: india}
                    exp_annotations: {summary: "Low stock: telegram in india at sa", description: "0 numbers in stock, below 100 (resolves at 150)"}
          # sa's calls stop succeeding at 5m while main's go on: sa is down, main is not.
          - interval: 1m
            input_series:
              - series: 'numwatch_last_sample_timestamp_seconds{job="nw",instance="a",provider="main",platform="telegram"}'
                values: '0+60x20'
              - series: 'numwatch_credit_last_sample_timestamp_seconds{job="nw",instance="a",provider="main"}'
                values: '0+60x20'
              - series: 'numwatch_last_sample_timestamp_seconds{job="nw",instance="a",provider="sa",platform="telegram"}'
                values: '0+60x5 300+0x15'
              - series: 'numwatch_credit_last_sample_timestamp_seconds{job="nw",instance="a",provider="sa"}'
                values: '0+60x5 300+0x15'
            alert_rule_test:
              - eval_time: 15m
                alertname: NumwatchProviderDown
                exp_alerts:
                  - exp_labels: {severity: critical, rule: provider-down, job: nw, instance: a, provider: sa}
                    exp_annotations: {summary: "Provider sa unreachable", description: "no provider call has succeeded for 10m 0s"}
          # credit and the ban risk belong to one provider's account each.
          - interval: 1m
            input_series:
              - series: 'numwatch_credit_toman{job="nw",instance="a",provider="main"}'
                values: '200000+0x5'
              - series: 'numwatch_credit_toman{job="nw",instance="a",provider="sa"}'
                values: '30000+0x5'
              - series: 'numwatch_numbers_taken_window{job="nw",instance="a",provider="main",window="tehran_day"}'
                values: '45+0x5'
              - series: 'numwatch_numbers_activated_window{job="nw",instance="a",provider="main",window="tehran_day"}'
                values: '0+0x5'
              - series: 'numwatch_numbers_taken_window{job="nw",instance="a",provider="second",window="tehran_day"}'
                values: '10+0x5'
              - series: 'numwatch_numbers_activated_window{job="nw",instance="a",provider="second",window="tehran_day"}'
                values: '0+0x5'
            alert_rule_test:
              - eval_time: 3m
                alertname: NumwatchCreditLow
                exp_alerts:
                  - exp_labels: {severity: critical, rule: credit-below, job: nw, instance: a, provider: sa}
                    exp_annotations: {summary: "Credit low at sa", description: "credit 30000 Toman, below 50000"}
              - eval_time: 3m
                alertname: NumwatchBanRisk
                exp_alerts:
                  - exp_labels: {severity: critical, rule: ban-risk, job: nw, instance: a, provider: main}
                    exp_annotations:
                      summary: "Account at risk of the daily ban"
                      description: "45 numbers taken in a day (the Tehran day or the last 24 hours) with none activated (the provider bans past 50)"

        """
}
