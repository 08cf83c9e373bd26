import Store
import Synchronization

/// `StoreCollector`'s price and stock lines, kept per watch (platform) as pieces: a round
/// re-renders the two pieces of each platform whose pairs it changed (`Snapshot.pairsRevision`)
/// and leaves the rest as bytes; HELP and TYPE are written once per family, in pieces of their own.
///
/// Per watch rather than per series: a round samples whole watches, a watch's ~100 lines deflate
/// well as a block of their own (a block per series would add its sync flush and an empty
/// dictionary to each ~60-byte line), and re-rendering a watch costs microseconds next to its SQL.
final class StorePieces: Sendable {
    private struct Platform {
        /// What the pieces were rendered from: the platform's revision and its watch's countries.
        let revision: UInt64
        let countries: [String]?
        let price: ExpositionPiece
        let stock: ExpositionPiece
        /// Country code → name, of the pairs exported.
        let names: [String: String]
    }

    private struct Kept {
        var headers: (price: ExpositionPiece, stock: ExpositionPiece)
        var platforms: [String: Platform] = [:]
        /// How many exported platforms list each country, and its name: `numwatch_country_info`
        /// follows the platforms that changed instead of being gathered again from every pair.
        var countries: [String: (name: String, platforms: Int)] = [:]
        var countryInfo: (piece: ExpositionPiece, names: [String: String])?

        init(_ format: ExpositionWriter.Format) {
            var price = ExpositionWriter(format: format)
            StoreCollector.priceFamily(&price)
            var stock = ExpositionWriter(format: format)
            StoreCollector.stockFamily(&stock)
            headers = (ExpositionPiece(price.output), ExpositionPiece(stock.output))
        }

        mutating func remember(_ names: [String: String]) {
            for (country, name) in names { countries[country] = (name, (countries[country]?.platforms ?? 0) + 1) }
        }

        mutating func forget(_ names: [String: String]) {
            for country in names.keys {
                guard let entry = countries[country] else { continue }
                countries[country] = entry.platforms > 1 ? (entry.name, entry.platforms - 1) : nil
            }
        }
    }

    private let text = Mutex(Kept(.text004))
    private let openMetrics = Mutex(Kept(.openMetrics))

    /// The price family, the stock family and `numwatch_country_info`, for the `exported`
    /// platforms (each with its watch's countries) of `snapshot`.
    func pieces(_ format: ExpositionWriter.Format, snapshot: Snapshot, exported: [String: [String]?]) -> [ExpositionPiece] {
        withKept(format) { kept in
            var changed = false
            for (platform, old) in kept.platforms where exported[platform] == nil {
                kept.forget(old.names)
                kept.platforms[platform] = nil
                changed = true
            }
            for (platform, countries) in exported {
                let revision = snapshot.pairsRevision[platform] ?? 0
                if let old = kept.platforms[platform], old.revision == revision, old.countries == countries { continue }
                if let old = kept.platforms[platform] { kept.forget(old.names) }
                let rendered = Self.render(platform, StoreCollector.exportedPairs(snapshot.pairs[platform] ?? [], countries),
                                           revision: revision, countries: countries, format)
                kept.remember(rendered.names)
                kept.platforms[platform] = rendered
                changed = true
            }
            let names = changed || kept.countryInfo == nil ? kept.countries.mapValues(\.name) : kept.countryInfo!.names
            if kept.countryInfo?.names != names {
                var writer = ExpositionWriter(format: format)
                StoreCollector.countryInfo(names, &writer)
                kept.countryInfo = (ExpositionPiece(writer.output), names)
            }
            let platforms = kept.platforms.keys.sorted().map { kept.platforms[$0]! }
            return [kept.headers.price] + platforms.map(\.price) + [kept.headers.stock] + platforms.map(\.stock) + [kept.countryInfo!.piece]
        }
    }

    private func withKept<Result>(_ format: ExpositionWriter.Format, _ body: (inout Kept) -> Result) -> Result {
        format == .openMetrics ? openMetrics.withLock { body(&$0) } : text.withLock { body(&$0) }
    }

    private static func render(
        _ platform: String, _ pairs: [Snapshot.Pair], revision: UInt64, countries: [String]?, _ format: ExpositionWriter.Format
    ) -> Platform {
        var price = ExpositionWriter(format: format)
        StoreCollector.prices(pairs, of: platform, &price)
        var stock = ExpositionWriter(format: format)
        StoreCollector.stock(pairs, of: platform, &stock)
        var names: [String: String] = [:]
        for pair in pairs { names[pair.country] = pair.name }
        return Platform(revision: revision, countries: countries, price: ExpositionPiece(price.output),
                        stock: ExpositionPiece(stock.output), names: names)
    }
}
