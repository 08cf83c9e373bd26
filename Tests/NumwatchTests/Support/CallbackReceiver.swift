import Foundation
import Hummingbird
import HummingbirdTesting

/// A tiny HTTP server on an ephemeral port that keeps the bodies POSTed to it.
actor CallbackReceiver {
    private(set) var bodies: [String] = []
    nonisolated let url: String

    init(url: String) { self.url = url }

    func record(_ body: String) { bodies.append(body) }

    static func run<T: Sendable>(_ body: @Sendable (CallbackReceiver) async throws -> T) async throws -> T {
        let box = Box()
        let router = Router()
        router.post("hook/:secret") { request, _ -> HTTPResponse.Status in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            await box.receiver?.record(String(buffer: bytes))
            return .ok
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        return try await app.test(.live) { client in
            let receiver = CallbackReceiver(url: "http://127.0.0.1:\(client.port!)/hook/long-secret-path")
            await box.set(receiver)
            return try await body(receiver)
        }
    }

    private actor Box {
        var receiver: CallbackReceiver?
        func set(_ receiver: CallbackReceiver) { self.receiver = receiver }
    }
}
