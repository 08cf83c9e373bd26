import Domain
import Foundation

/// Decoding helpers for fields whose JSON type the provider does not keep fixed.
/// (API.md, "What the original leaves open": numbers may come as numeric strings, flags as
/// null / 0 / 1 / booleans, masked phone numbers must stay strings.)
extension KeyedDecodingContainer {
    /// An integer sent as a JSON number (`1087`, `1087.0`) or a numeric string (`"1087"`).
    func decodeLenientInt(forKey key: Key) throws -> Int {
        guard let value = try decodeLenientIntIfPresent(forKey: key) else {
            throw DecodingError.valueNotFound(
                Int.self, .init(codingPath: codingPath + [key], debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }

    /// Within `±ProviderLimits.largestAmount`, else the field is unreadable (a pricing row is
    /// dropped and counted, any other answer is malformed).
    func decodeLenientIntIfPresent(forKey key: Key) throws -> Int? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        let limit = ProviderLimits.largestAmount
        func bounded(_ double: Double) -> Int? {
            double.isFinite && double == double.rounded() && abs(double) <= Double(limit) ? Int(double) : nil
        }
        var value: Int?
        if let int = try? decode(Int.self, forKey: key) {
            value = int
        } else if let double = try? decode(Double.self, forKey: key) {
            value = bounded(double)
        } else if let text = try? decode(String.self, forKey: key) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            value = Int(trimmed) ?? Double(trimmed).flatMap(bounded)
        }
        guard let value, (-limit...limit).contains(value) else {
            throw DecodingError.dataCorruptedError(
                forKey: key, in: self, debugDescription: "\(key.stringValue) is not an integer within ±\(limit)")
        }
        return value
    }

    /// A flag sent as `null`, `0`/`1`, `"0"`/`"1"` or `true`/`false`; `null` or absent is `nil`.
    func decodeLenientBoolIfPresent(forKey key: Key) throws -> Bool? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let bool = try? decode(Bool.self, forKey: key) { return bool }
        if let int = try? decode(Int.self, forKey: key) { return int != 0 }
        if let text = try? decode(String.self, forKey: key) {
            switch text.lowercased() {
            case "1", "true", "yes": return true
            case "0", "false", "no", "": return false
            default: break
            }
        }
        throw DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "\(key.stringValue) is not a flag")
    }

    /// Text that may arrive as a JSON number (a phone number must never become an integer in
    /// our models, but a provider may still send one unquoted).
    func decodeLenientStringIfPresent(forKey key: Key) throws -> String? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        if let text = try? decode(String.self, forKey: key) { return text }
        if let int = try? decode(Int64.self, forKey: key) { return String(int) }
        throw DecodingError.dataCorruptedError(
            forKey: key, in: self, debugDescription: "\(key.stringValue) is not text")
    }

    func decodeLenientString(forKey key: Key) throws -> String {
        guard let value = try decodeLenientStringIfPresent(forKey: key) else {
            throw DecodingError.valueNotFound(
                String.self, .init(codingPath: codingPath + [key], debugDescription: "missing \(key.stringValue)"))
        }
        return value
    }

    func decodeTimestampIfPresent(forKey key: Key) throws -> Timestamp? {
        guard contains(key), try !decodeNil(forKey: key) else { return nil }
        return try decode(Timestamp.self, forKey: key)
    }
}
