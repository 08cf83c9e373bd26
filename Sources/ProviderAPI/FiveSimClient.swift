import AsyncHTTPClient
import Domain
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// 5sim (`kind: fivesim`) over HTTP. Its prices need no token (`GET v1/guest/prices?product=P`,
/// one request per product, never one per country); its credit does (`GET v1/user/profile`
/// with `Authorization: Bearer`). Operators below a country are collapsed to the cheapest with
/// stock and the total count.
///
/// It sells one service per number, so a bundle gets no rows.
package struct FiveSimClient: MarketSource {
    package let settings: ProviderSettings
    private let token: ProviderToken?
    private let base: String
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
        let base = settings.baseURL.hasSuffix("/") ? settings.baseURL : settings.baseURL + "/"
        let exchange = ProviderExchange(http: httpClient, timeout: settings.timeout, limit: maxResponseBytes, observer: observer)
        self.settings = settings
        self.token = token
        self.base = base
        self.exchange = exchange
        self.logger = logger
        self.names = ProviderNames(rules: .fiveSim, aliases: settings.aliases, clock: clock, logger: logger) { () async throws(ProviderError) in
            let (status, root, excerpt) = try await Self.get(exchange, base + "v1/guest/countries", .names, token: nil)
            guard let countries = FiveSimAnswers.countries(root) else {
                throw .malformed(status: status, reason: "guest/countries: not an object of countries", excerpt: excerpt)
            }
            return ProviderLists(countries: countries)
        }
    }

    package var kind: ProviderKind { .fivesim }

    // MARK: MarketSource

    package func balance() async throws(ProviderError) -> Double {
        guard let token else {
            throw .invalidRequest("5sim's credit needs a token (prices do not): set token_env or token_file under provider \(settings.id)")
        }
        return try await exchange.observed(.credit) { () async throws(ProviderError) in
            let (status, root, excerpt) = try await Self.get(exchange, base + "v1/user/profile", .credit, token: token)
            do throws(OutOfRange) {
                return try FiveSimAnswers.balance(root)
            } catch {
                throw .malformed(status: status, reason: "user/profile: \(error)", excerpt: excerpt)
            }
        }
    }

    package func quotes(_ services: ServiceSet) async throws(ProviderError) -> [Quote] {
        guard !services.isBundle else { return [] }
        let wanted = services.codes[0]
        let table = await names.table()
        guard let product = table.service(wanted) else {
            await names.noteUnmatched(service: wanted)
            return []
        }
        let escaped = product.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))) ?? product
        let read = try await exchange.observed(.pricing) { () async throws(ProviderError) in
            let (status, root, excerpt) = try await Self.get(exchange, base + "v1/guest/prices?product=" + escaped, .pricing, token: nil)
            guard let read = FiveSimAnswers.prices(root, product: product) else {
                throw .malformed(status: status, reason: "guest/prices: not an object of products", excerpt: excerpt)
            }
            return read
        }
        if read.dropped > 0 {
            logger.warning("skipped unreadable pricing rows", metadata: ["platform": "\(wanted)", "skipped": "\(read.dropped)"])
        }
        // An answer without the product: 5sim does not sell it under that name.
        if read.rows.isEmpty, read.dropped == 0 {
            await names.noteUnmatched(service: wanted)
        } else {
            await names.noteMatched(service: wanted)
        }
        let named = table.quotes(read.rows, code: \.country) { row, country, name in
            Quote(
                country: country, name: name, price: row.cheapest.cost, count: row.total,
                detail: row.cheapest.operatorName, rate: row.cheapest.rate)
        }
        if !named.unmatched.isEmpty { await names.noteUnmatched(countries: named.unmatched) }
        return named.quotes
    }

    package func unmatchedNames() async -> UnmatchedNames {
        await names.unmatched()
    }

    /// A GET whose answer is JSON: its status, the parsed body and a redacted excerpt for errors.
    /// 5sim answers some errors as plain text on a 4xx (`bad country`): that is its own error.
    private static func get(
        _ exchange: ProviderExchange, _ url: String, _ endpoint: ProviderEndpoint, token: ProviderToken?
    ) async throws(ProviderError) -> (status: Int, root: JSONValue, excerpt: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .GET
        request.headers.add(name: "Accept", value: "application/json")
        request.headers.add(name: "User-Agent", value: "numwatch")
        if let token { request.headers.add(name: "Authorization", value: "Bearer \(token.value)") }
        let classifier = ResponseClassifier(redactor: SecretRedactor(token: token?.value ?? ""))
        let answer = try await exchange.send(request, endpoint: endpoint, classifier: classifier)
        let bytes = Data(answer.body.readableBytesView)
        if (400..<600).contains(answer.status), ![401, 429].contains(answer.status), JSONValue.parse(bytes) == nil,
           let text = plainText(bytes, classifier) {
            throw .provider(status: answer.status, message: text)
        }
        let classified = try classifier.classify(status: answer.status, headers: answer.headers, body: answer.body)
        guard let root = JSONValue.parse(classified.bytes) else {
            throw .malformed(status: classified.status, reason: "not JSON", excerpt: classifier.excerpt(classified.bytes))
        }
        return (classified.status, root, classifier.excerpt(classified.bytes))
    }

    /// A short answer of one line of prose (not HTML), redacted: a plain-text error message.
    private static func plainText(_ bytes: Data, _ classifier: ResponseClassifier) -> String? {
        let text = String(decoding: bytes.prefix(512), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, bytes.count <= 512, !text.hasPrefix("<"), !text.contains(where: \.isNewline) else { return nil }
        return String(printable(classifier.redact(text)).prefix(200))
    }
}
