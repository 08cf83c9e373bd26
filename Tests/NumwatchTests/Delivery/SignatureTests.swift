import Config
import Crypto
import Delivery
import Foundation
import Testing

/// `X-Numwatch-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">` on a real
/// delivery, checked by the Python receiver that docs/configuration.md shows (run as written).
@Suite struct SignatureTests {
    static let secret = "whsec-3f9a1c77e2b04d5a8c61"

    /// The ```python block under "Verifying a signature" in docs/configuration.md.
    static func documentedPythonVerifier() throws -> String {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        let doc = try String(contentsOf: url.appendingPathComponent("docs/configuration.md"), encoding: .utf8)
        let section = try #require(doc.range(of: "**Verifying a signature.**"))
        let open = try #require(doc.range(of: "```python\n", range: section.upperBound..<doc.endIndex))
        let close = try #require(doc.range(of: "```", range: open.upperBound..<doc.endIndex))
        return String(doc[open.upperBound..<close.lowerBound])
    }

    /// One delivery with a secret: what the receiver got.
    func deliver(_ hook: @escaping @Sendable (String) -> WebhookConfig) async throws -> WebhookReceiver.Received {
        let receiver = WebhookReceiver()
        try await receiver.serve { url in
            let webhook = hook(url)
            try await DeliveryTests().withDelivery([webhook]) { running in
                try await running.enqueue(webhook, country: "romania")
                try await receiver.waitFor(1, atMost: .seconds(30))
            }
        }
        return try #require(await receiver.received.first)
    }

    @Test func theDefaultSignatureSignsTheTimeWithTheBody() async throws {
        let before = Int64(Date().timeIntervalSince1970)
        let request = try await deliver { WebhookConfig(url: $0, secret: Self.secret) }
        let after = Int64(Date().timeIntervalSince1970)
        let header = try #require(request.headers["x-numwatch-signature"])
        let match = try #require(header.wholeMatch(of: /t=([0-9]+),v1=([0-9a-f]{64})/))
        let t = try #require(Int64(match.1))
        #expect((before...after).contains(t))
        let mac = HMAC<SHA256>.authenticationCode(for: Data("\(t).".utf8) + request.body, using: SymmetricKey(data: Data(Self.secret.utf8)))
        #expect(String(match.2) == mac.map { String(format: "%02x", $0) }.joined())
    }

    /// Point 9: the documented receiver accepts the real delivery, and refuses it tampered,
    /// replayed after five minutes, signed with another key, or in the old body-only form.
    @Test func theDocumentedPythonReceiverVerifiesARealDeliveryAndRefusesAReplay() async throws {
        let request = try await deliver { WebhookConfig(url: $0, secret: Self.secret) }
        let v0 = try await deliver { WebhookConfig(url: $0, secret: Self.secret, signature: .v0) }
        let directory = try TemporaryDirectory.create("nw-signature")
        defer { TemporaryDirectory.remove(directory) }
        try request.body.write(to: directory.appendingPathComponent("body"))
        let header = try #require(request.headers["x-numwatch-signature"])
        let t = try #require(header.firstMatch(of: /t=([0-9]+)/).flatMap { Int($0.1) })
        let driver = try Self.documentedPythonVerifier() + """

            import sys
            header, old_header = sys.argv[1], sys.argv[2]
            body = open(sys.argv[3], "rb").read()
            t = int(sys.argv[4])
            secret = \(String(reflecting: Self.secret)).encode()
            print(verify(secret, header, body))
            print(verify(secret, header, body, now=t + 299))
            print(verify(secret, header, body.replace(b"romania", b"russia")))
            print(verify(secret, header, body, now=t + 301))
            print(verify(b"another-key", header, body))
            print(verify(secret, old_header, body))
            print(verify(secret, "t=\\u00b2,v1=00", body))
            print(verify(secret, "t=" + str(t) + ",v1=\\u00e9" + "0" * 63, body))
            print(verify(secret, "t=" + "9" * 400 + ",v1=00", body))
            """
        let script = directory.appendingPathComponent("verify.py")
        try driver.write(to: script, atomically: true, encoding: .utf8)
        let result = try await CLIProcess.runProgram(
            URL(fileURLWithPath: "/usr/bin/env"),
            ["python3", script.path, header, try #require(v0.headers["x-numwatch-signature"]),
             directory.appendingPathComponent("body").path, String(t)])
        #expect(result.status == 0, "\(result.stderr)")
        // Tampered, late, another key, the old form, a non-ASCII digit in t, a non-ASCII v1, a t of
        // 400 digits: each refused, none raising.
        #expect(result.stdout == "True\nTrue\nFalse\nFalse\nFalse\nFalse\nFalse\nFalse\nFalse\n", "\(result.stderr)")
    }

    @Test func signatureV0KeepsTheBodyOnlyHeader() {
        let body = Data(#"{"a":1}"#.utf8)
        let v0 = Signature.value(body: body, secret: Self.secret, scheme: .v0, unixSeconds: 1_767_225_600)
        let v1 = Signature.value(body: body, secret: Self.secret, scheme: .v1, unixSeconds: 1_767_225_600)
        let key = SymmetricKey(data: Data(Self.secret.utf8))
        let hex = { (data: Data) in HMAC<SHA256>.authenticationCode(for: data, using: key).map { String(format: "%02x", $0) }.joined() }
        #expect(v0 == "sha256=" + hex(body))
        #expect(v1 == "t=1767225600,v1=" + hex(Data("1767225600.".utf8) + body))
    }
}
