import Foundation
import Hummingbird

/// The `Authorization` header's credentials. The scheme is matched case-insensitively (RFC 9110
/// §11.1: `bearer`, `BASIC` are the same schemes); HummingbirdAuth's reader wants `Basic ` and
/// `Bearer ` exactly, so a client that wrote the scheme in another case was refused.
enum AuthorizationHeader: Equatable {
    case basic(username: String, password: String)
    case bearer(token: String)

    init?(_ headers: HTTPFields) {
        guard let value = headers[.authorization] else { return nil }
        let scheme = value.prefix { $0 != " " }
        let rest = value.dropFirst(scheme.count).drop { $0 == " " }
        switch scheme.lowercased() {
        case "basic":
            guard let data = Data(base64Encoded: String(rest)), let text = String(data: data, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else { return nil }
            self = .basic(username: String(text[..<colon]), password: String(text[text.index(after: colon)...]))
        case "bearer":
            guard !rest.isEmpty else { return nil }
            self = .bearer(token: String(rest))
        default:
            return nil
        }
    }
}
