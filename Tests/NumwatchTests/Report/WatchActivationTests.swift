import App
import Domain
import Foundation
import Hummingbird
import ProviderAPI
import Store
import Testing
import Web

/// The watch page's "Activated" column: the ledger's activation rate per country.
@Suite struct WatchActivationTests {
    private func table(_ html: String) -> String { section(html, "Every country") }

    private func router(_ store: HistoryStore, ledger: (any ActivationReading)?) -> Router<WebRequestContext> {
        NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: store, watches: ReportFixture.watches, creditInterval: .seconds(60),
            retention: RetentionPolicy(), alerts: nil,
            wallClock: ManualWallClock(Timestamp(microsecondsSince1970: ReportFixture.now * 1_000_000)), ledger: ledger)
    }

    /// telegram: romania 2 activated and 1 cancelled of 3 decided (and 1 still open); russia 1
    /// expired; india only an open number. A bundle's numbers in chad are not telegram's.
    private func seededLedger() async throws -> Ledger {
        let fixture = LedgerFixture(ledger: try Ledger.inMemory())
        let t = (ReportFixture.now - 7_200) * 1000
        for id in ["r1", "r2", "r3", "r4"] { try await fixture.take(id, country: "romania", atMs: t) }
        try await fixture.sms("r1", atMs: t + 30_000)
        try await fixture.sms("r2", atMs: t + 90_000)
        try await fixture.ledger.recordCancelled(numberID: "r3", atMs: t + 120_000)
        try await fixture.take("u1", country: "russia", atMs: t, expiresMs: t + 600_000)
        try await fixture.take("i1", country: "india", atMs: ReportFixture.now * 1000 - 60_000)
        try await fixture.take("b1", platform: "telegram+whatsapp", country: "chad", atMs: t, services: ["telegram", "whatsapp"])
        try await fixture.sms("b1-0", atMs: t + 10_000)
        // r4 still open (it expires later); u1's time is up.
        try await fixture.ledger.settle(nowMs: t + 900_000)
        return fixture.ledger
    }

    @Test func theRateOfEachCountryWithItsCounts() async throws {
        let html = try await ReportFixture.page(router(try await ReportFixture.seededStore(), ledger: try await seededLedger()), "/watch/telegram").html
        let text = visibleText(table(html))
        #expect(text.hasPrefix("Country Price ↑ vs 1 day Stock Activated Since india هند 9,500 ▲ 500 0 — 2026-01-02 23:59"))
        #expect(text.contains("romania رومانی 9,500 ▼ 500 150 67 % (2/3) 2026-01-02 23:59"))
        #expect(text.contains("russia روسیه 12,000 = 40 0 % (0/1) 2026-01-02 23:59"))
        // chad's only number is a bundle's: not telegram's.
        #expect(text.contains("chad <script>alert(1)</script> 20,000 = 5 — 2026-01-01 23:59"))
        #expect(text.contains("Activated: of this watch's numbers taken through numwatch whose fate is known, the share that received an SMS."))
        #expect(table(html).contains(#"title="2 of the 3 numbers whose fate is known received an SMS.">67 % (2/3)</td>"#))
    }

    @Test func theColumnSortsBestFirstWithUnknownRatesLast() async throws {
        let routes = router(try await ReportFixture.seededStore(), ledger: try await seededLedger())
        let answers = try await ReportFixture.pages(routes, ["/watch/telegram?sort=activated", "/watch/telegram?sort=activated&dir=asc"])
        #expect(countryCodes(table(answers[0].html)) == ["romania", "russia", "chad", "india", "usa"])
        #expect(countryCodes(table(answers[1].html)) == ["russia", "romania", "chad", "india", "usa"])
        #expect(table(answers[0].html).contains(#"href="/watch/telegram?range=24h&amp;sort=activated&amp;dir=asc" aria-current="true">Activated ↓</a>"#))
    }

    @Test func withoutALedgerThereIsNoColumn() async throws {
        let html = try await ReportFixture.page(router(try await ReportFixture.seededStore(), ledger: nil), "/watch/telegram").html
        #expect(visibleText(table(html)).hasPrefix("Country Price ↑ vs 1 day Stock Since india هند 9,500 ▲ 500 0 2026-01-02 23:59"))
        #expect(!html.contains("Activated"))
    }

    @Test func aLedgerThatCannotBeReadLeavesThePageUp() async throws {
        let (status, html) = try await ReportFixture.page(router(try await ReportFixture.seededStore(), ledger: BrokenLedger()), "/watch/telegram")
        #expect(status == .ok)
        #expect(visibleText(table(html)).hasPrefix("Country Price ↑ vs 1 day Stock Since india"))
        #expect(visibleText(html).contains("Activated: the numbers ledger could not be read (disk I/O error)."))
    }
}

private struct BrokenLedger: ActivationReading {
    struct Failure: Error, CustomStringConvertible {
        var description: String { "disk I/O error" }
    }

    func activation(platform: String) async throws -> [String: Ledger.Activation] { throw Failure() }
}

/// The overview's count against the provider's daily ban: the fuller of its two possible
/// windows, the one NumwatchBanRisk reads, with the other beside it.
@Suite struct OverviewBanWindowTests {
    @Test func theOverviewShowsTheFullerWindowPastTehransMidnight() async throws {
        // ReportFixture.now is 2026-01-03 00:00 UTC, 03:30 in Tehran: takes at 23:50 the evening
        // before are in the last 24 hours, not in the Tehran day.
        let fixture = LedgerFixture(ledger: try Ledger.inMemory(), account: "https://p")
        let evening = (ReportFixture.now - 4 * 3_600 + 20 * 60) * 1000  // 2026-01-02 20:20 UTC, 23:50 in Tehran
        for id in ["e1", "e2", "e3"] { try await fixture.take(id, country: "romania", atMs: evening) }
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: try await ReportFixture.seededStore(), watches: ReportFixture.watches,
            creditInterval: .seconds(60), retention: RetentionPolicy(), alerts: nil,
            wallClock: ManualWallClock(Timestamp(microsecondsSince1970: ReportFixture.now * 1_000_000)),
            ledger: AccountLedger(ledger: fixture.ledger, account: "https://p"))
        let text = visibleText(try await ReportFixture.page(router, "/").html)
        #expect(text.contains("Numbers: 3 taken in the last 24 hours, 0 activated · 0 taken in the provider's day (Tehran), 0 activated;"
            + " the provider bans past 50 in a day with none activated"))
    }
}
