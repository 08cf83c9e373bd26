import App
import Domain
import Foundation
import GRDB
import NIOCore
import ProviderAPI
import Store
import Testing
import Web

/// Numbers written to a ledger as the desk writes them: a take reserved, then its answer.
struct LedgerFixture {
    let ledger: Ledger
    var account = "main"

    /// A number the provider issued, taken at `ms` (the provider day is read from it).
    @discardableResult
    func take(_ id: String, platform: String = "telegram", country: String, atMs ms: Int64, listed: Int? = nil,
              charged: Int? = nil, services: [String]? = nil, expiresMs: Int64? = nil) async throws -> Int64 {
        let codes = services ?? [platform]
        let takeID = try await reserve(platform: platform, country: country, count: codes.count, atMs: ms, listed: listed)
        try await ledger.recordIssued(takeID: takeID, numbers: codes.enumerated().map { index, code in
            Ledger.IssuedEntry(id: codes.count == 1 ? id : "\(id)-\(index)", service: code, phone: "+40700000\(index)",
                               chargedPrice: charged, expiresMs: expiresMs ?? ms + 1_200_000)
        }, answeredMs: ms)
        return takeID
    }

    /// A take whose answer never came usably: it counts, with no number known.
    func takeUnknown(platform: String = "telegram", country: String, atMs ms: Int64) async throws {
        let takeID = try await reserve(platform: platform, country: country, count: 1, atMs: ms, listed: nil)
        try await ledger.recordUnknown(takeID: takeID, error: "timed out", raw: nil, readable: [])
    }

    /// A take the provider refused: it does not count.
    func takeRefused(platform: String = "telegram", country: String, atMs ms: Int64) async throws {
        let takeID = try await reserve(platform: platform, country: country, count: 1, atMs: ms, listed: nil)
        try await ledger.recordRefused(takeID: takeID, message: "no numbers")
    }

    func sms(_ id: String, atMs ms: Int64) async throws {
        let message = LedgerSMS(numberId: id, smsId: "\(id)-sms", sender: "Telegram", content: "Login code: 12345", receivedMs: ms, via: .check)
        _ = try await ledger.recordStatus(numberID: id, expiresMs: nil, sms: [message], atMs: ms)
    }

    private func reserve(platform: String, country: String, count: Int, atMs ms: Int64, listed: Int?) async throws -> Int64 {
        let day = ProviderTime.day(of: Timestamp(microsecondsSince1970: ms * 1000))
        let reservation = try await ledger.reserveTake(
            .init(account: account, platform: platform, country: country, count: count, listedPrice: listed, atMs: ms,
                  providerDay: day.date, tehranDay: day.start.milliseconds..<day.end.milliseconds),
            limit: 45, force: true)
        guard case .reserved(let takeID) = reservation else { throw LedgerFixtureError.refused }
        return takeID
    }
}

enum LedgerFixtureError: Error { case refused }

/// 2026-01-04 23:50 in Tehran (20:20 UTC): ten minutes before the provider's day turns.
private let beforeTehranMidnight = Timestamp(microsecondsSince1970: 1_767_558_000_000_000)

private func milliseconds(_ time: Timestamp) -> Int64 { time.microsecondsSince1970 / 1000 }

private func exposition(_ endpoint: MetricsEndpoint, _ format: ExpositionWriter.Format = .text004) async -> String {
    String(buffer: await endpoint.body(format).bytes)
}

/// The lines of one metric (its samples, and for a histogram its buckets, sum and count).
private func lines(_ text: String, _ name: String) -> [String] {
    text.split(separator: "\n").map(String.init).filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
}

@Suite struct LedgerMetricsTests {
    @Test func countersPerPairCountTakesActivationsAndMoney() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        let t = milliseconds(clock.now()) - 3_600_000
        // romania: two numbers listed at 10,000 and charged 11,000, one charged 9,000 with no
        // listed price known, and a take without an answer; a refused take does not count.
        try await fixture.take("n1", country: "romania", atMs: t, listed: 10_000, charged: 11_000)
        try await fixture.take("n2", country: "romania", atMs: t + 1000, listed: 10_000, charged: 11_000)
        try await fixture.take("n3", country: "romania", atMs: t + 2000, charged: 9_000)
        try await fixture.takeUnknown(country: "romania", atMs: t + 3000)
        try await fixture.takeRefused(country: "romania", atMs: t + 4000)
        try await fixture.sms("n1", atMs: t + 25_000)
        try await fixture.sms("n3", atMs: t + 2000 + 200_000)
        // A bundle: one take of two numbers at one listed price.
        try await fixture.take("b1", platform: "telegram+whatsapp", country: "russia", atMs: t + 5000, listed: 9_000, charged: 5_000,
                               services: ["telegram", "whatsapp"])

