@testable import Config
import Domain
import Foundation
import PropertyBased
import ProviderAPI
import Testing

/// The configuration reader against random and mutated files: it answers a configuration or
/// errors that each point somewhere (a key or a line), never crashes, and a generated valid file
/// reads back as generated.
@Suite struct ConfigPropertyTests {
    static let base = """
        provider:
          base_url: https://provider.example/
          timeout: 10s
          poll_interval: 30s
        sampling:
          interval: 1m
          credit_interval: 5m
          jitter: 0.1
          concurrency: 4
        storage:
          path: numwatch.sqlite
          retention: 400d
          raw_retention: 35d
        http:
          listen: 127.0.0.1:9464
          external_url: https://numwatch.example/
        watches:
          - services: [telegram]
            countries: [romania, russia]
          - services: [telegram, whatsapp]
            interval: 5m
        alerts:
          credit_below: 50000
          rules:
            - services: [telegram]
              country: romania
              stock_below: 100
              for: 10m
        webhooks:
          - url: https://hooks.example/services/T0/B0/XXXX?key=abc
            format: slack
            secret: hook-secret-1
        report:
          time_zone: Asia/Tehran
        callback:
          public_url: https://numwatch.example/
        """

    /// Parses, and checks what any answer must be: a configuration, or errors that point somewhere.
    @discardableResult
    func expectPointedErrors(_ yaml: String, file: String = "numwatch.yml") -> ConfigErrors? {
        do {
            _ = try ConfigLoader.parse(yaml: yaml, file: file)
            return nil
        } catch {
            let lines = yaml.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).count
            #expect(!error.errors.isEmpty)
            for problem in error.errors {
                #expect(problem.description.hasPrefix("config error: \(file)"))
                let pointed = !problem.key.isEmpty || problem.line != nil || problem.message.hasPrefix("the file is empty")
                #expect(pointed, "neither key nor line: \(problem) in\n\(yaml)")
                if let line = problem.line { #expect((1...lines + 1).contains(line), "\(problem) of \(lines) lines") }
            }
            return error
        }
    }

    @Test func theBaseFileIsValid() throws {
        #expect(expectPointedErrors(Self.base) == nil)
    }

    static let hostileValues = [
        "", "~", "null", "[", "{", "]", "}", "&anchor", "*alias", "!!binary AAAA", "!!python/object:os.system", "? key", "- item",
        "'unterminated", "\"unterminated", "|", ">", "%YAML 1.1", "---", "...", "\t", "0x1F", "1e999", "-1", "99999999999999999999",
        "999999999999y", "999999999999d", "1y1y", "5m1h", "30", "30 s", "-5s", "0s", "[::1]:70000", ":0", "http://", "javascript:alert(1)",
        Hostile.markup, Hostile.controls, Hostile.rtlOverride, Hostile.long, "a: b: c", "{a: [b, {c: d}]}", "[[[[[[[[[[[[]]]]]]]]]]]]",
        "<<: *base", "Yes", "no", "on", "0o17", ".inf", "-.nan",
    ]

