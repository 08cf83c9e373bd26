import Foundation

/// The ranges a number from another provider must fall in where it is parsed. A row outside
/// them is dropped and counted, never stored: a provider's `1e308` or `-5` is a broken row, not
/// a price.
package enum QuoteBounds {
    /// One number's price in the provider's currency.
    package static let price: ClosedRange<Double> = 0...1e9
    /// Numbers in stock, per row (5sim: per operator).
    package static let count: ClosedRange<Int> = 0...Int(Int32.max)
    /// An account's credit: a provider may let it go below zero.
    package static let credit: ClosedRange<Double> = -1e9...1e9
    /// 5sim's `rate`, a percentage.
    package static let rate: ClosedRange<Double> = 0...100
}

/// Why one value from outside is not a number numwatch accepts.
struct OutOfRange: Error, CustomStringConvertible {
    let description: String
}

/// A number sent as a JSON number or as text (`4`, `"0.40"`), read only when finite and within
/// `range`: NaN, infinities and overflowing text (`"1e400"`) are refused like negatives.
func boundedDouble(_ value: JSONValue?, in range: ClosedRange<Double>, name: String) throws(OutOfRange) -> Double {
    let number: Double? = switch value {
    case let .number(double): double
    case let .string(text): decimal(text.trimmingCharacters(in: .whitespaces))
    default: nil
    }
    guard let number, number.isFinite, range.contains(number) else {
        throw OutOfRange(description: "\(name) is not a number within \(range.lowerBound)...\(range.upperBound)")
    }
    return number
}

/// Decimal text only: Swift's `Double("0x10")` reads hexadecimal, and `"inf"` or `"nan"` are
/// words, not amounts.
private func decimal(_ text: String) -> Double? {
    guard !text.isEmpty, text.unicodeScalars.allSatisfy({ ("0"..."9").contains($0) || ".-+eE".unicodeScalars.contains($0) }) else { return nil }
    return Double(text)
}

/// A whole number sent as a JSON number or as text (`150`, `"150"`, `150.0`), within `range`.
func boundedInt(_ value: JSONValue?, in range: ClosedRange<Int>, name: String) throws(OutOfRange) -> Int {
    let whole = try boundedDouble(value, in: Double(range.lowerBound)...Double(range.upperBound), name: name)
    guard whole == whole.rounded() else { throw OutOfRange(description: "\(name) is not a whole number") }
    return Int(whole)
}

/// Any JSON value, for answers whose nesting is keyed by the provider's own codes (country ids,
/// operators) and whose leaves may be numbers or text. Read once, then walked by hand, so that
/// one bad leaf drops one row instead of failing the whole answer.
enum JSONValue: Sendable, Equatable, Decodable {
    case object([String: JSONValue])
    case array([JSONValue])
    case string(String)
    case number(Double)
    case bool(Bool)
    case null
    /// A value JSON allows but Swift cannot hold (a number literal like `1e400`): one bad leaf,
    /// not an unreadable answer.
    case unreadable

    /// Parses `bytes`, or nil when they are not JSON or nest deeper than `maximumDepth`.
    static func parse(_ bytes: Data) -> JSONValue? {
        guard depth(of: bytes) <= maximumDepth else { return nil }
        return try? JSONDecoder().decode(JSONValue.self, from: bytes)
    }

    /// The providers' answers nest four levels at most; a body nested far deeper is broken or
    /// hostile, and is refused before it costs a decoder's recursion.
    static let maximumDepth = 32

    /// How deep the body's arrays and objects nest (outside strings), stopping past the maximum.
    private static func depth(of bytes: Data) -> Int {
        var depth = 0, deepest = 0, inString = false, escaped = false
        for byte in bytes {
            if inString {
                if escaped { escaped = false } else if byte == UInt8(ascii: "\\") { escaped = true } else if byte == UInt8(ascii: "\"") { inString = false }
                continue
            }
            switch byte {
            case UInt8(ascii: "\""): inString = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
                deepest = max(deepest, depth)
                if deepest > maximumDepth { return deepest }
            case UInt8(ascii: "]"), UInt8(ascii: "}"): depth -= 1
            default: break
            }
        }
        return deepest
    }

    init(from decoder: any Decoder) throws {
        let single = try decoder.singleValueContainer()
        // Bool first: JSONDecoder does not read `1` as a Bool, nor `true` as a number.
        if single.decodeNil() { self = .null }
        else if let bool = try? single.decode(Bool.self) { self = .bool(bool) }
        else if let number = try? single.decode(Double.self) { self = .number(number) }
        else if let text = try? single.decode(String.self) { self = .string(text) }
        else if let members = try? single.decode([String: JSONValue].self) { self = .object(members) }
        else if let elements = try? single.decode([JSONValue].self) { self = .array(elements) }
        else { self = .unreadable }
    }

    var members: [String: JSONValue]? {
        if case let .object(members) = self { members } else { nil }
    }

    var text: String? {
        switch self {
        case let .string(text): text
        case let .number(number) where number == number.rounded() && abs(number) < 1e15: String(Int64(number))
        default: nil
        }
    }

    /// An object's members, or an array's elements keyed by their index: PHP's `json_encode`
    /// writes an array keyed 0, 1, 2, … (and an empty one) as a JSON array, so an answer keyed by
    /// country id may come as one.
    var phpKeyed: [String: JSONValue]? {
        switch self {
        case let .object(members): members
        case let .array(elements): Dictionary(uniqueKeysWithValues: elements.enumerated().map { (String($0.offset), $0.element) })
        default: nil
        }
    }

    subscript(key: String) -> JSONValue? { members?[key] }
}
