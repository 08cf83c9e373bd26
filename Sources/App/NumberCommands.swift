import Foundation
import Numbers
import ProviderAPI
import Store

/// The CLI's number commands over a `NumberDesk`, each returning the text to print.
public struct NumberCommands: Sendable {
    let desk: NumberDesk
    let ledger: Ledger
    let clock: any WallClock

    public init(desk: NumberDesk, ledger: Ledger, clock: any WallClock = SystemWallClock()) {
        self.desk = desk
        self.ledger = ledger
        self.clock = clock
    }

    public func take(
        _ services: ServiceSet, country: String, callback: String?, force: Bool, listedPrice: Int? = nil
    ) async throws -> String {
        let take = try await desk.take(services, country: country, callback: callback, listedPrice: listedPrice, force: force)
        let time = HumanTime(now: clock.now())
        var table = TextTable(["NUMBER ID", "SERVICE", "NUMBER", "PRICE", "EXPIRES"], alignments: [.left, .left, .left, .right, .left])
        for number in take.numbers {
            let phone = number.areaCode.map { "+\($0) \(number.number)" } ?? number.number
            table.append([number.numberID, number.service, phone, number.price.map(grouped) ?? "",
                          number.expiresAt.map(time.format) ?? "not stated"])
        }
        var lines = [table.render(), ""]
        if let charged = take.chargedPrice {
            var money = "Charged \(grouped(charged)) Toman"
            if let listed = take.listedPrice, listed != charged {
                let percent = Double(charged - listed) / Double(max(listed, 1)) * 100
                money += String(format: " (listed %@; %+.0f %%)", grouped(listed), percent)
            } else if take.listedPrice != nil {
                money += " (as listed)"
            }
            lines.append(money + ".")
        }
        let day = try await ledger.today(account: desk.settings.account, providerDay: ProviderTime.day(of: clock.now()).date)
        lines.append("Today (provider's day): \(day.taken) taken, \(day.activated) activated; the limit with none activated is \(desk.settings.dailyTakeLimit).")
        lines.append("Check for the SMS with: numwatch number check --wait \(take.numbers.map(\.numberID).joined(separator: " "))")
        return lines.joined(separator: "\n")
    }

    /// One number's state, as `check` prints it.
    public func describe(_ status: NumberStatus, expired: Bool) -> String {
        let time = HumanTime(now: clock.now())
        var lines = ["\(terminalSafe(status.numberID)): \(terminalSafe(status.service)) in \(terminalSafe(status.country)), number \(terminalSafe(status.number))"
            + (status.expiresAt.map { ", \($0 <= clock.now() ? "expired" : "expires") \(time.format($0))" } ?? "")]
        if status.messages.isEmpty {
            lines.append(expired ? "  no SMS; the number has expired" : "  no SMS yet")
        }
        for message in status.messages {
            let at = message.createdAt.map(time.format) ?? "time not stated"
            // is_received 0: shown as it is, and not an activation (the ledger does not count it).
            let flag = message.isReceived == false ? "  (message, not received)" : ""
            lines.append("  \(at)  from \(terminalSafe(message.from ?? "?")): \(terminalSafe(message.content))\(flag)")
        }
        return lines.joined(separator: "\n")
    }

    public func check(_ numberID: String) async throws -> String {
        let status = try await desk.check(numberID)
        return describe(status, expired: status.expiresAt.map { $0 <= clock.now() } ?? false)
    }

    public func cancel(_ numberID: String) async throws -> String {
        "\(numberID): \(terminalSafe(try await desk.cancel(numberID)))"
    }

    /// `number take --cheapest`: chooses, says why, takes.
    public func takeCheapest(
        _ services: ServiceSet, criteria: CheapestCountry.Criteria, callback: String?, force: Bool
    ) async throws -> String {
        let choice = try await desk.cheapest(services, criteria: criteria)
        let taken = try await take(services, country: choice.row.country, callback: callback, force: force, listedPrice: choice.row.price)
        return "Chose \(terminalSafe(choice.reason)).\n\n" + taken
    }
}
