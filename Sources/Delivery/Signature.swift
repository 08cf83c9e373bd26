import Config
import Crypto
import Foundation

/// `X-Numwatch-Signature`, keyed with the webhook's secret.
///
/// `v1` (the default) signs a timestamp with the body, as Stripe and Slack do:
/// `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`. A receiver that also checks `t` is
/// recent (docs/configuration.md: five minutes) refuses a captured delivery replayed later.
/// `v0` is the older `sha256=<hex HMAC-SHA256 of the body>`: a captured delivery verifies forever.
package enum Signature {
    package static let header = "X-Numwatch-Signature"

    /// The header's value for `body` sent at `unixSeconds` (each attempt signs its own time).
    package static func value(body: Data, secret: String, scheme: WebhookSignature, unixSeconds: Int64) -> String {
        let key = SymmetricKey(data: Data(secret.utf8))
        switch scheme {
        case .v0:
            return "sha256=" + hex(Data(HMAC<SHA256>.authenticationCode(for: body, using: key)))
        case .v1:
            let signed = Data("\(unixSeconds).".utf8) + body
            return "t=\(unixSeconds),v1=" + hex(Data(HMAC<SHA256>.authenticationCode(for: signed, using: key)))
        }
    }

    /// A stable Idempotency-Key for a notification: its webhook and exact body, hashed, so every
    /// retry of it (also after a restart) carries the same key.
    package static func idempotencyKey(webhook: String, body: Data) -> String {
        var hasher = SHA256()
        hasher.update(data: Data(webhook.utf8))
        hasher.update(data: body)
        return hex(Data(hasher.finalize())).prefix(32).description
    }

    static func hex(_ data: Data) -> String {
        data.map { String(format: "%02x", $0) }.joined()
    }
}
