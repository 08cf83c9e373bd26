import Alerting
import App
import Domain
import Hummingbird
import Store
import Testing

@Suite struct OverviewPageTests {
    @Test func showsCreditRunwayAndTheCheapestInStockWithTheirChangeAgainstADayAgo() async throws {
        let (status, html) = try await ReportFixture.page(ReportFixture.router(try await ReportFixture.seededStore()), "/")
        #expect(status == .ok)
        let text = visibleText(html)
        #expect(text.contains("Credit 80,000 Toman as of 2026-01-02 23:59 (60 s ago)"))
        // 100,000 -> 80,000 over the last day: 80,000 lasts 4 more days at that rate.
        #expect(text.contains("Runway: 4.0 days at the last 24 hours' spending"))
        #expect(html.contains(#"<svg class="chart""#))

        let telegram = section(html, #">telegram</a></h2>"#)
        #expect(visibleText(telegram).contains("5 countries listed, 4 in stock"))
        // Cheapest in stock first; india is sold out, so it is not offered.
        #expect(countryCodes(telegram) == ["romania", "russia", "usa", "chad"])
        #expect(visibleText(telegram).contains("romania رومانی 9,500 ▼ 500 150"))
        #expect(visibleText(telegram).contains("russia روسیه 12,000 = 40"))
        #expect(visibleText(telegram).contains("usa آمریکا 15,000 new 10"))
        #expect(telegram.contains(#"title="10,000 a day ago""#))
    }

    @Test func theCreditChartStartsFromTheValueInForceAWeekAgo() async throws {
        // Several changes before the chart's start: the one in force then is the latest of them
        // (regression: the query once ordered by its own clamped time and took the oldest).
        let store = try HistoryStore.inMemory()
        let now = ReportFixture.now
        for (daysAgo, credit) in [(20, 900_000), (10, 500_000), (8, 400_000), (1, 300_000)] {
            try await store.ingest(SampleRound(watches: [], credit: CreditSample(time: now - Int64(daysAgo) * 86_400, credit: credit)))
        }
        let html = try await ReportFixture.page(ReportFixture.router(store), "/").html
        #expect(html.contains("Credit, last 7 days (Toman), 2025-12-27 00:00 to 2026-01-03 00:00: from 300,000 to 400,000, last 300,000"))
    }

    @Test func listsSellOutsAndRestocksOfTheLastDayNewestFirst() async throws {
        let (_, html) = try await ReportFixture.page(ReportFixture.router(try await ReportFixture.seededStore()), "/")
        let events = visibleText(section(html, "Sold out and restocked"))
        #expect(events.contains("2026-01-02 23:59 telegram india هند sold out 0 9,500"))
        #expect(events.contains("2026-01-02 23:59 telegram russia روسیه restocked 40 12,000"))
        #expect(!events.contains("romania"))
    }

    @Test func samplingHealthShowsTheLastSampleAndTheErrorsOfTheLastHour() async throws {
        let store = try await ReportFixture.seededStore()
        let (_, html) = try await ReportFixture.page(ReportFixture.router(store), "/")
        let health = visibleText(section(html, #"<h2 class="spaced">Sampling</h2>"#))
        #expect(health.contains("telegram 23:59 (60 s ago) ok 0"))
        #expect(health.contains("telegram+whatsapp no data yet — 0"))
        #expect(health.contains("credit 23:59 (60 s ago) ok 0"))
        #expect(health.contains("Provider errors in the last hour: 0"))
        #expect(!html.contains("Provider unreachable"))
        #expect(!html.contains(#"class="stale""#))
        // The bundle has never been sampled: its card says so rather than showing an empty table.
        #expect(visibleText(section(html, #">telegram+whatsapp</a></h2>"#)).contains("No data yet."))
    }

    @Test func theProviderUnreachableMarksTheDataStale() async throws {
        let store = try await ReportFixture.seededStore()
        // Ten minutes of timeouts after the last good round (at now - 60); the page is seen at now + 600.
        for minute in 0..<10 {
            let t = ReportFixture.now + Int64(minute) * 60
            try await store.ingest(SampleRound(
                watches: [WatchSample(platform: "telegram", time: t, outcome: .timeout, message: "no answer within 10 s")],
                credit: CreditSample(time: t, outcome: .timeout, message: "no answer within 10 s", credit: nil)))
        }
        let (_, html) = try await ReportFixture.page(ReportFixture.router(store, at: ReportFixture.now + 600), "/")
        let text = visibleText(html)
        #expect(text.contains("Provider unreachable. No successful call since 2026-01-02 23:59 (11 min ago); the last one failed with timeout: no answer within 10 s."))
        #expect(text.contains("80,000 Toman as of 2026-01-02 23:59 (11 min ago) · stale"))
        #expect(text.contains("telegram 00:09 (60 s ago) stale timeout 10"))
        #expect(text.contains("Provider errors in the last hour: 20"))
        // The last values seen are still shown.
        #expect(text.contains("romania رومانی 9,500"))
    }

    @Test func anEmptyStoreSaysNoDataYet() async throws {
        let (status, html) = try await ReportFixture.page(ReportFixture.router(try HistoryStore.inMemory()), "/")
        #expect(status == .ok)
        let text = visibleText(html)
        #expect(text.contains("No data yet. numwatch has not finished its first round of samples"))
        #expect(text.contains("No data yet: no credit sample has arrived."))
        #expect(visibleText(section(html, #">telegram</a></h2>"#)).contains("no data yet No data yet."))
        #expect(text.contains("Sold out and restocked, last 24 hours No data yet."))
        #expect(text.contains("No data in this range yet."))
    }

    @Test func alertsFiringAreListedAndAbsentRulesAreSaid() async throws {
        let store = try await ReportFixture.seededStore()
        let none = try await ReportFixture.page(ReportFixture.router(store), "/").html
        #expect(visibleText(section(none, "Alerts firing")).contains("No alerts are configured."))

        let alerts = AlertsDouble(active: [
            AlertView(alertname: "NumwatchStockLow", rule: "tg-romania-stock", platform: "telegram", country: "romania",
                      state: .firing, startsAt: ReportFixture.now - 600, firedAt: ReportFixture.now - 480, value: 150, threshold: 200,
                      summary: "telegram romania: stock 150 < 200", description: "d"),
            AlertView(alertname: "NumwatchCreditLow", rule: "credit_below", state: .pending, startsAt: ReportFixture.now - 30,
                      summary: "credit low", description: "d"),
        ])
        let html = try await ReportFixture.page(ReportFixture.router(store, alerts: alerts), "/").html
        let card = visibleText(section(html, "Alerts firing"))
        #expect(card.contains("firing telegram romania: stock 150 < 200 NumwatchStockLow · since 2026-01-02 23:52"))
        #expect(card.contains("1 pending"))
        #expect(!card.contains("credit low"))

        let quiet = try await ReportFixture.page(ReportFixture.router(store, alerts: AlertsDouble()), "/").html
        #expect(visibleText(section(quiet, "Alerts firing")).contains("None firing."))
    }

    @Test func timesAreInTheConfiguredZoneAndSaySo() async throws {
        let store = try await ReportFixture.seededStore()
        let utc = visibleText(try await ReportFixture.page(ReportFixture.router(store), "/").html)
        #expect(utc.contains("Times in UTC · updated 2026-01-03 00:00"))
        let tehran = visibleText(try await ReportFixture.page(ReportFixture.router(store, timeZone: "Asia/Tehran", refresh: 60), "/").html)
        #expect(tehran.contains("Times in Asia/Tehran (UTC+03:30) · updated 2026-01-03 03:30"))
        #expect(tehran.contains("as of 2026-01-03 03:29"))
        #expect(tehran.contains("this page refreshes every 60 s"))
    }

    @Test func autoRefreshOnlyWhenConfigured() async throws {
        let store = try await ReportFixture.seededStore()
        #expect(!(try await ReportFixture.page(ReportFixture.router(store), "/").html.contains("http-equiv=\"refresh\"")))
        #expect(try await ReportFixture.page(ReportFixture.router(store, refresh: 30), "/").html
            .contains(#"<meta http-equiv="refresh" content="30">"#))
    }

    @Test func aCheapestListFromTheSimulatorMatchesWhatItServed() async throws {
        let rows = try await SimulatorRows.telegram(seed: 7)
        let store = try HistoryStore.inMemory()
        try await store.ingest(SampleRound(watches: [WatchSample(platform: "telegram", time: ReportFixture.now - 30, rows: rows)]))
        let html = try await ReportFixture.page(ReportFixture.router(store), "/").html
        let served = rows.filter { $0.stock > 0 }.sorted { ($0.price, $0.country) < ($1.price, $1.country) }.prefix(5)
        let telegram = section(html, #">telegram</a></h2>"#)
        #expect(countryCodes(telegram) == served.map(\.country))
        #expect(visibleText(telegram).contains("\(rows.count) countries listed, \(rows.filter { $0.stock > 0 }.count) in stock"))
    }
}
