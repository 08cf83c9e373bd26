import App
import Config
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import ProviderAPI
import Simulator
import Store
import Testing

/// Hostile country names from the provider — markup, quotes, line breaks, control and bidi
/// characters, a 10 KB name — sampled by `serve` from the simulator and then read where a person
/// or a program reads them: the report's pages, /metrics, the webhooks, `numwatch export` and
/// `numwatch prices`.
@Suite struct HostileNamesTests {
    /// The first telegram countries of the simulator's market, each given one hostile name.
    static func names(seed: UInt64) async -> [String: String] {
        var options = SimulatorOptions()
        options.seed = seed
        let codes = await SimulatorEngine(options: options).pricingRows(["telegram"]).map(\.country)
        return Dictionary(uniqueKeysWithValues: zip(codes, Hostile.all.map(\.text)))
    }

    @Test func hostileNamesStayTextOnEveryPageInMetricsWebhooksCSVAndTables() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-hostile")
        defer { TemporaryDirectory.remove(directory) }
        var options = SimulatorOptions()
        options.countryNames = await Self.names(seed: options.seed)
        let names = options.countryNames
        try #require(names.count == Hostile.all.count)
        let countries = names.keys.sorted()
        let receiver = WebhookReceiver()
        let logger = { var logger = Logger(label: "numwatch"); logger.logLevel = .critical; return logger }()
        try await SimulatorHarness.run(options: options) { sim in
            let file = directory.appendingPathComponent("numwatch.yml")
            _ = try await receiver.serve { url in
                let base = url[..<url.range(of: "/hook/")!.upperBound]
                try """
                    provider:
                      base_url: \(sim.baseURL)
                    sampling:
                      interval: 1s
                    storage:
                      path: numwatch.sqlite
                    watches:
                      - services: [telegram]
                        countries: [\(countries.joined(separator: ", "))]
                    alerts:
                      rules:
                    \(countries.map { "    - {services: [telegram], country: \($0), stock_below: 1000000000}" }.joined(separator: "\n"))
                    webhooks:
                      - url: \(base)am
                      - url: \(base)slack
                        format: slack
                    """.write(to: file, atomically: true, encoding: .utf8)
                let server = try NumwatchServer.build(
                    config: try ConfigLoader.load(path: file.path), environment: ["NUMWATCH_TOKEN": sim.token], port: 0, logger: logger)
                try await server.application.test(.live) { client in
                    try await receiver.waitFor(2, atMost: .seconds(60))
                    for path in ["/", "/watch/telegram", "/alerts"] {
                        let html = String(buffer: try await client.execute(uri: path, method: .get, headers: [.accept: "text/html"]).body)
                        expectInert(html, path)
                    }
                    let watch = visibleText(String(buffer: try await client.execute(uri: "/watch/telegram", method: .get).body))
                    #expect(watch.contains(Hostile.markup))
                    #expect(watch.contains(Hostile.attributeBreakout))
                    let alerts = visibleText(String(buffer: try await client.execute(uri: "/alerts", method: .get).body))
                    #expect(alerts.contains("(\(Hostile.markup))"))
                    let metrics = String(buffer: try await client.execute(uri: "/metrics", method: .get).body)
                    expectParsableExposition(metrics, names: names)
                }
                return url
            }
            let deliveries = await receiver.received
            try #require(deliveries.count >= 2)
            expectSafeWebhooks(deliveries.map(\.body), names: names)

            let export = try await CLIProcess.run(["export", "--config", file.path, "--platform", "telegram"])
            #expect(export.status == 0, "\(export.stderr)")
            let records = parseCSV(export.stdout)
            #expect(records.first == ["time", "platform", "country", "name", "price", "stock", "provider", "native"])
            #expect(records.dropFirst().allSatisfy { $0.count == 8 }, "a name made a column: \(records.filter { $0.count != 8 }.map { $0.map(\.debugDescription).joined(separator: " | ").prefix(300) })")
            let named = records.dropFirst().filter { $0.count == 8 }.map { ($0[2], $0[3]) }
            let exported = Dictionary(named) { a, _ in a }
            #expect(exported.count == names.count, "a name made a row")
            // SQLite keeps text up to a NUL: the store writes U+FFFD for it.
            for (country, name) in names.mapValues({ $0.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") }) where exported[country] != name {
                Issue.record("\(country): exported \(exported[country].map { String($0.prefix(80)).debugDescription } ?? "nothing") for \(String(name.prefix(80)).debugDescription)")
            }

            let prices = try await CLIProcess.run(["prices", "telegram", "--config", file.path], environment: ["NUMWATCH_TOKEN": sim.token])
            #expect(prices.status == 0, "\(prices.stderr)")
            expectTerminalSafe(prices.stdout)
        }
    }

