import Foundation

/// How the simulated provider POSTs an SMS push. The document says the push has "exactly the
/// fields of the check answer" and names no encoding, so the simulator plays each reading
/// (`--push-encoding`): JSON, or a form with PHP's nested names (`data[messages][0][content]`)
/// urlencoded or as multipart.
package enum PushEncoding: String, Sendable, CaseIterable {
    case json, form, multipart

    static let boundary = "numwatch-simulator-7MA4YWxkTrZu0gW"

    /// The `Content-Type` and body of a push of `payload`.
    func encode(_ payload: SimJSON) -> (contentType: String, body: String) {
        switch self {
        case .json:
            return ("application/json", payload.rendered)
        case .form:
            let body = Self.fields(payload).map { "\(Self.escaped($0.name))=\(Self.escaped($0.value))" }.joined(separator: "&")
            return ("application/x-www-form-urlencoded", body)
        case .multipart:
            var body = ""
            for (name, value) in Self.fields(payload) {
                body += "--\(Self.boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
            }
            body += "--\(Self.boundary)--\r\n"
            return ("multipart/form-data; boundary=\(Self.boundary)", body)
        }
    }

    /// The fields PHP's `http_build_query` makes of the value: nested names, `true` as 1, `false`
    /// as 0, and no field at all for `null`.
    static func fields(_ value: SimJSON, name: String = "") -> [(name: String, value: String)] {
        func child(_ key: String) -> String { name.isEmpty ? key : "\(name)[\(key)]" }
        switch value {
        case let .string(text): return [(name, text)]
        case let .int(number): return [(name, String(number))]
        case let .cents(cents): return [(name, SimJSON.decimal(cents: cents))]
        case let .bool(flag): return [(name, flag ? "1" : "0")]
        case .null: return []
        case let .array(values): return values.enumerated().flatMap { fields($1, name: child(String($0))) }
        case let .object(pairs): return pairs.flatMap { fields($1, name: child($0)) }
        }
    }

    /// Percent-escaped for a form: everything but letters, digits and `-._~`.
    static func escaped(_ text: String) -> String {
        var allowed = CharacterSet(charactersIn: "-._~")
        allowed.formUnion(CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }
}

/// What the simulated provider puts in each message's `is_received` (`--is-received`): the
/// document shows only 1 and never says what 0 means. Under `0` the simulator also reads the
/// message as no activation for its ban (the harsh reading numwatch must survive).
package enum IsReceivedFlag: String, Sendable, CaseIterable {
    case one = "1", zero = "0", absent

    /// Whether the provider's ban counts such a message as an activation.
    var activates: Bool { self != .zero }
}
