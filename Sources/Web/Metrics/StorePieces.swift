import Domain
import Store
import Synchronization

/// `StoreCollector`'s price, native price and stock lines, kept per watch (a platform at a
/// provider) as pieces: a round re-renders the pieces of each platform whose pairs it changed
/// (`Snapshot.Provider.pairsRevision`) and leaves the rest as bytes; HELP and TYPE are written
/// once per family, in pieces of their own.
///
/// Per watch rather than per series: a round samples whole watches, a watch's ~100 lines deflate
/// well as a block of their own (a block per series would add its sync flush and an empty
/// dictionary to each ~60-byte line), and re-rendering a watch costs microseconds next to its SQL.
final class StorePieces: Sendable {
    private typealias CountryKey = StoreCollector.CountryKey

    private struct Platform {
        /// What the pieces were rendered from: the platform's revision, its watch's countries and
        /// its provider's currency.
        let revision: UInt64
        let countries: [String]?
        let currency: String
        let price: ExpositionPiece
        let native: ExpositionPiece
        let stock: ExpositionPiece
        /// Country code → name, of the pairs exported.
        let names: [CountryKey: String]
    }

    private struct Kept {
        var headers: (price: ExpositionPiece, native: ExpositionPiece, stock: ExpositionPiece)
        var platforms: [PlatformKey: Platform] = [:]
        /// How many exported platforms list each country, and its name: `numwatch_country_info`
        /// follows the platforms that changed instead of being gathered again from every pair.
        var countries: [CountryKey: (name: String, platforms: Int)] = [:]
        var countryInfo: (piece: ExpositionPiece, names: [CountryKey: String])?

        init(_ format: ExpositionWriter.Format) {
            func header(_ write: (inout ExpositionWriter) -> Void) -> ExpositionPiece {
                var writer = ExpositionWriter(format: format)
                write(&writer)
                return ExpositionPiece(writer.output)
            }
            headers = (header(StoreCollector.priceFamily), header(StoreCollector.nativePriceFamily), header(StoreCollector.stockFamily))
        }

        mutating func remember(_ names: [CountryKey: String]) {
            for (country, name) in names { countries[country] = (name, (countries[country]?.platforms ?? 0) + 1) }
        }

        mutating func forget(_ names: [CountryKey: String]) {
            for country in names.keys {
                guard let entry = countries[country] else { continue }
                countries[country] = entry.platforms > 1 ? (entry.name, entry.platforms - 1) : nil
            }
        }
    }

    private let text = Mutex(Kept(.text004))
    private let openMetrics = Mutex(Kept(.openMetrics))

    /// The price families, the stock family and `numwatch_country_info`, for the `exported`
    /// platforms (each with its watch's countries) of `snapshot`.
    func pieces(
        _ format: ExpositionWriter.Format, snapshot: Snapshot, exported: [PlatformKey: [String]?], currencies: [ProviderName: String]
    ) -> [ExpositionPiece] {
        withKept(format) { kept in
            var changed = false
            for (key, old) in kept.platforms where exported[key] == nil {
                kept.forget(old.names)
                kept.platforms[key] = nil
                changed = true
            }
            for (key, countries) in exported {
                let part = snapshot[key.provider]
                let revision = part.pairsRevision[key.platform] ?? 0
                let currency = currencies[key.provider] ?? ""
                if let old = kept.platforms[key], old.revision == revision, old.countries == countries, old.currency == currency { continue }
                if let old = kept.platforms[key] { kept.forget(old.names) }
                let rendered = Self.render(key, StoreCollector.exportedPairs(part.pairs[key.platform] ?? [], countries),
                                           revision: revision, countries: countries, currency: currency, format)
                kept.remember(rendered.names)
                kept.platforms[key] = rendered
                changed = true
            }
            let names = changed || kept.countryInfo == nil ? kept.countries.mapValues(\.name) : kept.countryInfo!.names
            if kept.countryInfo?.names != names {
                var writer = ExpositionWriter(format: format)
                StoreCollector.countryInfo(names, &writer)
                kept.countryInfo = (ExpositionPiece(writer.output), names)
            }
            let platforms = kept.platforms.keys.sorted().map { kept.platforms[$0]! }
            return [kept.headers.price] + platforms.map(\.price) + [kept.headers.native] + platforms.map(\.native)
                + [kept.headers.stock] + platforms.map(\.stock) + [kept.countryInfo!.piece]
        }
    }

    private func withKept<Result>(_ format: ExpositionWriter.Format, _ body: (inout Kept) -> Result) -> Result {
        format == .openMetrics ? openMetrics.withLock { body(&$0) } : text.withLock { body(&$0) }
    }

    private static func render(
        _ key: PlatformKey, _ pairs: [Snapshot.Pair], revision: UInt64, countries: [String]?, currency: String,
        _ format: ExpositionWriter.Format
    ) -> Platform {
        var price = ExpositionWriter(format: format)
        StoreCollector.prices(pairs, of: key, &price)
        var native = ExpositionWriter(format: format)
        StoreCollector.nativePrices(pairs, of: key, currency: currency, &native)
        var stock = ExpositionWriter(format: format)
        StoreCollector.stock(pairs, of: key, &stock)
        var names: [CountryKey: String] = [:]
        for pair in pairs { names[CountryKey(provider: key.provider, code: pair.country)] = pair.name }
        return Platform(revision: revision, countries: countries, currency: currency, price: ExpositionPiece(price.output),
                        native: ExpositionPiece(native.output), stock: ExpositionPiece(stock.output), names: names)
    }
}
