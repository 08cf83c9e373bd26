/// How one sample (a watch's pricing call, or the credit's) ended: the `outcome` label of
/// `numwatch_samples_total` and the `outcome` column of `sample_run`, so the raw values are
/// exported and stored as they are and must never change.
package enum SampleOutcome: String, Sendable, Hashable, CaseIterable {
    case ok
    case unauthorized
    case rateLimited = "rate_limited"
    case providerError = "provider_error"
    case htmlPage = "html_page"
    /// An answer that could not be read (a take's included).
    case malformed
    case transport
    case timeout
    case cancelled
    case invalidRequest = "invalid_request"
    case pollTooSoon = "poll_too_soon"
}
