import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Numbers
import NIOCore
import ProviderAPI
import Simulator
import Store
import Testing
import Web
import App

/// `POST /callback/{secret}`: only the right secret records, and nothing else gets through.
@Suite struct CallbackTests {
    static let secret = "cb-0123456789abcdef-XYZ"

    /// Records pushes in memory.
    actor RecordingPushes: NumberPushRecording {
        var received: [NumberStatus] = []
        func recordPush(_ status: NumberStatus) async throws -> Ledger.PushResult {
            received.append(status)
            return Ledger.PushResult(outcome: .recorded, newSMS: status.messages.count, activatedNow: !status.messages.isEmpty)
        }
    }

    /// serve's own router (with its error pages), plus the callback route.
    func app(_ recorder: some NumberPushRecording) throws -> some ApplicationProtocol {
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: []), store: try HistoryStore.inMemory(), watches: [], creditInterval: .seconds(60),
            retention: RetentionPolicy(), alerts: nil)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        CallbackController(secret: Self.secret, recorder: recorder, logger: logger).addRoutes(to: router)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    func push() throws -> ByteBuffer {
        ByteBuffer(data: try fixture("provider/check.json"))
    }

    @Test func theRightSecretRecordsTheCheckAnswersFields() async throws {
        let recorder = RecordingPushes()
        try await app(recorder).test(.router) { client in
            let response = try await client.execute(uri: "/callback/\(Self.secret)", method: .post, body: try push())
            #expect(response.status == .ok)
            #expect(String(buffer: response.body).contains("success"))
        }
        let received = await recorder.received
        #expect(received.map(\.numberID) == ["Yer0MyGxWb"])
        #expect(received.first?.messages.first?.content == "509773")
    }

    @Test func aWrongSecretIsA404AndRecordsNothing() async throws {
        let recorder = RecordingPushes()
        try await app(recorder).test(.router) { client in
            for wrong in ["x", String(Self.secret.dropLast()), Self.secret + "0", Self.secret.uppercased(), ""] {
                for accept in ["text/html", "application/json"] {
                    let response = try await client.execute(
                        uri: "/callback/\(wrong)", method: .post, headers: [.accept: accept], body: try push())
                    #expect(response.status == .notFound, "\(wrong)")
                    // serve's 404 page names the path asked for: the guess, never the secret itself
                    // (a guess holding it, like secret + "0", is echoed as sent).
                    if !wrong.contains(Self.secret) { #expect(!String(buffer: response.body).contains(Self.secret)) }
                }
            }
            // Only POST.
            #expect(try await client.execute(uri: "/callback/\(Self.secret)", method: .get).status != .ok)
        }
        #expect(await recorder.received.isEmpty)
    }

    @Test func oversizedAndMalformedBodiesAreRefusedWithoutEchoingThePath() async throws {
        let recorder = RecordingPushes()
        try await app(recorder).test(.router) { client in
            let huge = ByteBuffer(repeating: UInt8(ascii: "a"), count: CallbackController.maxBodyBytes + 1)
            let tooLarge = try await client.execute(
                uri: "/callback/\(Self.secret)", method: .post, headers: [.accept: "text/html"], body: huge)
            #expect(tooLarge.status == .contentTooLarge)
            let garbage = try await client.execute(
                uri: "/callback/\(Self.secret)", method: .post, headers: [.accept: "text/html"], body: ByteBuffer(string: "<html>"))
            #expect(garbage.status == .badRequest)
            for response in [tooLarge, garbage] { #expect(!String(buffer: response.body).contains(Self.secret)) }
        }
        #expect(await recorder.received.isEmpty)
    }

    @Test func theComparisonIsExact() {
        #expect(ConstantTime.equals("abc", "abc"))
        #expect(!ConstantTime.equals("abd", "abc"))
        #expect(!ConstantTime.equals("ab", "abc"))
        #expect(!ConstantTime.equals("abcd", "abc"))
        #expect(!ConstantTime.equals("", "abc"))
    }

    /// The real thing end to end: the simulator pushes to a live serve-side route, which records it.
    @Test func theSimulatorsPushActivatesTheNumberInTheLedger() async throws {
        var options = SimulatorOptions()
        options.smsProbability = 1
        options.smsDelaySeconds = 30...30
        try await SimulatorHarness.run(options: options) { sim in
            let ledger = try Ledger.inMemory()
            let desk = sim.desk(ledger)
            try await app(desk).test(.live) { client in
                let callback = "http://127.0.0.1:\(client.port!)/callback/\(Self.secret)"
                let take = try await desk.take(ServiceSet("telegram"), country: "russia", callback: callback)
                let pushes = await sim.engine.advance(seconds: 31)
                #expect(pushes.map(\.url) == [callback])
                var logger = Logger(label: "test")
                logger.logLevel = .critical
                await CallbackPusher(http: sim.http, logger: logger).deliver(pushes)
                let number = try #require(try await ledger.entries().first?.number)
                #expect(number.id == take.numbers[0].numberID)
                #expect(number.outcome == .activated)
                #expect(number.sms.map(\.via) == [.push])
            }
        }
    }
}
