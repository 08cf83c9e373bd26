import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Hummingbird
import HummingbirdTesting
import NIOCore
import ServiceLifecycle

/// A webhook receiver on loopback that answers with a scripted list of statuses (then 200) and
/// records every request; `waitFor` returns when enough have arrived (no sleeping and guessing).
actor WebhookReceiver {
    struct Received: Sendable {
        var headers: [String: String]
        var body: Data
        var at: ContinuousClock.Instant
    }

    private(set) var received: [Received] = []
    private var script: [(status: HTTPResponse.Status, retryAfter: String?)]
    private var waiters: [(count: Int, continuation: CheckedContinuation<Void, Never>)] = []

    init(script: [(HTTPResponse.Status, String?)] = []) {
        self.script = script.map { (status: $0.0, retryAfter: $0.1) }
    }

    func receive(_ request: Request, body: ByteBuffer) -> Response {
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        received.append(Received(headers: headers, body: Data(buffer: body), at: .now))
        let ready = waiters.filter { $0.count <= received.count }
        waiters.removeAll { $0.count <= received.count }
        for waiter in ready { waiter.continuation.resume() }
        let next = script.isEmpty ? (status: HTTPResponse.Status.ok, retryAfter: nil) : script.removeFirst()
        var fields = HTTPFields()
        if let retryAfter = next.retryAfter { fields[.retryAfter] = retryAfter }
        return Response(status: next.status, headers: fields)
    }

    struct ReceiverTimeout: Error, CustomStringConvertible {
        let expected: Int
        let received: Int
        var description: String { "expected \(expected) webhook requests, received \(received)" }
    }

    func waitFor(_ count: Int) async {
        if received.count >= count { return }
        await withCheckedContinuation { waiters.append((count, $0)) }
    }

    /// Waits until `count` deliveries arrived, throwing `ReceiverTimeout` once `timeout` passed.
    /// It polls: `waitFor(_:)`'s continuation ignores cancellation, so racing it against a sleep
    /// in a task group waited for it anyway when the deliveries never came.
    func waitFor(_ count: Int, atMost timeout: Duration) async throws {
        let deadline = ContinuousClock.now + timeout
        while received.count < count {
            guard ContinuousClock.now < deadline else { throw ReceiverTimeout(expected: count, received: received.count) }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Serves on `port` (0: any free one) while `body` runs; the URL ends in a secret path and query.
    /// (Not `app.test(.live)`: that always picks its own port, and a receiver that comes back up
    /// must come back where the webhook points.)
    func serve<T: Sendable>(port: Int = 0, _ body: @Sendable (_ url: String) async throws -> T) async throws -> T {
        let router = Router()
        router.post("hook/:secret") { request, _ -> Response in
            let bytes = try await request.body.collect(upTo: 1 << 20)
            return await self.receive(request, body: bytes)
        }
        return try await serveOnLoopback(router, port: port) { _, bound in
            try await body("http://127.0.0.1:\(bound)/hook/path-secret?token=query-secret")
        }
    }

    /// A loopback port held by a socket that is bound but not listening: connecting to it is
    /// refused (a receiver that is down), and no other test's server can take it meanwhile.
    /// `release()` frees it just before a receiver binds it.
    final class DownPort: Sendable {
        let port: Int
        private let fd: Int32

        init(host: String = "127.0.0.1") throws {
            let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            self.fd = fd
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_addr.s_addr = inet_addr(host)
            address.sin_port = 0
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            let bound = withUnsafeMutablePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
            }
            guard bound else { throw CancellationError() }
            port = Int(UInt16(bigEndian: address.sin_port))
        }

        func release() { close(fd) }
    }
}
