import App
import Domain
import NIOCore
import PropertyBased
import Sampler
@testable import Store
import Testing
@testable import Web

/// /metrics is kept as pieces and re-renders only what a round changed; these tests hold it to
/// what a full render of the same data gives, byte for byte, in both formats and through gzip.
@Suite struct IncrementalExpositionTests {
    /// One step: a sampling round, or a reload that replaces the watches.
    enum Step: Sendable, CustomStringConvertible {
        case round(SampleRound)
        case reload([Watch])

        var description: String {
            switch self {
            case .round(let round): "round(\(round.watches.map { "\($0.platform) \($0.outcome) \($0.rows.count) rows" }), credit: \(round.credit?.credit ?? -1))"
            case .reload(let watches): "reload(\(watches.map { "\($0.platform) \($0.countries ?? ["*"])" }))"
            }
        }
    }

    static let platforms = ["telegram", "whatsapp", "instagram", "google"]
    /// Enough countries that a platform's piece passes the gzip member size, and a few hostile codes.
    static let countries = (0..<70).map { "c\($0)" } + ["x\"y", "back\\slash", "new\nline"]
    static let names = ["رومانی", "Romania", "a\"b\\c\nd}", "tab\there"]

    static func watches(_ rng: inout any SeededRandomNumberGenerator) -> [Watch] {
        platforms.filter { _ in Int.random(in: 0..<4, using: &rng) > 0 }.map { platform in
            let countries: [String]? = Bool.random(using: &rng) ? nil : countries.filter { _ in Bool.random(using: &rng) }
            return Watch(services: try! ServiceSet(platform), countries: countries, interval: .seconds(Int64.random(in: 5...600, using: &rng)))
        }
    }

    static func round(_ time: Int64, _ rng: inout any SeededRandomNumberGenerator) -> SampleRound {
        let sampled = platforms.filter { _ in Bool.random(using: &rng) }
        let samples = sampled.map { platform -> WatchSample in
            guard Int.random(in: 0..<6, using: &rng) > 0 else { return WatchSample(platform: platform, time: time, outcome: .transport) }
            // A few prices and stock levels, so that many series keep their value from one round to the next.
            let rows = countries.filter { _ in Int.random(in: 0..<5, using: &rng) > 0 }.map { country in
                ObservedRow(country: country, name: names[Int.random(in: 0..<(Int.random(in: 0..<8, using: &rng) == 0 ? names.count : 1), using: &rng)],
                            price: [10_000, 12_500, 9_999_999][Int.random(in: 0..<3, using: &rng)], stock: Int.random(in: 0...2, using: &rng) * 150)
            }
            return WatchSample(platform: platform, time: time, rows: rows)
        }
        let credit = Bool.random(using: &rng) ? CreditSample(time: time, credit: Int.random(in: 0...3, using: &rng) * 25_000) : nil
        return SampleRound(watches: samples, credit: credit)
    }

    static let steps = Generator<[Step], Shrink.None<[Step]>>(run: { rng in
        (0..<Int.random(in: 1...8, using: &rng)).map { index in
            Int.random(in: 0..<5, using: &rng) == 0 ? .reload(watches(&rng)) : .round(round(1_700_000_000 + Int64(index) * 60, &rng))
        }
    })

    /// The exposition as `collect(into:)` renders it from nothing.
    static func fullRender(_ collectors: [any MetricsCollector], _ format: ExpositionWriter.Format) async -> String {
        var writer = ExpositionWriter(format: format)
        for collector in collectors { await collector.collect(into: &writer) }
        writer.finish()
        return writer.output
    }

    @Test func afterAnyRoundsTheKeptPiecesAreAFullRenderInBothFormatsAndThroughGzip() async {
        await propertyCheck(count: 60, input: Self.steps) { steps in await failOnThrow {
            let store = try HistoryStore.inMemory()
            let live = LiveWatches(Self.platforms.map { Watch(services: try! ServiceSet($0), interval: .seconds(60)) })
            let provider = ProviderMetrics()
            let collectors: [any MetricsCollector] = [StoreCollector(store: store, watches: live), provider, BuildCollector(version: "1.0")]
            let endpoint = MetricsEndpoint(collectors: collectors)
            for (index, step) in steps.enumerated() {
                switch step {
                case .round(let round): try await store.ingest(round)
                case .reload(let watches): live.replace(watches)
                }
                provider.providerCallFinished(endpoint: .pricing, succeeded: index % 2 == 0)
                // The snapshot reuses the pair lists of platforms the round left alone: as if built anew.
                #expect(await store.snapshot()[.main].pairs == Snapshot(version: 0, state: await store.state)[.main].pairs)
                for format in [ExpositionWriter.Format.text004, .openMetrics] {
                    let body = await endpoint.body(format)
                    let expected = await Self.fullRender(collectors, format)
                    #expect(String(buffer: body.bytes) == expected)
                    // One member, so curl --compressed and browsers (which stop after the first) read it all.
                    let gunzipped = try gunzipEveryMember(#require(body.gzipped))
                    #expect(gunzipped.members.count == 1 && gunzipped.text == expected)
                }
            }
        } }
    }

    @Test func aRoundReRendersOnlyTheWatchesItChanged() async throws {
        let store = try HistoryStore.inMemory()
        let platforms = ["instagram", "telegram", "whatsapp"]
        func sample(_ platform: String, telegramPrice: Int) -> WatchSample {
            WatchSample(platform: platform, time: 1_700_000_000, rows: Self.countries.map { country in
                ObservedRow(country: country, name: "n", price: platform == "telegram" && country == "c7" ? telegramPrice : 10_000, stock: 150)
            })
        }
        try await store.ingest(SampleRound(watches: platforms.map { sample($0, telegramPrice: 10_000) }))
        let collector = StoreCollector(store: store, watches: platforms.map { Watch(services: try! ServiceSet($0), interval: .seconds(60)) })
        let endpoint = MetricsEndpoint(collectors: [collector])
        let before = await endpoint.body(.text004)
        let piecesBefore = await collector.pieces(.text004)
        #expect(try gunzipEveryMember(#require(before.gzipped)).text == String(buffer: before.bytes))

        // Every watch sampled again; only telegram's c7 moved.
        try await store.ingest(SampleRound(watches: platforms.map { sample($0, telegramPrice: 12_000) }))
        let after = await endpoint.body(.text004)
        let piecesAfter = await collector.pieces(.text004)
        #expect(String(buffer: after.bytes).contains("numwatch_price_toman{provider=\"main\",platform=\"telegram\",country=\"c7\"} 12000\n"))
        // Headers, the price, native price and stock of instagram and whatsapp, country info: kept;
        // telegram's three and the rest: new.
        let kept = piecesAfter.filter { piece in piecesBefore.contains { $0 === piece } }
        #expect(kept.count == piecesAfter.count - 4)
        let gunzipped = try gunzipEveryMember(#require(after.gzipped))
        #expect(gunzipped.members.count == 1 && gunzipped.text == String(buffer: after.bytes))
    }
}
