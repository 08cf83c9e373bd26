import Foundation

/// The answers of the `handler_api.php` protocol, read from the bytes: bare words
/// (`ACCESS_BALANCE:123.45`, `BAD_KEY`, `BANNED:2026-01-01 12:00:00`) and the JSON of
/// `getPrices`, `getCountries` and `getServicesList`.
enum SMSActivateAnswers {
    /// A one-line answer of capital letters, digits and `_`, with whatever follows a colon.
    struct Word: Equatable {
        let word: String
        let detail: String?
    }

    /// The bare word the body is, or nil when it is anything else (JSON, HTML, prose).
    static func word(_ bytes: Data) -> Word? {
        guard bytes.count <= 1024 else { return nil }
        let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let head = text.prefix { $0 != ":" }
        guard let first = head.unicodeScalars.first, ("A"..."Z").contains(first),
              head.unicodeScalars.allSatisfy({ ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }),
              !text.contains(where: \.isNewline)
        else { return nil }
        let rest = text.dropFirst(head.count + 1)
        return Word(word: String(head), detail: head.count < text.count ? String(rest) : nil)
    }

    /// What each documented error word means (BrowserAutomationStudio's
    /// `Solution/Modules/SMS/js/internal/SmsActivate/api.js`, its `getError`).
    static let meanings: [String: String] = [
        "BAD_KEY": "the API key was refused", "NO_KEY": "no API key was sent",
        "NO_BALANCE": "not enough balance", "NO_MEANS": "not enough balance",
        "NO_NUMBERS": "no numbers", "NO_NUMBER": "no numbers",
        "ERROR_SQL": "the provider's SQL server failed", "BAD_ACTION": "the action is not known",
        "BAD_SERVICE": "the service code is not known", "WRONG_SERVICE": "the service code is not known",
        "BANNED": "the account is blocked",
    ]

    /// The error a bare word stands for; nil for the `ACCESS_…` answers that carry data.
    /// `BAD_KEY`/`NO_KEY` and `BANNED` are `unauthorized`: the key cannot be used until someone
    /// acts, and waiting does not help (so no backoff retries it); every other word is the
    /// provider's own error, named in the message.
    static func error(_ answer: Word, status: Int, redact: (String) -> String) -> ProviderError? {
        if answer.word.hasPrefix("ACCESS_") { return nil }
        let meaning = meanings[answer.word].map { " (\($0))" } ?? ""
        switch answer.word {
        case "BAD_KEY", "NO_KEY":
            return .unauthorized(status: status, detail: "\(answer.word)\(meaning); check the API key")
        case "BANNED":
            let until = answer.detail.map { " until \(printable(redact($0)).prefix(40))" } ?? ""
            return .unauthorized(status: status, detail: "BANNED: the account is blocked\(until)")
        default:
            let detail = answer.detail.map { ":" + printable(redact($0)).prefix(80) } ?? ""
            return .provider(status: status, message: "\(answer.word)\(detail)\(meaning)")
        }
    }

    /// `ACCESS_BALANCE:123.45` → 123.45.
    static func balance(_ answer: Word) throws(OutOfRange) -> Double {
        guard answer.word == "ACCESS_BALANCE" else { throw OutOfRange(description: "expected ACCESS_BALANCE, got \(answer.word)") }
        return try boundedDouble(answer.detail.map(JSONValue.string), in: QuoteBounds.credit, name: "the balance")
    }

    /// One country's price and stock for the service asked for.
    struct PriceRow: Equatable {
        let country: String
        let cost: Double
        let count: Int
    }

    /// `getPrices&service=S`: `{"<country id>": {"S": {"cost": 0.4, "count": 150, "physicalCount": 150}}}`.
    /// A country whose entry for `S` cannot be read within `QuoteBounds` is dropped and counted;
    /// one that does not list `S` is not a row. Nil when the body is neither an object nor an
    /// array (see `phpKeyed`).
    static func prices(_ root: JSONValue, service: String) -> (rows: [PriceRow], dropped: Int)? {
        guard let countries = root.phpKeyed else { return nil }
        var rows: [PriceRow] = []
        var dropped = 0
        for (country, services) in countries.sorted(by: { $0.key < $1.key }) {
            guard let services = services.members else { dropped += 1; continue }
            guard let entry = services[service] else { continue }
            do throws(OutOfRange) {
                rows.append(PriceRow(
                    country: country,
                    cost: try boundedDouble(entry["cost"], in: QuoteBounds.price, name: "cost"),
                    count: try boundedInt(entry["count"], in: QuoteBounds.count, name: "count")))
            } catch {
                dropped += 1
            }
        }
        return (rows, dropped)
    }

    /// `getCountries`: an object keyed by id (`{"0": {"id": 0, "eng": "Russia", …}}`), or an array
    /// of such entries; `id` (a number or text) wins over the key. Id → English name.
    static func countries(_ root: JSONValue) -> [String: String]? {
        guard let entries = root.phpKeyed else { return nil }
        var names: [String: String] = [:]
        for (key, value) in entries {
            guard let english = value["eng"]?.text, !english.isEmpty else { continue }
            names[value["id"]?.text ?? key] = english
        }
        return names
    }

    /// `getServicesList`, in either shape seen: `{"status": "success", "services": [{"code": "tg",
    /// "name": "Telegram"}]}`, or a plain `{"tg": "Telegram"}`. Code → name.
    static func services(_ root: JSONValue) -> [String: String]? {
        guard let members = root.members else { return nil }
        var names: [String: String] = [:]
        if case let .array(list)? = members["services"] {
            for entry in list {
                if let code = entry["code"]?.text, let name = entry["name"]?.text { names[code] = name }
            }
            return names
        }
        for (code, name) in members where code != "status" {
            if case let .string(text) = name { names[code] = text }
        }
        return names
    }
}

/// Text without control characters (a provider's word may carry anything after its colon).
func printable(_ text: String) -> String {
    String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F }))
}
