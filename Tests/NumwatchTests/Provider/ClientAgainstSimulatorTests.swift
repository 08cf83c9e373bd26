import Domain
import Foundation
import ProviderAPI
import Simulator
import Testing

/// The client against the simulator over real loopback HTTP: every call of the API.
@Suite struct ClientCallTests {
    @Test func creditIsTheAccountBalance() async throws {
        var options = SimulatorOptions()
        options.startingCredit = 123_456
        try await SimulatorHarness.run(options: options) { sim in
            let credit = try await sim.client().credit()
            #expect(credit == 123_456)
            #expect(sim.observer.recorded.map(\.code) == ["200"])
            #expect(sim.observer.recorded.map(\.endpoint) == [.credit])
        }
    }

    @Test func pricingOneServiceListsEveryCountryThatSellsIt() async throws {
        try await SimulatorHarness.run { sim in
            let rows = try await sim.client().prices(ServiceSet("telegram"))
            #expect(rows.count >= 100)
            #expect(Set(rows.map(\.country)).count == rows.count)
            let romania = try #require(rows.first { $0.country == "romania" })
            #expect(romania.name == "رومانی")
            #expect(rows.allSatisfy { $0.price > 0 && $0.price % 500 == 0 && (0...100_000).contains($0.count) })
        }
    }

    @Test func pricingABundleIsConsistentWithItsParts() async throws {
        try await SimulatorHarness.run { sim in
            let client = sim.client()
            let telegram = try await client.prices(ServiceSet("telegram"))
            let whatsapp = try await client.prices(ServiceSet("whatsapp"))
            let bundle = try await client.prices(ServiceSet(["whatsapp", "telegram"]))
            #expect(!bundle.isEmpty)
            for row in bundle {
                let a = try #require(telegram.first { $0.country == row.country })
                let b = try #require(whatsapp.first { $0.country == row.country })
                #expect(row.count == min(a.count, b.count))
                #expect(row.price < a.price + b.price)
                #expect(row.price >= max(a.price, b.price) / 2)
            }
        }
    }

