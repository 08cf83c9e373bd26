import AsyncHTTPClient
import Domain
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// The provider's API over HTTP (AsyncHTTPClient).
///
/// Every request carries `Authorization: Bearer` and `Accept: application/json`; every answer is
/// classified by `ResponseClassifier` into data or one `ProviderError`.
package struct ProviderClient: Provider {
    /// Where the provider is, the timeout, and the limits the number desk keeps to.
    package let settings: ProviderSettings
    /// `settings.baseURL` ending in `/`: paths `api/v1/...` are resolved against it.
    private let base: String
    private let token: ProviderToken
    private let userAgent = "numwatch"
    private let exchange: ProviderExchange
    private let observer: (any ProviderRequestObserver)?
    private let logger: Logger

    package init(
        settings: ProviderSettings,
        token: ProviderToken,
        httpClient: HTTPClient,
        maxResponseBytes: Int = 4 << 20,
        observer: (any ProviderRequestObserver)? = nil,
        logger: Logger = Logger(label: "numwatch.provider")
    ) {
        self.settings = settings
        self.base = settings.baseURL.hasSuffix("/") ? settings.baseURL : settings.baseURL + "/"
        self.token = token
        self.exchange = ProviderExchange(http: httpClient, timeout: settings.timeout, limit: maxResponseBytes, observer: observer)
        self.observer = observer
        self.logger = logger
    }

    /// An HTTP client set up for the provider: redirects are not followed, because a redirect here
    /// means "log in" (an authentication failure), never data.
    package static func makeHTTPClient() -> HTTPClient {
        HTTPClient(
            eventLoopGroupProvider: .singleton,
            configuration: .init(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(10), read: .seconds(60))))
    }

    // MARK: The API

    package func credit() async throws(ProviderError) -> Int {
        try await observed(.credit) { () async throws(ProviderError) in
            try await send(.credit, .GET, "api/v1/user/credit").decode(CreditBody.self).credit
        }
    }

    package func prices(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] {
        try await observed(.pricing) { () async throws(ProviderError) in try await pricing(services) }
    }

    private func pricing(_ services: ServiceSet) async throws(ProviderError) -> [PriceRow] {
        let body = services.isBundle
            ? ServicesRequest(service: nil, services: services.codes, country: nil, callback: nil)
            : ServicesRequest(service: services.codes[0], services: nil, country: nil, callback: nil)
        let answer = try await send(.pricing, .POST, "api/v1/pricing", body: body)
        let list = try answer.decode(DataBody<LossyList<PriceRow>>.self).data
        if list.dropped > 0 {
            logger.warning(
                "skipped unreadable pricing rows",
                metadata: ["platform": "\(services.platform)", "skipped": "\(list.dropped)"])
        }
        var seen = Set<String>()
        let rows = list.elements.filter { $0.count >= 0 && $0.price >= 0 && seen.insert($0.country).inserted }
        let duplicates = list.elements.filter { $0.count >= 0 && $0.price >= 0 }.count - rows.count
        if duplicates > 0 {
            // Which of two rows is right cannot be known; the first is kept, and it is said.
            logger.warning(
                "pricing answer lists a country more than once; kept the first row of each",
                metadata: ["platform": "\(services.platform)", "duplicates": "\(duplicates)"])
            observer?.providerAnswerHadDuplicateRows(endpoint: .pricing, count: duplicates)
        }
        return rows
    }

    /// Sends the take once. Never retried here: see `ProviderError.takeOutcomeUnknown`. The
    /// account's bans are guarded by `Numbers`, which records every take before it is sent.
    package func takeNumber(
        _ services: ServiceSet, country: String, callback: String? = nil
    ) async throws(ProviderError) -> [IssuedNumber] {
        let country = country.trimmingCharacters(in: .whitespaces).lowercased()
        guard !country.isEmpty else { throw .invalidRequest("no country given") }
        let body = ServicesRequest(
            service: services.isBundle ? nil : services.codes[0],
            services: services.isBundle ? services.codes : nil,
            country: country, callback: callback)
        // The provider may echo the callback URL (its secret) in the answer or an error.
        let callbackSecrets = callback.map(SecretRedactor.callback) ?? []
        return try await observed(.numberTake) { () async throws(ProviderError) in
            let answer = try await send(.numberTake, .POST, "api/v1/number", body: body, alsoRedacting: callbackSecrets)
            do throws(ProviderError) {
                return try answer.decode(DataBody<OneOrMany<IssuedNumber>>.self).data.elements
            } catch {
                let reason = if case let .malformed(_, reason, _) = error { reason } else { error.description }
                let raw = answer.classifier.redact(String(decoding: answer.bytes.prefix(64 << 10), as: UTF8.self))
                throw .unreadableTake(status: answer.status, reason: reason, raw: raw)
            }
        }
    }

    package func checkNumber(_ numberID: String) async throws(ProviderError) -> NumberStatus {
        let id = try Self.validated(numberID)
        return try await observed(.numberCheck) { () async throws(ProviderError) in
            try await send(.numberCheck, .GET, "api/v1/number/\(id)").decode(DataBody<NumberStatus>.self).data
        }
    }

    package func cancelNumber(_ numberID: String) async throws(ProviderError) -> String {
        let id = try Self.validated(numberID)
        return try await observed(.numberCancel) { () async throws(ProviderError) in
            try await send(.numberCancel, .DELETE, "api/v1/number/\(id)").decode(MessageBody.self).message ?? "cancelled"
        }
    }

    /// Runs one call and tells the observer whether it gave data.
    private func observed<T>(
        _ endpoint: ProviderEndpoint, _ call: () async throws(ProviderError) -> T
    ) async throws(ProviderError) -> T {
        try await exchange.observed(endpoint, call)
    }

    // MARK: Transport

    package static func validated(_ numberID: String) throws(ProviderError) -> String {
        let id = numberID.trimmingCharacters(in: .whitespaces)
        guard !id.isEmpty, id.count <= 128,
              id.unicodeScalars.allSatisfy({ $0.isASCII && (CharacterSet.alphanumerics.contains($0) || $0 == "-" || $0 == "_") })
        else { throw .invalidRequest("a number id holds only letters, digits, - and _ (got \"\(numberID.prefix(40))\")") }
        return id
    }

    private func send(
        _ endpoint: ProviderEndpoint, _ method: HTTPMethod, _ path: String,
        body: (some Encodable & Sendable)? = Optional<ServicesRequest>.none,
        alsoRedacting secrets: [(value: String, replacement: String)] = []
    ) async throws(ProviderError) -> ClassifiedAnswer {
        var request = HTTPClientRequest(url: base + path)
        request.method = method
        request.headers.add(name: "Authorization", value: "Bearer \(token.value)")
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: userAgent)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
            request.body = .bytes(ByteBuffer(bytes: data))
        }
        let classifier = ResponseClassifier(redactor: SecretRedactor(token: token.value).adding(secrets))
        let answer = try await exchange.send(request, endpoint: endpoint, classifier: classifier)
        return try classifier.classify(status: answer.status, headers: answer.headers, body: answer.body)
    }
}