        let endpoint = MetricsEndpoint(collectors: [LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock)])
        let text = await exposition(endpoint)
        #expect(lines(text, "numwatch_numbers_taken_total") == [
            #"numwatch_numbers_taken_total{provider="main",platform="telegram",country="romania"} 4"#,
            #"numwatch_numbers_taken_total{provider="main",platform="telegram+whatsapp",country="russia"} 2"#,
        ])
        #expect(lines(text, "numwatch_numbers_activated_total") == [
            #"numwatch_numbers_activated_total{provider="main",platform="telegram",country="romania"} 2"#,
            #"numwatch_numbers_activated_total{provider="main",platform="telegram+whatsapp",country="russia"} 0"#,
        ])
        #expect(lines(text, "numwatch_numbers_spent_toman_total") == [
            #"numwatch_numbers_spent_toman_total{provider="main",platform="telegram",country="romania"} 31000"#,
            #"numwatch_numbers_spent_toman_total{provider="main",platform="telegram+whatsapp",country="russia"} 10000"#,
        ])
        // Only the takes with both prices known: charged / listed is the markup.
        #expect(lines(text, "numwatch_numbers_listed_toman_total") == [
            #"numwatch_numbers_listed_toman_total{provider="main",platform="telegram",country="romania"} 20000"#,
            #"numwatch_numbers_listed_toman_total{provider="main",platform="telegram+whatsapp",country="russia"} 9000"#,
        ])
        #expect(lines(text, "numwatch_numbers_charged_toman_total") == [
            #"numwatch_numbers_charged_toman_total{provider="main",platform="telegram",country="romania"} 22000"#,
            #"numwatch_numbers_charged_toman_total{provider="main",platform="telegram+whatsapp",country="russia"} 10000"#,
        ])
        #expect(lines(text, "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 6"])
        #expect(lines(text, "numwatch_numbers_activated_today") == ["numwatch_numbers_activated_today{provider=\"main\"} 2"])
        #expect(text.contains("# TYPE numwatch_numbers_taken_total counter\n"))
        #expect(text.contains("# TYPE numwatch_numbers_taken_today gauge\n"))
        // Every family has its help and type, in that order.
        let meta = text.split(separator: "\n").filter { $0.hasPrefix("# ") }.map { $0.split(separator: " ").prefix(3).joined(separator: " ") }
        #expect(meta.count == 24)
        for (help, type) in zip(meta.filter { $0.hasPrefix("# HELP") }, meta.filter { $0.hasPrefix("# TYPE") }) {
            #expect(help.dropFirst(7) == type.dropFirst(7))
        }
    }

    /// A refund is known minutes after its charge: the spent counter (gross) never goes down, the
    /// refund counter grows when it becomes known, and the net is a gauge.
    @Test func aRefundKnownLaterNeverLowersACounter() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        let t = milliseconds(clock.now()) - 3_600_000
        try await fixture.take("n1", country: "romania", atMs: t, charged: 10_000, expiresMs: t + 1_200_000)
        try await fixture.ledger.recordCredit(account: "main", credit: 90_000, atMs: t + 60_000)
        let endpoint = MetricsEndpoint(collectors: [LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock)])
        let before = await exposition(endpoint)
        #expect(lines(before, "numwatch_numbers_spent_toman_total") == [#"numwatch_numbers_spent_toman_total{provider="main",platform="telegram",country="romania"} 10000"#])
        #expect(lines(before, "numwatch_numbers_refunded_toman_total") == [#"numwatch_numbers_refunded_toman_total{provider="main",platform="telegram",country="romania"} 0"#])
        #expect(lines(before, "numwatch_numbers_net_spent_toman") == [#"numwatch_numbers_net_spent_toman{provider="main",platform="telegram",country="romania"} 10000"#])
        // Expired unused; six minutes later the credit is back: refunded.
        try await fixture.ledger.recordCredit(account: "main", credit: 100_000, atMs: t + 1_560_000)
        let after = await exposition(endpoint)
        #expect(lines(after, "numwatch_numbers_spent_toman_total") == [#"numwatch_numbers_spent_toman_total{provider="main",platform="telegram",country="romania"} 10000"#])
        #expect(lines(after, "numwatch_numbers_refunded_toman_total") == [#"numwatch_numbers_refunded_toman_total{provider="main",platform="telegram",country="romania"} 10000"#])
        #expect(lines(after, "numwatch_numbers_net_spent_toman") == [#"numwatch_numbers_net_spent_toman{provider="main",platform="telegram",country="romania"} 0"#])
        #expect(after.contains("# TYPE numwatch_numbers_spent_toman_total counter\n"))
        #expect(after.contains("# TYPE numwatch_numbers_refunded_toman_total counter\n"))
        #expect(after.contains("# TYPE numwatch_numbers_net_spent_toman gauge\n"))
    }

    @Test func timeToFirstSMSIsAHistogramWithCumulativeBuckets() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        let t = milliseconds(clock.now()) - 3_600_000
        for (id, seconds) in [("a", 25), ("b", 60), ("c", 200), ("d", 1_500)] {
            try await fixture.take(id, country: "romania", atMs: t, expiresMs: t + 3_600_000)
            try await fixture.sms(id, atMs: t + Int64(seconds) * 1000)
        }
        try await fixture.take("e", country: "romania", atMs: t)  // no SMS: not observed

        let endpoint = MetricsEndpoint(collectors: [LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock)])
        let text = await exposition(endpoint)
        #expect(text.contains("# TYPE numwatch_number_first_sms_seconds histogram\n"))
        #expect(lines(text, "numwatch_number_first_sms_seconds_bucket") == [
            #"numwatch_number_first_sms_seconds_bucket{le="10"} 0"#,
            #"numwatch_number_first_sms_seconds_bucket{le="20"} 0"#,
            #"numwatch_number_first_sms_seconds_bucket{le="30"} 1"#,
            #"numwatch_number_first_sms_seconds_bucket{le="45"} 1"#,
            #"numwatch_number_first_sms_seconds_bucket{le="60"} 2"#,
            #"numwatch_number_first_sms_seconds_bucket{le="90"} 2"#,
            #"numwatch_number_first_sms_seconds_bucket{le="120"} 2"#,
            #"numwatch_number_first_sms_seconds_bucket{le="180"} 2"#,
            #"numwatch_number_first_sms_seconds_bucket{le="300"} 3"#,
            #"numwatch_number_first_sms_seconds_bucket{le="600"} 3"#,
            #"numwatch_number_first_sms_seconds_bucket{le="900"} 3"#,
            #"numwatch_number_first_sms_seconds_bucket{le="1200"} 3"#,
            #"numwatch_number_first_sms_seconds_bucket{le="+Inf"} 4"#,
        ])
        #expect(lines(text, "numwatch_number_first_sms_seconds_sum") == ["numwatch_number_first_sms_seconds_sum 1785"])
        #expect(lines(text, "numwatch_number_first_sms_seconds_count") == ["numwatch_number_first_sms_seconds_count 4"])

        // OpenMetrics writes the bounds as floats, and counter families without `_total`.
        let open = await exposition(endpoint, .openMetrics)
        #expect(open.contains("numwatch_number_first_sms_seconds_bucket{le=\"30.0\"} 1\n"))
        #expect(open.contains("numwatch_number_first_sms_seconds_bucket{le=\"+Inf\"} 4\n"))
        #expect(open.contains("# TYPE numwatch_numbers_taken counter\n"))
        #expect(open.hasSuffix("# EOF\n"))
    }

    @Test func anEmptyLedgerHasZeroGaugesAnEmptyHistogramAndNoPairs() async throws {
        let endpoint = MetricsEndpoint(collectors: [
            LedgerCollector(ledger: try Ledger.inMemory(), account: "main", wallClock: ManualWallClock(beforeTehranMidnight)),
        ])
        let text = await exposition(endpoint)
        #expect(text.contains("# HELP numwatch_numbers_taken_total "))
        #expect(lines(text, "numwatch_numbers_taken_total").isEmpty)
        #expect(lines(text, "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 0"])
        #expect(lines(text, "numwatch_numbers_activated_today") == ["numwatch_numbers_activated_today{provider=\"main\"} 0"])
        #expect(lines(text, "numwatch_number_first_sms_seconds_bucket").count == 13)
        #expect(text.contains("numwatch_number_first_sms_seconds_bucket{le=\"+Inf\"} 0\n"))
        #expect(text.contains("numwatch_number_first_sms_seconds_count 0\n"))
    }

    @Test func todaysGaugesFollowTheProviderDayAcrossTehranMidnight() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        #expect(ProviderTime.day(of: clock.now()).date == "2026-01-04")
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        let t = milliseconds(clock.now())
        for index in 0..<3 { try await fixture.take("x\(index)", country: "romania", atMs: t + Int64(index) * 1000) }
        // Another account's takes on this database are not this account's ban.
        try await LedgerFixture(ledger: fixture.ledger, account: "other").take("o1", country: "romania", atMs: t)

        let endpoint = MetricsEndpoint(collectors: [LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock)])
        var text = await exposition(endpoint)
        #expect(lines(text, "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 3"])
        #expect(lines(text, "numwatch_numbers_activated_today") == ["numwatch_numbers_activated_today{provider=\"main\"} 0"])

        // 00:05 in Tehran: a new provider day, and no write to the ledger: the gauges start over,
        // the counters do not.
        clock.advance(seconds: 15 * 60)
        #expect(ProviderTime.day(of: clock.now()).date == "2026-01-05")
        text = await exposition(endpoint)
        #expect(lines(text, "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 0"])
        #expect(lines(text, "numwatch_numbers_taken_total") == [#"numwatch_numbers_taken_total{provider="main",platform="telegram",country="romania"} 4"#])
        // The last 24 hours still hold them: the ban may count either.
        #expect(lines(text, "numwatch_numbers_taken_window") == [
            #"numwatch_numbers_taken_window{provider="main",window="tehran_day"} 0"#, #"numwatch_numbers_taken_window{provider="main",window="24h"} 3"#,
        ])
        #expect(lines(text, "numwatch_numbers_activated_window") == [
            #"numwatch_numbers_activated_window{provider="main",window="tehran_day"} 0"#, #"numwatch_numbers_activated_window{provider="main",window="24h"} 0"#,
        ])

        // The first take of the new day, activated: yesterday's numbers stay yesterday's.
        try await fixture.take("y0", country: "romania", atMs: milliseconds(clock.now()))
        try await fixture.sms("y0", atMs: milliseconds(clock.now()) + 30_000)
        text = await exposition(endpoint)
        #expect(lines(text, "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 1"])
        #expect(lines(text, "numwatch_numbers_activated_today") == ["numwatch_numbers_activated_today{provider=\"main\"} 1"])
        #expect(lines(text, "numwatch_numbers_taken_window") == [
            #"numwatch_numbers_taken_window{provider="main",window="tehran_day"} 1"#, #"numwatch_numbers_taken_window{provider="main",window="24h"} 4"#,
        ])

        // A day (and the window's 5-minute margin) later, with no write: the takes have left the
        // last 24 hours too (the cached exposition is rebuilt as time passes, not only on writes).
        clock.advance(seconds: 86_400 + 300)
        text = await exposition(endpoint)
        #expect(lines(text, "numwatch_numbers_taken_window") == [
            #"numwatch_numbers_taken_window{provider="main",window="tehran_day"} 0"#, #"numwatch_numbers_taken_window{provider="main",window="24h"} 0"#,
        ])
    }

    @Test func aWriteByAnotherProcessShowsAtTheNextScrape() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nw-ledger-\(UUID().uuidString).sqlite").path
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        let clock = ManualWallClock(beforeTehranMidnight)
        // serve's handle and the CLI's, each with its own connections to the same file. (serve
        // asks the database at most once a second; here at every scrape.)
        let serve = try Ledger.open(path: path)
        let cli = LedgerFixture(ledger: try Ledger.open(path: path))
        let endpoint = MetricsEndpoint(collectors: [LedgerCollector(ledger: serve, account: "main", wallClock: clock, versionReadInterval: .zero)])
        #expect(lines(await exposition(endpoint), "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 0"])

        try await cli.take("c1", country: "chad", atMs: milliseconds(clock.now()))
        let text = await exposition(endpoint)
        #expect(lines(text, "numwatch_numbers_taken_today") == ["numwatch_numbers_taken_today{provider=\"main\"} 1"])
        #expect(lines(text, "numwatch_numbers_taken_total") == [#"numwatch_numbers_taken_total{provider="main",platform="telegram",country="chad"} 1"#])
    }

    @Test func aCountryStringCannotBreakTheExposition() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        try await fixture.take("h1", country: "ro\"mania\\\n} 1\nnumwatch_fake 1", atMs: milliseconds(clock.now()))
        let text = await exposition(MetricsEndpoint(collectors: [LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock)]))
        #expect(text.contains(#"numwatch_numbers_taken_total{provider="main",platform="telegram",country="ro\"mania\\\n} 1\nnumwatch_fake 1"} 1"# + "\n"))
        #expect(!text.split(separator: "\n").contains { $0.hasPrefix("numwatch_fake") })
    }

    @Test func aLedgerThatCannotBeReadLeavesTheScrapeAndComesBack() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        try await fixture.take("r1", country: "romania", atMs: milliseconds(clock.now()))
        let endpoint = MetricsEndpoint(collectors: [
            // Asking the database at every scrape: the breakage below bypasses the ledger's API.
            LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock, versionReadInterval: .zero),
            BuildCollector(version: "9.9.9"),
        ])
        #expect(await exposition(endpoint).contains("numwatch_numbers_taken_today{provider=\"main\"} 1\n"))

        // The number table gone after a write (a broken database): the rest of /metrics is still
        // served.
        try await fixture.ledger.writer.write { db in
            try db.execute(sql: "ALTER TABLE number RENAME TO number_away")
            try db.execute(sql: "UPDATE meta SET value = value + 1 WHERE key = 'ledger_version'")
        }
        let broken = await exposition(endpoint)
        #expect(broken.contains(#"numwatch_build_info{version="9.9.9"} 1"#))
        #expect(!broken.contains("numwatch_number"))

        // Back: the next scrape has the ledger again, not the cached exposition without it, in
        // the other format first and then in this one (whose pieces kept from the failure must
        // not be reused once the other format's collection cleared the failure).
        try await fixture.ledger.writer.write { try $0.execute(sql: "ALTER TABLE number_away RENAME TO number") }
        #expect(await exposition(endpoint, .openMetrics).contains("numwatch_numbers_taken_today{provider=\"main\"} 1\n"))
        #expect(await exposition(endpoint).contains("numwatch_numbers_taken_today{provider=\"main\"} 1\n"))
    }

    /// The generation is known without waiting (the event loop may answer the scrape) while the
    /// version read last is recent and the ledger healthy, and it is then the one a wait gives;
    /// never while failing; and after a recovery it is not the one from before the failure.
    @Test func theGenerationIsKnownWithoutWaitingOnlyWhenAWaitWouldGiveTheSame() async throws {
        let clock = ManualWallClock(beforeTehranMidnight)
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        try await fixture.take("r1", country: "romania", atMs: milliseconds(clock.now()))
        let collector = LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock, versionReadInterval: .seconds(3600))
        #expect(collector.readyGeneration == nil)  // the version never read
        let healthy = await collector.generation
        #expect(collector.readyGeneration == healthy)

        // A collection that fails (the number table gone): nothing is known without waiting.
        try await fixture.ledger.writer.write { try $0.execute(sql: "ALTER TABLE number RENAME TO number_away") }
        var writer = ExpositionWriter(format: .text004)
        await collector.collect(into: &writer)
        #expect(collector.readyGeneration == nil)
        #expect(await collector.generation != healthy)

        // Back: known again, and not the generation from before the failure.
        try await fixture.ledger.writer.write { try $0.execute(sql: "ALTER TABLE number_away RENAME TO number") }
        writer = ExpositionWriter(format: .text004)
        await collector.collect(into: &writer)
        let recovered = try #require(collector.readyGeneration)
        #expect(recovered != healthy)
        #expect(await collector.generation == recovered)

        let everyTime = LedgerCollector(ledger: fixture.ledger, account: "main", wallClock: clock, versionReadInterval: .zero)
        _ = await everyTime.generation
        #expect(everyTime.readyGeneration == nil)  // a read is due at every scrape
    }
}
