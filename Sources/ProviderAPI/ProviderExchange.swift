import AsyncHTTPClient
import Domain
import NIOCore
import NIOHTTP1

/// One request to a provider and its raw answer, the same for every adapter: at most `timeout`
/// from the first byte sent to the last received, at most `limit` bytes read, each request told
/// to the observer (`numwatch_provider_requests_total`), and a failed exchange turned into a
/// `ProviderError` by the classifier, which redacts the secrets it was given.
struct ProviderExchange: Sendable {
    let http: HTTPClient
    let timeout: Duration
    /// The most of an answer read; more is an error, not a bigger buffer.
    let limit: Int
    let observer: (any ProviderRequestObserver)?

    struct Answer: Sendable {
        let status: Int
        let headers: HTTPHeaders
        let body: ByteBuffer
    }

    func send(
        _ request: HTTPClientRequest, endpoint: ProviderEndpoint, classifier: ResponseClassifier
    ) async throws(ProviderError) -> Answer {
        let started = ContinuousClock.now
        let outcome: Result<Answer, ProviderError>
        do {
            outcome = .success(try await withDeadline(timeout) { [http, timeout, limit] in
                let response = try await http.execute(request, timeout: .milliseconds(timeout.inMilliseconds))
                let bytes = try await response.body.collect(upTo: limit)
                return Answer(status: Int(response.status.code), headers: response.headers, body: bytes)
            })
        } catch {
            outcome = .failure(classifier.transportError(error, limit: limit, timeout: timeout.inSeconds))
        }
        let seconds = (ContinuousClock.now - started).inSeconds
        switch outcome {
        case let .success(answer):
            observer?.providerRequestFinished(endpoint: endpoint, code: String(answer.status), seconds: seconds)
            return answer
        case let .failure(error):
            let code = if case .timeout = error { "timeout" } else if case .cancelled = error { "cancelled" } else { "transport" }
            observer?.providerRequestFinished(endpoint: endpoint, code: code, seconds: seconds)
            throw error
        }
    }

    /// Runs one call and tells the observer whether it gave data (`numwatch_provider_up`).
    func observed<T>(
        _ endpoint: ProviderEndpoint, _ call: () async throws(ProviderError) -> T
    ) async throws(ProviderError) -> T {
        do {
            let value = try await call()
            observer?.providerCallFinished(endpoint: endpoint, succeeded: true)
            return value
        } catch {
            if error != .cancelled { observer?.providerCallFinished(endpoint: endpoint, succeeded: false) }
            throw error
        }
    }
}

/// Runs `work`, cancelling it once `timeout` has passed (a guard over AsyncHTTPClient's own
/// deadline that also covers collecting the body).
private func withDeadline<T: Sendable>(
    _ timeout: Duration, _ work: @escaping @Sendable () async throws -> T
) async throws -> T {
    try await withThrowingTaskGroup(of: T?.self) { group in
        group.addTask { try await work() }
        group.addTask {
            try await Task.sleep(for: timeout + .milliseconds(50))
            return nil
        }
        defer { group.cancelAll() }
        guard let first = try await group.next(), let value = first else {
            throw HTTPClientError.deadlineExceeded
        }
        return value
    }
}
