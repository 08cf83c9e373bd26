import App
import Domain
import Hummingbird
import Sampler
import Store
import Testing
import Web

/// The report with two providers: who sells each country cheapest, by how much, and each
/// provider's own credit, health, stock events, columns and chart lines.
@Suite struct ProviderComparisonTests {
    private func overview() async throws -> String {
        try await ReportFixture.page(TwoProviders.router(try await TwoProviders.store()), "/").html
    }

    @Test func theOverviewShowsEachProvidersCreditAndRunwayWithTheNativeCurrency() async throws {
        let html = try await overview()
        let credit = visibleText(section(html, "<h2>Credit</h2>"))
        #expect(credit.contains("main 80,000 Toman as of 2026-01-02 23:59 (60 s ago) Runway: 4.0 days at the last 24 hours' spending"))
        // fs's credit as read (roubles) beside its Toman value; main prices in Toman: no second figure.
        #expect(credit.contains("fs 45,000 Toman (100 RUB) as of 2026-01-02 23:59 (60 s ago) Runway: 24 hours"))
        #expect(!credit.contains("(80,000"))
        // The credit chart has a line per provider, named.
        #expect(html.contains("Credit, last 7 days (Toman), 2025-12-27 00:00 to 2026-01-03 00:00: main from 80,000 to 100,000, last 80,000; fs from 45,000 to 90,000, last 45,000"))
    }

