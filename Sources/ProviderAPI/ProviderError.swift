import Domain
import Foundation

/// Everything that can go wrong talking to the provider, told apart so callers can react:
/// back off on `rateLimited`, stop and alert on `unauthorized`, never retry a take on `timeout`.
///
/// No case ever carries the token: excerpts of bodies are redacted before they get here.
package enum ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    /// 401, a redirect (to a login page), or an HTML page where JSON was expected on a 2xx/401.
    case unauthorized(status: Int, detail: String)
    /// 429, or a 40X whose message says the client is blocked for polling too fast.
    case rateLimited(status: Int, message: String, retryAfterSeconds: Int?)
    /// The provider's own error: a 40X/5XX with its `message`.
    case provider(status: Int, message: String)
    /// An HTML page (CDN challenge, maintenance page) on a 403/5XX: the provider is not answering as an API.
    case htmlPage(status: Int, title: String)
    /// The answer could not be read: not JSON, wrong shape, or too large. `excerpt` is short and redacted.
    case malformed(status: Int, reason: String, excerpt: String)
    /// A 2xx answer to a take that could not be read. The provider may have issued (and charged
    /// for) numbers, so `raw` keeps the whole answer (redacted of the token, at most 64 KiB).
    case unreadableTake(status: Int, reason: String, raw: String)
    /// The connection failed or was dropped.
    case transport(String)
    /// No complete answer within the timeout. For a take the outcome is unknown: do not retry.
    case timeout(seconds: Double)
    /// The caller cancelled the request (shutdown).
    case cancelled
    /// Refused locally before any request was sent (bad arguments).
    case invalidRequest(String)
    /// Refused locally: checking this number now could get the account blocked. `scope` says
    /// what the spacing counts: every check of the account, or this number's.
    case pollTooSoon(numberID: String, nextAllowed: Timestamp, waitSeconds: Double, scope: PollScope)

    package var description: String {
        switch self {
        case let .unauthorized(status, detail):
            return "unauthorized (HTTP \(status)): \(detail)"
        case let .rateLimited(status, message, retryAfter):
            let wait = retryAfter.map { "; retry after \($0) s" } ?? ""
            return "rate limited by the provider (HTTP \(status)): \(message)\(wait)"
        case let .provider(status, message):
            return "provider error (HTTP \(status)): \(message)"
        case let .htmlPage(status, title):
            return "the provider answered with an HTML page (HTTP \(status))\(title.isEmpty ? "" : ": \(title)")"
        case let .malformed(status, reason, excerpt):
            return "malformed answer (HTTP \(status)): \(reason)\(excerpt.isEmpty ? "" : " — \"\(excerpt)\"")"
        case let .unreadableTake(status, reason, _):
            return "the provider answered the take (HTTP \(status)) but the answer could not be read: \(reason)"
        case let .transport(detail):
            return "cannot reach the provider: \(detail)"
        case let .timeout(seconds):
            return "the provider did not answer within \(formatSeconds(seconds))"
        case .cancelled:
            return "cancelled"
        case let .invalidRequest(detail):
            return "invalid request: \(detail)"
        case let .pollTooSoon(numberID, nextAllowed, wait, scope):
            return "not checking \(numberID) yet: \(scope.why);"
                + " next check allowed at \(HumanTime(now: nextAllowed.adding(seconds: -wait)).format(nextAllowed))"
        }
    }

    /// How a sample that failed this way ended, for metrics and the store (`numwatch_samples_total{outcome}`).
    package var outcome: SampleOutcome {
        switch self {
        case .unauthorized: .unauthorized
        case .rateLimited: .rateLimited
        case .provider: .providerError
        case .htmlPage: .htmlPage
        case .malformed, .unreadableTake: .malformed
        case .transport: .transport
        case .timeout: .timeout
        case .cancelled: .cancelled
        case .invalidRequest: .invalidRequest
        case .pollTooSoon: .pollTooSoon
        }
    }

    /// Whether a take that failed this way may still have issued numbers (and charged for them):
    /// no answer, a server error, or an answer that could not be read. Such a take is counted as
    /// taken and never retried automatically.
    package var takeOutcomeUnknown: Bool {
        switch self {
        case .transport, .timeout, .cancelled, .unreadableTake: true
        // The document: "failures are 40X". A 40X take failed, with or without its error body.
        case let .malformed(status, _, _), let .htmlPage(status, _): !(400..<500).contains(status)
        case let .provider(status, _): status >= 500
        case .unauthorized, .rateLimited, .invalidRequest, .pollTooSoon: false
        }
    }

    /// Whether waiting and asking again can help (the scheduler's backoff uses this).
    package var isTransient: Bool {
        switch self {
        case .rateLimited, .htmlPage, .malformed, .unreadableTake, .transport, .timeout: true
        case let .provider(status, _): status >= 500
        case .unauthorized, .cancelled, .invalidRequest, .pollTooSoon: false
        }
    }
}

func formatSeconds(_ seconds: Double) -> String {
    seconds == seconds.rounded() ? "\(Int(seconds)) s" : String(format: "%.1f s", seconds)
}
