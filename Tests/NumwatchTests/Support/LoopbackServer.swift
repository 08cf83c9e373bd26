import Foundation
import Hummingbird
import HummingbirdCore
import ServiceLifecycle

/// Serves `router` on loopback, on `port` (0: a free one), while `body` runs, with the base URL
/// (`http://127.0.0.1:PORT/`) and the port. `configuration`'s address is replaced by that.
func serveOnLoopback<T: Sendable>(
    _ router: Router<BasicRequestContext>, port: Int = 0, server: HTTPServerBuilder = .http1(),
    configuration: ApplicationConfiguration = .init(),
    _ body: @Sendable (_ baseURL: String, _ port: Int) async throws -> T
) async throws -> T {
    let (ports, portSink) = AsyncStream.makeStream(of: Int.self)
    var configuration = configuration
    configuration.address = .hostname("127.0.0.1", port: port)
    let app = Application(
        router: router, server: server, configuration: configuration,
        onServerRunning: { channel in portSink.yield(channel.localAddress?.port ?? 0) })
    let group = ServiceGroup(configuration: .init(services: [app], logger: app.logger))
    let server = Task {
        defer { portSink.finish() }  // a server that failed to start must not leave the caller waiting
        try await group.run()
    }
    defer { server.cancel() }
    var iterator = ports.makeAsyncIterator()
    guard let bound = await iterator.next() else { throw CancellationError() }
    let result = try await body("http://127.0.0.1:\(bound)/", bound)
    await group.triggerGracefulShutdown()
    try await server.value
    return result
}
