import AsyncHTTPClient
import Logging
import NIOCore
import ServiceLifecycle

/// POSTs each SMS to its number's callback URL, as the provider does: the body is exactly the
/// check answer (as JSON or a form: `SimulatorOptions.pushEncoding`). A push that fails is
/// retried twice, a second apart, then dropped (and logged).
package struct CallbackPusher: Sendable {
    let http: HTTPClient
    let logger: Logger
    /// Told `true` for each push the receiver acknowledged (2xx), `false` for each one dropped.
    let tally: @Sendable (Bool) async -> Void

    package init(http: HTTPClient, logger: Logger, tally: @escaping @Sendable (Bool) async -> Void = { _ in }) {
        self.http = http
        self.logger = logger
        self.tally = tally
    }

    package func deliver(_ pushes: [CallbackPush]) async {
        await withTaskGroup(of: Void.self) { group in
            for push in pushes {
                group.addTask { await deliver(push) }
            }
        }
    }

    private func deliver(_ push: CallbackPush) async {
        for attempt in 1...3 {
            var request = HTTPClientRequest(url: push.url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: push.contentType)
            request.body = .bytes(ByteBuffer(string: push.body))
            do {
                let response = try await http.execute(request, timeout: .seconds(5))
                _ = try? await response.body.collect(upTo: 64 * 1024)
                if (200..<300).contains(response.status.code) { return await tally(true) }
                logger.warning("callback answered \(response.status.code)", metadata: ["attempt": "\(attempt)"])
            } catch {
                logger.warning("callback failed: \(error)", metadata: ["attempt": "\(attempt)"])
            }
            try? await Task.sleep(for: .seconds(1))
        }
        await tally(false)
    }
}

/// Settles the simulator once a second so SMS arrive and are pushed in real time.
struct SimulatorTicker: Service {
    let engine: SimulatorEngine
    let pusher: CallbackPusher

    func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            let pushes = await engine.takePushes()
            if !pushes.isEmpty {
                Task { await pusher.deliver(pushes) }
            }
            try? await Task.sleep(for: .seconds(1))
        }
    }
}
