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
/// One build at a time per format, shared by every scrape that needs it: a scrape that finds the
/// data changed starts the build and waits for it, one that finds a build of the data it sees in
/// flight waits for that one. After each stored round, `MetricsPrebuilder` builds the formats
/// scraped so far before anyone asks, so a scrape rarely waits at all.
package final class MetricsEndpoint: Sendable {
    /// One exposition: its gzip, made with it (what Prometheus asks for), and its plain text, put
    /// together from the pieces for the first plain scrape, or at the build when a scrape asked the
    /// format's previous body for it. Copying megabytes at every build for a plain body nobody may
    /// ask for was a fifth of serve's time under churn.
    package final class Body: Sendable {
        private let pieces: [ExpositionPiece]
        /// nil if zlib failed (it cannot, short of memory): the body is then sent plain.
        package let gzipped: ByteBuffer?
        private let plain = Mutex<ByteBuffer?>(nil)
        private let plainAsked = Atomic<Bool>(false)

        init(pieces: [ExpositionPiece], gzipped: ByteBuffer?) {
            self.pieces = pieces
            self.gzipped = gzipped
        }

        /// The plain text, for a scrape: joined now if it was not yet.
        package var bytes: ByteBuffer {
            plainAsked.store(true, ordering: .relaxed)
            return join()
        }

        /// The plain text, for a scrape, if it is joined already: what the event loop may send
        /// without first copying megabytes.
        package var joinedBytes: ByteBuffer? {
            plainAsked.store(true, ordering: .relaxed)
            return plain.withLock { $0 }
        }

        /// Whether a scrape asked for the plain text: the next body of the format is joined as it is built.
        var plainWasAsked: Bool { plainAsked.load(ordering: .relaxed) }

        /// Copied outside the lock: two scrapes that find it missing at once copy twice rather than
        /// one blocking a thread of the pool for the millisecond the other copies.
        @discardableResult
        func join() -> ByteBuffer {
            if let joined = plain.withLock({ $0 }) { return joined }
            var bytes = ByteBuffer()
            bytes.reserveCapacity(pieces.reduce(0) { $0 + $1.bytes.readableBytes })
            for piece in pieces { bytes.writeImmutableBuffer(piece.bytes) }
            return plain.withLock { plain in
                if let plain { return plain }
                plain = bytes
                return bytes
            }
        }
    }

    private struct Built {
        let generations: [UInt64]
        /// The ticket taken before those generations were read (`Reading`).
        let ticket: UInt64
        let body: Body
    }

    /// The collectors' generations, and a ticket taken before reading them: a build whose
    /// ticket is later than a scrape's arrival ticket read its data after the scrape arrived.
    private struct Reading {
        let ticket: UInt64
        let generations: [UInt64]
    }

    /// One format's cached body, its build in flight, and each collector's pieces as last
    /// rendered, with the generation they were rendered at.
    private struct Slot {
        var built: Built?
        var building: (reading: Reading, task: Task<Body, Never>)?
        var rendered: [(generation: UInt64, pieces: [ExpositionPiece])?] = []
    }

    let collectors: [any MetricsCollector]
    private let tickets = Atomic<UInt64>(0)
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

    /// A body at least as new as the data when the scrape arrived: the cached one if nothing
    /// changed (or if it was read after the scrape arrived), else the build in flight if it is of
    /// the data the scrape sees or read its data after the scrape arrived, else a build started
    /// now (after waiting for a build of older data in flight: builds of a format do not overlap).
    package func body(_ format: ExpositionWriter.Format) async -> Body {
        var reading = await read()
        let arrival = reading.ticket
        while true {
            enum Plan { case serve(Body), wait(Task<Body, Never>, last: Bool) }
            let plan = withSlot(format) { slot -> Plan in
                if let built = slot.built, built.generations == reading.generations || built.ticket > arrival { return .serve(built.body) }
                if let building = slot.building {
                    let fresh = building.reading.generations == reading.generations || building.reading.ticket > arrival
                    return .wait(building.task, last: fresh)
                }
                return .wait(startBuild(format, reading, in: &slot), last: true)
            }
            switch plan {
            case .serve(let body):
                return body
            case .wait(let task, let last):
                let body = await task.value
                if last { return body }
                reading = await read()
            }
        }
    }

    /// The cached body, when every collector's generation is known without waiting and is the one
    /// it was built from: what `MetricsFastLane` serves from the event loop. `nil` sends the scrape
    /// the long way, through `body(_:)`, which waits for reads and builds as needed.
    package func readyBody(_ format: ExpositionWriter.Format) -> Body? {
        guard let built = withSlot(format, { $0.built }) else { return nil }
        for (collector, generation) in zip(collectors, built.generations) where collector.readyGeneration != generation {
            return nil
        }
        return built.body
    }

    private func startBuild(_ format: ExpositionWriter.Format, _ reading: Reading, in slot: inout Slot) -> Task<Body, Never> {
        let task = Task {
            let pieces = await self.pieces(format, reading.generations)
            let built = await BuildQueue.run { self.build(format, reading, pieces) }
            self.withSlot(format) { slot in
                slot.built = built
                slot.building = nil
            }
            return built.body
        }
        slot.building = (reading, task)
        return task
    }

    /// Builds the body of every format scraped so far, if the data changed since: the work a
    /// scrape would otherwise wait for.
    package func prepare() async {
        for format in [ExpositionWriter.Format.text004, .openMetrics] where withSlot(format, { $0.built != nil }) {
            _ = await body(format)
        }
    }

    private func read() async -> Reading {
        let ticket = tickets.add(1, ordering: .sequentiallyConsistent).newValue
        var generations: [UInt64] = []
        for collector in collectors { generations.append(await collector.generation) }
        return Reading(ticket: ticket, generations: generations)
    }

    private func withSlot<Result>(_ format: ExpositionWriter.Format, _ body: (inout Slot) -> Result) -> Result {
        format == .openMetrics ? openMetrics.withLock { body(&$0) } : text.withLock { body(&$0) }
    }

    /// Every collector's pieces, in order: a collector whose generation is the one its kept pieces
    /// were rendered at is not asked again (a request counter that moved re-renders its own few
    /// lines, not the ledger's queries or the store's families).
    private func pieces(_ format: ExpositionWriter.Format, _ generations: [UInt64]) async -> [ExpositionPiece] {
        var rendered = withSlot(format) { $0.rendered }
        if rendered.count != collectors.count { rendered = Array(repeating: nil, count: collectors.count) }
        var pieces: [ExpositionPiece] = []
        for (index, collector) in collectors.enumerated() {
            if let kept = rendered[index], kept.generation == generations[index] {
                pieces += kept.pieces
                continue
            }
            let fresh = await collector.pieces(format)
            rendered[index] = (generations[index], fresh)
            pieces += fresh
        }
        withSlot(format) { [rendered] in $0.rendered = rendered }
        if format == .openMetrics { pieces.append(Self.end) }
        return pieces
    }

    private func build(_ format: ExpositionWriter.Format, _ reading: Reading, _ pieces: [ExpositionPiece]) -> Built {
        let gzip = format == .openMetrics ? openMetricsGzip : textGzip
        let body = Body(pieces: pieces, gzipped: gzip.body(of: pieces))
        // Plain scrapes of this format: the fast lane serves only a joined body.
        if withSlot(format, { $0.built?.body.plainWasAsked }) == true { body.join() }
        return Built(generations: reading.generations, ticket: reading.ticket, body: body)
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