    @Test func moreThanFiveServicesAreRefusedBeforeAnyRequest() async throws {
        try await SimulatorHarness.run { sim in
            let error = await #expect(throws: ServiceSetError.self) {
                try await sim.client().prices(ServiceSet(["a", "b", "c", "d", "e", "f"]))
            }
            #expect(error?.description == "invalid request: 6 services given: the provider prices and sells at most 5 on one number")
            let none = #expect(throws: ServiceSetError.self) { try ServiceSet([String]()) }
            #expect(none?.description == "invalid request: no service given: name 1 to 5 service codes")
            #expect(sim.observer.recorded.isEmpty)
        }
    }

    @Test func takingOneNumberChargesItsPriceAndIssuesAMaskedNumber() async throws {
        try await SimulatorHarness.run { sim in
            let client = sim.client()
            let before = try await client.credit()
            let price = try #require(try await client.prices(ServiceSet("telegram")).first { $0.country == "romania" }).price
            let issued = try await client.takeNumber(ServiceSet("telegram"), country: "romania", callback: nil)
            let number = try #require(issued.first)
            #expect(issued.count == 1)
            #expect(number.number.hasSuffix("XX"))
            #expect(number.areaCode == 40)
            #expect(number.service == "telegram" && number.country == "romania")
            let lifetime = try #require(number.expiresAt).secondsSince1970 - sim.clock.now().secondsSince1970
            #expect(abs(lifetime - 1_200) < 1)  // 20 minutes, as the document's samples show
            #expect(try await client.credit() == before - price)
        }
    }

    @Test func takingABundleIssuesOnePhoneNumberForAllServices() async throws {
        try await SimulatorHarness.run { sim in
            let client = sim.client()
            let bundlePrice = try #require(try await client.prices(ServiceSet(["telegram", "whatsapp"])).first { $0.country == "russia" }).price
            let before = try await client.credit()
            let issued = try await client.takeNumber(ServiceSet(["telegram", "whatsapp"]), country: "russia", callback: nil)
            #expect(issued.map(\.service) == ["telegram", "whatsapp"])
            #expect(Set(issued.map(\.number)).count == 1)
            #expect(Set(issued.map(\.numberID)).count == 2)
            #expect(issued.compactMap(\.price).reduce(0, +) == bundlePrice)
            #expect(try await client.credit() == before - bundlePrice)
        }
    }

    @Test func checkingShowsTheSMSOnceItArrives() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 30...30
        try await SimulatorHarness.run(options: options) { sim in
            let client = sim.client()
            let id = try await client.takeNumber(ServiceSet("whatsapp"), country: "russia", callback: nil)[0].numberID
            let first = try await client.checkNumber(id)
            #expect(first.messages.isEmpty)
            #expect(!first.number.hasSuffix("XX"))
            sim.clock.advance(seconds: 31)
            let second = try await client.checkNumber(id)
            let message = try #require(second.messages.first)
            #expect(message.from == "whatsapp")
            #expect(message.isReceived == true)
            #expect(message.content.range(of: #"^\d{6} "#, options: .regularExpression) != nil)
        }
    }

    @Test func cancellingRefundsAndAnsweredNumbersCannotBeCancelled() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 30...30
        try await SimulatorHarness.run(options: options) { sim in
            let client = sim.client()
            let before = try await client.credit()
            let first = try await client.takeNumber(ServiceSet("telegram"), country: "romania", callback: nil)[0]
            let message = try await client.cancelNumber(first.numberID)
            #expect(message.contains("cancelled"))
            #expect(try await client.credit() == before)
            let second = try await client.takeNumber(ServiceSet("telegram"), country: "romania", callback: nil)[0]
            sim.clock.advance(seconds: 40)
            let error = await providerError { () async throws(ProviderError) in try await client.cancelNumber(second.numberID) }
            #expect(error == .provider(status: 400, message: "This number has received an SMS and cannot be cancelled."))
        }
    }

    @Test func unknownNumbersAndServicesAreProviderErrorsWithTheirMessage() async throws {
        try await SimulatorHarness.run { sim in
            let client = sim.client()
            let missing = await providerError { () async throws(ProviderError) in try await client.checkNumber("nope123") }
            #expect(missing == .provider(status: 404, message: "Number not found."))
            let (noSuchService, telegram) = (try ServiceSet("no_such_service"), try ServiceSet("telegram"))
            let unknown = await providerError { () async throws(ProviderError) in try await client.prices(noSuchService) }
            #expect(unknown == .provider(status: 422, message: "The selected service no_such_service is invalid."))
            let country = await providerError { () async throws(ProviderError) in
                try await client.takeNumber(telegram, country: "atlantis", callback: nil)
            }
            #expect(country == .provider(status: 422, message: "The selected country is invalid."))
        }
    }

    @Test func anSMSIsPushedToTheCallbackWithTheCheckAnswersFields() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 20...20
        try await SimulatorHarness.run(options: options) { sim in
            try await CallbackReceiver.run { receiver in
                let client = sim.client()
                let id = try await client.takeNumber(ServiceSet("telegram"), country: "romania", callback: receiver.url)[0].numberID
                // Over the control route, as a demo would: advance 25 s, pushes are delivered before it answers.
                let advanced = try await sim.raw(.POST, "_sim/advance?seconds=25")
                #expect(advanced.status == 200)
                let pushed = try #require(await receiver.bodies.first)
                struct Push: Decodable { let data: NumberStatus; let status: String }
                let push = try JSONDecoder().decode(Push.self, from: Data(pushed.utf8))
                #expect(push.status == "success")
                #expect(push.data.numberID == id)
                #expect(push.data.messages.count == 1)
            }
        }
    }
}
