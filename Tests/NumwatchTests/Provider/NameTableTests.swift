import Domain
@testable import ProviderAPI
import Testing

/// numwatch's names to a provider's codes: aliases first, then the provider's lists, then the
/// built-in map; English names slugged to numwatch's country codes.
@Suite struct NameTableTests {
    @Test(arguments: [
        ("United Kingdom", "united_kingdom"), ("Côte d'Ivoire", "cote_d_ivoire"), ("  USA (virtual) ", "usa_virtual"),
        ("Bosnia and Herzegovina", "bosnia_and_herzegovina"), ("Timor-Leste", "timor_leste"), ("", ""), ("<b>&", "b"),
    ])
    func slugs(_ name: String, _ expected: String) {
        #expect(slug(name) == expected)
    }

    @Test(arguments: [
        ("United Kingdom", "united_kingdom"), ("England", "united_kingdom"), ("USA", "usa"), ("United States", "usa"),
        ("Czech Republic", "czech_republic"), ("Czech", "czech_republic"), ("Côte d'Ivoire", "ivory_coast"),
        ("Ivory Coast", "ivory_coast"), ("UAE", "united_arab_emirates"), ("South Africa", "south_africa"),
        ("Trinidad and Tobago", "trinidad_and_tobago"), ("Hong Kong", "hong_kong"),
        // sms-activate runs a name's words together.
        ("Southkorea", "south_korea"), ("Srilanka", "sri_lanka"),
    ])
    func englishNamesMatchNumwatchsCountries(_ name: String, _ expected: String) {
        #expect(NameTable.numwatchCountry(named: name) == expected)
    }

    @Test(arguments: ["USA Virtual", "Kosovo", "Macau", "Reunion", ""])
    func namesOfNoNumwatchCountryMatchNothing(_ name: String) {
        #expect(NameTable.numwatchCountry(named: name) == nil)
    }

    @Test func servicesAliasesThenListsThenBuiltInThenAUniquePrefix() {
        let lists = ProviderLists(services: [
            "tg": "Telegram", "zz": "Whatsapp", "go": "Google,youtube,Gmail", "ig": "Instagram+Threads", "ds1": "Discord", "ds2": "Discord Nitro",
            "ln1": "Line Messenger", "ln2": "Line Pay",
        ])
        let table = NameTable(rules: .smsActivate, aliases: NameAliases(services: ["viber": "vb"]), lists: lists)
        #expect(table.service("viber") == "vb")  // alias
        #expect(table.service("telegram") == "tg")  // list, exact name
        #expect(table.service("whatsapp") == "zz")  // list beats the built-in `wa`
        #expect(table.service("google") == "go")  // built-in (the list's name only starts with it)
        #expect(table.service("instagram") == "ig")
        #expect(table.service("discord") == "ds1")  // exact beats prefix
        #expect(table.service("line") == "me")  // two prefixes: ambiguous, so the built-in
        #expect(table.service("bale") == nil)
        let noBuiltIn = NameTable(rules: NameRules(services: [:], countries: [:], codesAreNames: false), aliases: NameAliases(), lists: lists)
        #expect(noBuiltIn.service("google") == "go")  // a unique prefix
        #expect(noBuiltIn.service("line") == nil)  // not guessed between two
    }

    @Test func fiveSimProductsAreNamesUnlessMappedOtherwise() {
        let table = NameTable(rules: .fiveSim, aliases: NameAliases(services: ["bale": "bale_messenger"]), lists: ProviderLists())
        #expect(table.service("telegram") == "telegram")
        #expect(table.service("vk") == "vkontakte")
        #expect(table.service("bale") == "bale_messenger")
        #expect(table.country("england") == "united_kingdom")
        #expect(table.country("india") == "india")
        #expect(table.country("bih") == "bosnia_and_herzegovina")
        #expect(table.country("kosovo") == nil)
    }

    @Test func aCountryAliasTakesItsCodeFromEveryOtherCountry() {
        let lists = ProviderLists(countries: ["12": "USA Virtual", "187": "USA", "22": "India"])
        let table = NameTable(rules: .smsActivate, aliases: NameAliases(countries: ["usa": "12"]), lists: lists)
        #expect(table.country("12") == "usa")
        #expect(table.country("187") == nil)  // one numwatch country, one provider code
        #expect(table.country("22") == "india")
        #expect(table.country("16") == "united_kingdom")  // built-in id, not in the list
        #expect(table.unmatchedCountries == ["187 (USA)"])
    }

    /// The built-in maps hold only numwatch's own country codes: a typo there would silently
    /// make a country unmatched.
    @Test func theBuiltInMapsNameOnlyNumwatchCountries() {
        let known = BuiltInNames.numwatchCountries
        #expect(BuiltInNames.smsActivateCountries.values.allSatisfy(known.contains))
        #expect(BuiltInNames.fiveSimCountries.values.allSatisfy(known.contains))
        #expect(BuiltInNames.englishNames.values.allSatisfy(known.contains))
        #expect(Set(BuiltInNames.smsActivateCountries.values).count == BuiltInNames.smsActivateCountries.count)
        #expect(BuiltInNames.smsActivateCountries["16"] == "united_kingdom")
        #expect(BuiltInNames.smsActivateCountries["187"] == "usa")
        #expect(BuiltInNames.smsActivateCountries["12"] == nil)  // USA (virtual) is not usa
    }
}
