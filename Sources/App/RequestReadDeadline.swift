import NIOCore
import NIOHTTPTypes

/// `http.read_timeout`: a request's head and body must have arrived within this time of its first
/// byte, or the connection is closed.
///
/// Hummingbird's idle timeout counts every body chunk as activity, so a client that trickles a
/// byte every two seconds would hold its connection (and a file descriptor) for as long as it
/// likes; a thousand such clients used to keep an authorised scrape out. This handler sits after
/// the HTTP decoder, where a request's end is known, and puts a small watcher first in the
/// pipeline, where the first raw byte of the next request is seen (a head is not decoded until
/// it is complete, so only the raw bytes can start its clock).
final class RequestReadDeadline: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart

    let timeout: TimeAmount
    /// Set from a request's first byte until its end has been decoded.
    private var deadline: Scheduled<Void>?

    init(timeout: TimeAmount) {
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        // If the watcher cannot be added, the connection must not go unguarded.
        do {
            try context.pipeline.syncOperations.addHandler(FirstByteWatcher(owner: self), position: .first)
        } catch {
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    /// Bytes arrived: they start a request unless one is already being read.
    fileprivate func bytesArrived(on channel: any Channel, loop: any EventLoop) {
        guard deadline == nil else { return }
        deadline = loop.assumeIsolated().scheduleTask(in: timeout) {
            channel.close(promise: nil)
        }
    }
}

/// First in the pipeline: tells the deadline when raw bytes arrive.
private final class FirstByteWatcher: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    let owner: RequestReadDeadline

    init(owner: RequestReadDeadline) {
        self.owner = owner
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        owner.bytesArrived(on: context.channel, loop: context.eventLoop)
        context.fireChannelRead(data)
    }
}
