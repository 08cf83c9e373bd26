import AsyncHTTPClient
import Domain
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// A provider speaking sms-activate's `handler_api.php` protocol (`kind: sms_activate`), over
/// HTTP. Every call is `GET <base_url>?api_key=KEY&action=…`: `base_url` is the handler's full
/// path. The key rides in the query string, so every error and log line is redacted of it.
///
/// It sells one service per number, so a bundle gets no rows.
package struct SMSActivateClient: MarketSource {
    package let settings: ProviderSettings
    private let call: Call
    private let exchange: ProviderExchange
    private let names: ProviderNames
    private let logger: Logger

    package init(
        settings: ProviderSettings,
        token: ProviderToken?,
        httpClient: HTTPClient,
        clock: any WallClock = SystemWallClock(),
        maxResponseBytes: Int = 4 << 20,
        observer: (any ProviderRequestObserver)? = nil,
        logger: Logger = Logger(label: "numwatch.provider")
    ) {
        var logger = logger
        logger[metadataKey: "provider"] = "\(settings.id)"
        let exchange = ProviderExchange(http: httpClient, timeout: settings.timeout, limit: maxResponseBytes, observer: observer)
        let call = Call(base: settings.baseURL, key: token, exchange: exchange)
        self.settings = settings
        self.call = call
        self.exchange = exchange
        self.logger = logger
        self.names = ProviderNames(rules: .smsActivate, aliases: settings.aliases, clock: clock, logger: logger) { () async throws(ProviderError) in
            guard let countryNames = SMSActivateAnswers.countries(try await call.json(.names, ["action": "getCountries"])) else {
                throw .malformed(status: 200, reason: "getCountries: not an object of countries", excerpt: "")
            }
            guard let serviceNames = SMSActivateAnswers.services(try await call.json(.names, ["action": "getServicesList"])) else {
                throw .malformed(status: 200, reason: "getServicesList: not an object of services", excerpt: "")
            }
            return ProviderLists(countries: countryNames, services: serviceNames)
        }
    }

    package var kind: ProviderKind { .smsActivate }

    // MARK: MarketSource

    package func balance() async throws(ProviderError) -> Double {
        try await exchange.observed(.credit) { () async throws(ProviderError) in
            let (status, bytes, classifier) = try await call.send(.credit, ["action": "getBalance"])
            guard let word = SMSActivateAnswers.word(bytes) else {
                throw .malformed(status: status, reason: "getBalance: expected ACCESS_BALANCE:<amount>", excerpt: classifier.excerpt(bytes))
            }
            do throws(OutOfRange) {
                return try SMSActivateAnswers.balance(word)
            } catch {
                throw .malformed(status: status, reason: "getBalance: \(error)", excerpt: classifier.excerpt(bytes))
            }
        }
    }

    package func quotes(_ services: ServiceSet) async throws(ProviderError) -> [Quote] {
        guard !services.isBundle else { return [] }
        let wanted = services.codes[0]
        let table = await names.table()
        guard let code = table.service(wanted) else {
            await names.noteUnmatched(service: wanted)
            return []
        }
        await names.noteMatched(service: wanted)
        let read = try await exchange.observed(.pricing) { () async throws(ProviderError) in
            let (status, bytes, classifier) = try await call.send(.pricing, ["action": "getPrices", "service": code])
            guard let root = JSONValue.parse(bytes), let read = SMSActivateAnswers.prices(root, service: code) else {
                throw .malformed(status: status, reason: "getPrices: not an object of countries", excerpt: classifier.excerpt(bytes))
            }
            return read
        }
        if read.dropped > 0 {
            logger.warning("skipped unreadable pricing rows", metadata: ["platform": "\(wanted)", "skipped": "\(read.dropped)"])
        }
        let named = table.quotes(read.rows, code: \.country) { row, country, name in
            Quote(country: country, name: name, price: row.cost, count: row.count)
        }
        if !named.unmatched.isEmpty { await names.noteUnmatched(countries: named.unmatched) }
        return named.quotes
    }

    package func unmatchedNames() async -> UnmatchedNames {
        await names.unmatched()
    }
}

/// One `handler_api.php` call: the URL with the key, the request, and the answer classified.
private struct Call: Sendable {
    let base: String
    let key: ProviderToken?
    let exchange: ProviderExchange

    /// The answer's status and bytes once they are data: a bare error word, a redirect, an HTML
    /// page, a 429 or a JSON error envelope is thrown as its `ProviderError`.
    func send(
        _ endpoint: ProviderEndpoint, _ parameters: [String: String]
    ) async throws(ProviderError) -> (status: Int, bytes: Data, classifier: ResponseClassifier) {
        guard let key else {
            throw .invalidRequest("the sms_activate protocol needs the API key on every call: set token_env or token_file")
        }
        let query = (["api_key": key.value].merging(parameters) { old, _ in old })
            .sorted { $0.key < $1.key }
            .map { "\($0.key)=\(Self.escaped($0.value))" }
            .joined(separator: "&")
        var request = HTTPClientRequest(url: base + (base.contains("?") ? "&" : "?") + query)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json, text/plain")
        request.headers.add(name: "User-Agent", value: "numwatch")
        let classifier = ResponseClassifier(redactor: SecretRedactor(token: key.value))
        let answer = try await exchange.send(request, endpoint: endpoint, classifier: classifier)
        let bytes = Data(answer.body.readableBytesView)
        // The protocol answers errors with a bare word, on a 200 or on a 4xx/5xx; everything else
        // (a login redirect, an HTML page, a 429) is classified as for any provider.
        if !(300..<400).contains(answer.status), answer.status != 429, let word = SMSActivateAnswers.word(bytes) {
            if let error = SMSActivateAnswers.error(word, status: answer.status, redact: classifier.redact) { throw error }
            if (200..<300).contains(answer.status) { return (answer.status, bytes, classifier) }
        }
        let classified = try classifier.classify(status: answer.status, headers: answer.headers, body: answer.body)
        return (classified.status, classified.bytes, classifier)
    }

    /// The answer as JSON, for the list calls.
    func json(_ endpoint: ProviderEndpoint, _ parameters: [String: String]) async throws(ProviderError) -> JSONValue {
        let (status, bytes, classifier) = try await send(endpoint, parameters)
        guard let root = JSONValue.parse(bytes) else {
            throw .malformed(status: status, reason: "\(parameters["action"] ?? ""): not JSON", excerpt: classifier.excerpt(bytes))
        }
        return root
    }

    /// A query value: everything but unreserved characters percent-encoded.
    static func escaped(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
}
