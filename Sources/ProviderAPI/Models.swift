import Domain

/// One row of `POST api/v1/pricing`: a country that sells the service (or the bundle).
package struct PriceRow: Sendable, Hashable, Codable {
    /// The country's code, a lowercase English slug (`romania`).
    package var country: String
    /// The country's name as the provider gives it (Persian). Shown and exported escaped.
    package var name: String
    /// Numbers in stock.
    package var count: Int
    /// Price of one number, in Toman.
    package var price: Int

    package init(country: String, name: String, count: Int, price: Int) {
        self.country = country
        self.name = name
        self.count = count
        self.price = price
    }

    enum CodingKeys: String, CodingKey { case country, name, count, price }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        country = try c.decodeLenientString(forKey: .country)
        name = try c.decodeLenientStringIfPresent(forKey: .name) ?? country
        count = try c.decodeLenientIntIfPresent(forKey: .count) ?? 0
        price = try c.decodeLenientInt(forKey: .price)
    }
}

/// A number issued by `POST api/v1/number` (one per service when several are taken at once).
package struct IssuedNumber: Sendable, Hashable, Codable {
    package var numberID: String
    /// The phone number as text; it may be masked (`7519859XX`), so it is never an integer.
    package var number: String
    package var areaCode: Int?
    package var service: String
    package var country: String
    /// Only present when several services are taken at once.
    package var price: Int?
    package var callback: String?
    package var isRented: Bool?
    package var expiresAt: Timestamp?
    package var createdAt: Timestamp?
    package var updatedAt: Timestamp?

    package init(
        numberID: String, number: String, areaCode: Int?, service: String, country: String,
        price: Int? = nil, callback: String? = nil, isRented: Bool? = nil,
        expiresAt: Timestamp?, createdAt: Timestamp?, updatedAt: Timestamp?
    ) {
        self.numberID = numberID
        self.number = number
        self.areaCode = areaCode
        self.service = service
        self.country = country
        self.price = price
        self.callback = callback
        self.isRented = isRented
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case numberID = "number_id", number, areaCode = "area_code", service, country, price, callback
        case isRented = "is_rented", expiresAt = "expires_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        numberID = try c.decodeLenientString(forKey: .numberID)
        number = try c.decodeLenientStringIfPresent(forKey: .number) ?? ""
        areaCode = try c.decodeLenientIntIfPresent(forKey: .areaCode)
        service = try c.decodeLenientStringIfPresent(forKey: .service) ?? ""
        country = try c.decodeLenientStringIfPresent(forKey: .country) ?? ""
        price = try c.decodeLenientIntIfPresent(forKey: .price)
        callback = try c.decodeLenientStringIfPresent(forKey: .callback)
        isRented = try c.decodeLenientBoolIfPresent(forKey: .isRented)
        expiresAt = try c.decodeTimestampIfPresent(forKey: .expiresAt)
        createdAt = try c.decodeTimestampIfPresent(forKey: .createdAt)
        updatedAt = try c.decodeTimestampIfPresent(forKey: .updatedAt)
    }
}

/// One SMS received on a number.
package struct SMSMessage: Sendable, Hashable, Codable {
    package var id: String
    /// The message text (usually the activation code). Provider-supplied: escape when shown.
    package var content: String
    package var messageID: String?
    package var from: String?
    package var isReceived: Bool?
    package var createdAt: Timestamp?
    package var updatedAt: Timestamp?

    package init(
        id: String, content: String, messageID: String?, from: String?, isReceived: Bool?,
        createdAt: Timestamp?, updatedAt: Timestamp?
    ) {
        self.id = id
        self.content = content
        self.messageID = messageID
        self.from = from
        self.isReceived = isReceived
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case id, content, messageID = "message_id", from, isReceived = "is_received"
        case createdAt = "created_at", updatedAt = "updated_at"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeLenientString(forKey: .id)
        content = try c.decodeLenientStringIfPresent(forKey: .content) ?? ""
        messageID = try c.decodeLenientStringIfPresent(forKey: .messageID)
        from = try c.decodeLenientStringIfPresent(forKey: .from)
        // An explicit `null` is not "absent": the document shows only 1, so a flag that says
        // nothing does not activate the number (the strict reading: the guard may refuse a take
        // the provider would allow, never the reverse).
        if c.contains(.isReceived), try c.decodeNil(forKey: .isReceived) {
            isReceived = false
        } else {
            isReceived = try c.decodeLenientBoolIfPresent(forKey: .isReceived)
        }
        createdAt = try c.decodeTimestampIfPresent(forKey: .createdAt)
        updatedAt = try c.decodeTimestampIfPresent(forKey: .updatedAt)
    }
}

/// `GET api/v1/number/{id}`: the number and the SMS it has received so far.
/// The provider pushes exactly these fields to a number's `callback` URL.
package struct NumberStatus: Sendable, Hashable, Codable {
    package var numberID: String
    package var number: String
    package var areaCode: Int?
    package var service: String
    package var country: String
    package var messages: [SMSMessage]
    package var isRented: Bool?
    package var expiresAt: Timestamp?
    package var createdAt: Timestamp?
    package var updatedAt: Timestamp?

    package init(
        numberID: String, number: String, areaCode: Int?, service: String, country: String,
        messages: [SMSMessage], isRented: Bool?, expiresAt: Timestamp?, createdAt: Timestamp?,
        updatedAt: Timestamp?
    ) {
        self.numberID = numberID
        self.number = number
        self.areaCode = areaCode
        self.service = service
        self.country = country
        self.messages = messages
        self.isRented = isRented
        self.expiresAt = expiresAt
        self.createdAt = createdAt
        self.updatedAt = updatedAt
    }

    enum CodingKeys: String, CodingKey {
        case numberID = "number_id", number, areaCode = "area_code", service, country, messages
        case isRented = "is_rented", expiresAt = "expires_at", createdAt = "created_at", updatedAt = "updated_at"
    }

    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        numberID = try c.decodeLenientString(forKey: .numberID)
        number = try c.decodeLenientStringIfPresent(forKey: .number) ?? ""
        areaCode = try c.decodeLenientIntIfPresent(forKey: .areaCode)
        service = try c.decodeLenientStringIfPresent(forKey: .service) ?? ""
        country = try c.decodeLenientStringIfPresent(forKey: .country) ?? ""
        messages = try c.decodeIfPresent([SMSMessage].self, forKey: .messages) ?? []
        isRented = try c.decodeLenientBoolIfPresent(forKey: .isRented)
        expiresAt = try c.decodeTimestampIfPresent(forKey: .expiresAt)
        createdAt = try c.decodeTimestampIfPresent(forKey: .createdAt)
        updatedAt = try c.decodeTimestampIfPresent(forKey: .updatedAt)
    }
}
