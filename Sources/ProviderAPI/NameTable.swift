import Domain
import Foundation

/// What a provider's own lists say, as its adapter read them.
struct ProviderLists: Sendable, Equatable {
    /// The provider's country code → the country's English name (`"22": "India"`, `"england": "England"`).
    var countries: [String: String] = [:]
    /// The provider's service code → the service's name; empty where the provider has no list
    /// (5sim's products are names already).
    var services: [String: String] = [:]
}

/// How one protocol's codes relate to numwatch's where its lists do not say.
struct NameRules: Sendable {
    /// numwatch service → the provider's code, for the common services.
    var services: [String: String]
    /// The provider's country code → numwatch's.
    var countries: [String: String]
    /// Whether a code not otherwise mapped is taken as it is (5sim: `telegram`, `india`).
    var codesAreNames: Bool

    static let smsActivate = NameRules(
        services: BuiltInNames.smsActivateServices, countries: BuiltInNames.smsActivateCountries, codesAreNames: false)
    static let fiveSim = NameRules(
        services: BuiltInNames.fiveSimServices, countries: BuiltInNames.fiveSimCountries, codesAreNames: true)
}

/// numwatch's names mapped to one provider's codes, from (in this order) the `aliases:` under the
/// provider, the provider's own lists, and the built-in names. A pure value: `ProviderNames`
/// makes a new one whenever the lists are read again.
struct NameTable: Sendable {
    let rules: NameRules
    let aliases: NameAliases
    let lists: ProviderLists
    /// The provider's country code → numwatch's, from the aliases (first numwatch code wins).
    private let aliasedCountries: [String: String]

    init(rules: NameRules, aliases: NameAliases, lists: ProviderLists) {
        self.rules = rules
        self.aliases = aliases
        self.lists = lists
        var inverse: [String: String] = [:]
        for (numwatch, provider) in aliases.countries.sorted(by: { $0.key < $1.key }) where inverse[provider] == nil {
            inverse[provider] = numwatch
        }
        aliasedCountries = inverse
    }

    /// The provider's code for numwatch's service, or nil when nothing names it.
    ///
    /// A list entry whose name is the service (`Telegram`) or whose code is numwatch's code wins
    /// over the built-in map; a name that only starts with it (`Google,youtube,Gmail`) is used
    /// after the built-in map, and only when one entry alone starts so.
    func service(_ numwatch: String) -> String? {
        if let alias = aliases.services[numwatch] { return alias }
        let named = lists.services.sorted { $0.key < $1.key }
        if let exact = named.first(where: { $0.key == numwatch || slug($0.value) == numwatch }) { return exact.key }
        if let builtIn = rules.services[numwatch] { return builtIn }
        let prefixed = named.filter { slug($0.value).split(separator: "_").first.map(String.init) == numwatch }
        if prefixed.count == 1 { return prefixed[0].key }
        return rules.codesAreNames ? numwatch : nil
    }

    /// numwatch's code for the provider's country, or nil when nothing matches it (or an alias
    /// gave its numwatch code to another of the provider's countries).
    func country(_ code: String) -> String? {
        if let aliased = aliasedCountries[code] { return aliased }
        let matched = lists.countries[code].flatMap(Self.numwatchCountry(named:))
            ?? rules.countries[code]
            ?? (rules.codesAreNames && BuiltInNames.numwatchCountries.contains(code) ? code : nil)
        guard let matched, aliases.countries[matched] == nil else { return nil }
        return matched
    }

    /// The country's name as the provider gives it, where its list does.
    func countryName(_ code: String) -> String? { lists.countries[code] }

    /// One quote per numwatch country from the provider's rows, each made by `quote` with the
    /// numwatch code and the provider's name for it (numwatch's code where its list gave none);
    /// the rows of countries nothing matches are left out and returned, code → name if known.
    func quotes<Row>(
        _ rows: [Row], code: (Row) -> String, quote: (Row, _ country: String, _ name: String) -> Quote
    ) -> (quotes: [Quote], unmatched: [String: String?]) {
        var unmatched: [String: String?] = [:]
        let quotes = rows.compactMap { row -> Quote? in
            let provider = code(row)
            guard let country = country(provider) else {
                unmatched[provider] = .some(countryName(provider))
                return nil
            }
            return quote(row, country, countryName(provider) ?? country)
        }
        return (cheapestPerCountry(quotes), unmatched)
    }

    /// The listed countries that match no numwatch code, as `code (Name)`.
    var unmatchedCountries: [String] {
        lists.countries.keys.filter { country($0) == nil }.sorted().map { describe($0, name: lists.countries[$0]) }
    }

    /// numwatch's code for an English country name (`United Kingdom`, `Côte d'Ivoire`), or nil.
    static func numwatchCountry(named name: String) -> String? {
        let slugged = slug(name)
        if BuiltInNames.numwatchCountries.contains(slugged) { return slugged }
        if let renamed = BuiltInNames.englishNames[slugged] { return renamed }
        let squeezed = slugged.replacingOccurrences(of: "_", with: "")
        return BuiltInNames.fiveSimCountries[squeezed] ?? BuiltInNames.englishNames[squeezed] ?? squeezedCountries[squeezed]
    }

    /// numwatch's country codes without their underscores: sms-activate runs the words of a
    /// name together ("Southkorea", "Southafrica").
    static let squeezedCountries = Dictionary(
        BuiltInNames.numwatchCountries.map { ($0.replacingOccurrences(of: "_", with: ""), $0) }, uniquingKeysWith: { first, _ in first })
}

/// One quote per numwatch country: where two of the provider's rows map to one country (a list
/// that names two ids alike), the cheapest with stock is kept, as a buyer would choose.
func cheapestPerCountry(_ quotes: [Quote]) -> [Quote] {
    var best: [String: Quote] = [:]
    for quote in quotes {
        if let kept = best[quote.country], !isBetter(quote, than: kept) { continue }
        best[quote.country] = quote
    }
    return best.values.sorted { $0.country < $1.country }
}

/// In stock beats sold out; then the lower price; then the earlier detail, so the choice does
/// not depend on the order of the answer.
func isBetter(_ a: Quote, than b: Quote) -> Bool {
    if (a.count > 0) != (b.count > 0) { return a.count > 0 }
    if a.price != b.price { return a.price < b.price }
    return (a.detail ?? "") < (b.detail ?? "")
}

/// `code (Name)`, or the code alone: how an unmatched country is listed.
func describe(_ code: String, name: String?) -> String {
    guard let name, !name.isEmpty, name != code else { return code }
    return "\(code) (\(name.prefix(60)))"
}

/// A name as numwatch's codes are written: lowercase ASCII letters and digits, words joined by
/// `_`, accents dropped (`Côte d'Ivoire` → `cote_d_ivoire`, `United Kingdom` → `united_kingdom`).
func slug(_ name: String) -> String {
    let folded = name.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: nil)
    var out = ""
    var pendingGap = false
    for scalar in folded.unicodeScalars {
        if scalar.isASCII, CharacterSet.alphanumerics.contains(scalar) {
            if pendingGap, !out.isEmpty { out += "_" }
            out.unicodeScalars.append(scalar)
            pendingGap = false
        } else {
            pendingGap = true
        }
    }
    return out.lowercased()
}
