import Domain
import Sampler
import Store

/// Prices, stock, credit and sample times, from the store's latest snapshot (no provider call).
///
/// Only the configured watches (and, where a watch names them, its countries) are exported: a
/// watch removed from the configuration leaves the exposition at once, so no alert rule on it
/// fires forever; its history stays in the database and the API.
package struct StoreCollector: MetricsCollector {
    let store: HistoryStore
    let watches: LiveWatches

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
        for watch in watches {
            guard let pairs = snapshot.pairs[watch.platform] else { continue }
            exported[watch.platform] = watch.countries.map { countries in pairs.filter { countries.contains($0.country) } } ?? pairs
        }
        let platforms = exported.keys.sorted()
        w.family("numwatch_price_toman", .gauge, help: "Price of one number in Toman, as last sampled on numwatch's schedule.")
        for platform in platforms {
            for pair in exported[platform]! { w.sample("numwatch_price_toman", ["platform": platform, "country": pair.country], pair.price) }
        }
        w.family("numwatch_numbers_available", .gauge, help: "Numbers in stock, as last sampled on numwatch's schedule.")
        for platform in platforms {
            for pair in exported[platform]! { w.sample("numwatch_numbers_available", ["platform": platform, "country": pair.country], pair.stock) }
        }
        w.family("numwatch_country_info", .gauge, help: "Always 1; name is the country's name as the provider gives it.")
        var names: [String: String] = [:]
        for pairs in exported.values { for pair in pairs { names[pair.country] = pair.name } }
        for country in names.keys.sorted() { w.sample("numwatch_country_info", ["country": country, "name": names[country]!], 1) }
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