    /// The base file after a few line edits: lines deleted, doubled, swapped, re-indented, tabbed,
    /// values replaced by hostile ones, garbage lines inserted.
    static let mutatedYAML = Generator<String, Shrink.None<String>>(run: { rng in
        var lines = base.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let at = Int.random(in: 0..<lines.count, using: &rng)
            switch Int.random(in: 0..<8, using: &rng) {
            case 0: if lines.count > 1 { lines.remove(at: at) }
            case 1: lines.insert(lines[at], at: at)
            case 2: lines.swapAt(at, Int.random(in: 0..<lines.count, using: &rng))
            case 3: lines[at] = "  " + lines[at]
            case 4: lines[at] = String(lines[at].drop { $0 == " " })
            case 5: lines[at] = "\t" + lines[at]
            case 6:
                if let colon = lines[at].firstIndex(of: ":") {
                    lines[at] = String(lines[at][...colon]) + " " + Generators.pick(hostileValues, &rng)
                }
            default: lines.insert(Generators.pick(hostileValues, &rng) + (Bool.random(using: &rng) ? ": x" : ""), at: at)
            }
        }
        return lines.joined(separator: Generators.pick(["\n", "\n", "\r\n", "\r"], &rng))
    })

    @Test func mutatedFilesGiveAConfigurationOrErrorsThatPointSomewhere() async {
        await propertyCheck(count: 400, input: Self.mutatedYAML) { yaml in
            expectPointedErrors(yaml)
        }
    }

    @Test func randomTextGivesErrorsThatPointSomewhere() async {
        let texts = Generator<String, Shrink.None<String>>(run: { rng in
            (0..<Int.random(in: 0...8, using: &rng)).map { _ in
                String(repeating: " ", count: Int.random(in: 0...4, using: &rng)) + Generators.pick(Self.hostileValues + ["provider:", "watches:", "- services: [x]"], &rng)
                    + (Bool.random(using: &rng) ? ": " + Generators.text(&rng) : "")
            }.joined(separator: "\n")
        })
        await propertyCheck(count: 300, input: texts) { yaml in
            expectPointedErrors(yaml)
        }
    }

    // MARK: Durations, listen addresses and URLs

    static let durationText = Generator<(text: String, seconds: Double?), Shrink.None<(text: String, seconds: Double?)>>(run: { rng in
        let units: [(String, Double)] = [("y", 31_536_000), ("w", 604_800), ("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1), ("ms", 0.001)]
        var text = ""
        var seconds = 0.0
        var valid = true
        var lastRank = -1
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            let digits = Int.random(in: 1...14, using: &rng)
            let amount = String((0..<digits).map { _ in Generators.pick(Array("0123456789"), &rng) })
            if Int.random(in: 0..<10, using: &rng) == 0 {
                text += amount + Generators.pick(["x", "M", "µs", " s", "S", "-"], &rng)
                valid = false
                continue
            }
            let rank = Int.random(in: 0..<units.count, using: &rng)
            text += amount + units[rank].0
            if rank <= lastRank || digits > 12 { valid = false }
            lastRank = rank
            seconds += Double(amount)! * units[rank].1
        }
        return (text, valid ? seconds : nil)
    })

    @Test func durationsParseToTheirSumOrNothingAndNeverCrashTheReader() async {
        await propertyCheck(count: 500, input: Self.durationText) { duration in
            let parsed = parseDuration(duration.text)
            if let seconds = duration.seconds {
                #expect(parsed.map { abs($0 - seconds) <= max(1e-6, seconds * 1e-12) } == true, "\(duration.text)")
            } else {
                #expect(parsed == nil, "\(duration.text) read as \(String(describing: parsed))")
            }
            // Every key that holds a duration, with and without bounds, reads it or names itself.
            for (section, key) in [("sampling", "interval"), ("storage", "retention"), ("storage", "raw_retention"),
                                   ("alerts", "provider_down_after"), ("provider", "timeout"), ("report", "refresh")] {
                let yaml = section == "provider"
                    ? "provider:\n  base_url: https://p.example/\n  \(key): \(duration.text)\nwatches:\n  - services: [telegram]\n"
                    : "provider:\n  base_url: https://p.example/\n\(section):\n  \(key): \(duration.text)\nwatches:\n  - services: [telegram]\n"
                if let errors = expectPointedErrors(yaml) {
                    #expect(errors.errors.contains { $0.key == "\(section).\(key)" }, "\(errors)")
                }
            }
        }
    }

    static let listenText = Generator<String, Shrink.None<String>>(run: { rng in
        let host = Generators.pick([
            "", "127.0.0.1", "0.0.0.0", "[::1]", "[::]", "::1", "[", "]", "[]", "localhost", "host name", "[::1", "::1]", "a:b",
            "\(Int.random(in: 0...999, using: &rng)).\(Int.random(in: 0...999, using: &rng)).0.1", Hostile.rtlOverride, Generators.text(&rng),
        ], &rng)
        let port = Generators.pick([
            String(Int.random(in: -10...70_000, using: &rng)), "", "+80", "-0", "0x50", "9464 ", " 9464", "99999999999999999999", "٩٤٦٤",
        ], &rng)
        return Generators.pick([host + ":" + port, host, port, host + ":" + port + ":" + port], &rng)
    })

    // `jsonQuoted` writes YAML double-quoted scalars too: JSON's escapes are YAML's.
    @Test func listenAddressesParseBackToThemselvesOrAreRefusedByName() async {
        await propertyCheck(count: 400, input: Self.listenText) { text in
            if let address = ListenAddress(parsing: text) {
                #expect((0...65_535).contains(address.port))
                #expect(ListenAddress(parsing: address.description) == address, "\(text) → \(address)")
            }
            let yaml = "provider:\n  base_url: https://p.example/\nhttp:\n  listen: \(jsonQuoted(text))\nwatches:\n  - services: [telegram]\n"
            if let errors = expectPointedErrors(yaml) {
                // Or the YAML reader's own refusal of a character, on the line of `listen`.
                #expect(errors.errors.allSatisfy { $0.key == "http.listen" || $0.line == 4 }, "\(errors)")
            }
        }
    }

    static let urlText = Generator<String, Shrink.None<String>>(run: { rng in
        let scheme = Generators.pick(["http://", "https://", "HTTPS://", "ftp://", "javascript:", "", "//", "http:/", "http:///"], &rng)
        let host = Generators.pick(["example.org", "[::1]", "127.0.0.1:8080", "user:pass@host", "", "ex ample.org", "xn--mgba3a4f16a.ir", "ایران.ir", "%zz"], &rng)
        let rest = Generators.pick(["", "/", "/hooks/PATHSECRET", "/?q=QUERYSECRET", "#FRAGSECRET", "/a b", "/\u{0}", Hostile.markup], &rng)
        return scheme + host + rest
    })

    @Test func urlsAreReadOrRefusedWithoutQuotingTheirPathOrQuery() async {
        await propertyCheck(count: 400, input: Self.urlText) { url in
            let yaml = """
                provider:
                  base_url: \(jsonQuoted(url))
                http:
                  external_url: \(jsonQuoted(url))
                watches:
                  - services: [telegram]
                webhooks:
                  - url: \(jsonQuoted(url))
                """
            if let errors = expectPointedErrors(yaml) {
                for secret in ["PATHSECRET", "QUERYSECRET", "FRAGSECRET", "pass@"] {
                    #expect(!errors.description.contains(secret), "\(errors)")
                }
            }
        }
    }

    /// The input the URL property found: the webhook path "/example.org/\0" is redacted from every
    /// message, and "expected an http(s) URL with a host, like https://example.org/" ends in all of it
    /// but the NUL, which Foundation's replacingOccurrences ignores; it then read past the end and
    /// trapped (signal 4), taking the config reader down.
    @Test func aWebhookURLWhosePathEndsInANulIsRefusedWithoutATrap() throws {
        let yaml = "provider:\n  base_url: https://p.example/\nwatches:\n  - services: [telegram]\nwebhooks:\n  - url: \(jsonQuoted("http:///example.org/\u{0}"))\n"
        let errors = try #require(expectPointedErrors(yaml))
        #expect(errors.errors.contains { $0.key == "webhooks[0].url" }, "\(errors)")
        #expect(replacingScalars(of: "/example.org/\u{0}", with: "<r>", in: "like https://example.org/") == "like https://example.org/")
        #expect(replacingScalars(of: "ab", with: "<r>", in: "aab ab\u{301}b a") == "a<r> <r>\u{301}b a")
        #expect(replacingScalars(of: "e\u{301}", with: "<r>", in: "\u{E9} e\u{301}") == "\u{E9} <r>")
    }

    // MARK: A generated valid file reads back as generated

    struct Generated: Sendable {
        var yaml: String
        var interval: Double
        var concurrency: Int
        var retention: Double
        var listen: ListenAddress
        var watches: [(services: [String], countries: [String]?, interval: Double?)]
        var creditBelow: Int?
        var hook: (url: String, format: WebhookFormat, secret: String)?
    }

    static let validFile = Generator<Generated, Shrink.None<Generated>>(run: { rng in
        func code(_ prefix: String) -> String { prefix + String(Int.random(in: 0...9_999, using: &rng)) }
        func seconds(_ range: ClosedRange<Int>) -> Double { Double(Int.random(in: range, using: &rng)) }
        let interval = seconds(1...86_400)
        let concurrency = Int.random(in: 1...32, using: &rng)
        let retention = seconds(36 * 86_400...36_500 * 86_400)
        let listen = Generators.pick([
            ListenAddress(host: "127.0.0.1", port: Int.random(in: 0...65_535, using: &rng)),
            ListenAddress(host: "::1", port: Int.random(in: 0...65_535, using: &rng)),
            ListenAddress(host: "0.0.0.0", port: 9464),
        ], &rng)
        var watches: [(services: [String], countries: [String]?, interval: Double?)] = []
        var platforms = Set<String>()
        for _ in 0..<Int.random(in: 1...5, using: &rng) {
            let services = Array(Set((0..<Int.random(in: 1...5, using: &rng)).map { _ in code("s") })).sorted()
            guard platforms.insert(services.joined(separator: "+")).inserted else { continue }
            let countries = Bool.random(using: &rng) ? nil : Array(Set((0..<Int.random(in: 1...6, using: &rng)).map { _ in code("c-") })).sorted()
            watches.append((services, countries, Bool.random(using: &rng) ? seconds(1...86_400) : nil))
        }
        let creditBelow = Bool.random(using: &rng) ? Int.random(in: 1...1_000_000_000, using: &rng) : nil
        let hook: (url: String, format: WebhookFormat, secret: String)? = Bool.random(using: &rng)
            ? ("https://hooks.example/\(code("p"))?k=\(code("q"))", Generators.pick(WebhookFormat.allCases, &rng), code("secret-"))
            : nil
        var yaml = """
            provider:
              base_url: https://provider.example/
            sampling:
              interval: \(formatDuration(interval))
              concurrency: \(concurrency)
            storage:
              retention: \(formatDuration(retention))
            http:
              listen: "\(listen.description)"
            watches:

            """
        var tail: [String] = []
        for watch in watches {
            tail.append("  - services: [\(watch.services.joined(separator: ", "))]")
            if let countries = watch.countries { tail.append("    countries: [\(countries.joined(separator: ", "))]") }
            if let seconds = watch.interval { tail.append("    interval: \(formatDuration(seconds))") }
        }
        if let creditBelow { tail.append("alerts:\n  credit_below: \(creditBelow)") }
        if let hook { tail.append("webhooks:\n  - url: \(hook.url)\n    format: \(hook.format.rawValue)\n    secret: \(hook.secret)") }
        yaml += tail.joined(separator: "\n") + "\n"
        return Generated(yaml: yaml, interval: interval, concurrency: concurrency, retention: retention, listen: listen,
                         watches: watches, creditBelow: creditBelow, hook: hook)
    })

    @Test func aGeneratedValidFileReadsBackAsGenerated() async {
        await propertyCheck(count: 300, input: Self.validFile) { file in
            do {
                let config = try ConfigLoader.parse(yaml: file.yaml, file: "/etc/numwatch/numwatch.yml")
                #expect(config.sampling.interval == .seconds(file.interval))
                #expect(config.sampling.concurrency == file.concurrency)
                #expect(config.storage.retention == .seconds(file.retention))
                #expect(config.storage.path == "/etc/numwatch/numwatch.sqlite")
                #expect(ListenAddress(host: config.http.host, port: config.http.port) == file.listen)
                #expect(config.watches.map(\.services.codes) == file.watches.map(\.services))
                #expect(config.watches.map(\.countries) == file.watches.map(\.countries))
                #expect(config.watches.map(\.interval) == file.watches.map { .seconds($0.interval ?? file.interval) })
                #expect(config.alerts.creditBelow?.amount == file.creditBelow)
                #expect(config.webhooks.map(\.url) == [file.hook?.url].compactMap { $0 })
                #expect(config.webhooks.map(\.format) == [file.hook?.format].compactMap { $0 })
                #expect(config.webhooks.compactMap(\.secret) == [file.hook?.secret].compactMap { $0 })
            } catch {
                Issue.record("a valid file was refused: \(error)\n\(file.yaml)")
            }
        }
    }
}

extension ConfigPropertyTests {
    /// A character YAML does not allow, which libyaml reports with no offset: the error names its line.
    @Test func anUnreadableCharacterIsPointedAtByLine() throws {
        let errors = try #require(expectPointedErrors("provider:\n  base_url: https://p.example/\n  [[]]: a\u{FFFF}b\n"))
        #expect(errors.errors.contains { $0.line == 3 })
    }
}
