import Domain
import Sampler
import Store

/// Prices, stock, credit and sample times, from the store's latest snapshot (no provider call).
///
/// Only the configured watches (and, where a watch names them, its countries) are exported: a
/// watch removed from the configuration leaves the exposition at once, so no alert rule on it
/// fires forever; its history stays in the database and the API.
///
/// `collect(into:)` renders everything; `/metrics` asks for `pieces(_:)`, which keeps each watch's
/// price and stock lines (`StorePieces`) and re-renders only the watches a round changed.
package struct StoreCollector: MetricsCollector {
    let store: HistoryStore
    let watches: LiveWatches
    private let kept = StorePieces()

    package init(store: HistoryStore, watches: LiveWatches) {
        self.store = store
        self.watches = watches
    }

    package init(store: HistoryStore, watches: [Watch]) {
        self.init(store: store, watches: LiveWatches(watches))
    }

    package var generation: UInt64 {
        get async { await store.snapshot().version &+ watches.version << 40 }
    }

    package func collect(into w: inout ExpositionWriter) async {
        let snapshot = await store.snapshot()
        let watches = self.watches.current
        var exported: [String: [Snapshot.Pair]] = [:]
        for (platform, countries) in Self.exportedPlatforms(snapshot, watches) {
            exported[platform] = Self.exportedPairs(snapshot.pairs[platform]!, countries)
        }
        let platforms = exported.keys.sorted()
        Self.priceFamily(&w)
        for platform in platforms { Self.prices(exported[platform]!, of: platform, &w) }
        Self.stockFamily(&w)
        for platform in platforms { Self.stock(exported[platform]!, of: platform, &w) }
        var names: [String: String] = [:]
        for pairs in exported.values { for pair in pairs { names[pair.country] = pair.name } }
        Self.countryInfo(names, &w)
        await writeTimesAndSizes(snapshot, watches, &w)
    }

    package func pieces(_ format: ExpositionWriter.Format) async -> [ExpositionPiece] {
        let snapshot = await store.snapshot()
        let watches = self.watches.current
        var pieces = kept.pieces(format, snapshot: snapshot, exported: Self.exportedPlatforms(snapshot, watches))
        var rest = ExpositionWriter(format: format)
        await writeTimesAndSizes(snapshot, watches, &rest)
        pieces.append(ExpositionPiece(rest.output))
        return pieces
    }

    /// The platforms with pairs that a watch exports, each with its watch's countries (nil: all);
    /// the last watch of a platform decides.
    static func exportedPlatforms(_ snapshot: Snapshot, _ watches: [Watch]) -> [String: [String]?] {
        var exported: [String: [String]?] = [:]
        for watch in watches where snapshot.pairs[watch.platform] != nil { exported[watch.platform] = .some(watch.countries) }
        return exported
    }

    static func exportedPairs(_ pairs: [Snapshot.Pair], _ countries: [String]?) -> [Snapshot.Pair] {
        countries.map { countries in pairs.filter { countries.contains($0.country) } } ?? pairs
    }

    static func priceFamily(_ w: inout ExpositionWriter) {
        w.family("numwatch_price_toman", .gauge, help: "Price of one number in Toman, as last sampled on numwatch's schedule.")
    }

    static func prices(_ pairs: [Snapshot.Pair], of platform: String, _ w: inout ExpositionWriter) {
        for pair in pairs { w.sample("numwatch_price_toman", ["platform": platform, "country": pair.country], pair.price) }
    }

    static func stockFamily(_ w: inout ExpositionWriter) {
        w.family("numwatch_numbers_available", .gauge, help: "Numbers in stock, as last sampled on numwatch's schedule.")
    }

    static func stock(_ pairs: [Snapshot.Pair], of platform: String, _ w: inout ExpositionWriter) {
        for pair in pairs { w.sample("numwatch_numbers_available", ["platform": platform, "country": pair.country], pair.stock) }
    }

    /// `names`: country code → name, of every exported pair.
    static func countryInfo(_ names: [String: String], _ w: inout ExpositionWriter) {
        w.family("numwatch_country_info", .gauge, help: "Always 1; name is the country's name as the provider gives it.")
        for country in names.keys.sorted() { w.sample("numwatch_country_info", ["country": country, "name": names[country]!], 1) }
    }

    /// The families after the pairs': a few lines per watch, rendered afresh at each change.
    private func writeTimesAndSizes(_ snapshot: Snapshot, _ watches: [Watch], _ w: inout ExpositionWriter) async {
        w.family("numwatch_credit_toman", .gauge, help: "Account balance in Toman, as last sampled on numwatch's schedule.")
        if let credit = snapshot.credit { w.sample("numwatch_credit_toman", credit) }
        w.family("numwatch_last_sample_timestamp_seconds", .gauge, help: "Unix time of the last successful sample of a watch.")
        for platform in watches.map(\.platform) {
            if let time = snapshot.health[platform]?.lastOk { w.sample("numwatch_last_sample_timestamp_seconds", ["platform": platform], Double(time)) }
        }
        w.family("numwatch_credit_last_sample_timestamp_seconds", .gauge, help: "Unix time of the last successful credit sample.")
        if let time = snapshot.creditTime { w.sample("numwatch_credit_last_sample_timestamp_seconds", Double(time)) }
        w.family("numwatch_watch_interval_seconds", .gauge, help: "Configured sampling interval of a watch.")
        for watch in watches { w.sample("numwatch_watch_interval_seconds", ["platform": watch.platform], watch.interval.inSeconds) }
        w.family("numwatch_database_size_bytes", .gauge, help: "Size of the history database on disk, including its write-ahead log.")
        if let size = try? await store.databaseSizeBytes() { w.sample("numwatch_database_size_bytes", Double(size)) }
    }
}

extension ExpositionWriter {
    mutating func sample(_ name: String, _ value: Int) { sample(name, [:], Double(value)) }
    mutating func sample(_ name: String, _ value: Double) { sample(name, [:], value) }
}
