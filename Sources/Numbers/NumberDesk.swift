import Domain
import Foundation
import ProviderAPI
import Store

/// Takes, checks and cancels numbers for one provider account, keeping it clear of the
/// provider's two bans and recording everything in the ledger.
///
/// Every guard reads the ledger, so it holds across processes: two CLI runs and `serve` on one
/// database see each other's takes and checks.
package struct NumberDesk: Sendable {
    /// The account (`settings.account`) and its limits: the provider's endpoint settings, as the
    /// configuration or the CLI's flags gave them.
    package let settings: ProviderSettings
    /// Passed as every take's callback unless the caller gives one (`<public_url>/callback/<secret>`).
    /// Its path is its secret: never shown.
    let callbackURL: String?
    /// The least time between two checks (of the account, or of one number): the poll interval,
    /// never under the provider's 20 s, and a second of margin (the provider times a check's
    /// arrival, numwatch its sending: a slow first request must not make two checks land under
    /// 20 s apart).
    package var checkInterval: Duration { max(settings.pollInterval, ProviderLimits.minimumPollInterval) + .seconds(1) }
    /// `settings.dailyTakeLimit`, never past the provider's ban.
    package var dailyTakeLimit: Int { min(max(settings.dailyTakeLimit, 1), ProviderLimits.dailyTakeBan) }
    let provider: any Provider
    let ledger: Ledger
    let clock: any WallClock

    package init(
        provider: any Provider, ledger: Ledger, settings: ProviderSettings, callbackURL: String? = nil,
        clock: any WallClock = SystemWallClock()
    ) {
        self.provider = provider
        self.ledger = ledger
        self.settings = settings
        self.callbackURL = callbackURL
        self.clock = clock
    }

    // MARK: Take

    package struct Take: Sendable {
        package var takeID: Int64
        package var numbers: [IssuedNumber]
        /// The price listed for it: from the fresh pricing of `--cheapest`, else the last sample.
        package var listedPrice: Int?
        /// What the take cost by the credit's drop across it; nil: unknown (the credit could not
        /// be read, or something else on the account moved it in the same moment).
        package var chargedPrice: Int?
        /// The sum of the prices the answer's rows state (bundles): the document does not say
        /// whether a row's price is its share or the bundle's, so it is shown, never charged.
        package var statedPrice: Int?
    }

    /// Takes one number for `services` in `country`, once. Refuses past the daily limit unless
    /// `force`; records the take before sending it, so a take with an unknown outcome still counts.
    package func take(
        _ services: ServiceSet, country: String, callback: String? = nil, listedPrice: Int? = nil, force: Bool = false
    ) async throws -> Take {
        let country = country.trimmingCharacters(in: .whitespaces).lowercased()
        guard !country.isEmpty else { throw ProviderError.invalidRequest("no country given") }
        let now = clock.now()
        var listed = listedPrice
        if listed == nil { listed = (try? await ledger.lastListedPrice(platform: services.platform, country: country)) ?? nil }
        let day = ProviderTime.day(of: now)
        let request = Ledger.TakeRequest(
            account: settings.account, platform: services.platform, country: country, count: services.codes.count,
            listedPrice: listed, atMs: now.milliseconds, providerDay: day.date,
            tehranDay: day.start.milliseconds..<day.end.milliseconds)
        let takeID: Int64
        switch try await ledger.reserveTake(request, limit: dailyTakeLimit, force: force) {
        case let .refused(refusal): throw TakeLimitReached(refusal: refusal, now: now)
        case let .reserved(id): takeID = id
        }
        // The charge is read from the credit, for bundles as for single numbers.
        let creditBefore = try? await readCredit()
        let callbackURL = callback ?? self.callbackURL
        let issued: [IssuedNumber]
        do {
            issued = try await provider.takeNumber(services, country: country, callback: callbackURL)
        } catch {
            // The provider echoes the callback URL, escaped as it likes: its secret must not be
            // kept (the ledger is printed by the CLI and carried into backups).
            let redactor = SecretRedactor(callbackURL.map(SecretRedactor.callback) ?? [])
            guard error.takeOutcomeUnknown else {
                try await ledger.recordRefused(takeID: takeID, message: redactor.redact(error.description), answeredMs: clock.now().milliseconds)
                throw error
            }
            let raw: String? = if case let .unreadableTake(_, _, raw) = error { redactor.redact(raw) } else { nil }
            let readable = raw.map { Self.readableNumbers(in: $0, services: services) } ?? []
            try await ledger.recordUnknown(
                takeID: takeID, error: redactor.redact(error.description), raw: raw, readable: readable, answeredMs: clock.now().milliseconds)
            throw TakeOutcomeUnknown(takeID: takeID, cause: error, readableIDs: readable.map(\.id))
        }
        // Recorded at once: the SMS push for these numbers may come any second.
        let answeredMs = clock.now().milliseconds
        let prices = issued.compactMap(\.price)
        let stated = !issued.isEmpty && prices.count == issued.count ? Self.sum(prices) : nil
        try await ledger.recordIssued(takeID: takeID, numbers: issued.enumerated().map { i, number in
            Ledger.IssuedEntry(
                id: number.numberID, service: number.service.isEmpty ? services.codes[min(i, services.codes.count - 1)] : number.service,
                phone: number.areaCode.map { "+\($0) \(number.number)" } ?? number.number,
                chargedPrice: nil, statedPrice: number.price, expiresMs: number.expiresAt?.milliseconds)
        }, answeredMs: answeredMs)
        let charged = await chargeFromCredit(takeID: takeID, before: creditBefore, since: now, listed: listed)
        try await ledger.recordCharge(takeID: takeID, charged: charged)
        return Take(takeID: takeID, numbers: issued, listedPrice: listed, chargedPrice: charged, statedPrice: stated)
    }

    /// The credit's drop across a take, if it can only be this take's: nil when the credit could
    /// not be read, when another take's [requested, answered] span, a cancel or an expiry on the
    /// account overlaps this one's (from before it was reserved to the reading after it), or when
    /// the drop is far from the listed price (someone used the account elsewhere).
    func chargeFromCredit(takeID: Int64, before: Int?, since: Timestamp, listed: Int?) async -> Int? {
        guard let before, let after = try? await readCredit() else { return nil }
        let moved = (try? await ledger.creditMovedElsewhere(
            account: settings.account, fromMs: since.milliseconds, toMs: clock.now().milliseconds, exceptTake: takeID)) ?? true
        return moved ? nil : Self.plausibleCharge(before: before, after: after, listed: listed)
    }

    /// Prices as the provider wrote them: a sum that would overflow is no price at all.
    static func sum(_ prices: [Int]) -> Int? {
        var total = 0
        for price in prices {
            let (next, overflow) = total.addingReportingOverflow(price)
            guard !overflow, price >= 0 else { return nil }
            total = next
        }
        return total
    }

    /// What a take cost by the credit before and after. A use of the account outside numwatch
    /// would be counted in, so a difference far from the listed price is not believed: from half
    /// of it to under twice it (exactly twice is two takes' drop as likely as one's).
    static func plausibleCharge(before: Int, after: Int, listed: Int?) -> Int? {
        guard after < before else { return nil }
        let (delta, overflow) = before.subtractingReportingOverflow(after)
        guard !overflow else { return nil }
        guard let listed, listed > 0 else { return delta }
        let ratio = Double(delta) / Double(listed)
        return ratio >= 0.5 && ratio < 2 ? delta : nil
    }

    /// The number ids still readable in an answer that did not decode: they were charged for.
    static func readableNumbers(in raw: String, services: ServiceSet) -> [Ledger.IssuedEntry] {
        guard let pattern = try? NSRegularExpression(pattern: #""number_id"\s*:\s*"([A-Za-z0-9_-]{1,128})""#) else { return [] }
        let matches = pattern.matches(in: raw, range: NSRange(raw.startIndex..., in: raw))
        var seen = Set<String>()
        return matches.compactMap { match in
            guard let range = Range(match.range(at: 1), in: raw), seen.insert(String(raw[range])).inserted else { return nil }
            return Ledger.IssuedEntry(id: String(raw[range]), service: services.platform, phone: "?", chargedPrice: nil, expiresMs: nil)
        }
    }

    // MARK: Check, cancel, push

    /// Checks a number once, unless a check (by any process) of the account, or with
    /// `poll_scope: number` of this number, was sent within the poll interval.
    package func check(_ numberID: String) async throws -> NumberStatus {
        let id = try ProviderClient.validated(numberID)
        let now = clock.now()
        if let next = try await ledger.reserveCheck(
            account: settings.account, numberID: id, atMs: now.milliseconds, intervalMs: checkInterval.inMilliseconds,
            perNumber: settings.pollScope == .number) {
            let nextAllowed = Timestamp(milliseconds: next)
            throw ProviderError.pollTooSoon(
                numberID: id, nextAllowed: nextAllowed, waitSeconds: ((nextAllowed.secondsSince1970 - now.secondsSince1970)).rounded(.up),
                scope: settings.pollScope)
        }
        let status = try await provider.checkNumber(id)
        // Filed under the id asked for: that is the number this answer is about. The check answer
        // gives the full phone number where the take's was masked.
        _ = try await ledger.recordStatus(
            numberID: id, expiresMs: status.expiresAt?.milliseconds, sms: Self.ledgerSMS(status, numberID: id, via: .check, now: now),
            atMs: now.milliseconds, phone: Self.phone(status))
        return status
    }

    /// Cancels a number. Its refund, if any, is read later, as an unused expiry's is: the credit's
    /// rise from the reading before the cancel to one at least 5 minutes after it (the provider
    /// may refund late), when nothing else moved the credit in between (`Ledger.recordCredit`).
    /// Until then the refund is unknown.
    package func cancel(_ numberID: String) async throws -> String {
        let id = try ProviderClient.validated(numberID)
        _ = try? await readCredit()
        // Written before it is sent: another process reading the credit meanwhile must see it.
        try await ledger.recordCancelSent(numberID: id, account: settings.account, atMs: clock.now().milliseconds)
        let message: String
        do {
            message = try await provider.cancelNumber(id)
        } catch {
            try await ledger.recordCancelFailed(numberID: id, atMs: clock.now().milliseconds)
            throw error
        }
        try await ledger.recordCancelled(numberID: id, atMs: clock.now().milliseconds)
        return message
    }

    /// Reads the account's credit and records the reading in the ledger (when it was asked for
    /// and when it was answered), where it also settles the refunds of cancels and unused
    /// expiries it closes.
    package func readCredit() async throws -> Int {
        let sent = clock.now()
        let credit = try await provider.credit()
        try await ledger.recordCredit(account: settings.account, credit: credit, atMs: clock.now().milliseconds, sentMs: sent.milliseconds)
        return credit
    }

    static func phone(_ status: NumberStatus) -> String {
        status.areaCode.map { "+\($0) \(status.number)" } ?? status.number
    }

    static func ledgerSMS(_ status: NumberStatus, numberID: String, via: SMSSource, now: Timestamp) -> [LedgerSMS] {
        status.messages.map {
            LedgerSMS(numberId: numberID, smsId: $0.id, sender: $0.from, content: $0.content,
                      receivedMs: ($0.createdAt ?? now).milliseconds, via: via, isReceived: $0.isReceived)
        }
    }
}

extension NumberDesk: CustomStringConvertible {
    /// The callback URL's path is its secret: never shown, also not in a dump of a value that
    /// holds a desk.
    package var description: String {
        "NumberDesk(account: \(settings.account), pollInterval: \(settings.pollInterval), pollScope: \(settings.pollScope.rawValue),"
            + " dailyTakeLimit: \(dailyTakeLimit), callback: \(callbackURL == nil ? "none" : "<redacted>"))"
    }
}

/// What the provider pushes to a number's callback URL, recorded in the ledger.
package protocol NumberPushRecording: Sendable {
    func recordPush(_ status: NumberStatus) async throws -> Ledger.PushResult
}

extension NumberDesk: NumberPushRecording {
    /// Only what the ledger's push rules allow: SMS for an open number of this desk's account.
    package func recordPush(_ status: NumberStatus) async throws -> Ledger.PushResult {
        let now = clock.now()
        return try await ledger.recordPush(
            numberID: status.numberID, account: settings.account,
            sms: Self.ledgerSMS(status, numberID: status.numberID, via: .push, now: now), atMs: now.milliseconds)
    }
}

/// A take sent without a usable answer. The account may have been charged: it counts as taken,
/// it is not retried, and the user is told how to find out.
package struct TakeOutcomeUnknown: Error, CustomStringConvertible, Sendable {
    package let takeID: Int64
    package let cause: ProviderError
    /// Number ids read from an answer that did not decode.
    package let readableIDs: [String]

    package var description: String {
        var text = "the take's outcome is unknown (\(cause.description)). The provider may have issued a number and"
            + " charged for it: numwatch counts it as taken today (ledger take \(takeID)) and will not retry it."
        if readableIDs.isEmpty {
            text += " Compare `numwatch credit` with the credit before, or look at the provider's site, before taking again."
        } else {
            text += " Number ids in the answer: \(readableIDs.joined(separator: ", ")); check them with"
                + " `numwatch number check \(readableIDs.joined(separator: " "))`."
        }
        if case .unreadableTake = cause { text += " The raw answer is kept: `numwatch numbers --take \(takeID)`." }
        return text
    }
}
