import GRDB

// The stored rows. Times are Unix seconds: samples are seconds apart, and a 4-byte integer is
// what keeps the change table small.

/// Swift's camelCase properties, SQL's snake_case columns.
package protocol SnakeCaseColumns {}

extension FetchableRecord where Self: SnakeCaseColumns {
    package static var databaseColumnDecodingStrategy: DatabaseColumnDecodingStrategy { .convertFromSnakeCase }
}

extension EncodableRecord where Self: SnakeCaseColumns {
    package static var databaseColumnEncodingStrategy: DatabaseColumnEncodingStrategy { .convertToSnakeCase }
}

/// A platform as sampled from one provider: each provider's history of it is its own.
struct PlatformRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "platform"
    var id: Int64?
    var provider: String
    var name: String
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct CountryRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "country"
    var id: Int64?
    var code: String
    var name: String
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

struct SeriesRecord: Codable, FetchableRecord, MutablePersistableRecord, SnakeCaseColumns {
    static let databaseTableName = "series"
    var id: Int64?
    var platformId: Int64
    var countryId: Int64
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// From `t` on, until the next change point of the series, the pair had this price and stock.
/// `price == nil` marks the moment the provider stopped listing the pair.
struct ChangeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "change"
    var seriesId: Int64
    var t: Int64
    var price: Int?
    var stock: Int?
    /// The price as read, in the provider's currency; nil where that is the Toman (`price`).
    var native: Double?

    /// Spelled out, not `SnakeCaseColumns`: one is written per changed pair in every round, and
    /// GRDB's snake-case conversion of each column's name was a tenth of a round's ingest.
    enum CodingKeys: String, CodingKey {
        case seriesId = "series_id", t, price, stock, native
    }
}

struct CreditChangeRecord: Codable, FetchableRecord, PersistableRecord {
    static let databaseTableName = "credit_change"
    var provider: String
    var t: Int64
    /// In Toman, at the provider's configured rate.
    var credit: Int
    /// As read, in the provider's currency; nil where that is the Toman.
    var native: Double?
}

/// Consecutive samples of one target (a platform, or `credit`) with the same outcome. An `ok`
/// run also says "every pair of the platform was observed, unchanged unless a change point says
/// otherwise, from `first_t` to `last_t`".
struct SampleRunRecord: Codable, FetchableRecord, MutablePersistableRecord {
    static let databaseTableName = "sample_run"
    var id: Int64?
    var provider: String
    var target: String
    var outcome: String
    var message: String?
    var firstT: Int64
    var lastT: Int64
    var samples: Int
    var totalMs: Int64
    mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }

    /// Spelled out, as `ChangeRecord`'s: one is updated per target in every round.
    enum CodingKeys: String, CodingKey {
        case id, provider, target, outcome, message, firstT = "first_t", lastT = "last_t", samples, totalMs = "total_ms"
    }
}

/// min/max/last of a series over one hour or one day. Written only for buckets in which the
/// series changed: a missing bucket repeats the previous bucket's last value.
struct RollupRecord: Codable, FetchableRecord, PersistableRecord, SnakeCaseColumns {
    static let databaseTableName = "rollup"
    var seriesId: Int64
    var resolution: Int64
    var bucket: Int64
    var priceMin: Int?
    var priceMax: Int?
    var priceLast: Int?
    var stockMin: Int?
    var stockMax: Int?
    var stockLast: Int?
}
