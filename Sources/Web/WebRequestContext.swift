import Foundation
import Hummingbird

/// The request context of numwatch's HTTP server. Its only difference from Hummingbird's basic
/// one: JSON answers (the API's values and `HTTPError` bodies) use snake_case keys, set here once.
public struct WebRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    public var responseEncoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
