import Domain
import Foundation
import ProviderAPI
import Simulator
import Testing

/// Every error class the client tells apart, produced by the simulator over real HTTP.
@Suite struct ClientErrorTests {
    @Test func aWrongTokenIsUnauthorizedAndTheTokenNeverAppears() async throws {
        try await SimulatorHarness.run { sim in
            let secret = "s3cr3t-token-value"
            let error = try #require(await providerError { () async throws(ProviderError) in try await sim.client(token: secret).credit() })
            #expect(error == .unauthorized(status: 401, detail: "Unauthenticated."))
            #expect(!error.description.contains(secret))
            #expect(error.description == "unauthorized (HTTP 401): Unauthenticated.")
        }
    }

    @Test func withoutAcceptJSONTheServerRedirectsToLogin() async throws {
        try await SimulatorHarness.run { sim in
            let answer = try await sim.raw(.GET, "api/v1/user/credit")
            #expect(answer.status == 302)
            #expect(answer.headers.contains { $0.0.lowercased() == "location" && $0.1 == "/login" })
        }
    }

    @Test func pollingTooFastGetsTheClientBlockedForAMinute() async throws {
        try await SimulatorHarness.run { sim in
            let id = try await sim.client().takeNumber(ServiceSet("telegram"), country: "romania", callback: nil)[0].numberID
            // Two clients, each with its own guard, poll the same number 5 s apart: the second is
            // what a careless client would do, and the provider blocks the account.
            _ = try await sim.client().checkNumber(id)
            sim.clock.advance(seconds: 5)
            let careless = sim.client()
            let blocked = try #require(await providerError { () async throws(ProviderError) in try await careless.checkNumber(id) })
            guard case let .rateLimited(status, message, retryAfter) = blocked else { Issue.record("\(blocked)"); return }
            #expect(status == 429)
            #expect(retryAfter == 60)
            #expect(message.contains("polling too fast"))
            // Every call is refused while blocked, and the block lifts after a minute.
            sim.clock.advance(seconds: 30)
            #expect(await providerError { () async throws(ProviderError) in try await sim.client().credit() }?.outcome == .rateLimited)
            sim.clock.advance(seconds: 31)
            #expect(try await sim.client().credit() > 0)
        }
    }

    @Test func serverErrorsCarryTheProvidersMessage() async throws {
        var options = SimulatorOptions()
        options.faults.errorRate = 1
        try await SimulatorHarness.run(options: options) { sim in
            let error = await providerError { () async throws(ProviderError) in try await sim.client().credit() }
            #expect(error == .provider(status: 500, message: "Server Error"))
            #expect(error?.isTransient == true)
        }
    }

    @Test func anHTMLMaintenancePageIsItsOwnKindOfError() async throws {
        var options = SimulatorOptions()
        options.faults.htmlRate = 1
        try await SimulatorHarness.run(options: options) { sim in
            let telegram = try ServiceSet("telegram")
            let error = await providerError { () async throws(ProviderError) in try await sim.client().prices(telegram) }
            #expect(error == .htmlPage(status: 503, title: "503 Service Unavailable"))
        }
    }

    @Test func aCutOffBodyIsMalformedWithAShortExcerpt() async throws {
        var options = SimulatorOptions()
        options.faults.malformedRate = 1
        try await SimulatorHarness.run(options: options) { sim in
            let telegram = try ServiceSet("telegram")
            let error = try #require(await providerError { () async throws(ProviderError) in try await sim.client().prices(telegram) })
            guard case let .malformed(status, reason, excerpt) = error else { Issue.record("\(error)"); return }
            #expect(status == 200)
            #expect(reason == "not JSON")
            #expect(excerpt.hasPrefix(#"{"data":[{"name":"رومانی""#))
        }
    }

    @Test func aDroppedConnectionIsATransportFailure() async throws {
        var options = SimulatorOptions()
        options.faults.dropRate = 1
        try await SimulatorHarness.run(options: options) { sim in
            let error = try #require(await providerError { () async throws(ProviderError) in try await sim.client().credit() })
            #expect(error == .transport("the connection was closed before the answer was complete"))
        }
    }

    @Test func aSlowProviderTimesOut() async throws {
        var options = SimulatorOptions()
        options.faults.latencyMs = 10_000
        try await SimulatorHarness.run(options: options) { sim in
            let started = ContinuousClock.now
            let error = await providerError { () async throws(ProviderError) in try await sim.client(timeout: .milliseconds(300)).credit() }
            #expect(error == .timeout(seconds: 0.3))
            // Well before the answer would come (10 s), with room for a busy machine.
            #expect(ContinuousClock.now - started < .seconds(5))
            #expect(sim.observer.recorded.map(\.code) == ["timeout"])
        }
    }

    @Test func anAnswerLargerThanTheCapIsRefused() async throws {
        let telegram = try ServiceSet("telegram")
        try await SimulatorHarness.run { sim in
            let error = await providerError { () async throws(ProviderError) in
                try await sim.client(maxResponseBytes: 2_000).prices(telegram)
            }
            #expect(error == .malformed(status: 200, reason: "answer larger than 2000 bytes", excerpt: ""))
        }
    }

    @Test func nothingListensThereIsATransportFailure() async throws {
        try await SimulatorHarness.run { sim in
            let client = ProviderClient(
                // A refusal comes at once; the generous timeout only keeps a busy machine from turning it into one.
                settings: ProviderSettings(baseURL: "http://127.0.0.1:1/", timeout: .seconds(10)), token: ProviderToken("t"), httpClient: sim.http)
            let error = await providerError { () async throws(ProviderError) in try await client.credit() }
            #expect(error == .transport("connection refused"))
        }
    }
}

/// The simulator enforces the ban numwatch guards against.
@Suite struct SimulatorBanTests {
    @Test func theSimulatorBansAnAccountPastItsDailyLimit() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 0
        options.dailyTakeBan = 3
        try await SimulatorHarness.run(options: options) { sim in
            let client = sim.client()
            let telegram = try ServiceSet("telegram")
            for _ in 0..<3 { _ = try await client.takeNumber(telegram, country: "russia", callback: nil) }
            let error = try #require(await providerError { () async throws(ProviderError) in
                try await client.takeNumber(telegram, country: "russia", callback: nil)
            })
            guard case let .provider(status, message) = error else { Issue.record("\(error)"); return }
            #expect(status == 403)
            #expect(message.contains("blocked"))
            #expect(await providerError { () async throws(ProviderError) in try await client.credit() }?.outcome == .providerError)
        }
    }
}
