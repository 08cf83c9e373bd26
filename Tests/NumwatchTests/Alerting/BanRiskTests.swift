import Alerting
import App
import Config
import Domain
import Foundation
import ProviderAPI
import Store
import Testing

/// NumwatchBanRisk: `ban_risk_at` numbers taken in the provider's day with none activated, read
/// from the ledger (which the CLI writes too) on each round.
@Suite struct BanRiskTests {
    @Test func firesAtTheThresholdAndResolvesOnAnActivationOrANewProviderDay() async throws {
        let store = try HistoryStore.inMemory()
        let ledger = try Ledger(writer: store.writer)
        let h = try AlertingHarness(AlertsConfig(banRiskAt: 2), store: store, account: "https://p")
        let t0 = AlertingHarness.t0  // 2026-01-01 00:00 UTC = 03:30 in Tehran
        func take(at seconds: Int64) async throws -> Int64 {
            let time = Timestamp(microsecondsSince1970: (t0 + seconds) * 1_000_000)
            let request = Ledger.TakeRequest(account: "https://p", platform: "telegram", country: "russia", count: 1,
                                             listedPrice: 100, atMs: (t0 + seconds) * 1000, providerDay: ProviderTime.day(of: time).date,
                                             tehranDay: ProviderTime.day(of: time).start.milliseconds..<ProviderTime.day(of: time).end.milliseconds)
            guard case let .reserved(id) = try await ledger.reserveTake(request, limit: 45, force: false) else { throw CancellationError() }
            try await ledger.recordIssued(takeID: id, numbers: [.init(id: "n\(id)", service: "telegram", phone: "+7 1", chargedPrice: 100, expiresMs: nil)])
            return id
        }
        _ = try await take(at: 10)
        try await h.credit(1_000, at: 20)
        #expect(h.sent.isEmpty)
        _ = try await take(at: 30)
        try await h.credit(1_000, at: 40)
        #expect(h.sent == ["firing NumwatchBanRisk"])
        let alert = try #require(h.queue.notifications.last?.alerts.first)
        #expect(alert.annotations["description"]?.hasPrefix("2 numbers taken in the provider's Tehran day or the last 24 hours (the fuller) with none activated") == true)
        // An SMS on one of today's numbers lifts the risk.
        _ = try await ledger.recordStatus(numberID: "n2", expiresMs: nil, sms: [
            LedgerSMS(numberId: "n2", smsId: "s", sender: "telegram", content: "123456", receivedMs: (t0 + 50) * 1000, via: .push),
        ], atMs: (t0 + 50) * 1000)
        try await h.credit(1_000, at: 60)
        #expect(h.sent == ["firing NumwatchBanRisk", "resolved NumwatchBanRisk"])
        // The next Tehran day starts at 20:30 UTC (t0 + 73,800 s): two unactivated numbers fire
        // it again. The day after's midnight does not resolve it: the last 24 hours still hold
        // both; the first leaving them does.
        _ = try await take(at: 73_900)
        _ = try await take(at: 73_910)
        try await h.credit(1_000, at: 73_920)
        #expect(h.sent.suffix(1) == ["firing NumwatchBanRisk"])
        try await h.credit(1_000, at: 73_800 + 86_400 + 10)
        #expect(h.sent.last == "firing NumwatchBanRisk")  // still firing (re-sent after repeat_interval)
        // The first of the two leaves the last 24 hours (with their 5-minute margin): one is left.
        try await h.credit(1_000, at: 73_900 + 86_400 + 299)
        #expect(h.sent.last == "firing NumwatchBanRisk")
        try await h.credit(1_000, at: 73_900 + 86_400 + 300)
        #expect(h.sent.suffix(1) == ["resolved NumwatchBanRisk"])
    }
}
