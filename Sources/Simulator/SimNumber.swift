import Domain
import ProviderAPI

/// A number the simulated provider has issued.
struct SimNumber: Sendable {
    let id: String
    let phone: String
    let areaCode: Int
    let service: String
    let country: String
    /// What it cost: the share of its take's charge (what a cancel gives back).
    let price: Int
    /// What the take answer's row says it cost (`--bundle-price`).
    let statedPrice: Int
    let callback: String?
    let createdAt: Timestamp
    let expiresAt: Timestamp
    /// When its SMS arrives; nil if it never will.
    let smsAt: Timestamp?
    var messages: [SimMessage] = []
    var cancelled = false

    /// As `POST api/v1/number` shows it: the phone number masked, `is_rented` null.
    func takeJSON(bundle: Bool) -> SimJSON {
        let masked = String(phone.dropLast(2)) + "XX"
        if bundle {
            return .object([
                ("number", .string(masked)), ("number_id", .string(id)), ("area_code", .int(areaCode)),
                ("expires_at", .string(expiresAt.iso8601)), ("price", .int(statedPrice)), ("callback", .string(callback ?? "")),
                ("updated_at", .string(createdAt.wholeSecondISO)), ("created_at", .string(createdAt.wholeSecondISO)),
                ("service", .string(service)), ("country", .string(country)),
            ])
        }
        return .object([
            ("area_code", .int(areaCode)), ("number", .string(masked)), ("number_id", .string(id)),
            ("service", .string(service)), ("country", .string(country)), ("is_rented", .null),
            ("expires_at", .string(expiresAt.iso8601)), ("created_at", .string(createdAt.wholeSecondISO)),
            ("updated_at", .string(createdAt.wholeSecondISO)),
        ])
    }

    /// As `GET api/v1/number/{id}` (and the callback push) shows it: the full number, `is_rented`
    /// as 0, `expires_at` in the zone-less form.
    func checkJSON() -> SimJSON {
        .object([
            ("area_code", .int(areaCode)), ("number", .string(phone)), ("number_id", .string(id)),
            ("service", .string(service)), ("country", .string(country)),
            ("messages", .array(messages.map(\.json))), ("is_rented", .int(0)),
            ("expires_at", .string(expiresAt.zonelessForm)),
            ("created_at", .string(createdAt.wholeSecondISO)), ("updated_at", .string(createdAt.wholeSecondISO)),
        ])
    }
}

struct SimMessage: Sendable {
    let id: String
    let content: String
    let messageID: String
    let from: String
    let at: Timestamp
    let isReceived: IsReceivedFlag

    var json: SimJSON {
        let flag: [(String, SimJSON)] = switch isReceived {
        case .one: [("is_received", .int(1))]
        case .zero: [("is_received", .int(0))]
        case .absent: []
        }
        return .object([
            ("id", .string(id)), ("content", .string(content)), ("message_id", .string(messageID)), ("from", .string(from)),
        ] + flag + [
            ("created_at", .string(at.wholeSecondISO)), ("updated_at", .string(at.wholeSecondISO)),
        ])
    }
}

extension Timestamp {
    /// `2021-01-11T16:26:50.000000Z`: the provider's `created_at` keeps whole seconds.
    var wholeSecondISO: String {
        Timestamp(microsecondsSince1970: microsecondsSince1970 - ((microsecondsSince1970 % 1_000_000) + 1_000_000) % 1_000_000).iso8601
    }

    /// `2021-01-11 20:12:13`, as the check answer's `expires_at`: Tehran's wall time, no zone.
    var zonelessForm: String { ProviderTime.zonelessForm(self) }
}

extension SimulatorEngine {
    static let dialCodes: [String: Int] = [
        "romania": 40, "russia": 7, "kazakhstan": 7, "colombia": 57, "malaysia": 60, "indonesia": 62,
        "philippines": 63, "vietnam": 84, "india": 91, "usa": 1, "canada": 1, "united_kingdom": 44,
        "germany": 49, "france": 33, "netherlands": 31, "poland": 48, "ukraine": 380, "turkey": 90,
        "iran": 98, "brazil": 55, "mexico": 52, "thailand": 66, "china": 86, "japan": 81, "egypt": 20,
        "nigeria": 234, "kenya": 254, "south_africa": 27, "pakistan": 92, "bangladesh": 880,
    ]

    func issue(services: [Int], country: Int, totalPrice: Int, callback: String?) -> [SimNumber] {
        let now = clock.now()
        let countryCode = CatalogueData.countries[country].code
        let areaCode = Self.dialCodes[countryCode] ?? (200 + country)
        let phone = String((0..<10).map { i in Character(String(i == 0 ? 1 + rng.index(9) : rng.index(10))) })
        let share = totalPrice / services.count
        let arrives = rng.chance(options.smsProbability)
        let delay = options.smsDelaySeconds.lowerBound
            + rng.unit() * (options.smsDelaySeconds.upperBound - options.smsDelaySeconds.lowerBound)
        return services.enumerated().map { i, service in
            let number = SimNumber(
                id: randomID(10), phone: phone, areaCode: areaCode,
                service: CatalogueData.services[service].code, country: countryCode,
                price: i == 0 ? totalPrice - share * (services.count - 1) : share,
                statedPrice: options.bundlePrice == .total ? totalPrice : (i == 0 ? totalPrice - share * (services.count - 1) : share),
                callback: callback, createdAt: now,
                expiresAt: now.adding(seconds: options.numberLifetimeSeconds + Double(i) * 0.005),
                smsAt: arrives ? now.adding(seconds: delay + Double(i) * 3) : nil)
            numbers[number.id] = number
            open.insert(number.id)
            return number
        }
    }

    func makeMessage(for number: SimNumber, at: Timestamp) -> SimMessage {
        let code = String(100_000 + rng.index(900_000))
        return SimMessage(
            id: randomID(10), content: "\(code) is your \(number.service) code. Do not share it.",
            messageID: randomID(40), from: number.service, at: at, isReceived: options.isReceived)
    }

    func randomID(_ length: Int) -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        return String((0..<length).map { _ in alphabet[rng.index(alphabet.count)] })
    }
}
