import Domain

/// The provider's API as numwatch uses it. `ProviderClient` speaks it over HTTP; tests and the
/// sampler can substitute any other implementation.
package protocol Provider: Sendable {
    /// `GET api/v1/user/credit`: the account balance in Toman.
    func credit() async throws(ProviderError) -> Int
    /// `POST api/v1/pricing`: one row per country that sells the service, or the bundle.
    func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow]
    /// `POST api/v1/number`: one issued number per service, all on the same phone number.
    /// Not idempotent: a timeout has an unknown outcome and must not be retried automatically.
    func takeNumber(_ services: ServiceSet, country: String, callback: String?) async throws(ProviderError) -> [IssuedNumber]
    /// `GET api/v1/number/{id}`: the SMS received so far. (Polling more often than "every 20 or 30
    /// seconds" blocks the client: `Numbers` guards it, per account by default.)
    func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus
    /// `DELETE api/v1/number/{id}`: the provider's message.
    func cancelNumber(_ numberID: String) async throws(ProviderError) -> String
}

/// The provider's endpoints, named as in `numwatch_provider_requests_total{endpoint}`.
package enum ProviderEndpoint: String, Sendable, CaseIterable {
    case credit
    case pricing
    case numberTake = "number_take"
    case numberCheck = "number_check"
    case numberCancel = "number_cancel"
    /// Another provider's own lists of countries and services, read to map names (sms_activate's
    /// `getCountries` / `getServicesList`, 5sim's `guest/countries`); never counted in `provider_up`.
    case names
}

/// Told about every request the client sends, for the self-metrics.
package protocol ProviderRequestObserver: Sendable {
    /// `code` is the HTTP status (`"200"`), or `"timeout"` / `"transport"` when there was none.
    func providerRequestFinished(endpoint: ProviderEndpoint, code: String, seconds: Double)
    /// An answer listed the same country more than once (`count` rows beyond the first of each).
    func providerAnswerHadDuplicateRows(endpoint: ProviderEndpoint, count: Int)
    /// A call ended: `succeeded` when its answer was read into data, false for any error
    /// (a 200 that cannot be read is a failed call, not an up provider). Not told of cancellations.
    func providerCallFinished(endpoint: ProviderEndpoint, succeeded: Bool)
}

extension ProviderRequestObserver {
    package func providerAnswerHadDuplicateRows(endpoint: ProviderEndpoint, count: Int) {}
    package func providerCallFinished(endpoint: ProviderEndpoint, succeeded: Bool) {}
}
