import AsyncHTTPClient
import Domain
import Foundation
import HTTPTypes
@testable import ProviderAPI
import Testing

/// The sms_activate adapter against a scripted `handler_api.php` over real HTTP, answering the
/// fixtures copied from the protocol's documents and clients (Fixtures/README.md).
@Suite struct SMSActivateClientTests {
    static let key = "sa-key-0123456789abcdef"

    static func market(prices: String = "sms_activate/prices_tg.json") -> ScriptedMarket {
        ScriptedMarket([
            "getCountries": .fixture("sms_activate/countries.json"),
            "getServicesList": .fixture("sms_activate/services_list.json"),
            "getPrices": .fixture(prices),
            "getBalance": .fixture("sms_activate/balance.txt"),
        ])
    }

    static func client(
        _ baseURL: String, _ http: HTTPClient, aliases: NameAliases = NameAliases(), clock: any WallClock = ManualWallClock(),
        observer: MarketObserver? = nil, key: String? = SMSActivateClientTests.key
    ) -> SMSActivateClient {
        let settings = ProviderSettings(
            id: ProviderName("sa"), kind: .smsActivate, baseURL: baseURL + "stubs/handler_api.php", tomanPerUnit: 450, aliases: aliases)
        return SMSActivateClient(settings: settings, token: key.map(ProviderToken.init), httpClient: http, clock: clock, observer: observer)
    }

