import Domain
import Foundation
import Numbers
import ProviderAPI
import Store

/// `numwatch numbers`: the ledger as a table, then a summary per (platform, country).
package struct LedgerListing: Sendable {
    let ledger: Ledger
    let account: String?
    let clock: any WallClock

    package init(ledger: Ledger, account: String?, clock: any WallClock = SystemWallClock()) {
        self.ledger = ledger
        self.account = account
        self.clock = clock
    }

    package func render(sinceSeconds: Double?, platform: String?, limit: Int) async throws -> String {
        let now = clock.now()
        try await ledger.settle(nowMs: now.milliseconds)
        let since = sinceSeconds.map { now.adding(seconds: -$0).milliseconds }
        let entries = try await ledger.entries(sinceMs: since, platform: platform, limit: limit)
        guard !entries.isEmpty else { return "No numbers taken through numwatch\(sinceSeconds == nil ? "" : " in that time")." }
        let time = HumanTime(now: now)
        var table = TextTable(
            ["TAKEN", "PLATFORM", "COUNTRY", "NUMBER ID", "NUMBER", "LISTED", "CHARGED", "OUTCOME", "FIRST SMS"],
            alignments: [.left, .left, .left, .left, .left, .right, .right, .left, .left])
        for entry in entries {
            let taken = time.format(Timestamp(milliseconds: entry.requestedMs))
            let listed = entry.listedPrice.map(grouped) ?? "—"
            guard let number = entry.number else {
                let outcome = entry.state == .refused ? "refused" : entry.state == .pending ? "pending (no answer yet)" : "unknown (take \(entry.takeID))"
                table.append([taken, entry.platform, entry.country, "—", "—", listed, "—", outcome, ""])
                continue
            }
            var outcome = number.outcome.rawValue
            if let refunded = number.refunded, refunded > 0 { outcome += ", \(grouped(refunded)) refunded" }
            // A cancel or an unused expiry may be refunded (the document does not say): known once
            // the credit read at least 5 minutes after it shows it, with nothing else in between.
            if number.outcome == .cancelled || number.outcome == .expired, number.refunded == nil { outcome += ", refund unknown" }
            if number.outcome == .open, let expires = number.expiresMs {
                outcome += ", expires " + HumanTime.relative(Double(expires - now.milliseconds) / 1000)
            }
            var firstSMS = number.firstSmsMs.map { "after " + HumanTime.relative(Double($0 - entry.requestedMs) / 1000).replacingOccurrences(of: "in ", with: "") } ?? ""
            // The code shown is the first message that activated; a message flagged is_received 0
            // is shown only as what it is.
            var code = number.sms.first(where: \.activates).map { ": " + String($0.content.prefix(40)) } ?? ""
            if code.isEmpty, let unreceived = number.sms.first {
                firstSMS = "message, not received"
                code = ": " + String(unreceived.content.prefix(40))
            }
            table.append([taken, entry.platform, entry.country, number.id, number.phone, listed,
                          Self.charged(entry, number), outcome, firstSMS + code])
        }
        var text = table.render()
        let totals = try await ledger.totals()
        let shown = totals.pairs.filter { platform == nil || $0.platform == platform }
        if !shown.isEmpty {
            var summary = TextTable(["PLATFORM", "COUNTRY", "TAKEN", "ACTIVATED", "RATE", "SPENT (TOMAN)", "CHARGED VS LISTED"],
                                    alignments: [.left, .left, .right, .right, .right, .right, .right])
            var activation: [String: [String: Ledger.Activation]] = [:]
            for platform in Set(shown.map(\.platform)) { activation[platform] = try await ledger.activation(platform: platform) }
            for pair in shown {
                // Of the numbers whose fate is known: an open number has not had its chance yet.
                let rate = activation[pair.platform]?[pair.country]?.rate.map { "\(Int(($0 * 100).rounded())) %" } ?? "—"
                let markup = pair.listedCompared == 0 ? "—"
                    : String(format: "%+.0f %%", Double(pair.chargedCompared - pair.listedCompared) / Double(pair.listedCompared) * 100)
                summary.append([pair.platform, pair.country, grouped(pair.taken), grouped(pair.activated), rate, Self.spent(pair), markup])
            }
            text += "\n\nAll time, per country:\n\n" + summary.render()
        }
        if let account {
            let day = ProviderTime.day(of: now)
            let windows = try await ledger.windows(
                account: account, nowMs: now.milliseconds, tehranDay: day.start.milliseconds..<day.end.milliseconds)
            text += "\n\nToday (\(day.date), the provider's Tehran day, ends \(time.format(day.end))): "
                + "\(windows.tehranDay.taken) taken, \(windows.tehranDay.activated) activated."
                + "\nThe last 24 hours: \(windows.last24Hours.taken) taken, \(windows.last24Hours.activated) activated."
        }
        return text
    }

    /// The CHARGED column: the credit's drop, "unknown" where it could not be attributed, and
    /// the row's stated price beside it where that differs.
    static func charged(_ entry: Ledger.Entry, _ number: Ledger.NumberEntry) -> String {
        var text = number.chargedPrice.map(grouped) ?? (entry.chargeUnknown ? "unknown" : "—")
        if let stated = number.statedPrice, stated != number.chargedPrice { text += " (stated \(grouped(stated)))" }
        return text
    }

    /// The SPENT cell: charges minus refunds where known, and what is not known beside it, never
    /// counted as 0 (`12,000 + 1 unknown, 1 refund unknown`).
    static func spent(_ pair: Ledger.PairTotals) -> String {
        var text = grouped(pair.spent)
        if pair.unknownCharges > 0 { text += " + \(grouped(pair.unknownCharges)) unknown" }
        if pair.unknownRefunds > 0 { text += ", \(grouped(pair.unknownRefunds)) refund\(pair.unknownRefunds == 1 ? "" : "s") unknown" }
        return text
    }

    /// `numbers --take ID`: what is kept of one take whose answer could not be used.
    package func rawAnswer(takeID: Int64) async throws -> String {
        guard let kept = try await ledger.rawAnswer(takeID: takeID) else { throw UsageError("no take \(takeID) in the ledger") }
        var text = "take \(takeID): \(kept.error ?? "no error recorded")"
        text += "\n" + (kept.raw.map { "raw answer:\n" + terminalSafe($0) } ?? "no answer was received")
        return text
    }
}
