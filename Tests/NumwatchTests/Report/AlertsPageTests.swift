import Alerting
import App
import Hummingbird
import Store
import Testing

@Suite struct AlertsPageTests {
    @Test func withoutAlertingOrWithoutRulesThePageSaysNoneAreConfigured() async throws {
        let store = try await ReportFixture.seededStore()
        for alerts in [nil, AlertsDouble(hasRules: false)] as [AlertsDouble?] {
            let (status, html) = try await ReportFixture.page(ReportFixture.router(store, alerts: alerts), "/alerts")
            #expect(status == .ok)
            #expect(visibleText(html).contains("Alerts No alerts are configured."))
            #expect(!html.contains("Active now"))
        }
    }

    @Test func firingNowAndTheHistoryWithStartEndAndValues() async throws {
        let now = ReportFixture.now
        let firing = AlertView(
            alertname: "NumwatchStockLow", rule: "tg-romania-stock", platform: "telegram", country: "romania", severity: .critical,
            state: .firing, startsAt: now - 600, firedAt: now - 480, value: 150, threshold: 200,
            summary: "telegram romania: stock 150 < 200", description: "150 numbers in stock, below 200")
        let resolved = AlertView(
            alertname: "NumwatchPriceHigh", rule: "price_above", platform: "telegram", country: "india", state: .resolved,
            startsAt: now - 7200, firedAt: now - 7200, endsAt: now - 3600, value: 15_250.5, threshold: 15_000,
            resolution: "no longer listed", summary: "telegram india: price 15,250.50 > 15,000", description: "15,250.50 Toman a number")
        let old = AlertView(alertname: "NumwatchCreditLow", rule: "credit_below", state: .resolved, startsAt: now - 40 * 86_400,
                            summary: "credit below 50,000", description: "d")
        let alerts = AlertsDouble(active: [firing], history: [firing, resolved, old])
        let (_, html) = try await ReportFixture.page(ReportFixture.router(try HistoryStore.inMemory(), alerts: alerts), "/alerts")
        let active = visibleText(section(html, "Active now"))
        #expect(active.contains("firing telegram romania: stock 150 < 200 150 numbers in stock, below 200 NumwatchStockLow · tg-romania-stock · telegram · romania · critical 2026-01-02 23:50 2026-01-02 23:52 — 150 200"))
        let history = visibleText(section(html, "History, last 30 days"))
        #expect(history.contains("resolved telegram india: price 15,250.50 > 15,000 15,250.50 Toman a number NumwatchPriceHigh · price_above · telegram · india · warning · no longer listed 2026-01-02 22:00 2026-01-02 22:00 2026-01-02 23:00 15,250.50 15,000"))
        #expect(history.contains("stock 150 < 200"))
        #expect(!history.contains("credit below"))
    }

    @Test func runwayAndDowntimeReadAsDurations() async throws {
        let now = ReportFixture.now
        let runway = AlertView(alertname: "NumwatchCreditRunwayLow", rule: "credit-runway-below", state: .firing, startsAt: now - 60,
                               firedAt: now - 60, value: 21 * 3_600, threshold: 3 * 86_400, summary: "Credit runs out soon",
                               description: "credit lasts 21.0 hours at the last day's spending, less than 3.0 days")
        let (_, html) = try await ReportFixture.page(
            ReportFixture.router(try HistoryStore.inMemory(), alerts: AlertsDouble(active: [runway], history: [runway])), "/alerts")
        let active = visibleText(section(html, "Active now"))
        #expect(active.contains("credit lasts 21.0 hours at the last day's spending, less than 3.0 days"))
        #expect(active.hasSuffix("21 hours 3.0 days"))
    }

    @Test func nothingFiringAndNoHistoryAreSaid() async throws {
        let (_, html) = try await ReportFixture.page(ReportFixture.router(try HistoryStore.inMemory(), alerts: AlertsDouble()), "/alerts")
        #expect(visibleText(html).contains("Active now Nothing is firing."))
        #expect(visibleText(html).contains("No alert in this period."))
    }
}
