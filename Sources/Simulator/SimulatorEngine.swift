import Domain
import ProviderAPI

/// An answer of the simulated API, before HTTP.
struct SimReply: Sendable, Error {
    var status: Int
    var body: SimJSON
    var retryAfter: Int? = nil

    static func ok(_ body: SimJSON) -> SimReply { SimReply(status: 200, body: body) }
    static func error(_ status: Int, _ message: String, retryAfter: Int? = nil) -> SimReply {
        SimReply(status: status, body: .error(message), retryAfter: retryAfter)
    }
}

/// An SMS to push to a number's callback URL: the body is exactly the check answer, in the
/// simulator's `pushEncoding`.
package struct CallbackPush: Sendable {
    package let url: String
    package let contentType: String
    package let body: String

    init(url: String, payload: SimJSON, encoding: PushEncoding) {
        self.url = url
        (contentType, body) = encoding.encode(payload)
    }
}

/// The simulated provider's state: the market, the account (credit, bans, blocks) and the numbers
/// it has issued. Each call first settles everything due by now (market steps, SMS, expiries).
package actor SimulatorEngine {
    package nonisolated let options: SimulatorOptions
    let clock: any AdjustableClock
    var market: Market
    var rng: SeededRandom
    var faultRandom: SeededRandom
    var credit: Int
    var numbers: [String: SimNumber] = [:]
    var open: Set<String> = []
    var lastCheck: [String: Timestamp] = [:]
    var blockedUntil: Timestamp?
    var banned = false
    var takesByDay: [String: (taken: Int, activated: Int)] = [:]
    /// Every take's time and numbers, for the rolling reading of the ban.
    var takeLog: [(at: Timestamp, ids: [String])] = []
    var pushes: [CallbackPush] = []
    package internal(set) var faults: Faults
    /// Answers served, by kind: `fault:<mode>` for each fault, `ok:pricing` and `ok:credit` for
    /// good data, `push:acknowledged` and `push:dropped` for SMS pushed to callbacks (soaks
    /// compare them with what numwatch stored).
    package internal(set) var served: [String: Int] = [:]

    package init(options: SimulatorOptions = SimulatorOptions(), clock: any AdjustableClock = OffsetWallClock()) {
        self.options = options
        self.clock = clock
        market = Market(seed: options.seed, start: clock.now().secondsSince1970, parameters: options.market)
        rng = SeededRandom(seed: options.seed ^ 0x5EED)
        faultRandom = SeededRandom(seed: options.seed ^ 0xFA17)
        credit = options.startingCredit
        faults = options.faults
    }

    func countPush(acknowledged: Bool) {
        served[acknowledged ? "push:acknowledged" : "push:dropped", default: 0] += 1
    }

    // MARK: Account gate

    /// Refuses every API call of a banned or blocked account.
    func gate() -> SimReply? {
        settle()
        if banned {
            return .error(403, "Your account is blocked: more than \(options.dailyTakeBan) numbers taken today and none activated. Contact support to unblock it.")
        }
        if let until = blockedUntil, clock.now() < until {
            let wait = Int((until.secondsSince1970 - clock.now().secondsSince1970).rounded(.up))
            return .error(429, "Too many requests: you are blocked for polling too fast. Try again in \(wait) seconds.", retryAfter: wait)
        }
        return nil
    }

    // MARK: Endpoints

    func creditReply() -> SimReply {
        served["ok:credit", default: 0] += 1
        return .ok(.object([("status", "success"), ("credit", .int(credit))]))
    }

    func pricing(_ codes: [String]) -> SimReply {
        let ids: [Int]
        switch resolve(codes) {
        case let .success(found): ids = found
        case let .failure(reply): return reply
        }
        let rows = market.rows(for: ids).map { row -> SimJSON in
            let country = CatalogueData.countries[row.country]
            return .object([("name", .string(displayName(country))), ("count", .int(row.count)),
                            ("price", .int(row.price)), ("country", .string(country.code))])
        }
        served["ok:pricing", default: 0] += 1
        return .ok(.object([("data", .array(misreported(rows)))]))
    }

    func take(_ codes: [String], country: String?, callback: String?) -> SimReply {
        let ids: [Int]
        switch resolve(codes) {
        case let .success(found): ids = found
        case let .failure(reply): return reply
        }
        guard let country, !country.isEmpty else { return .error(422, "The country field is required.") }
        guard let c = market.countryID(country) else { return .error(422, "The selected country is invalid.") }
        if let callback, !callback.isEmpty, !(callback.hasPrefix("http://") || callback.hasPrefix("https://")) {
            return .error(422, "The callback must be a valid URL.")
        }
        guard let row = market.rows(for: ids).first(where: { $0.country == c }) else {
            return .error(400, "This service is not offered in \(country).")
        }
        guard row.count > 0 else { return .error(400, "No numbers available for this service in \(country) right now.") }
        let charge = row.price + row.price * (options.overchargePercent[country] ?? 0) / 100
        guard credit >= charge else { return .error(400, "Insufficient credit: \(charge) Toman needed, \(credit) left.") }
        let day = tehranDay(clock.now())
        var today = takesByDay[day] ?? (0, 0)
        let counted = options.banDay == .calendar ? today : last24Hours()
        if counted.taken + ids.count > options.dailyTakeBan, counted.activated == 0 {
            banned = true
            return gate() ?? .error(403, "Your account is blocked.")
        }
        today.taken += ids.count
        takesByDay[day] = today
        credit -= charge
        market.consume(services: ids, country: c)
        let issued = issue(services: ids, country: c, totalPrice: charge, callback: callback)
        takeLog.removeAll { $0.at <= clock.now().adding(seconds: -86_400) }  // only the rolling window is needed
        takeLog.append((clock.now(), issued.map(\.id)))
        if ids.count == 1 {
            return .ok(.object([("data", issued[0].takeJSON(bundle: false)), ("status", "success")]))
        }
        return .ok(.object([("status", "success"), ("data", .array(issued.map { $0.takeJSON(bundle: true) }))]))
    }

    func check(_ id: String) -> SimReply {
        guard let number = numbers[id] else { return .error(404, "Number not found.") }
        let now = clock.now()
        let key = options.pollScope == .account ? "" : id  // "" : the account's last check
        if let last = lastCheck[key], now < last.adding(seconds: options.pollIntervalSeconds) {
            blockedUntil = now.adding(seconds: options.blockSeconds)
            return gate() ?? .error(429, "Too many requests.")
        }
        lastCheck[key] = now
        return .ok(.object([("data", number.checkJSON()), ("status", "success")]))
    }

    func cancel(_ id: String) -> SimReply {
        guard var number = numbers[id] else { return .error(404, "Number not found.") }
        if number.cancelled { return .error(400, "This number is already cancelled.") }
        if !number.messages.isEmpty { return .error(400, "This number has received an SMS and cannot be cancelled.") }
        if clock.now() >= number.expiresAt { return .error(400, "This number has expired.") }
        number.cancelled = true
        if options.refunds { credit += number.price }
        numbers[id] = number
        open.remove(id)
        let message = options.refunds ? "The number was cancelled and \(number.price) Toman returned to your credit." : "The number was cancelled."
        return .ok(.object([("status", "success"), ("message", .string(message))]))
    }

    // MARK: Time

    /// Steps the market and the numbers to now: SMS arrive (and are queued for push), unused
    /// numbers expire and are refunded.
    func settle() {
        let now = clock.now()
        market.advance(to: now.secondsSince1970)
        for id in open {
            guard var number = numbers[id] else { continue }
            if let at = number.smsAt, at <= now, at < number.expiresAt, number.messages.isEmpty {
                number.messages.append(makeMessage(for: number, at: at))
                if options.isReceived.activates {
                    var today = takesByDay[tehranDay(number.createdAt)] ?? (0, 0)
                    today.activated += 1
                    takesByDay[tehranDay(number.createdAt)] = today
                }
                if let url = number.callback, !url.isEmpty {
                    pushes.append(CallbackPush(
                        url: url, payload: .object([("data", number.checkJSON()), ("status", "success")]), encoding: options.pushEncoding))
                }
            }
            if now >= number.expiresAt {
                if number.messages.isEmpty, options.refunds { credit += number.price }
                open.remove(id)
            }
            numbers[id] = number
        }
    }

    /// Moves simulated time forward and settles; returns the pushes now due.
    package func advance(seconds: Double) -> [CallbackPush] {
        clock.advance(seconds: seconds)
        return takePushes()
    }

    /// Settles and hands over the callback pushes due so far.
    package func takePushes() -> [CallbackPush] {
        settle()
        defer { pushes.removeAll() }
        return pushes
    }

    /// Numbers taken in the 24 hours up to now, and how many of them received an SMS.
    func last24Hours() -> (taken: Int, activated: Int) {
        let since = clock.now().adding(seconds: -86_400)
        let ids = takeLog.filter { $0.at > since }.flatMap(\.ids)
        // A message counts as an activation as under the calendar reading: only when the
        // simulated flag activates (`--is-received 0` plays a provider that does not count it).
        let activated = options.isReceived.activates ? ids.filter { numbers[$0]?.messages.isEmpty == false }.count : 0
        return (ids.count, activated)
    }

    func tehranDay(_ time: Timestamp) -> String {
        ProviderTime.day(of: time).date
    }

    func resolve(_ codes: [String]) -> Result<[Int], SimReply> {
        guard !codes.isEmpty else { return .failure(.error(422, "The service field is required.")) }
        guard codes.count <= 5 else { return .failure(.error(400, "You can order at most 5 services at the same time.")) }
        var ids: [Int] = []
        for code in codes {
            guard let id = market.serviceID(code) else { return .failure(.error(422, "The selected service \(code) is invalid.")) }
            if !ids.contains(id) { ids.append(id) }
        }
        return .success(ids)
    }
}
