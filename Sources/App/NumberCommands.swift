import Domain
import Foundation
import Numbers
import ProviderAPI
import Store

/// The CLI's number commands over a `NumberDesk`, each returning the text to print.
package struct NumberCommands: Sendable {
    let desk: NumberDesk
    let ledger: Ledger
    let clock: any WallClock

    package init(desk: NumberDesk, ledger: Ledger, clock: any WallClock = SystemWallClock()) {
        self.desk = desk
        self.ledger = ledger
        self.clock = clock
    }

    package func take(
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
        lines.append(Self.money(take))
        let now = clock.now()
        let day = ProviderTime.day(of: now)
        let windows = try await ledger.windows(
            account: desk.settings.account, nowMs: now.milliseconds, tehranDay: day.start.milliseconds..<day.end.milliseconds)
        lines.append("In the provider's day (Tehran): \(windows.tehranDay.taken) taken, \(windows.tehranDay.activated) activated;"
            + " in the last 24 hours: \(windows.last24Hours.taken) taken, \(windows.last24Hours.activated) activated."
            + " numwatch refuses a take past \(desk.dailyTakeLimit) with none activated in the day,"
            + " or taken since the last 24 hours' newest activation.")
        // The ids are the provider's text: shown escaped, as every provider string on a terminal.
        lines.append("Check for the SMS with: numwatch number check --wait \(terminalSafe(take.numbers.map(\.numberID).joined(separator: " ")))")
        return lines.joined(separator: "\n")
    }

    /// What the take cost: the credit's drop, beside what the answer's rows stated (the document
    /// does not say whether a bundle row's price is its share or the bundle's).
    package static func money(_ take: NumberDesk.Take) -> String {
        let stated = take.statedPrice.map { " The answer's rows state \(grouped($0)) in all" } ?? ""
        guard let charged = take.chargedPrice else {
            return "Charged: unknown (the credit could not be read, or something else on the account moved it at the same time)."
                + (stated.isEmpty ? "" : stated + "; numwatch does not take that for the charge.")
        }
        var money = "Charged \(grouped(charged)) Toman (the credit's drop)"
        if let listed = take.listedPrice, listed != charged {
            let percent = Double(charged - listed) / Double(max(listed, 1)) * 100
            money += String(format: " (listed %@; %+.0f %%)", grouped(listed), percent)
        } else if take.listedPrice != nil {
            money += " (as listed)"
        }
        money += "."
        if let statedPrice = take.statedPrice, statedPrice != charged {
            money += stated + ", not what the credit shows: the rows' prices are not the charge."
        }
        return money
    }

    /// Why a check waits, and that it need not: the push brings the SMS without polling.
    package static func whyWait(_ scope: PollScope) -> String {
        "\(scope.why). The SMS push (callback.public_url with `numwatch serve` running) needs no polling:"
            + " the provider sends the code as it arrives"
    }

    /// `number check A B`: each number once, in turn; where the poll guard makes one wait, says
    /// why and waits its turn (`sleep` until the time allowed), rather than failing or bursting.
    package func check(_ numberIDs: [String], say: (String) -> Void, sleep: (Timestamp) async throws -> Void) async -> [String: any Error] {
        var failed: [String: any Error] = [:]
        for id in numberIDs {
            while true {
                do {
                    say(try await check(id))
                } catch let ProviderError.pollTooSoon(_, allowed, wait, scope) {
                    say("waiting \(HumanTime.relative(wait).replacingOccurrences(of: "in ", with: "")) before checking \(id): \(Self.whyWait(scope)).")
                    do { try await sleep(allowed) } catch {
                        failed[id] = error
                        return failed
                    }
                    continue
                } catch {
                    failed[id] = error
                }
                break
            }
        }
        return failed
    }

    /// One number's state, as `check` prints it.
    package func describe(_ status: NumberStatus, expired: Bool) -> String {
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

    package func check(_ numberID: String) async throws -> String {
        let status = try await desk.check(numberID)
        return describe(status, expired: status.expiresAt.map { $0 <= clock.now() } ?? false)
    }

    package func cancel(_ numberID: String) async throws -> String {
        "\(numberID): \(terminalSafe(try await desk.cancel(numberID)))"
    }

    /// `number take --cheapest`: chooses, says why, takes.
    package func takeCheapest(
        _ services: ServiceSet, criteria: CheapestCountry.Criteria, callback: String?, force: Bool
    ) async throws -> String {
        let choice = try await desk.cheapest(services, criteria: criteria)
        let taken = try await take(services, country: choice.row.country, callback: callback, force: force, listedPrice: choice.row.price)
        return "Chose \(terminalSafe(choice.reason)).\n\n" + taken
    }
}
