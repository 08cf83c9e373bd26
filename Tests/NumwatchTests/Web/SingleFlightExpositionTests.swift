import Domain
import NIOCore
import Store
import Synchronization
import Testing
@testable import Web

/// A scrape that finds the data changed builds the body once, shared with the scrapes that arrive
/// meanwhile; no scrape gets a body older than the data it saw on arrival.
@Suite(.timeLimit(.minutes(1))) struct SingleFlightExpositionTests {
    /// A collector whose value the test sets, whose rendering the test can hold at a gate, and
    /// which counts how often it was rendered.
    final class GatedCollector: MetricsCollector {
        private struct State {
            var value = 1
            var generation: UInt64 = 1
            var renders = 0
            var held: CheckedContinuation<Void, Never>?
            var holding = false
        }

        private let state = Mutex(State())
        let name: String
        var renders: Int { state.withLock { $0.renders } }

        init(name: String = "test_value") { self.name = name }
        var generation: UInt64 { state.withLock { $0.generation } }

        func set(_ value: Int) { state.withLock { $0.value = value; $0.generation += 1 } }

        /// The next render waits until `release()`.
        func hold() { state.withLock { $0.holding = true } }

        func release() {
            state.withLock { s in
                s.holding = false
                s.held?.resume()
                s.held = nil
            }
        }

        /// Whether a render is waiting at the gate.
        var isHeld: Bool { state.withLock { $0.held != nil } }

        /// Reads its value, then waits at the gate if held: what it renders is the data as the build began.
        func collect(into writer: inout ExpositionWriter) async {
            let value = state.withLock { s in
                s.renders += 1
                return s.value
            }
            await withCheckedContinuation { continuation in
                state.withLock { s in
                    if s.holding { s.held = continuation } else { continuation.resume() }
                }
            }
            writer.family(name, .gauge, help: "A value the test sets.")
            writer.sample(name, [:], Double(value))
        }
    }

    static func text(_ body: MetricsEndpoint.Body) -> String { String(buffer: body.bytes) }

    /// A collector whose generation reads can be held, each until released: a scrape or a build
    /// suspended in the middle of reading the generations.
    final class HeldReads: MetricsCollector {
        private struct State {
            var holding = false
            var held: [CheckedContinuation<Void, Never>] = []
        }

        private let state = Mutex(State())
        var heldCount: Int { state.withLock { $0.held.count } }

        func hold() { state.withLock { $0.holding = true } }

        /// Lets the oldest (or the newest) held read go on; with none left held, stops holding.
        func releaseOne(newest: Bool = false) {
            let next = state.withLock { s in newest ? s.held.popLast() : (s.held.isEmpty ? nil : s.held.removeFirst()) }
            next?.resume()
        }

        func stopHolding() {
            let all = state.withLock { s in
                s.holding = false
                defer { s.held = [] }
                return s.held
            }
            for continuation in all { continuation.resume() }
        }

        var generation: UInt64 {
            get async {
                await withCheckedContinuation { continuation in
                    state.withLock { s in
                        if s.holding { s.held.append(continuation) } else { continuation.resume() }
                    }
                }
                return 1
            }
        }

        func collect(into writer: inout ExpositionWriter) async {}
    }

    /// A collector that counts how often it is asked for its pieces.
    final class Counted: MetricsCollector {
        let inner: any MetricsCollector
        private let count = Mutex(0)
        var renders: Int { count.withLock { $0 } }

        init(_ inner: any MetricsCollector) { self.inner = inner }

        var generation: UInt64 { get async { await inner.generation } }
        func collect(into writer: inout ExpositionWriter) async { await inner.collect(into: &writer) }
        func pieces(_ format: ExpositionWriter.Format) async -> [ExpositionPiece] {
            count.withLock { $0 += 1 }
            return await inner.pieces(format)
        }
    }

    /// Yields until `condition` holds (the suite's time limit ends a wait that never does).
    static func waitUntil(_ condition: () -> Bool) async throws {
        while !condition() {
            try Task.checkCancellation()
            await Task.yield()
        }
    }

    static func waitUntilHeld(_ collector: GatedCollector) async throws {
        try await waitUntil { collector.isHeld }
    }

    @Test func aScrapeThatFindsABuildOfOlderDataGetsABodyAtLeastAsNewAsWhatItSaw() async throws {
        let collector = GatedCollector()
        let endpoint = MetricsEndpoint(collectors: [collector])
        #expect(Self.text(await endpoint.body(.text004)).contains("test_value 1\n"))

        collector.set(2)
        collector.hold()
        let builder = Task { await endpoint.body(.text004) }
        try await Self.waitUntilHeld(collector)
        // The data moves on while 2 is being rendered: a scrape now must not get 1, nor 2.
        collector.set(3)
        let late = Task { await endpoint.body(.text004) }
        for _ in 0..<100 { await Task.yield() }
        collector.release()
        #expect(Self.text(await builder.value).contains("test_value 2\n"))
        #expect(Self.text(await late.value).contains("test_value 3\n"))
        #expect(Self.text(await endpoint.body(.text004)).contains("test_value 3\n"))
        #expect(collector.renders == 3)
    }

    @Test func aScrapeThatFindsTheDataItSeesBeingBuiltWaitsForThatBuild() async throws {
        let collector = GatedCollector()
        let endpoint = MetricsEndpoint(collectors: [collector])
        _ = await endpoint.body(.text004)
        collector.set(2)
        collector.hold()
        let first = Task { await endpoint.body(.text004) }
        try await Self.waitUntilHeld(collector)
        let second = Task { await endpoint.body(.text004) }
        for _ in 0..<100 { await Task.yield() }  // room for the second scrape to find the build in flight
        collector.release()
        #expect(Self.text(await first.value).contains("test_value 2\n"))
        #expect(Self.text(await second.value).contains("test_value 2\n"))
        #expect(collector.renders == 2)
    }

    @Test func withNoPreviousBodyConcurrentScrapesShareOneBuild() async throws {
        let collector = GatedCollector()
        collector.hold()
        let endpoint = MetricsEndpoint(collectors: [collector])
        let scrapes = (0..<4).map { _ in Task { await endpoint.body(.text004) } }
        try await Self.waitUntilHeld(collector)
        collector.release()
        for scrape in scrapes {
            let body = await scrape.value
            #expect(Self.text(body).contains("test_value 1\n"))
            // The gzip body decompresses to the same bytes.
            #expect(try gunzipEveryMember(#require(body.gzipped)).text == String(buffer: body.bytes))
        }
        #expect(collector.renders == 1)
    }

    @Test func aScrapeAfterTheBuildSeesTheChangeAndEachFormatHasItsOwnBody() async throws {
        let collector = GatedCollector()
        let endpoint = MetricsEndpoint(collectors: [collector])
        _ = await endpoint.body(.text004)
        collector.set(7)
        #expect(Self.text(await endpoint.body(.text004)).contains("test_value 7\n"))
        let openMetrics = Self.text(await endpoint.body(.openMetrics))
        #expect(openMetrics.contains("test_value 7\n"))
        #expect(openMetrics.hasSuffix("# EOF\n"))
        // Text before and after the change, then OpenMetrics once; a second scrape of each renders nothing.
        #expect(collector.renders == 3)
        _ = await endpoint.body(.text004)
        _ = await endpoint.body(.openMetrics)
        #expect(collector.renders == 3)
    }

    @Test func prepareBuildsTheFormatsScrapedSoFarAheadOfTheScrape() async throws {
        let collector = GatedCollector()
        let endpoint = MetricsEndpoint(collectors: [collector])
        await endpoint.prepare()
        #expect(collector.renders == 0)  // nothing scraped yet: nothing to prepare
        _ = await endpoint.body(.text004)
        collector.set(5)
        await endpoint.prepare()
        #expect(collector.renders == 2)  // text only: OpenMetrics was never asked for
        #expect(Self.text(await endpoint.body(.text004)).contains("test_value 5\n"))
        #expect(collector.renders == 2)
    }

    @Test func afterEachStoredRoundThePrebuilderHasTheBodyReadyForTheNextScrape() async throws {
        let store = try HistoryStore.inMemory()
        let watches = [Watch(services: try ServiceSet("telegram"), interval: .seconds(60))]
        let prices = Counted(StoreCollector(store: store, watches: watches))
        let endpoint = MetricsEndpoint(collectors: [prices])
        _ = await endpoint.body(.text004)
        let prebuilder = Task { try await MetricsPrebuilder(endpoint: endpoint, rounds: store.stored).run() }
        defer { prebuilder.cancel() }
        try await store.ingest(SampleRound(watches: [WatchSample(
            platform: "telegram", time: 1_700_000_000, rows: [ObservedRow(country: "romania", name: "Romania", price: 12_345, stock: 7)])]))
        try await Self.waitUntil { prices.renders == 2 }
        let text = Self.text(await endpoint.body(.text004))
        #expect(text.contains("numwatch_price_toman{provider=\"main\",platform=\"telegram\",country=\"romania\"} 12345\n"))
        #expect(prices.renders == 2)  // the scrape found the body built (or being built, and waited for it)
    }

    @Test func aCollectorWhoseGenerationStayedIsNotRenderedAgain() async throws {
        let busy = GatedCollector()
        let quiet = GatedCollector()
        let endpoint = MetricsEndpoint(collectors: [quiet, busy])
        _ = await endpoint.body(.text004)
        for value in 2...4 {
            busy.set(value)
            #expect(Self.text(await endpoint.body(.text004)) == "# HELP test_value A value the test sets.\n# TYPE test_value gauge\ntest_value 1\n"
                + "# HELP test_value A value the test sets.\n# TYPE test_value gauge\ntest_value \(value)\n")
        }
        #expect(busy.renders == 4)
        #expect(quiet.renders == 1)
        _ = await endpoint.body(.openMetrics)  // another format: its own pieces
        #expect(quiet.renders == 2)
    }

    /// A build started by a reading that began before a scrape arrived (here: suspended halfway
    /// through the generations while the data moved on) may reuse pieces older than what the
    /// scrape saw; the scrape must not take its body.
    @Test func aBuildReadBeforeTheScrapeArrivedIsNotItsBody() async throws {
        let counter = GatedCollector(name: "test_counter")
        let data = GatedCollector()
        let reads = HeldReads()
        let endpoint = MetricsEndpoint(collectors: [counter, data, reads])
        _ = await endpoint.body(.text004)

        data.set(2)
        data.hold()
        let x = Task { await endpoint.body(.text004) }  // build X of (counter 1, data 2), held while rendering
        try await Self.waitUntilHeld(data)
        data.set(3)
        reads.hold()
        let a = Task { await endpoint.body(.text004) }  // reads counter 1, data 3, then waits at `reads`
        try await Self.waitUntil { reads.heldCount == 1 }
        counter.set(2)  // committed before B arrives
        let b = Task { await endpoint.body(.text004) }
        try await Self.waitUntil { reads.heldCount == 2 }
        reads.releaseOne(newest: true)  // B has read (counter 2, data 3): it waits for X, of older data
        for _ in 0..<100 { await Task.yield() }
        data.release()
        _ = await x.value
        try await Self.waitUntil { reads.heldCount == 2 }  // B reads again after X, and waits at `reads`
        data.hold()
        reads.releaseOne()  // A goes on: it builds Y of (counter 1, data 3), keeping counter's old pieces
        try await Self.waitUntilHeld(data)
        reads.stopHolding()  // B reads (counter 2, data 3) again and finds Y in flight
        for _ in 0..<100 { await Task.yield() }
        data.release()
        _ = await a.value
        let seen = Self.text(await b.value)
        #expect(seen.contains("test_counter 2\n"), "B got \(seen)")
    }
}