    @Test func quotesComeInNumwatchsNamesWithTheProvidersPricesAndStock() async throws {
        let market = Self.market()
        let (quotes, unmatched) = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = Self.client(baseURL, http)
            return (try await client.quotes(ServiceSet("telegram")), await client.unmatchedNames())
        }
        #expect(quotes == [
            Quote(country: "india", name: "India", price: 0.52, count: 4417),
            Quote(country: "indonesia", name: "Indonesia", price: 0.25, count: 3391),
            Quote(country: "ivory_coast", name: "Côte d'Ivoire", price: 0.9, count: 12),
            Quote(country: "russia", name: "Russia", price: 0.40, count: 150),
            Quote(country: "united_kingdom", name: "United Kingdom", price: 1.2, count: 0),
        ])
        // "USA Virtual" is not numwatch's usa: listed, not merged into it.
        #expect(unmatched == UnmatchedNames(services: [], countries: ["12 (USA Virtual)"]))
        let prices = try #require(market.asked.first { $0.route == "getPrices" })
        #expect(prices.query == ["api_key": Self.key, "action": "getPrices", "service": "tg"])
    }

    @Test func theBalanceIsReadFromItsTextAnswer() async throws {
        let balance = try await ScriptedMarket.serve(Self.market().smsActivateRouter) { baseURL, http in
            try await Self.client(baseURL, http).balance()
        }
        #expect(balance == 25.0)
    }

    @Test func aServiceNothingNamesIsListedAndNeverAsked() async throws {
        let market = Self.market()
        let (quotes, unmatched) = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = Self.client(baseURL, http)
            return (try await client.quotes(ServiceSet("bale")), await client.unmatchedNames())
        }
        #expect(quotes.isEmpty)
        #expect(unmatched.services == ["bale"])
        #expect(market.count("getPrices") == 0)
    }

    @Test func aliasesWinOverTheListsAndTheBuiltInMap() async throws {
        let market = Self.market()
        let aliases = NameAliases(services: ["telegram": "tg2", "bale": "xx"], countries: ["usa": "12", "india": "6"])
        let quotes = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = Self.client(baseURL, http, aliases: aliases)
            _ = try await client.quotes(ServiceSet("bale"))
            return try await client.quotes(ServiceSet("telegram"))
        }
        #expect(market.asked.filter { $0.route == "getPrices" }.map { $0.query["service"] } == ["xx", "tg2"])
        // The fixture's rows are under `tg`, so `tg2` finds none: the alias was followed.
        #expect(quotes.isEmpty)
        let countries = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            try await Self.client(baseURL, http, aliases: NameAliases(countries: ["usa": "12", "india": "6"])).quotes(ServiceSet("telegram"))
        }
        // Id 12 is usa by alias; id 6 is india by alias, so id 22 ("India") no longer is.
        #expect(countries.map(\.country) == ["india", "ivory_coast", "russia", "united_kingdom", "usa"])
        #expect(countries.first { $0.country == "india" }?.price == 0.25)
    }

    @Test func aBundleGetsNoRowsAndNoRequest() async throws {
        let market = Self.market()
        let quotes = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            try await Self.client(baseURL, http).quotes(ServiceSet(["telegram", "whatsapp"]))
        }
        #expect(quotes.isEmpty)
        #expect(market.asked.isEmpty)
    }

    /// The bare words, and what any provider can answer instead, each to its error class.
    @Test(arguments: [
        (ScriptedMarket.Reply(body: "BAD_KEY"), ProviderError.unauthorized(status: 200, detail: "BAD_KEY (the API key was refused); check the API key")),
        (ScriptedMarket.Reply(status: .unauthorized, body: "BAD_KEY"), .unauthorized(status: 401, detail: "BAD_KEY (the API key was refused); check the API key")),
        (ScriptedMarket.Reply(body: "BANNED:2026-12-08 10:00:00"), .unauthorized(status: 200, detail: "BANNED: the account is blocked until 2026-12-08 10:00:00")),
        (ScriptedMarket.Reply(body: "NO_BALANCE"), .provider(status: 200, message: "NO_BALANCE (not enough balance)")),
        (ScriptedMarket.Reply(body: "ERROR_SQL\n"), .provider(status: 200, message: "ERROR_SQL (the provider's SQL server failed)")),
        (ScriptedMarket.Reply(status: .badRequest, body: "BAD_ACTION"), .provider(status: 400, message: "BAD_ACTION (the action is not known)")),
        (ScriptedMarket.Reply(body: "BAD_SERVICE"), .provider(status: 200, message: "BAD_SERVICE (the service code is not known)")),
        (ScriptedMarket.Reply(status: .tooManyRequests, body: "slow down", retryAfter: "30"), .rateLimited(status: 429, message: "too many requests", retryAfterSeconds: 30)),
        (ScriptedMarket.Reply(status: .serviceUnavailable, body: "<html><title>Maintenance</title></html>", contentType: "text/html"), .htmlPage(status: 503, title: "Maintenance")),
        (ScriptedMarket.Reply(body: "<html><title>Sign in</title></html>", contentType: "text/html"), .unauthorized(status: 200, detail: "an HTML page (a login page?) instead of JSON; check the token")),
        (ScriptedMarket.Reply(body: "ACCESS_BALANCE:NaN"), .malformed(status: 200, reason: "getBalance: the balance is not a number within -1000000000.0...1000000000.0", excerpt: "ACCESS_BALANCE:NaN")),
        (ScriptedMarket.Reply(body: "ACCESS_BALANCE:1e400"), .malformed(status: 200, reason: "getBalance: the balance is not a number within -1000000000.0...1000000000.0", excerpt: "ACCESS_BALANCE:1e400")),
    ])
    func eachAnswerIsItsErrorClass(_ reply: ScriptedMarket.Reply, _ expected: ProviderError) async throws {
        let market = Self.market()
        market.set("getBalance", reply)
        let error = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            await providerError { () async throws(ProviderError) in try await Self.client(baseURL, http).balance() }
        }
        #expect(error == expected)
    }

    @Test func withoutAKeyNothingIsSent() async throws {
        let market = Self.market()
        let error = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            await providerError { () async throws(ProviderError) in try await Self.client(baseURL, http, key: nil).balance() }
        }
        #expect(error?.outcome == .invalidRequest)
        #expect(market.asked.isEmpty)
    }

    /// The key rides in the query string: wherever a provider echoes it (a ban's detail, an
    /// HTML title, a body that cannot be read, a JSON error message), the error does not repeat it.
    @Test(arguments: [
        ScriptedMarket.Reply(body: "BANNED:\(key)"),
        ScriptedMarket.Reply(status: .serviceUnavailable, body: "<title>down for \(key)</title>", contentType: "text/html"),
        ScriptedMarket.Reply(body: "ACCESS_BALANCE:\(key)"),
        ScriptedMarket.Reply(body: "{\"unexpected\": \"/stubs/handler_api.php?api_key=\(key)&action=getBalance\"}"),
        .json("{\"status\": \"error\", \"message\": \"api_key=\(key.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!) refused\"}", status: .internalServerError),
        ScriptedMarket.Reply(body: "NO_BALANCE:\(key)"),
    ])
    func theKeyNeverAppearsInAnError(_ reply: ScriptedMarket.Reply) async throws {
        let market = Self.market()
        market.set("getBalance", reply)
        let error = try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            await providerError { () async throws(ProviderError) in try await Self.client(baseURL, http).balance() }
        }
        let description = try #require(error).description
        #expect(leaks(Self.key, in: reply.body), "the test's answer must carry the key")
        #expect(!leaks(Self.key, in: description), "\(description)")
    }

    @Test func aConnectionRefusedSaysSoWithoutTheURL() async throws {
        let http = HTTPClient(eventLoopGroupProvider: .singleton)
        // Port 9 on loopback: nothing listens there in the test environment. AsyncHTTPClient
        // retries a refused connection until its deadline, so the outcome is either.
        let settings = ProviderSettings(kind: .smsActivate, baseURL: "http://127.0.0.1:9/stubs/handler_api.php", timeout: .seconds(1))
        let client = SMSActivateClient(settings: settings, token: ProviderToken(Self.key), httpClient: http)
        let error = await providerError { () async throws(ProviderError) in try await client.balance() }
        try await http.shutdown()
        #expect([.transport, .timeout].contains(error?.outcome))
        #expect(!leaks(Self.key, in: error?.description ?? ""))
    }

    @Test func theObserverCountsEveryRequestAndOnlyDataCallsMoveProviderUp() async throws {
        let market = Self.market()
        let observer = MarketObserver()
        try await ScriptedMarket.serve(market.smsActivateRouter) { baseURL, http in
            let client = Self.client(baseURL, http, observer: observer)
            _ = try await client.quotes(ServiceSet("telegram"))
            market.set("getBalance", .init(body: "ERROR_SQL"))
            _ = await providerError { () async throws(ProviderError) in try await client.balance() }
        }
        #expect(observer.requests == ["names 200", "names 200", "pricing 200", "credit 200"])
        #expect(observer.calls == ["pricing up", "credit down"])
    }
}
