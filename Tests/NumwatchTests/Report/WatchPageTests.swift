import Hummingbird
import Store
import Testing

@Suite struct WatchPageTests {
    private func table(_ html: String) -> String { section(html, "Every country") }

    @Test func everyCountryCheapestFirstWithPriceStockAndChange() async throws {
        let (status, html) = try await ReportFixture.page(ReportFixture.router(try await ReportFixture.seededStore()), "/watch/telegram")
        #expect(status == .ok)
        // Cheapest first; a tie (india and romania at 9,500) goes by country code.
        #expect(countryCodes(table(html)) == ["india", "romania", "russia", "usa", "chad"])
        let text = visibleText(table(html))
        // Each header above its column.
        #expect(text.hasPrefix("Country Price ↑ vs 1 day Stock Since india هند 9,500 ▲ 500 0 2026-01-02 23:59"))
        #expect(text.contains("romania رومانی 9,500 ▼ 500 150 2026-01-02 23:59"))
        #expect(text.contains("india هند 9,500 ▲ 500 0 2026-01-02 23:59"))
        #expect(text.contains("chad <script>alert(1)</script> 20,000 = 5 2026-01-01 23:59"))
        #expect(visibleText(html).contains("5 countries listed, 4 in stock · last sample 2026-01-02 23:59 (60 s ago)"))
        // The sold-out stock is marked; the header marks the current sort and its direction.
        #expect(table(html).contains(#"<td class="num bad">0</td>"#))
        #expect(table(html).contains(#"aria-current="true">Price ↑</a>"#))
    }

    @Test func sortLinksOrderTheTableWithoutScript() async throws {
        let router = ReportFixture.router(try await ReportFixture.seededStore())
        let answers = try await ReportFixture.pages(router, [
            "/watch/telegram?sort=stock", "/watch/telegram?sort=price&dir=desc", "/watch/telegram?sort=country&dir=desc",
            "/watch/telegram?sort=change&dir=asc", "/watch/telegram?sort=change&dir=desc",
        ])
        #expect(countryCodes(table(answers[0].html)) == ["romania", "russia", "usa", "chad", "india"])
        #expect(countryCodes(table(answers[1].html)) == ["chad", "usa", "russia", "india", "romania"])
        #expect(countryCodes(table(answers[2].html)) == ["usa", "russia", "romania", "india", "chad"])
        // Rows not listed a day ago ("new") go last in either direction.
        #expect(countryCodes(table(answers[3].html)) == ["romania", "chad", "russia", "india", "usa"])
        #expect(countryCodes(table(answers[4].html)) == ["india", "chad", "russia", "romania", "usa"])
        // Clicking the current column flips it; another column starts in its natural direction.
        let header = table(answers[0].html)
        #expect(header.contains(#"href="/watch/telegram?range=24h&amp;sort=stock&amp;dir=asc" aria-current="true">Stock ↓</a>"#))
        #expect(header.contains(#"href="/watch/telegram?range=24h&amp;sort=price&amp;dir=asc">Price</a>"#))
    }

    @Test func chartsOfTheChosenCountryAtAResolutionThatFitsTheRange() async throws {
        let store = try await ReportFixture.seededStore()
        try await store.maintain(now: ReportFixture.now, retention: RetentionPolicy())
        let answers = try await ReportFixture.pages(ReportFixture.router(store), [
            "/watch/telegram", "/watch/telegram?range=7d&country=india", "/watch/telegram?range=1y&country=romania",
        ])
        // Default: the cheapest in stock, its raw changes over 24 hours.
        let day = answers[0].html
        #expect(visibleText(day).contains("romania رومانی Every change over the last 24h."))
        #expect(day.contains(#"<a href="/watch/telegram?range=24h&amp;sort=price&amp;dir=asc" aria-current="true">24h</a>"#))
        #expect(day.components(separatedBy: #"<svg class="chart""#).count == 3)
        #expect(day.contains(#"<tr class="selected">"#))
        #expect(day.contains(#"aria-label="Price (Toman), 2026-01-02 00:00 to 2026-01-03 00:00: from 9,500 to 10,000, last 9,500""#))

        let week = answers[1].html
        #expect(visibleText(week).contains("india هند Last 7d, hourly"))
        #expect(week.contains(#"aria-current="true">7d</a>"#))
        #expect(week.contains("from 9,000 to 9,500, last 9,500"))

        let year = answers[2].html
        #expect(visibleText(year).contains("romania رومانی Last 1y, daily"))
        // The day in which the price moved shows its low..high band.
        #expect(year.contains(#"<rect class="band""#))
        #expect(year.contains("Stock, 2025-01-03 00:00 to 2026-01-03 00:00: from 150 to 188, last 150"))
    }

    @Test func anUnknownWatchIsA404PageAndBadParametersA400() async throws {
        let router = ReportFixture.router(try await ReportFixture.seededStore())
        let answers = try await ReportFixture.pages(router, [
            "/watch/viber", "/watch/telegram?range=2w", "/watch/telegram?sort=name", "/watch/telegram?country=mars",
            "/watch/telegram+whatsapp",
        ])
        #expect(answers[0].status == .notFound)
        #expect(visibleText(answers[0].html).contains("404 · Not Found No watch named “viber” is configured. Back to the overview"))
        #expect(answers[1].status == .badRequest)
        #expect(visibleText(answers[1].html).contains("range: expected one of 24h, 7d, 30d, 1y, got \"2w\""))
        #expect(answers[2].status == .badRequest)
        #expect(answers[3].status == .notFound)
        #expect(visibleText(answers[3].html).contains("“mars” is not listed for telegram now."))
        // A configured watch with no data is a page that says so, not a 404.
        #expect(answers[4].status == .ok)
        #expect(visibleText(answers[4].html).contains("No data yet."))
    }
}
