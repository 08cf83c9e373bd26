/// Request and response envelopes of the provider's API (internal: callers see the models).

/// `{"service": ...}` or `{"services": [...]}`, plus `country` and `callback` when taking a number.
struct ServicesRequest: Encodable, Sendable {
    var service: String?
    var services: [String]?
    var country: String?
    var callback: String?
}

/// The success flags, read leniently: `status` ("success"/"error") and/or `ok` (true/false).
struct StatusEnvelope: Decodable {
    var status: String?
    var ok: Bool?
    var message: String?
    var hasData: Bool

    enum CodingKeys: String, CodingKey { case status, ok, message, data }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        status = try? c.decodeIfPresent(String.self, forKey: .status)
        ok = try? c.decodeLenientBoolIfPresent(forKey: .ok)
        message = try? c.decodeLenientStringIfPresent(forKey: .message)
        hasData = c.contains(.data) && (try? c.decodeNil(forKey: .data)) == false
    }

    /// Both flags that are present say "error" (when they disagree, the HTTP status decides).
    var saysError: Bool {
        let flags = [status.map { $0.lowercased() == "error" }, ok.map { !$0 }].compactMap { $0 }
        return !flags.isEmpty && flags.allSatisfy { $0 }
    }
}

struct CreditBody: Decodable {
    var credit: Int
    enum CodingKeys: String, CodingKey { case credit }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        credit = try c.decodeLenientInt(forKey: .credit)
    }
}

struct DataBody<T: Decodable>: Decodable {
    var data: T
}

struct MessageBody: Decodable {
    var message: String?
    enum CodingKeys: String, CodingKey { case message }
    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        message = try c.decodeLenientStringIfPresent(forKey: .message)
    }
}

/// `data` that is one object (one service taken) or an array (several services taken).
struct OneOrMany<T: Decodable>: Decodable {
    var elements: [T]
    init(from decoder: any Decoder) throws {
        if let many = try? [T](from: decoder) {
            elements = many
        } else {
            elements = [try T(from: decoder)]
        }
    }
}

/// An array whose unreadable elements are dropped and counted rather than failing the whole
/// answer: one bad pricing row must not hide the other hundred countries.
struct LossyList<T: Decodable>: Decodable {
    var elements: [T] = []
    var dropped = 0

    /// Reads nothing, so it accepts any element and moves the container past it.
    private struct Skip: Decodable { init(from decoder: any Decoder) throws {} }

    init(from decoder: any Decoder) throws {
        var container = try decoder.unkeyedContainer()
        while !container.isAtEnd {
            if let element = try? container.decode(T.self) {
                elements.append(element)
            } else {
                _ = try? container.decode(Skip.self)
                dropped += 1
            }
        }
        if elements.isEmpty, dropped > 0 {
            throw DecodingError.dataCorrupted(.init(
                codingPath: decoder.codingPath, debugDescription: "none of the \(dropped) rows could be read"))
        }
    }
}
