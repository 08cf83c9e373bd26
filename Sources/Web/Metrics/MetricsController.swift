import Hummingbird
import NIOCore

/// `/metrics`: the cached exposition, in the format and encoding the scraper asks for.
package struct MetricsController: Sendable {
    let endpoint: MetricsEndpoint

    package init(endpoint: MetricsEndpoint) {
        self.endpoint = endpoint
    }

    package func addRoutes<Context: RequestContext>(to router: some RouterMethods<Context>) {
        router.get("metrics") { request, _ in
            await scrape(request)
        }
    }

    private func scrape(_ request: Request) async -> Response {
        let format = MetricsEndpoint.format(accept: request.headers[.accept])
        let body = await endpoint.body(format)
        // The exposition is already bytes (and gzip) from the cache: no encoder to go through.
        if MetricsEndpoint.acceptsGzip(request.headers[.acceptEncoding]), let gzipped = body.gzipped {
            return Response(status: .ok, headers: Self.headers(format, gzipped: true), body: .init(byteBuffer: gzipped))
        }
        return Response(status: .ok, headers: Self.headers(format, gzipped: false), body: .init(byteBuffer: body.bytes))
    }

    /// A scrape's headers, here and in `MetricsFastLane`.
    static func headers(_ format: ExpositionWriter.Format, gzipped: Bool) -> HTTPFields {
        var headers: HTTPFields = [.contentType: format.contentType]
        if gzipped { headers[.contentEncoding] = "gzip" }
        return headers
    }
}
