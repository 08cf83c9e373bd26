import Foundation
import Hummingbird
import NIOCore

/// The request context of numwatch's HTTP server. Its differences from Hummingbird's basic one:
/// JSON answers (the API's values and `HTTPError` bodies) use snake_case keys, set here once, and
/// bodies are read up to the callback's limit, not 2 MiB.
package struct WebRequestContext: RequestContext, RemoteAddressRequestContext {
    package var coreContext: CoreRequestContextStorage
    /// The connection's peer (the callback's `allow_from` reads it).
    package let remoteAddress: SocketAddress?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// What `request.decode` and `collectBody` read at most (Hummingbird's default is 2 MiB):
    /// the largest body any route takes, so a route added later is bounded too.
    package var maxUploadSize: Int { BodyLimitMiddleware<Self>.maxBytes }

    package var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
