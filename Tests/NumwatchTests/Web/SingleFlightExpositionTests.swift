import NIOCore
import Synchronization
import Testing
@testable import Web

/// A scrape that finds the data changed builds the body once; scrapes meanwhile get the body from
/// before the change at once, and never a body of their own making.
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
        var renders: Int { state.withLock { $0.renders } }
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

        func collect(into writer: inout ExpositionWriter) async {
            await withCheckedContinuation { continuation in
                state.withLock { s in
                    if s.holding { s.held = continuation } else { continuation.resume() }
                }
            }
            let value = state.withLock { s in
                s.renders += 1
                return s.value
            }
            writer.family("test_value", .gauge, help: "A value the test sets.")
            writer.sample("test_value", [:], Double(value))
        }
    }

    static func text(_ body: MetricsEndpoint.Body) -> String { String(buffer: body.bytes) }

    static func waitUntilHeld(_ collector: GatedCollector) async {
        while !collector.isHeld { await Task.yield() }
    }

    @Test func scrapesDuringABuildGetThePreviousBodyWholeAndTheBuildHappensOnce() async throws {
        let collector = GatedCollector()
        let endpoint = MetricsEndpoint(collectors: [collector])
        #expect(Self.text(await endpoint.body(.text004)).contains("test_value 1\n"))

        collector.set(2)
        collector.hold()
        let builder = Task { await endpoint.body(.text004) }
        await Self.waitUntilHeld(collector)
        // While the change is being rendered: the exposition before it, as many times as asked.
        for _ in 0..<5 {
            let during = Self.text(await endpoint.body(.text004))
            #expect(during.contains("test_value 1\n"))
            #expect(!during.contains("test_value 2\n"))
        }
        collector.release()
        #expect(Self.text(await builder.value).contains("test_value 2\n"))
        #expect(Self.text(await endpoint.body(.text004)).contains("test_value 2\n"))
        #expect(collector.renders == 2)
    }

    @Test func withNoPreviousBodyConcurrentScrapesShareOneBuild() async throws {
        let collector = GatedCollector()
        collector.hold()
        let endpoint = MetricsEndpoint(collectors: [collector])
        let scrapes = (0..<4).map { _ in Task { await endpoint.body(.text004) } }
        await Self.waitUntilHeld(collector)
        collector.release()
        for scrape in scrapes {
            let body = await scrape.value
            #expect(Self.text(body).contains("test_value 1\n"))
            // The gzip body decompresses to the same bytes.
            #expect(try gunzipEveryMember(body.gzipped).text == String(buffer: body.bytes))
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
}
