import ProviderAPI

/// A JSON value that keeps its keys in the order written, so the simulator's answers read exactly
/// like the provider's documented samples (field order, `null` flags, zone-less `expires_at`).
indirect enum SimJSON: Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case int(Int)
    /// An amount in hundredths, written as a decimal without trailing zeros (`2222` → `22.22`,
    /// `40` → `0.4`, `400` → `4`): the foreign protocols' prices and balances, exactly.
    case cents(Int)
    case bool(Bool)
    case null
    case array([SimJSON])
    case object([(String, SimJSON)])

    init(stringLiteral value: String) { self = .string(value) }
    init(integerLiteral value: Int) { self = .int(value) }

    static func error(_ message: String) -> SimJSON {
        .object([("ok", .bool(false)), ("status", "error"), ("message", .string(message))])
    }

    /// `cents` as a decimal: `2222` → `22.22`, `40` → `0.4`, `400` → `4`.
    static func decimal(cents: Int) -> String {
        let sign = cents < 0 ? "-" : ""
        let whole = abs(cents) / 100, part = abs(cents) % 100
        if part == 0 { return sign + String(whole) }
        let digits = part % 10 == 0 ? String(part / 10) : (part < 10 ? "0" : "") + String(part)
        return sign + String(whole) + "." + digits
    }

    var rendered: String {
        var out = ""
        write(to: &out)
        return out
    }

    private func write(to out: inout String) {
        switch self {
        case let .string(text): out += jsonQuoted(text)
        case let .int(value): out += String(value)
        case let .cents(value): out += Self.decimal(cents: value)
        case let .bool(value): out += value ? "true" : "false"
        case .null: out += "null"
        case let .array(values):
            out += "["
            for (i, value) in values.enumerated() {
                if i > 0 { out += "," }
                value.write(to: &out)
            }
            out += "]"
        case let .object(pairs):
            out += "{"
            for (i, (key, value)) in pairs.enumerated() {
                if i > 0 { out += "," }
                out += jsonQuoted(key)
                out += ":"
                value.write(to: &out)
            }
            out += "}"
        }
    }
}
