import Domain
import Hummingbird
import NIOCore

extension FaultMiddleware {
    /// The faults a foreign protocol reports in its own words; nil for the rest, which are HTTP's
    /// (429, 500 from a proxy, maintenance pages, cut or slow answers) and look alike everywhere.
    static func foreignReply(_ mode: FaultMode, kind: ProviderKind, now: Timestamp) -> Response? {
        switch (kind, mode) {
        case (.smsActivate, .unauthorized):
            return words(.ok, "BAD_KEY")
        case (.smsActivate, .error):
            // The protocol's own server error, with HTTP 200.
            return words(.ok, "ERROR_SQL")
        case (.smsActivate, .banned):
            // `BANNED:'YYYY-m-d H-i-s'`: until when.
            let until = now.adding(seconds: 86_400).iso8601.prefix(19).replacingOccurrences(of: "T", with: " ")
            let parts = until.split(separator: " ")
            return words(.ok, "BANNED:'\(parts[0]) \(parts[1].replacingOccurrences(of: ":", with: "-"))'")
        case (.fivesim, .unauthorized):
            return words(.unauthorized, "")
        case (.fivesim, .banned):
            return words(.forbidden, "account is banned")
        default:
            return nil
        }
    }

    private static func words(_ status: HTTPResponse.Status, _ text: String) -> Response {
        Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
    }
}
