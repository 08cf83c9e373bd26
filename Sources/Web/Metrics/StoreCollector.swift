import Domain
import Sampler
import Store

/// Prices, stock, credit and sample times of every provider, from the store's latest snapshot
/// (no provider call). Every family has the `provider` label; prices and credit are in Toman at
/// the provider's configured rate (so `min by (platform, country)` compares providers) and, in
/// `numwatch_price_native` / `numwatch_credit_native`, as read in the provider's currency.
///
/// Only the configured watches (and, where a watch names them, its countries) are exported: a
/// watch removed from the configuration leaves the exposition at once, so no alert rule on it
/// fires forever; its history stays in the database and the API.
///
/// `collect(into:)` renders everything; `/metrics` asks for `pieces(_:)`, which keeps each watch's
/// price and stock lines (`StorePieces`) and re-renders only the watches a round changed.
package struct StoreCollector: InstantMetricsCollector {
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

    package var currentGeneration: UInt64 { store.currentVersion &+ watches.version << 40 }

    package func collect(into w: inout ExpositionWriter) async {
        let snapshot = await store.snapshot()
        let watches = self.watches.current
        let currencies = Self.currencies(self.watches.providers)
        var exported: [PlatformKey: [Snapshot.Pair]] = [:]
        for (key, countries) in Self.exportedPlatforms(snapshot, watches) {
            exported[key] = Self.exportedPairs(snapshot[key.provider].pairs[key.platform]!, countries)
        }
        let keys = exported.keys.sorted()
        Self.priceFamily(&w)
        for key in keys { Self.prices(exported[key]!, of: key, &w) }
        Self.nativePriceFamily(&w)
        for key in keys { Self.nativePrices(exported[key]!, of: key, currency: currencies[key.provider] ?? "", &w) }
        Self.stockFamily(&w)
        for key in keys { Self.stock(exported[key]!, of: key, &w) }
        var names: [CountryKey: String] = [:]
        for (key, pairs) in exported { for pair in pairs { names[CountryKey(provider: key.provider, code: pair.country)] = pair.name } }
        Self.countryInfo(names, &w)
        writeTimesAndSizes(snapshot, watches, &w)
    }

    package func pieces(_ format: ExpositionWriter.Format) async -> [ExpositionPiece] {
        let snapshot = await store.snapshot()
        let watches = self.watches.current
        let (kept, currencies) = (self.kept, Self.currencies(self.watches.providers))
        var pieces = await BuildQueue.run {
            kept.pieces(format, snapshot: snapshot, exported: Self.exportedPlatforms(snapshot, watches), currencies: currencies)
        }
        var rest = ExpositionWriter(format: format)
        writeTimesAndSizes(snapshot, watches, &rest)
        pieces.append(ExpositionPiece(rest.output))
        return pieces
    }

    /// The platforms with pairs that a watch exports, each with its watch's countries (nil: all);
    /// the last watch of a platform at a provider decides.
    static func exportedPlatforms(_ snapshot: Snapshot, _ watches: [Watch]) -> [PlatformKey: [String]?] {
        var exported: [PlatformKey: [String]?] = [:]
        for watch in watches where snapshot[watch.provider].pairs[watch.platform] != nil {
            exported[PlatformKey(watch.provider, watch.platform)] = .some(watch.countries)
        }
        return exported
    }

    static func exportedPairs(_ pairs: [Snapshot.Pair], _ countries: [String]?) -> [Snapshot.Pair] {
        countries.map { countries in pairs.filter { countries.contains($0.country) } } ?? pairs
    }

    static func currencies(_ providers: [SampledProvider]) -> [ProviderName: String] {
        Dictionary(providers.map { ($0.id, $0.currency) }, uniquingKeysWith: { first, _ in first })
    }

    /// A country as one provider names it: each provider gives its own name (Persian, English...).
    struct CountryKey: Hashable, Comparable {
        var provider: ProviderName
        var code: String
        static func < (a: CountryKey, b: CountryKey) -> Bool { (a.provider.rawValue, a.code) < (b.provider.rawValue, b.code) }
    }

    static func priceFamily(_ w: inout ExpositionWriter) {
        w.family("numwatch_price_toman", .gauge,
                 help: "Price of one number in Toman (at the provider's configured rate), as last sampled on numwatch's schedule.")
    }

    static func prices(_ pairs: [Snapshot.Pair], of key: PlatformKey, _ w: inout ExpositionWriter) {
        for pair in pairs {
            w.sample("numwatch_price_toman", ["provider": key.provider.rawValue, "platform": key.platform, "country": pair.country], pair.price)
        }
    }

    static func nativePriceFamily(_ w: inout ExpositionWriter) {
        w.family("numwatch_price_native", .gauge, help: "Price of one number as the provider gives it, in its currency.")
    }

    /// A provider that prices in Toman gives its Toman price.
    static func nativePrices(_ pairs: [Snapshot.Pair], of key: PlatformKey, currency: String, _ w: inout ExpositionWriter) {
        for pair in pairs {
            w.sample("numwatch_price_native", ["provider": key.provider.rawValue, "platform": key.platform, "country": pair.country,
                                               "currency": currency], pair.native ?? Double(pair.price))
        }
    }

    static func stockFamily(_ w: inout ExpositionWriter) {
        w.family("numwatch_numbers_available", .gauge, help: "Numbers in stock, as last sampled on numwatch's schedule.")
    }

    static func stock(_ pairs: [Snapshot.Pair], of key: PlatformKey, _ w: inout ExpositionWriter) {
        for pair in pairs {
            w.sample("numwatch_numbers_available", ["provider": key.provider.rawValue, "platform": key.platform, "country": pair.country],
                     pair.stock)
        }
    }

    /// `names`: per provider, country code → name, of every exported pair.
    static func countryInfo(_ names: [CountryKey: String], _ w: inout ExpositionWriter) {
        w.family("numwatch_country_info", .gauge, help: "Always 1; name is the country's name as the provider gives it.")
        for key in names.keys.sorted() {
            w.sample("numwatch_country_info", ["provider": key.provider.rawValue, "country": key.code, "name": names[key]!], 1)
        }
    }

    /// The families after the pairs': a few lines per watch and provider, rendered afresh at each change.
    private func writeTimesAndSizes(_ snapshot: Snapshot, _ watches: [Watch], _ w: inout ExpositionWriter) {
        let providers = self.watches.providers
        w.family("numwatch_credit_toman", .gauge,
                 help: "Account balance in Toman (at the provider's configured rate), as last sampled on numwatch's schedule.")
        for provider in providers {
            if let credit = snapshot[provider.id].credit { w.sample("numwatch_credit_toman", ["provider": provider.id.rawValue], Double(credit)) }
        }
        w.family("numwatch_credit_native", .gauge, help: "Account balance as the provider gives it, in its currency.")
        for provider in providers {
            let part = snapshot[provider.id]
            if let credit = part.credit {
                w.sample("numwatch_credit_native", ["provider": provider.id.rawValue, "currency": provider.currency],
                         part.creditNative ?? Double(credit))
            }
        }
        w.family("numwatch_provider_toman_per_unit", .gauge, help: "Configured value in Toman of one unit of the provider's currency.")
        for provider in providers {
            w.sample("numwatch_provider_toman_per_unit", ["provider": provider.id.rawValue, "currency": provider.currency], provider.tomanPerUnit)
        }
        w.family("numwatch_last_sample_timestamp_seconds", .gauge, help: "Unix time of the last successful sample of a watch.")
        for watch in watches {
            if let time = snapshot[watch.provider].health[watch.platform]?.lastOk {
                w.sample("numwatch_last_sample_timestamp_seconds", ["provider": watch.provider.rawValue, "platform": watch.platform], Double(time))
            }
        }
        w.family("numwatch_credit_last_sample_timestamp_seconds", .gauge, help: "Unix time of the last successful credit sample.")
        for provider in providers {
            if let time = snapshot[provider.id].creditTime {
                w.sample("numwatch_credit_last_sample_timestamp_seconds", ["provider": provider.id.rawValue], Double(time))
            }
        }
        w.family("numwatch_watch_interval_seconds", .gauge, help: "Configured sampling interval of a watch.")
        for watch in watches {
            w.sample("numwatch_watch_interval_seconds", ["provider": watch.provider.rawValue, "platform": watch.platform], watch.interval.inSeconds)
        }
    }
}

extension ExpositionWriter {
    mutating func sample(_ name: String, _ value: Int) { sample(name, [:], Double(value)) }
    mutating func sample(_ name: String, _ value: Double) { sample(name, [:], value) }
}