    /// SQLite text as GRDB binds it ends at a NUL: the store keeps NUL as U+FFFD, so a name is not
    /// cut and two codes that differ only after a NUL stay two countries (one UNIQUE code failed
    /// the whole round before).
    @Test func aNulInACodeOrNameNeitherCutsNorMergesCountries() async throws {
        let store = try HistoryStore.inMemory()
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "tg", time: 60, rows: [
            ObservedRow(country: "x\u{0}a", name: "one\u{0}two", price: 100, stock: 1),
            ObservedRow(country: "x\u{0}b", name: "three", price: 200, stock: 2),
        ])]))
        let rows = try await store.export(since: 0)
        #expect(Set(rows.map(\.country)) == ["x\u{FFFD}a", "x\u{FFFD}b"])
        #expect(rows.contains { $0.name == "one\u{FFFD}two" })
    }

    /// The provider's error message is shown in a `title` attribute of the overview's health table.
    @Test func aProvidersErrorMessageCannotLeaveItsAttribute() async throws {
        for message in [Hostile.combiningQuote, Hostile.attributeBreakout, Hostile.quotes] {
            let store = try await ReportFixture.seededStore()
            try await store.ingest(SampleRound(watches: [WatchSample(
                platform: "telegram", time: ReportFixture.now - 30, outcome: .providerError, message: message)]))
            let html = try await ReportFixture.page(ReportFixture.router(store), "/").html
            expectInert(html, message)
            let entities: [Unicode.Scalar: String] = ["&": "&amp;", "\"": "&quot;", "'": "&#39;", "<": "&lt;", ">": "&gt;"]
            let escaped = message.unicodeScalars.map { entities[$0] ?? String($0) }.joined()
            #expect(html.contains("title=\"\(escaped)\""), "\(message)")
        }
    }

    /// A report page's provider text is text: no tag or attribute came from it. Each tag is read as
    /// a browser reads it, scalar by scalar (names, then `=` and a quoted or bare value): it must be
    /// well formed, and no attribute may be an event handler. Escaped text such as `onerror=` inside
    /// a quoted value is only text.
    func expectInert(_ html: String, _ path: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!html.contains("<script"), "\(path)", sourceLocation: sourceLocation)
        #expect(!html.contains("<img"), "\(path)", sourceLocation: sourceLocation)
        let attribute = /\s+([^\s"'=<>\/]+)(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?/.matchingSemantics(.unicodeScalar)
        let tagPattern = /<\/?([A-Za-z][A-Za-z0-9-]*)((?:\s+[^\s"'=<>\/]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*\/?>/
            .matchingSemantics(.unicodeScalar)
        for tag in html.matches(of: /<[^>]*>/.matchingSemantics(.unicodeScalar)) where !tag.output.hasPrefix("<!") {
            guard let parsed = tag.output.wholeMatch(of: tagPattern) else {
                Issue.record("\(path): not a well-formed tag: \(tag.output.prefix(300))", sourceLocation: sourceLocation)
                continue
            }
            for name in parsed.output.2.matches(of: attribute).map({ $0.output.1.lowercased() }) {
                #expect(!name.hasPrefix("on") && name != "src" && name != "style", "\(path): \(tag.output.prefix(300))", sourceLocation: sourceLocation)
            }
        }
        // A quote with a combining mark is one Character: look at the scalars.
        #expect(!html.unicodeScalars.split(separator: "\u{301}").dropLast().contains { $0.last == "\"" }, "\(path)", sourceLocation: sourceLocation)
    }

    func expectParsableExposition(_ text: String, names: [String: String]) {
        var info: [String: String] = [:]
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
            if line.hasPrefix("#") {
                #expect(line.hasPrefix("# HELP ") || line.hasPrefix("# TYPE ") || line == "# EOF", "\(line)")
                continue
            }
            guard let sample = ExpositionLine(line) else { Issue.record("unparsable line: \(line.debugDescription)"); continue }
            if sample.name == "numwatch_country_info", let country = sample.labels["country"] { info[country] = sample.labels["name"] }
        }
        // Every character of the name survives, except controls other than the newline (a space)
        // and NUL, which the store keeps as U+FFFD.
        let shown = names.mapValues { name in
            String(String.UnicodeScalarView(name.unicodeScalars.map {
                $0 == "\u{0}" ? "\u{FFFD}" : $0 != "\n" && ($0.value < 0x20 || $0.value == 0x7F) ? " " : $0
            }))
        }
        #expect(info == shown)
    }

    func expectSafeWebhooks(_ bodies: [Data], names: [String: String]) {
        var summaries: [String] = []
        for body in bodies {
            guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any] else {
                Issue.record("not a JSON object: \(String(decoding: body.prefix(200), as: UTF8.self))")
                continue
            }
            if let text = json["text"] as? String {
                // Slack: provider text can neither open a mention or link nor start a line.
                #expect(!text.unicodeScalars.contains { $0 == "<" || $0 == ">" || $0 == "\r" || $0 == "\u{2028}" }, "\(text.prefix(300))")
                for line in text.split(separator: "\n").dropFirst() {
                    #expect(line.hasPrefix("• ") || line.hasPrefix("… and"), "\(line.prefix(100))")
                }
            } else if let alerts = json["alerts"] as? [[String: Any]] {
                summaries += alerts.compactMap { ($0["annotations"] as? [String: String])?["summary"] }
            }
        }
        // Alertmanager's body carries each name whole, as stored (a NUL as U+FFFD, so an alert
        // names its country as the pages and the history do).
        for (country, name) in names.mapValues({ $0.replacingOccurrences(of: "\u{0}", with: "\u{FFFD}") }) {
            #expect(summaries.contains("Low stock: telegram in \(country) (\(name)) at main"), "\(country)")
        }
    }

    /// `numwatch prices`: no control or bidi character, every line of bounded width, the long name cut.
    func expectTerminalSafe(_ output: String) {
        #expect(!output.unicodeScalars.contains { $0 != "\n" && Hostile.isControlOrBidi($0) })
        let lines = output.split(separator: "\n")
        // The heading, the column titles and their rule, then one line per country.
        let countries = output.firstMatch(of: /: (\d+) countries/).flatMap { Int($0.output.1) }
        #expect(lines.count == (countries ?? 0) + 3, "a name broke a line")
        for line in lines { #expect(TextTable.displayWidth(String(line)) <= 140, "\(line.prefix(80))…") }
        #expect(lines.contains { $0.hasSuffix("…") })
    }
}

/// One sample line of the text exposition: `name{label="value",...} number`, values unescaped.
/// Read scalar by scalar: an escaped quote followed by a combining mark is still an escape.
struct ExpositionLine {
    var name: String
    var labels: [String: String] = [:]

    init?(_ line: Substring) {
        var rest = line.unicodeScalars[...]
        func isNameScalar(_ s: Unicode.Scalar) -> Bool { s.isASCII && (s.properties.isAlphabetic || ("0"..."9").contains(s) || s == "_" || s == ":") }
        let name = rest.prefix(while: isNameScalar)
        guard let first = name.first, !("0"..."9").contains(first) else { return nil }
        self.name = String(String.UnicodeScalarView(name))
        rest = rest.dropFirst(name.count)
        if rest.first == "{" {
            rest = rest.dropFirst()
            while let next = rest.first, next != "}" {
                let key = rest.prefix { isNameScalar($0) && $0 != ":" }
                rest = rest.dropFirst(key.count)
                guard !key.isEmpty, rest.starts(with: "=\"".unicodeScalars) else { return nil }
                rest = rest.dropFirst(2)
                var value = String.UnicodeScalarView()
                while let c = rest.first, c != "\"" {
                    rest = rest.dropFirst()
                    if c == "\\" {
                        switch rest.first {
                        case "\\": value.append("\\")
                        case "\"": value.append("\"")
                        case "n": value.append("\n")
                        default: return nil
                        }
                        rest = rest.dropFirst()
                    } else if c == "\n" || c == "\r" {
                        return nil
                    } else {
                        value.append(c)
                    }
                }
                guard rest.first == "\"" else { return nil }
                rest = rest.dropFirst()
                labels[String(String.UnicodeScalarView(key))] = String(value)
                if rest.first == "," { rest = rest.dropFirst() }
            }
            guard rest.first == "}" else { return nil }
            rest = rest.dropFirst()
        }
        let tail = String(String.UnicodeScalarView(rest))
        guard tail.hasPrefix(" "), let value = tail.dropFirst().split(separator: " ").first,
              Double(value) != nil || ["+Inf", "-Inf", "NaN"].contains(value) else { return nil }
    }
}

/// RFC 4180 records: quoted fields may hold commas, quotes (doubled) and line breaks.
func parseCSV(_ text: String) -> [[String]] {
    var records: [[String]] = []
    var record: [String] = []
    var field = ""
    var quoted = false
    var scalars = text.unicodeScalars.makeIterator()
    var pending = scalars.next()
    while let c = pending {
        pending = scalars.next()
        if quoted {
            if c == "\"" {
                if pending == "\"" { field.unicodeScalars.append("\""); pending = scalars.next() } else { quoted = false }
            } else {
                field.unicodeScalars.append(c)
            }
        } else if c == "\"" {
            quoted = true
        } else if c == "," {
            record.append(field)
            field = ""
        } else if c == "\n" || c == "\r" {
            if c == "\r", pending == "\n" { pending = scalars.next() }
            record.append(field)
            records.append(record)
            record = []
            field = ""
        } else {
            field.unicodeScalars.append(c)
        }
    }
    if !field.isEmpty || !record.isEmpty { record.append(field); records.append(record) }
    return records
}
