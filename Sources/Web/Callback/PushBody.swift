import Foundation
import ProviderAPI

/// A push's body in the encodings a provider may POST it in. The document says only that the
/// push has "exactly the fields of the check answer" (issue 17, point 5), so JSON, a urlencoded
/// form and a multipart form are all read, the forms with PHP-style nested names or a field
/// holding JSON. Every encoding ends in the same decoder and the same ledger checks.
enum PushBody {
    enum Encoding: Equatable {
        case json
        case urlEncoded
        case multipart(boundary: String)
    }

    /// By `Content-Type`; JSON when it is absent or names something else (a provider that labels
    /// its JSON `text/plain` still gets through).
    static func encoding(contentType: String?) -> Encoding {
        let type = contentType?.split(separator: ";").first?.trimmingCharacters(in: .whitespaces).lowercased()
        switch type {
        case "application/x-www-form-urlencoded": return .urlEncoded
        case "multipart/form-data":
            return FormFields.boundary(contentType: contentType ?? "").map { .multipart(boundary: $0) } ?? .json
        default: return .json
        }
    }

    /// The check answer in the body, or nil if the body is not one.
    static func decode(_ body: [UInt8], contentType: String?) -> NumberStatus? {
        let json: Data?
        switch encoding(contentType: contentType) {
        case .json: json = Data(body)
        case .urlEncoded: json = FormFields.urlEncoded(body).flatMap(NestedFields.json)
        case let .multipart(boundary): json = FormFields.multipart(body, boundary: boundary).flatMap(NestedFields.json)
        }
        return json.flatMap(checkAnswer)
    }

    /// The provider sends the check answer (`{"data": {...}, "status": "success"}`); the bare
    /// object is accepted too.
    static func checkAnswer(_ data: Data) -> NumberStatus? {
        struct Envelope: Decodable { let data: NumberStatus }
        if let envelope = try? JSONDecoder().decode(Envelope.self, from: data) { return envelope.data }
        return try? JSONDecoder().decode(NumberStatus.self, from: data)
    }
}
