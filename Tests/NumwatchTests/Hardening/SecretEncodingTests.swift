import Domain
import Foundation
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import App
import Config
import Numbers
@testable import ProviderAPI
import Store
import Testing

/// How a provider may write back a callback URL it was given: PHP escapes slashes by default,
/// other stacks escape every character, percent-encode it, or log its bytes as hex.
enum EchoEncoding: String, CaseIterable, Sendable {
    case asGiven, phpEscapedSlashes, unicodeEscapesLower, unicodeEscapesUpper, percentUpper, percentLower,
         everyByteOfTheSecretPercent, secretHexLower, secretHexUpper, mixed

    func echo(url: String, secret: String) -> String {
        let base = String(url.dropLast(secret.count))
        switch self {
        case .asGiven: return url
        case .phpEscapedSlashes: return url.replacingOccurrences(of: "/", with: #"\/"#)
        case .unicodeEscapesLower: return url.unicodeScalars.map { String(format: #"\u%04x"#, $0.value) }.joined()
        case .unicodeEscapesUpper: return url.replacingOccurrences(of: "/", with: #"\u002F"#)
        case .percentUpper: return url.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        case .percentLower:
            return url.unicodeScalars.map { CharacterSet.alphanumerics.contains($0) ? String($0) : String(format: "%%%02x", $0.value) }.joined()
        case .everyByteOfTheSecretPercent: return base + secret.utf8.map { String(format: "%%%02x", $0) }.joined()
        case .secretHexLower: return secret.utf8.map { String(format: "%02x", $0) }.joined()
        case .secretHexUpper: return secret.utf8.map { String(format: "%02X", $0) }.joined()
        case .mixed:
            let escaped = secret.unicodeScalars.enumerated().map { i, s in i % 2 == 0 ? String(s) : String(format: "%%%02X", s.value) }
            return base.replacingOccurrences(of: "/", with: #"\/"#) + escaped.joined()
        }
    }
}

/// Whether `text` holds `secret` in any encoding `EchoEncoding` knows: as is, after undoing JSON
/// escapes and percent-encoding, or as hex in either case.
func leaks(_ secret: String, in text: String) -> Bool {
    var decoded = text.replacingOccurrences(of: #"\/"#, with: "/")
    while let range = decoded.range(of: #"\\u[0-9A-Fa-f]{4}"#, options: .regularExpression) {
        let code = UInt32(decoded[range].dropFirst(2), radix: 16)!
        decoded.replaceSubrange(range, with: String(Unicode.Scalar(code)!))
    }
    let percentDecoded = decoded.removingPercentEncoding ?? decoded
    let hex = secret.utf8.map { String(format: "%02x", $0) }.joined()
    return [text, decoded, percentDecoded].contains { $0.contains(secret) } || text.lowercased().contains(hex)
}

/// A provider that answers a take with a cut-off JSON body echoing the callback URL it was sent,
/// in `encoding`: the take's outcome is unknown, and numwatch keeps the raw answer.
func echoingProvider(_ encoding: EchoEncoding, secret: String) -> Router<BasicRequestContext> {
    let router = Router()
    router.post("api/v1/number") { request, context -> Response in
        struct Take: Decodable { var callback: String? }
        let take = try await request.decode(as: Take.self, context: context)
        let echo = encoding.echo(url: take.callback ?? "", secret: secret)
        let body = #"{"data":[{"number_id":"AbC123xyZ9","service":"telegram","callback":"\#(echo)"},{"number_id":"Zz"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
    return router
}

@Suite struct SecretEncodingTests {
    static let secret = "CbSecret-0123456789_abcdefXYZ"
    static let callback = "https://nw.example/callback/\(secret)"

    /// Point 5: a bundle take whose answer was cut off is stored raw; the callback secret is not
    /// in it (nor in the error the CLI prints) in any of the encodings.
    @Test(arguments: EchoEncoding.allCases)
    func theCallbackSecretIsRedactedFromAStoredRawAnswer(_ encoding: EchoEncoding) async throws {
        #expect(leaks(Self.secret, in: encoding.echo(url: Self.callback, secret: Self.secret)), "the test's own encoding must be seen")
        let (raw, error) = try await serveOnLoopback(echoingProvider(encoding, secret: Self.secret)) { baseURL, _ in
            // The CLI's way: the account's HTTP client lives in a group the take runs beside.
            let account = ProviderAccount(settings: ProviderSettings(baseURL: baseURL), token: ProviderToken("token-abcdef-123456"))
            let ledger = try Ledger.inMemory()
            let desk = account.desk(ledger: ledger, callbackURL: Self.callback, clock: ManualWallClock())
            let error = try await account.run(logger: Logger(label: "test")) {
                await #expect(throws: TakeOutcomeUnknown.self) {
                    try await desk.take(ServiceSet(["telegram", "whatsapp"]), country: "russia")
                }
            }
            return (try await ledger.rawAnswer(takeID: 1)?.raw, error)
        }
        #expect(error?.readableIDs == ["AbC123xyZ9"])
        let stored = try #require(raw)
        #expect(stored.contains("AbC123xyZ9"))
        #expect(stored.contains("<callback URL>") || stored.contains("<redacted>"), "\(stored)")
        #expect(!leaks(Self.secret, in: stored), "\(stored)")
        #expect(!leaks(Self.secret, in: error?.description ?? ""))
    }

    /// The token, echoed percent-encoded in lower-case hex or JSON-escaped in an error message,
    /// is redacted as it always was when echoed as is.
    @Test func theTokenIsRedactedInEveryEncodingOfAnErrorMessage() throws {
        let token = "tok/en+secret=value"
        let classifier = ResponseClassifier(token: token)
        for echoed in [token, token.replacingOccurrences(of: "/", with: #"\/"#),
                       token.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!.lowercased(),
                       token.utf8.map { String(format: "%02X", $0) }.joined()] {
            let body = ByteBuffer(string: #"{"status":"error","message":"bad token \#(echoed)"}"#)
            #expect(throws: ProviderError.provider(status: 400, message: "bad token <redacted>")) {
                _ = try classifier.classify(status: 400, headers: ["Content-Type": "application/json"], body: body)
            }
        }
    }

    @Test func redactionKeepsOrdinaryTextAndPrefersTheLongerSecret() {
        let redactor = SecretRedactor(SecretRedactor.callback(Self.callback))
        #expect(redactor.redact("no secret here: %2F \\/ 0123") == "no secret here: %2F \\/ 0123")
        #expect(redactor.redact("url=\(Self.callback)&alone=\(Self.secret)") == "url=<callback URL>&alone=<redacted>")
        // A `%` in a secret may itself be written `%25`.
        #expect(SecretRedactor([("50%off-secret", "<x>")]).redact("a 50%25off-secret b") == "a <x> b")
    }
}

extension SecretEncodingTests {
    /// A callback URL of the caller's own, whose last segment is no secret, does not mangle the text.
    @Test func aShortLastSegmentIsNotTakenForASecret() {
        let redactor = SecretRedactor(SecretRedactor.callback("https://hooks.example/callback"))
        #expect(redactor.redact(#"{"callback":"https:\/\/hooks.example\/callback","note":"callback"}"#)
            == #"{"callback":"<callback URL>","note":"callback"}"#)
    }
}

extension SecretEncodingTests {
    /// The issue's own case, end to end: `number take` of a bundle whose answer was cut off, with
    /// the callback URL echoed PHP-style; neither `numbers --take`, nor the take's error, nor a
    /// backup of the database holds the secret in any encoding.
    @Test func neitherTheCLINorABackupShowsTheSecretOfACutOffBundleTake() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: CLIProcess.executable.path), "build it first: swift build --build-tests")
        let directory = try TemporaryDirectory.create("nw-secret-cli")
        defer { TemporaryDirectory.remove(directory) }
        try await serveOnLoopback(echoingProvider(.phpEscapedSlashes, secret: Self.secret)) { baseURL, _ in
            let file = directory.appendingPathComponent("numwatch.yml")
            try """
                provider:
                  base_url: \(baseURL)
                storage:
                  path: numwatch.sqlite
                watches:
                  - services: [telegram]
                callback:
                  public_url: https://nw.example/
                """.write(to: file, atomically: true, encoding: .utf8)
            let environment = ["NUMWATCH_TOKEN": "token-abcdef-123456", "NUMWATCH_CALLBACK_SECRET": Self.secret]
            let take = try await CLIProcess.run(["number", "take", "--config", file.path, "--country", "russia", "telegram", "whatsapp"],
                                                environment: environment)
            #expect(take.status == 1, "\(take.stderr)")
            #expect(take.stderr.contains("numwatch numbers --take 1"), "\(take.stderr)")
            let shown = try await CLIProcess.run(["numbers", "--config", file.path, "--take", "1"])
            #expect(shown.status == 0, "\(shown.stderr)")
            #expect(shown.stdout.contains("AbC123xyZ9"))
            let backup = directory.appendingPathComponent("backup.sqlite").path
            let copied = try await CLIProcess.run(["backup", "--config", file.path, backup])
            #expect(copied.status == 0, "\(copied.stderr)")
            let bytes = String(decoding: try Data(contentsOf: URL(fileURLWithPath: backup)), as: UTF8.self)
            for text in [take.stdout + take.stderr, shown.stdout + shown.stderr, bytes] {
                #expect(!leaks(Self.secret, in: text))
            }
        }
    }
}

extension SecretEncodingTests {
    /// An answer cut off inside the callback URL (by the provider, or by an excerpt's length)
    /// keeps none of the secret's first characters, in any encoding.
    @Test func aSecretCutByTheEndOfTheTextIsRedactedToo() {
        let redactor = SecretRedactor(SecretRedactor.callback(Self.callback))
        let escaped = Self.callback.replacingOccurrences(of: "/", with: #"\/"#)
        for cut in [Self.callback.dropLast(5), Substring(escaped.dropLast(9)), Self.secret.prefix(8)] {
            let shown = redactor.redact(#"{"data":[{"callback":""# + cut)
            #expect(!shown.contains(Self.secret.prefix(6)), "\(shown)")
        }
        // Fewer than six of its characters at the end are no secret's start: ordinary text stays.
        #expect(redactor.redact("ends with " + Self.secret.prefix(5)) == "ends with " + Self.secret.prefix(5))
        // The token across the 300 characters kept of an error message: redacted, then cut (cut
        // first, "tok/" would be left).
        let token = "tok/en+secret=value"
        let message = String(repeating: "x", count: 285) + " bad token " + token
        let body = ByteBuffer(string: #"{"status":"error","message":"\#(message)"}"#)
        #expect(throws: ProviderError.provider(status: 400, message: String(repeating: "x", count: 285) + " bad token <red")) {
            _ = try ResponseClassifier(token: token).classify(status: 400, headers: ["Content-Type": "application/json"], body: body)
        }
    }
}

extension SecretEncodingTests {
    /// A take stored by an older numwatch, its raw answer holding the callback URL escaped PHP's
    /// way: serve's start redacts it, so neither `numbers --take` nor a backup shows it again.
    @Test func serveRedactsSecretsStoredBeforeItsStart() async throws {
        let directory = try TemporaryDirectory.create("nw-scrub")
        defer { TemporaryDirectory.remove(directory) }
        let path = directory.appendingPathComponent("numwatch.sqlite").path
        let secret = "older0numwatch0stored0this0secret"
        let escaped = "https:\\/\\/numwatch.example\\/callback\\/\(secret)"
        do {
            let ledger = try Ledger.open(path: path)
            let request = Ledger.TakeRequest(account: "https://p", platform: "telegram", country: "russia", count: 1, listedPrice: nil,
                                             atMs: 1_000, providerDay: "1970-01-01", tehranDay: 0..<86_400_000)
            guard case let .reserved(id) = try await ledger.reserveTake(request, limit: 45, force: false) else { throw CancellationError() }
            try await ledger.recordUnknown(takeID: id, error: "cut off", raw: #"{"data":[{"callback":""# + escaped, readable: [])
        }
        let config = try ConfigLoader.parse(yaml: """
            provider:
              base_url: http://127.0.0.1:1/
            storage:
              path: \(path)
            callback:
              public_url: https://numwatch.example
            watches:
              - services: [telegram]
            """, file: "test.yml")
        let server = try NumwatchServer.build(config: config, environment: ["NUMWATCH_TOKEN": "provider-token-0123", "NUMWATCH_CALLBACK_SECRET": secret])
        let raw = try await server.store.writer.read { try String.fetchOne($0, sql: "SELECT raw_answer FROM number_take") }
        #expect(raw == #"{"data":[{"callback":"<callback URL>"#)
    }
}
