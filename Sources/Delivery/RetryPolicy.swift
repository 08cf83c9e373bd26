import Domain
import Foundation

/// When to try a notification again, and when to stop.
package struct RetryPolicy: Sendable {
    /// The first retry waits this long; each further one twice as long, up to `maxDelay`.
    package var baseDelay: Duration
    package var maxDelay: Duration
    /// ± this fraction of the delay, so many numwatch instances do not retry in step.
    package var jitter: Double
    /// One attempt's deadline.
    package var timeout: Duration
    /// The longest `Retry-After` honoured (a receiver asking for a day is asking too much of alerts).
    package var maxRetryAfter: Duration

    package init(baseDelay: Duration = .seconds(1), maxDelay: Duration = .seconds(300), jitter: Double = 0.2,
                 timeout: Duration = .seconds(10), maxRetryAfter: Duration = .seconds(3_600)) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.timeout = timeout
        self.maxRetryAfter = maxRetryAfter
    }

    /// How an attempt went.
    package enum Verdict: Sendable, Equatable {
        case delivered
        /// Try again, after `retryAfter` when the receiver said so.
        case retry(reason: String, retryAfter: Duration?)
        /// Never retried: the receiver refused this notification.
        case refused(reason: String)
    }

    /// Connection errors, timeouts, 5xx, 408 and 429 are worth another try; other 4xx are not.
    /// `now`: the moment the answer came, from which an HTTP-date `Retry-After` counts.
    package static func verdict(status: Int, retryAfter: String?, now: Timestamp) -> Verdict {
        switch status {
        case 200..<300: return .delivered
        case 408, 429, 500..<600: return .retry(reason: "HTTP \(status)", retryAfter: retryAfter.flatMap { parseRetryAfter($0, now: now) })
        default: return .refused(reason: "HTTP \(status)")
        }
    }

    /// The delay before attempt `attempts + 1`, given `attempts` failures so far.
    package func delay(afterFailures attempts: Int, retryAfter: Duration?, unit: Double) -> Duration {
        if let retryAfter { return min(retryAfter, maxRetryAfter) }
        let exponent = min(max(attempts - 1, 0), 30)
        let base = min(baseDelay * Double(1 << exponent), maxDelay)
        return base * (1 + jitter * (2 * unit - 1))
    }

    /// `Retry-After` as seconds or as an HTTP date.
    static func parseRetryAfter(_ text: String, now: Timestamp) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if let seconds = Int(trimmed), seconds >= 0 { return .seconds(seconds) }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: trimmed) else { return nil }
        return .milliseconds(max(0, Int64(date.timeIntervalSince(now.date) * 1000)))
    }
}
