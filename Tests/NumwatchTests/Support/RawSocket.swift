#if canImport(Glibc)
import Glibc
private let streamSocket = Int32(SOCK_STREAM.rawValue)
#else
import Darwin
private let streamSocket = SOCK_STREAM
#endif

/// A bare TCP client to 127.0.0.1 that sends exactly what a test says: a client no HTTP library
/// would act, silent or dribbling, to see when the server gives up on it.
final class RawSocket {
    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    private let fd: Int32

    init(port: Int) throws {
        fd = socket(AF_INET, streamSocket, 0)
        guard fd >= 0 else { throw Failure(description: "socket: errno \(errno)") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else {
            close(fd)
            throw Failure(description: "connect to port \(port): errno \(errno)")
        }
    }

    deinit { close(fd) }

    /// False once the server has closed (the write fails) — no SIGPIPE: MSG_NOSIGNAL.
    @discardableResult
    func send(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        #if canImport(Glibc)
        let sent = bytes.withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        #else
        let sent = bytes.withUnsafeBytes { Darwin.send(fd, $0.baseAddress, $0.count, 0) }
        #endif
        return sent == bytes.count
    }

    /// Whether the server closed the connection within `limit` (bytes it sends, like a response,
    /// are read and dropped). The socket is polled without blocking, between short sleeps: a
    /// blocking wait would hold one of the few threads the server's handlers run on too.
    func closed(within limit: Duration) async -> Bool {
        let deadline = ContinuousClock.now + limit
        repeat {
            switch receive() {
            case .closed: return true
            case .bytes, .nothing: try? await Task.sleep(for: .milliseconds(10))
            }
        } while ContinuousClock.now < deadline
        return false
    }

    /// What arrives within `limit` (a response to a complete request), from its first bytes.
    func read(within limit: Duration) async -> String {
        let deadline = ContinuousClock.now + limit
        repeat {
            if case let .bytes(text) = receive() { return text }
            try? await Task.sleep(for: .milliseconds(10))
        } while ContinuousClock.now < deadline
        return ""
    }

    /// The first bytes of an answer, or nil when the server closed the connection without one
    /// (or sent nothing within `limit`).
    func answerOrClose(within limit: Duration) async -> String? {
        let deadline = ContinuousClock.now + limit
        repeat {
            switch receive() {
            case let .bytes(text): return text
            case .closed: return nil
            case .nothing: try? await Task.sleep(for: .milliseconds(10))
            }
        } while ContinuousClock.now < deadline
        return nil
    }

    private enum Received {
        case nothing, closed
        case bytes(String)
    }

    /// One look at the socket, without waiting.
    private func receive() -> Received {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 0) > 0 else { return .nothing }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        let count = recv(fd, &buffer, buffer.count, 0)
        // 0: an orderly close; < 0: a reset.
        return count > 0 ? .bytes(String(decoding: buffer[..<count], as: UTF8.self)) : .closed
    }
}
