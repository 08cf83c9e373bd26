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
        var headers: HTTPFields = [.contentType: format.contentType]
        // The exposition is already bytes (and gzip) from the cache: no encoder to go through.
        if MetricsEndpoint.acceptsGzip(request.headers[.acceptEncoding]), let gzipped = body.gzipped {
            headers[.contentEncoding] = "gzip"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: gzipped))
        }
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: body.bytes))
    }
}