    @Test func eachWatchCardListsTheCheapestProviderOfEachCountryAndItsMargin() async throws {
        let html = try await overview()
        // One card per platform, whatever the number of providers.
        #expect(html.components(separatedBy: #">telegram</a></h2>"#).count == 2)
        let card = section(html, #">telegram</a></h2>"#)
        #expect(countryCodes(card) == ["romania", "india", "russia", "usa", "chad"])
        let text = visibleText(card)
        #expect(text.contains("5 countries listed by 2 of 2 providers, 5 in stock"))
        #expect(text.contains("Cheapest in stock Provider Price Beats the next by vs 1 day Stock"))
        // 500 under main's 9,500 is 5.3 %; against fs's own 9,900 a day ago.
        #expect(text.contains("romania رومانی fs 9,000 500 (5.3 %) under main ▼ 900 30"))
        // main has india but sold out; russia only fs lists; a tie goes to the provider configured first.
        #expect(text.contains("india هند fs 9,900 only provider in stock = 7"))
        #expect(text.contains("russia Russia fs 12,150 only provider new 4"))
        #expect(text.contains("usa آمریکا main 15,000 ties with fs new 10"))
        #expect(card.contains(#"title="main sells it at 9,500 Toman""#))
    }

    @Test func healthAndStockEventsNameTheirProvider() async throws {
        let html = try await overview()
        let health = visibleText(section(html, #"<h2 class="spaced">Sampling</h2>"#))
        #expect(health.hasPrefix("Provider Target Last sample Outcome Errors, 1 h main telegram 23:59 (60 s ago) ok 0 fs telegram 23:59 (60 s ago) ok 0"))
        #expect(health.contains("main telegram+whatsapp no data yet — 0"))
        #expect(health.contains("main credit 23:59 (60 s ago) ok 0 fs credit 23:59 (60 s ago) ok 0"))
        let events = visibleText(section(html, "Sold out and restocked"))
        #expect(events.contains("Time Provider Watch Country Event Stock Price"))
        #expect(events.contains("2026-01-02 23:59 main telegram india هند sold out 0 9,500"))
        #expect(events.contains("2026-01-02 23:59 fs telegram india India restocked 7 9,900"))
    }

    @Test func theWatchPageHasAColumnGroupPerProviderAndMarksTheCheapest() async throws {
        let html = try await ReportFixture.page(TwoProviders.router(try await TwoProviders.store()), "/watch/telegram").html
        let table = section(html, "Every country")
        #expect(countryCodes(table) == ["romania", "india", "russia", "usa", "chad"])
        let text = visibleText(table)
        #expect(text.hasPrefix("Country Cheapest ↑ vs 1 day Total stock main fs Price Stock Price Stock"))
        // The cheapest against the cheapest in stock a day ago (fs's 9,900); the stock of both.
        #expect(text.contains("romania رومانی 9,000 ▼ 900 180 9,500 150 ★ 9,000 30"))
        #expect(text.contains("russia Russia 12,150 new 4 — — ★ 12,150 4"))
        #expect(text.contains("usa آمریکا 15,000 new 13 ★ 15,000 10 15,000 3"))
        #expect(text.contains("india هند 9,900 ▲ 900 7 9,500 0 ★ 9,900 7"))
        // Marked by a class and a visible ★; the price as read (and the operator) on hover, escaped.
        #expect(table.contains(#"<td class="num cheapest" title="20 RUB · operator &lt;b&gt;virtual21&lt;/b&gt;"><span class="mark">★</span> 9,000</td>"#))
        #expect(!html.contains("<b>virtual21"))
        #expect(table.contains(#"<td class="num" title="33.33 RUB">15,000</td>"#))
        #expect(text.contains("★ marks the provider selling it"))
        #expect(table.components(separatedBy: #"class="mark""#).count == 6)
        // A provider-given name is text, never markup.
        #expect(text.contains("chad <script>alert(1)</script> 20,000"))
        #expect(!html.contains("<script>alert(1)"))
    }

    @Test func theWatchPageSortsByTheCheapestAndTheTotalStock() async throws {
        let router = TwoProviders.router(try await TwoProviders.store())
        let answers = try await ReportFixture.pages(router, ["/watch/telegram?sort=price&dir=desc", "/watch/telegram?sort=stock"])
        #expect(countryCodes(section(answers[0].html, "Every country")) == ["chad", "usa", "russia", "india", "romania"])
        #expect(countryCodes(section(answers[1].html, "Every country")) == ["romania", "usa", "india", "chad", "russia"])
    }

    @Test func theChartsDrawALinePerProviderForTheChosenCountry() async throws {
        let router = TwoProviders.router(try await TwoProviders.store())
        let answers = try await ReportFixture.pages(router, ["/watch/telegram", "/watch/telegram?country=russia"])
        let romania = answers[0].html
        #expect(visibleText(romania).contains("romania رومانی Every change over the last 24h. One line per provider."))
        #expect(romania.contains(#"aria-label="Price (Toman), 2026-01-02 00:00 to 2026-01-03 00:00: main from 9,500 to 10,000, last 9,500; fs from 9,000 to 9,900, last 9,000""#))
        #expect(romania.contains(#"aria-label="Stock, 2026-01-02 00:00 to 2026-01-03 00:00: main from 150 to 188, last 150; fs from 30 to 30, last 30""#))
        #expect(romania.contains(#"<path class="line s0" d="M"#))
        #expect(romania.contains(#"<path class="line s1" d="M"#))
        // Each chart's legend names both providers.
        #expect(romania.components(separatedBy: #"<ul class="legend">"#).count == 3)
        #expect(romania.matches(of: /<ul class="legend">([\s\S]*?)<\/ul>/).map { visibleText(String($0.output.1)) } == ["main fs", "main fs"])

        // Only fs lists russia: its one line, still named.
        let russia = answers[1].html
        #expect(russia.contains(#"aria-label="Price (Toman), 2026-01-02 00:00 to 2026-01-03 00:00: fs from 12,150 to 12,150, last 12,150""#))
        #expect(!russia.contains(#"class="line s1""#))
    }

    @Test func theNavigationListsEachPlatformOnce() async throws {
        let html = try await overview()
        let nav = html.firstMatch(of: /<nav>([\s\S]*?)<\/nav>/).map { visibleText(String($0.output.1)) }
        #expect(nav == "Overview telegram telegram+whatsapp Alerts")
    }

    @Test func withOneProviderNothingNamesOrComparesProviders() async throws {
        let router = ReportFixture.router(try await ReportFixture.seededStore())
        let answers = try await ReportFixture.pages(router, ["/", "/watch/telegram"])
        let overview = answers[0].html
        #expect(!overview.contains("<th>Provider</th>"))
        #expect(!overview.contains("Beats the next"))
        #expect(!overview.contains(#"class="provider""#))
        #expect(visibleText(overview).contains("Credit 80,000 Toman as of"))
        let watch = answers[1].html
        #expect(!watch.contains("★"))
        #expect(!watch.contains("colgroup"))
        #expect(!watch.contains(#"<ul class="legend">"#))
        #expect(watch.contains(#"<path class="line s0" d="M"#))
    }

    @Test func oneProviderFailingIsStaleAloneAndItsErrorsAreItsOwn() async throws {
        let store = try await TwoProviders.store()
        // Ten minutes of fs timing out while main answers; the page is seen at now + 600.
        for minute in 0..<10 {
            let t = ReportFixture.now + Int64(minute) * 60
            try await store.ingest(SampleRound(watches: [
                WatchSample(platform: "telegram", time: t, rows: [ObservedRow(country: "romania", name: "رومانی", price: 9_500, stock: 150)]),
                WatchSample(provider: TwoProviders.fs, platform: "telegram", time: t, outcome: .timeout, message: "no answer within 10 s"),
            ], credits: [
                CreditSample(time: t, credit: 80_000),
                CreditSample(provider: TwoProviders.fs, time: t, outcome: .timeout, message: "no answer within 10 s", credit: nil),
            ]))
        }
        let live = LiveWatches(TwoProviders.watches, providers: TwoProviders.providers)
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: store, watches: TwoProviders.watches, creditInterval: .seconds(60),
            retention: RetentionPolicy(), alerts: nil,
            wallClock: ManualWallClock(Timestamp(microsecondsSince1970: (ReportFixture.now + 600) * 1_000_000)), liveWatches: live)
        let html = try await ReportFixture.page(router, "/").html
        let text = visibleText(html)
        #expect(text.contains("Stale data. No recent successful sample of fs telegram, fs credit; those values are marked stale."))
        #expect(text.contains("main telegram 00:09 (60 s ago) ok 0 fs telegram 00:09 (60 s ago) stale timeout 10"))
        #expect(text.contains("fs 45,000 Toman (100 RUB) as of 2026-01-02 23:59 (11 min ago) · stale"))
        #expect(text.contains("main 80,000 Toman as of 2026-01-03 00:09 (60 s ago) Runway"))
        // main now lists romania alone; fs's last prices are still shown, and the card says they are stale.
        #expect(visibleText(section(html, #">telegram</a></h2>"#)).contains("4 countries listed by 2 of 2 providers, 4 in stock · stale (fs)"))
    }
}
