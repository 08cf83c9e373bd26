import Crypto
import Foundation

/// `X-Numwatch-Signature: sha256=<hex>`: HMAC-SHA256 of the exact body bytes with the webhook's secret.
package enum Signature {
    package static let header = "X-Numwatch-Signature"

    package static func value(body: Data, secret: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: body, using: SymmetricKey(data: Data(secret.utf8)))
        return "sha256=" + hex(Data(mac))
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
