import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Turns one HTTP answer into data to decode or a `ProviderError`, following API.md's adopted
/// readings: the HTTP status decides success; HTML is never parsed as data; a redirect or a login
/// page is an authentication failure. Every excerpt it makes is redacted of the token (and of a
/// take's callback URL), in every encoding.
struct ResponseClassifier {
    let redactor: SecretRedactor

    init(token: String) {
        self.redactor = SecretRedactor(token: token)
    }

    init(redactor: SecretRedactor) {
        self.redactor = redactor
    }

    func classify(status: Int, headers: HTTPHeaders, body: ByteBuffer) throws(ProviderError) -> ClassifiedAnswer {
        let bytes = Data(body.readableBytesView)
        if (300..<400).contains(status) {
            throw .unauthorized(status: status, detail: "redirected (to a login page?) instead of answering; check the token and base URL")
        }
        if looksLikeHTML(headers: headers, bytes: bytes) {
            if (200..<300).contains(status) || status == 401 {
                throw .unauthorized(status: status, detail: "an HTML page (a login page?) instead of JSON; check the token")
            }
            throw .htmlPage(status: status, title: htmlTitle(bytes))
        }
        let envelope = try? JSONDecoder().decode(StatusEnvelope.self, from: bytes)
        // Redacted, then cut: cut first, a secret across the cut would keep its first characters.
        let message = envelope?.message.map { String(redact($0).prefix(300)) }
        switch status {
        case 200..<300:
            if let envelope, envelope.saysError, !envelope.hasData {
                throw .provider(status: status, message: message ?? "the provider reported an error without a message")
            }
            return ClassifiedAnswer(status: status, bytes: bytes, classifier: self)
        case 401:
            throw .unauthorized(status: status, detail: message ?? "the token was refused")
        case 429:
            throw .rateLimited(status: status, message: message ?? "too many requests", retryAfterSeconds: retryAfter(headers))
        default:
            guard let message else {
                throw .malformed(status: status, reason: "an error without the documented error body", excerpt: excerpt(bytes))
            }
            if (400..<500).contains(status), Self.mentionsBlock(message) {
                throw .rateLimited(status: status, message: message, retryAfterSeconds: retryAfter(headers))
            }
            throw .provider(status: status, message: message)
        }
    }

    func transportError(_ error: any Error, limit: Int, timeout: Double) -> ProviderError {
        if let error = error as? ProviderError { return error }
        if error is CancellationError { return .cancelled }
        if error is NIOTooManyBytesError {
            return .malformed(status: 200, reason: "answer larger than \(limit) bytes", excerpt: "")
        }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .connectTimeout, .writeTimeout:
                return .timeout(seconds: timeout)
            case .cancelled:
                return .cancelled
            default:
                break
            }
        }
        let detail = redact(String(describing: error))
        if detail.contains("Connection refused") { return .transport("connection refused") }
        if detail.contains("remoteConnectionClosed") || detail.contains("Connection reset") || detail.contains("stream ended at an unexpected time") {
            return .transport("the connection was closed before the answer was complete")
        }
        return .transport(detail)
    }

    /// A short, printable, token-free excerpt of a body for error messages.
    func excerpt(_ bytes: Data) -> String {
        let text = redact(String(decoding: bytes.prefix(4096), as: UTF8.self))
        let printable = String(text.unicodeScalars.map { $0.properties.isWhitespace || $0.value < 0x20 ? " " : Character($0) })
        let squeezed = printable.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        return String(squeezed.prefix(120))
    }

    func redact(_ text: String) -> String {
        redactor.redact(text)
    }

    /// Messages the provider family uses when it blocks a client for a while for polling too fast
    /// (the Persian original says "blocked by the server for up to a minute": بلاک). An account
    /// ban ("account ... blocked", مسدود) is not a rate limit: waiting does not lift it.
    static func mentionsBlock(_ message: String) -> Bool {
        let lower = message.lowercased()
        if lower.contains("account") || lower.contains("مسدود") { return false }
        return ["too many", "too fast", "blocked for", "rate limit", "throttl", "بلاک", "تعداد درخواست"]
            .contains { lower.contains($0) }
    }

    private func looksLikeHTML(headers: HTTPHeaders, bytes: Data) -> Bool {
        if let type = headers.first(name: "Content-Type")?.lowercased(), type.contains("html") { return true }
        guard let first = bytes.first(where: { !($0 == 32 || $0 == 9 || $0 == 10 || $0 == 13) }) else { return false }
        return first == UInt8(ascii: "<")
    }

    private func htmlTitle(_ bytes: Data) -> String {
        let text = String(decoding: bytes.prefix(8192), as: UTF8.self)
        guard let open = text.range(of: "<title", options: .caseInsensitive),
              let close = text.range(of: ">", range: open.upperBound..<text.endIndex),
              let end = text.range(of: "</title>", options: .caseInsensitive, range: close.upperBound..<text.endIndex)
        else { return "" }
        let title = text[close.upperBound..<end.lowerBound].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        return String(redact(title).prefix(100))
    }

    private func retryAfter(_ headers: HTTPHeaders) -> Int? {
        // Bounded: a provider's "wait a year" (or an overflowing number) must not stall or crash us.
        headers.first(name: "Retry-After").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }.map { min(max($0, 0), 3_600) }
    }
}

/// A 2xx answer, ready to decode into the expected shape.
struct ClassifiedAnswer {
    let status: Int
    let bytes: Data
    let classifier: ResponseClassifier

    func decode<T: Decodable>(_ type: T.Type) throws(ProviderError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: bytes)
        } catch let error as DecodingError {
            throw .malformed(status: status, reason: Self.describe(error), excerpt: classifier.excerpt(bytes))
        } catch {
            throw .malformed(status: status, reason: "not JSON", excerpt: classifier.excerpt(bytes))
        }
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return keys.isEmpty ? "the body" : String(keys.drop { $0 == "." })
        }
        switch error {
        case let .keyNotFound(key, context): return "\(path(context)): missing field \"\(key.stringValue)\""
        case let .valueNotFound(_, context): return "\(path(context)): missing value"
        case let .typeMismatch(_, context): return "\(path(context)): unexpected type"
        case let .dataCorrupted(context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)): \(context.debugDescription)"
        @unknown default: return "unreadable"
        }
    }
}
