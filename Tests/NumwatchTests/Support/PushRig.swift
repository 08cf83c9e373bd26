import App
import Domain
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Numbers
import ProviderAPI
import Store
import Web

/// serve's callback route over an in-memory ledger, a number desk of account "main" on a manual
/// clock, /metrics with the push counter, and a log that the test reads.
struct PushRig: Sendable {
    static let secret = "cb-0123456789abcdef-XYZ"
    static let start = Timestamp(parsing: "2026-03-01T08:00:00Z")!

    let ledger: Ledger
    let clock: ManualWallClock
    let desk: NumberDesk
    let metrics: CallbackMetrics
    let log: SecretsSweepTests.CapturedLog
    let sources: PushSources

    init(sources: PushSources = .any) throws {
        ledger = try Ledger.inMemory()
        clock = ManualWallClock(Self.start)
        desk = NumberDesk(provider: FakeProvider(), ledger: ledger, settings: ProviderSettings(baseURL: "main", dailyTakeLimit: 3), clock: clock)
        metrics = CallbackMetrics()
        log = SecretsSweepTests.CapturedLog()
        self.sources = sources
    }

    var startMs: Int64 { Self.start.milliseconds }

    /// A number issued to `account` at `start + seconds`, living 20 minutes.
    func take(_ id: String, account: String = "main", atSeconds seconds: Double = 0) async throws {
        let fixture = LedgerFixture(ledger: ledger, account: account)
        try await fixture.take(id, country: "russia", atMs: Self.start.adding(seconds: seconds).milliseconds)
    }

    func app() -> some ApplicationProtocol {
        let router = NumwatchServer.buildRouter(
            metrics: MetricsEndpoint(collectors: [metrics]), store: try! HistoryStore.inMemory(), watches: [], creditInterval: .seconds(60),
            retention: RetentionPolicy(), alerts: nil)
        let logger = Logger(label: "numwatch") { log.handler($0) }
        CallbackController(secret: Self.secret, recorder: desk, sources: sources, metrics: metrics, logger: logger).addRoutes(to: router)
        return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
    }

    /// The number as the ledger lists it.
    func number(_ id: String) async throws -> Ledger.NumberEntry? {
        try await ledger.entries().compactMap(\.number).first { $0.id == id }
    }

    func activatedToday() async throws -> Int {
        try await ledger.today(account: "main", providerDay: ProviderTime.day(of: clock.now()).date).activated
    }

    /// `numwatch_callback_pushes_total{result=...}` as /metrics shows it.
    static func pushes(_ result: String, in metrics: String) -> Double? {
        let prefix = #"numwatch_callback_pushes_total{result="\#(result)"} "#
        return metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Double($0.dropFirst(prefix.count)) }
    }
}

/// One SMS of a push.
struct PushMessage {
    var id = "gl9avmeG1v"
    var content = "509773"
    var createdAt: Timestamp?
    /// `is_received` as JSON text (`1`, `"0"`, `null`), or nil to leave the field out.
    var isReceived: String? = "1"
}

/// The check answer as the provider pushes it, as JSON text.
func pushJSON(_ numberID: String, _ messages: [PushMessage], expiresAt: String = "2099-01-01 00:00:00") -> String {
    let list: [[String: Any]] = messages.map { message in
        var fields: [String: Any] = ["id": message.id, "content": message.content, "from": "telegram"]
        if let at = message.createdAt { fields["created_at"] = at.iso8601 }
        if let flag = message.isReceived {
            fields["is_received"] = try! JSONSerialization.jsonObject(with: Data(flag.utf8), options: .fragmentsAllowed)
        }
        return fields
    }
    let data: [String: Any] = [
        "number_id": numberID, "number": "9610461240", "area_code": 7, "service": "telegram", "country": "russia",
        "messages": list, "is_rented": 0, "expires_at": expiresAt,
    ]
    let json = try! JSONSerialization.data(withJSONObject: ["data": data, "status": "success"], options: [.sortedKeys])
    return String(decoding: json, as: UTF8.self)
}

extension TestClientProtocol {
    /// POSTs a push to the right secret; returns its status.
    func push(_ body: String, contentType: String = "application/json", headers: HTTPFields = [:]) async throws -> HTTPResponse.Status {
        var fields = headers
        fields[.contentType] = contentType
        return try await execute(uri: "/callback/\(PushRig.secret)", method: .post, headers: fields, body: ByteBuffer(string: body)).status
    }

    func metricsText() async throws -> String {
        String(buffer: try await execute(uri: "/metrics", method: .get).body)
    }
}
