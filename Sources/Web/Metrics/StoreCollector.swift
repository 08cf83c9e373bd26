import Sampler
import Store

/// Prices, stock, credit and sample times, from the store's latest snapshot (no provider call).
public struct StoreCollector: MetricsCollector {
    let store: HistoryStore
    let watches: [WatchPlan]

    public init(store: HistoryStore, watches: [WatchPlan]) {
        self.store = store
        self.watches = watches
    }

    public var generation: UInt64 {
        get async { await store.snapshot().version }
    }

    public func collect(into w: inout ExpositionWriter) async {
        let snapshot = await store.snapshot()
        let platforms = snapshot.pairs.keys.sorted()
        w.family("numwatch_price_toman", .gauge, help: "Price of one number in Toman, as last sampled on numwatch's schedule.")
        for platform in platforms {
            for pair in snapshot.pairs[platform]! { w.sample("numwatch_price_toman", ["platform": platform, "country": pair.country], pair.price) }
        }
        w.family("numwatch_numbers_available", .gauge, help: "Numbers in stock, as last sampled on numwatch's schedule.")
        for platform in platforms {
            for pair in snapshot.pairs[platform]! { w.sample("numwatch_numbers_available", ["platform": platform, "country": pair.country], pair.stock) }
        }
        w.family("numwatch_country_info", .gauge, help: "Always 1; name is the country's name as the provider gives it.")
        var names: [String: String] = [:]
        for pairs in snapshot.pairs.values { for pair in pairs { names[pair.country] = pair.name } }
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
        for watch in watches { w.sample("numwatch_watch_interval_seconds", ["platform": watch.platform], watch.interval) }
        w.family("numwatch_database_size_bytes", .gauge, help: "Size of the history database on disk, including its write-ahead log.")
        if let size = try? await store.databaseSizeBytes() { w.sample("numwatch_database_size_bytes", Double(size)) }
    }
}

extension ExpositionWriter {
    mutating func sample(_ name: String, _ value: Int) { sample(name, [:], Double(value)) }
    mutating func sample(_ name: String, _ value: Double) { sample(name, [:], value) }
}
