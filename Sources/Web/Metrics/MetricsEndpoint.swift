import Foundation
import CompressNIO
import NIOCore
import Synchronization

/// Serves /metrics from bytes built once per change of the data: each scrape compares the
/// collectors' generations with those of the cached exposition and, when equal (the usual case),
/// hands out the cached buffer (and its gzip) without formatting anything.
///
/// When they differ, the body is put together again from the collectors' pieces (`ExpositionPiece`):
/// a collector that keeps its pieces (`StoreCollector`) re-renders only what the round changed, and
/// the gzip body reuses the deflate bytes of every block whose pieces were kept. A `Body` is immutable
/// and replaced whole, so a scrape gets the exposition of one snapshot: before a round or after it.
///
/// One build at a time per format: the scrape that finds the data changed builds the body and waits
/// for it; scrapes arriving meanwhile get the previous body (the exposition before the change) at
/// once instead of queueing behind the build or each building their own. Only when there is no
/// previous body yet do they wait for the build in flight.
package final class MetricsEndpoint: Sendable {
    package struct Body: Sendable {
        package let bytes: ByteBuffer
        package let gzipped: ByteBuffer
    }

    private struct Built {
        let generations: [UInt64]
        let body: Body
    }

    /// One format's cached body and its build in flight.
    private struct Slot {
        var built: Built?
        var building: Task<Body, Never>?
    }

    let collectors: [any MetricsCollector]
    private let text = Mutex(Slot())
    private let openMetrics = Mutex(Slot())
    private let textGzip = GzipBody()
    private let openMetricsGzip = GzipBody()
    private static let end: ExpositionPiece = {
        var writer = ExpositionWriter(format: .openMetrics)
        writer.finish()
        return ExpositionPiece(writer.output)
    }()

    package init(collectors: [any MetricsCollector]) {
        self.collectors = collectors
    }

    package func body(_ format: ExpositionWriter.Format) async -> Body {
        var generations: [UInt64] = []
        for collector in collectors { generations.append(await collector.generation) }
        let current = generations
        enum Plan { case serve(Body), wait(Task<Body, Never>) }
        let plan = withSlot(format) { slot -> Plan in
            if let built = slot.built, built.generations == current || slot.building != nil { return .serve(built.body) }
            if let building = slot.building { return .wait(building) }
            let building = Task {
                let built = self.build(format, current, await self.pieces(format))
                self.withSlot(format) { slot in
                    slot.built = built
                    slot.building = nil
                }
                return built.body
            }
            slot.building = building
            return .wait(building)
        }
        switch plan {
        case .serve(let body): return body
        case .wait(let building): return await building.value
        }
    }

    private func withSlot<Result>(_ format: ExpositionWriter.Format, _ body: (inout Slot) -> Result) -> Result {
        format == .openMetrics ? openMetrics.withLock { body(&$0) } : text.withLock { body(&$0) }
    }

    private func pieces(_ format: ExpositionWriter.Format) async -> [ExpositionPiece] {
        var pieces: [ExpositionPiece] = []
        for collector in collectors { pieces += await collector.pieces(format) }
        if format == .openMetrics { pieces.append(Self.end) }
        return pieces
    }

    private func build(_ format: ExpositionWriter.Format, _ generations: [UInt64], _ pieces: [ExpositionPiece]) -> Built {
        var bytes = ByteBuffer()
        bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.bytes.readableBytes })
        for piece in pieces { bytes.writeImmutableBuffer(piece.bytes) }
        let gzip = format == .openMetrics ? openMetricsGzip : textGzip
        return Built(generations: generations, body: Body(bytes: bytes, gzipped: gzip.body(of: pieces) ?? bytes))
    }

    /// The format the Accept header prefers: OpenMetrics when its quality beats text/plain's.
    package static func format(accept: String?) -> ExpositionWriter.Format {
        guard let accept else { return .text004 }
        var openMetrics = -1.0
        var text = -1.0
        for part in accept.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let type = pieces.first?.lowercased() else { continue }
            let q = pieces.dropFirst().first { $0.hasPrefix("q=") }.flatMap { Double($0.dropFirst(2)) } ?? 1
            if type == "application/openmetrics-text" { openMetrics = max(openMetrics, q) }
            if type == "text/plain" || type == "*/*" { text = max(text, q) }
        }
        return openMetrics > text ? .openMetrics : .text004
    }

    /// Whether the client accepts gzip (and did not refuse it with q=0).
    package static func acceptsGzip(_ acceptEncoding: String?) -> Bool {
        guard let acceptEncoding else { return false }
        return acceptEncoding.split(separator: ",").contains { part in
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
            return pieces.first == "gzip" && !pieces.contains("q=0") && !pieces.contains("q=0.0")
        }
    }
}
