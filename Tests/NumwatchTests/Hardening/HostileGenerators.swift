import Foundation
import PropertyBased
import ProviderAPI

/// Strings a provider could send where a name, a message or an SMS is expected.
enum Hostile {
    static let markup = "<script>alert(1)</script>"
    static let attributeBreakout = "\"><img src=x onerror=alert(1)>"
    /// A quote that a Character-wise escaper misses: `"` and a combining mark are one Character.
    static let combiningQuote = "x\"\u{301} onmouseover=alert(1) x=\""
    static let quotes = #"it's "quoted" \ back\slash"#
    static let lineBreaks = "first\nsecond\r\nthird\rfourth,col"
    static let controls = "nul\u{0}bell\u{7}esc\u{1B}[31mred\u{1B}]0;title\u{7}del\u{7F}c1\u{9B}2J"
    static let rtlOverride = "\u{202E}evil.exe\u{202C}gpj"
    static let bidi = "a\u{202A}b\u{202B}c\u{202D}d\u{2066}e\u{2067}f\u{2068}g\u{2069}h\u{200E}i\u{200F}j\u{061C}k"
    static let zeroWidth = "ro\u{200B}ma\u{200C}ni\u{200D}a\u{2060}\u{FEFF}"
    static let slackMention = "<!channel> <@U123> <https://evil.example|click> *bold* <\u{338}!here>"
    static let separators = "line\u{2028}para\u{2029}end"
    static let long = String(repeating: "رومانی<b>&", count: 1_024)  // 10 KB and more

    static let all: [(label: String, text: String)] = [
        ("markup", markup), ("attribute breakout", attributeBreakout), ("combining quote", combiningQuote),
        ("quotes and backslashes", quotes), ("line breaks", lineBreaks), ("controls", controls),
        ("RTL override", rtlOverride), ("bidi controls", bidi), ("zero-width", zeroWidth),
        ("slack mention", slackMention), ("line separators", separators), ("10 KB name", long),
    ]

    /// Scalars that must never reach a terminal or a single-line format as they are.
    static func isControlOrBidi(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x202A...0x202E, 0x2066...0x2069, 0x200E, 0x200F, 0x061C, 0x2028, 0x2029: true
        default: scalar.properties.generalCategory == .control
        }
    }
}

/// A JSON value as a tree, rendered to text; the generator below builds them with the real
/// field names of the provider's answers, so the decoders meet their own keys with wrong values.
indirect enum JSONTree: Sendable {
    case null, bool(Bool), int(Int), double(Double), string(String), raw(String)
    case array([JSONTree]), object([(String, JSONTree)])

    var text: String {
        switch self {
        case .null: "null"
        case let .bool(value): value ? "true" : "false"
        case let .int(value): String(value)
        case let .double(value): value.isFinite ? "\(value)" : "1e999"
        case let .string(value): jsonQuoted(value)
        case let .raw(value): value
        case let .array(items): "[" + items.map(\.text).joined(separator: ",") + "]"
        case let .object(fields): "{" + fields.map { jsonQuoted($0.0) + ":" + $0.1.text }.joined(separator: ",") + "}"
        }
    }

    var data: Data { Data(text.utf8) }
}

enum Generators {
    static let fieldNames = [
        "status", "ok", "message", "data", "credit", "country", "name", "count", "price", "number_id", "number",
        "area_code", "service", "callback", "is_rented", "expires_at", "created_at", "updated_at", "messages", "id",
        "content", "message_id", "from", "is_received", "error", "errors",
    ]

    static func pick<T>(_ items: [T], _ rng: inout any SeededRandomNumberGenerator) -> T {
        items[Int.random(in: 0..<items.count, using: &rng)]
    }

    /// Text with a bias towards what breaks things: hostile strings, numbers as text, timestamps.
    static func text(_ rng: inout any SeededRandomNumberGenerator) -> String {
        switch Int.random(in: 0..<8, using: &rng) {
        case 0: return pick(Hostile.all, &rng).text
        case 1: return String(Int.random(in: -1_000_000...1_000_000, using: &rng))
        case 2: return pick(["", " ", "1e400", "-0", "0x10", "NaN", "9223372036854775808", " 42 ", "1087.0", "true", "null"], &rng)
        case 3: return pick(["2021-01-11 20:12:13", "2021-01-11T16:46:50.211439Z", "2021-13-40T25:61:61+99:99", "9999-12-31T23:59:60.9999999Z", "0000-01-01 00:00:00"], &rng)
        default:
            let length = Int.random(in: 0...24, using: &rng)
            return String(String.UnicodeScalarView((0..<length).map { _ in scalar(&rng) }))
        }
    }

