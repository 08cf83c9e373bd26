import AsyncHTTPClient
import Domain
import Foundation
import HTTPTypes
import Hummingbird
@testable import ProviderAPI
import Testing

/// The 5sim adapter against scripted `v1/guest/*` and `v1/user/profile` routes over real HTTP,
/// answering the fixtures copied from 5sim's documents and clients (Fixtures/README.md).
@Suite struct FiveSimClientTests {
    static let token = "fs-token-abcdef0123456789"

    static func market() -> ScriptedMarket {
        ScriptedMarket([
            "countries": .fixture("fivesim/countries.json"),
            "prices": .fixture("fivesim/prices_telegram.json"),
            "profile": .fixture("fivesim/profile.json"),
        ])
    }

    static func client(_ baseURL: String, _ http: HTTPClient, token: String? = FiveSimClientTests.token) -> FiveSimClient {
        let settings = ProviderSettings(id: ProviderName("fs"), kind: .fivesim, baseURL: baseURL, token: nil, tomanPerUnit: 450)
        return FiveSimClient(settings: settings, token: token.map(ProviderToken.init), httpClient: http, clock: ManualWallClock())
    }

    @Test func operatorsCollapseToTheCheapestWithStockAndTheTotalCount() async throws {
        let market = Self.market()
        let (quotes, unmatched) = try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
            let client = Self.client(baseURL, http)
            return (try await client.quotes(ServiceSet("telegram")), await client.unmatchedNames())
        }
        #expect(quotes == [
            // any "9"/"0" and virtual21 8/0: none has stock, so the cheapest, and a count of 0.
            Quote(country: "india", name: "India", price: 8, count: 0, detail: "virtual21"),
            // mts is cheaper (3) but has none; beeline's rate is kept.
            Quote(country: "russia", name: "Russia", price: 4, count: 1300, detail: "beeline", rate: 99.99),
            // 5sim's `england` is numwatch's united_kingdom; virtual4 gives no rate.
            Quote(country: "united_kingdom", name: "England", price: 11, count: 24, detail: "virtual4"),
        ])
        #expect(unmatched == UnmatchedNames(countries: ["kosovo (Kosovo)"]))
        // One request for the product, none per country, and no token where none is needed.
        let prices = market.asked.filter { $0.route == "prices" }
        #expect(prices.map(\.query) == [["product": "telegram"]])
        #expect(market.asked.allSatisfy { $0.authorization == nil })
    }

    @Test func aServiceWhoseProductIsNamedDifferentlyIsAskedByThatName() async throws {
        let market = Self.market()
        market.set("prices", .json(#"{"vkontakte": {"russia": {"mts": {"cost": 7, "count": 3}}}}"#))
        let quotes = try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
            try await Self.client(baseURL, http).quotes(ServiceSet("vk"))
        }
        #expect(market.asked.last?.query == ["product": "vkontakte"])
        #expect(quotes == [Quote(country: "russia", name: "Russia", price: 7, count: 3, detail: "mts")])
    }

    @Test func aProductFiveSimDoesNotKnowIsListedAsUnmatched() async throws {
        let market = Self.market()
        market.set("prices", .json("{}"))
        let unmatched = try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
            let client = Self.client(baseURL, http)
            let quotes = try await client.quotes(ServiceSet("bale"))
            #expect(quotes.isEmpty)
            return await client.unmatchedNames()
        }
        #expect(unmatched.services == ["bale"])
    }

    @Test func theBalanceNeedsTheTokenAndSendsItAsBearer() async throws {
        let market = Self.market()
        try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
            let balance = try await Self.client(baseURL, http).balance()
            #expect(balance == 100)
            let error = await providerError { () async throws(ProviderError) in try await Self.client(baseURL, http, token: nil).balance() }
            #expect(error == .invalidRequest("5sim's credit needs a token (prices do not): set token_env or token_file under provider fs"))
        }
        #expect(market.asked.map(\.authorization) == ["Bearer \(Self.token)"])
    }

    @Test(arguments: [
        (ScriptedMarket.Reply(status: .unauthorized, body: ""), ProviderError.unauthorized(status: 401, detail: "the token was refused")),
        (ScriptedMarket.Reply(status: .badRequest, body: "bad country"), .provider(status: 400, message: "bad country")),
        (ScriptedMarket.Reply(status: .tooManyRequests, body: "", retryAfter: "12"), .rateLimited(status: 429, message: "too many requests", retryAfterSeconds: 12)),
        (ScriptedMarket.Reply(status: .badGateway, body: "<html><title>502 Bad Gateway</title></html>", contentType: "text/html"), .htmlPage(status: 502, title: "502 Bad Gateway")),
        (.json(#"{"balance": "NaN"}"#), .malformed(status: 200, reason: "user/profile: balance is not a number within -1000000000.0...1000000000.0", excerpt: #"{"balance": "NaN"}"#)),
        (.json(#"{"balance": 1e400}"#), .malformed(status: 200, reason: "user/profile: balance is not a number within -1000000000.0...1000000000.0", excerpt: #"{"balance": 1e400}"#)),
        (ScriptedMarket.Reply(body: "not json"), .malformed(status: 200, reason: "not JSON", excerpt: "not json")),
    ])
    func eachAnswerIsItsErrorClass(_ reply: ScriptedMarket.Reply, _ expected: ProviderError) async throws {
        let market = Self.market()
        market.set("profile", reply)
        let error = try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
            await providerError { () async throws(ProviderError) in try await Self.client(baseURL, http).balance() }
        }
        #expect(error == expected)
    }

    @Test func theTokenNeverAppearsInAnError() async throws {
        let market = Self.market()
        for reply in [
            ScriptedMarket.Reply(status: .badRequest, body: "bad token \(Self.token)"),
            .json(#"{"message": "Bearer \#(Self.token)"}"#, status: .internalServerError),
            .json(#"{"balance": "\#(Self.token)"}"#),
        ] {
            market.set("profile", reply)
            let error = try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
                await providerError { () async throws(ProviderError) in try await Self.client(baseURL, http).balance() }
            }
            let description = try #require(error).description
            #expect(!leaks(Self.token, in: description), "\(description)")
        }
    }

    /// A provider that accepts the request and never answers: a timeout after the provider's
    /// `timeout`, counted as such, and the provider is down.
    @Test func aSilentProviderTimesOut() async throws {
        // The handler waits until the test has its answer, so the server can then shut down.
        let (release, releaser) = AsyncStream.makeStream(of: Void.self)
        let silent = Router()
        silent.get("v1/user/profile") { _, _ -> String in
            for await _ in release {}
            return "{}"
        }
        let observer = MarketObserver()
        let error = try await ScriptedMarket.serve(silent) { baseURL, http in
            let settings = ProviderSettings(kind: .fivesim, baseURL: baseURL, token: nil, timeout: .milliseconds(300))
            let client = FiveSimClient(settings: settings, token: ProviderToken(Self.token), httpClient: http, observer: observer)
            let error = await providerError { () async throws(ProviderError) in try await client.balance() }
            releaser.finish()
            return error
        }
        #expect(error == .timeout(seconds: 0.3))
        #expect(observer.requests == ["credit timeout"])
        #expect(observer.calls == ["credit down"])
    }

    @Test func withoutTheCountriesListFiveSimsOwnCodesStillMap() async throws {
        let market = Self.market()
        market.set("countries", .init(status: .internalServerError, body: "oops"))
        let (quotes, unmatched) = try await ScriptedMarket.serve(market.fiveSimRouter) { baseURL, http in
            let client = Self.client(baseURL, http)
            return (try await client.quotes(ServiceSet("telegram")), await client.unmatchedNames())
        }
        #expect(quotes.map(\.country) == ["india", "russia", "united_kingdom"])
        #expect(unmatched.countries == ["kosovo"])
        #expect(unmatched.listProblem?.contains("oops") == true)
    }
}