    static func scalar(_ rng: inout any SeededRandomNumberGenerator) -> Unicode.Scalar {
        let ranges: [ClosedRange<UInt32>] = [0x00...0x7F, 0x80...0x24F, 0x600...0x6FF, 0x2000...0x206F, 0x1F300...0x1F64F, 0xFE00...0xFFFF]
        while true {
            if let scalar = Unicode.Scalar(UInt32.random(in: pick(ranges, &rng), using: &rng)) { return scalar }
        }
    }

    static func leaf(_ rng: inout any SeededRandomNumberGenerator) -> JSONTree {
        switch Int.random(in: 0..<7, using: &rng) {
        case 0: return .null
        case 1: return .bool(Bool.random(using: &rng))
        case 2: return .int(pick([0, 1, -1, Int.max, Int.min, 100_000, Int.random(in: -1_000...1_000_000, using: &rng)], &rng))
        case 3: return .double(pick([0.5, -0.0, 1e308, 1e16, 1087.0, 9e15, Double.random(in: -1e6...1e6, using: &rng)], &rng))
        case 4: return .raw(pick(["1e999", "-1e999", "123456789012345678901234567890", "0.000000000001", "-0"], &rng))
        default: return .string(text(&rng))
        }
    }

    /// A random tree at most `depth` deep whose keys are mostly the provider's field names.
    static func tree(_ rng: inout any SeededRandomNumberGenerator, depth: Int = 4) -> JSONTree {
        guard depth > 0, Int.random(in: 0..<3, using: &rng) > 0 else { return leaf(&rng) }
        if Bool.random(using: &rng) {
            return .array((0..<Int.random(in: 0...4, using: &rng)).map { _ in tree(&rng, depth: depth - 1) })
        }
        let count = Int.random(in: 0...6, using: &rng)
        return .object((0..<count).map { _ in
            (Int.random(in: 0..<8, using: &rng) == 0 ? text(&rng) : pick(fieldNames, &rng), tree(&rng, depth: depth - 1))
        })
    }

    /// A random tree, wrapped like a provider answer most of the time (`{"status":..,"data":..}`).
    static let answerTree = Generator<JSONTree, Shrink.None<JSONTree>>(run: { rng in
        let body = tree(&rng)
        switch Int.random(in: 0..<3, using: &rng) {
        case 0: return body
        case 1: return .object([("status", .string(pick(["success", "error", "SUCCESS", ""], &rng))), ("data", body)])
        default: return .object([("data", .array([body, tree(&rng, depth: 2)])), ("ok", leaf(&rng))])
        }
    })

    /// The bytes of `original` after a few random edits: bytes flipped, ranges cut, doubled or
    /// moved, JSON punctuation inserted, the end cut off.
    static func mutate(_ original: Data, _ rng: inout any SeededRandomNumberGenerator) -> Data {
        var bytes = [UInt8](original)
        for _ in 0..<Int.random(in: 1...4, using: &rng) {
            guard !bytes.isEmpty else { bytes = [UInt8](pick(["{", "[", "\"", "null"], &rng).utf8); continue }
            let at = Int.random(in: 0..<bytes.count, using: &rng)
            let end = min(bytes.count, at + Int.random(in: 1...12, using: &rng))
            switch Int.random(in: 0..<6, using: &rng) {
            case 0: bytes[at] = UInt8.random(in: 0...255, using: &rng)
            case 1: bytes.removeSubrange(at..<end)
            case 2: bytes.insert(contentsOf: bytes[at..<end], at: at)
            case 3: bytes.insert(contentsOf: pick(["{", "}", "[", "]", ",", ":", "\"", "\\", "null", "1e999", "\"\\u0000\"", "\"\\ud800\""], &rng).utf8, at: at)
            case 4: bytes.removeSubrange(at...)
            default: bytes.insert(contentsOf: leaf(&rng).text.utf8, at: at)
            }
        }
        return Data(bytes)
    }

    static let randomBytes = Generator<Data, Shrink.None<Data>>(run: { rng in
        Data((0..<Int.random(in: 0...256, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) })
    })
}
