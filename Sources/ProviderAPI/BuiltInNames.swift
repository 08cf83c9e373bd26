/// The names numwatch knows without asking a provider: its own country codes, and for each other
/// provider's protocol the codes of the common services and countries. They are the fallback when
/// a provider's own lists cannot be read, and they settle the names the lists spell differently.
///
/// Taken from BrowserAutomationStudio (nguyendkn/BrowserAutomationStudio): the services from
/// `Solution/Modules/SMS/js/sites.js`, the country ids and 5sim codes from
/// `Solution/Modules/SMS/js/internal/SmsActivate/countries.js` (joined on their ISO codes; ids
/// 9, 14, 17, 23, 35, 42, 45, 67, 121, 124, 151, 153, 156, 163, 168, 174, 175, 182 from that file's
/// lists for smshub, 365sms and sms-man, which speak the same protocol).
package enum BuiltInNames {
    /// numwatch's country codes: the seed provider's lowercase English slugs (its catalogue, as
    /// the simulator serves it). A provider's country whose name matches none of these is listed
    /// as unmatched unless an alias names it.
    package static let numwatchCountries: Set<String> = [
        "afghanistan", "albania", "algeria", "angola", "argentina", "armenia", "australia", "austria", "azerbaijan",
        "bahamas", "bahrain", "bangladesh", "barbados", "belarus", "belgium", "belize", "benin", "bhutan", "bolivia",
        "bosnia_and_herzegovina", "botswana", "brazil", "brunei", "bulgaria", "burkina_faso", "burundi", "cambodia",
        "cameroon", "canada", "cape_verde", "chad", "chile", "china", "colombia", "congo", "costa_rica", "croatia",
        "cuba", "cyprus", "czech_republic", "denmark", "djibouti", "dominican_republic", "ecuador", "egypt",
        "el_salvador", "equatorial_guinea", "eritrea", "estonia", "ethiopia", "fiji", "finland", "france", "gabon",
        "gambia", "georgia", "germany", "ghana", "greece", "guatemala", "guinea", "guinea_bissau", "guyana", "haiti",
        "honduras", "hong_kong", "hungary", "iceland", "india", "indonesia", "iran", "iraq", "ireland", "italy",
        "ivory_coast", "jamaica", "japan", "jordan", "kazakhstan", "kenya", "kuwait", "kyrgyzstan", "laos", "latvia",
        "lebanon", "lesotho", "liberia", "libya", "lithuania", "luxembourg", "madagascar", "malawi", "malaysia",
        "maldives", "mali", "malta", "mauritania", "mauritius", "mexico", "moldova", "mongolia", "montenegro",
        "morocco", "mozambique", "myanmar", "namibia", "nepal", "netherlands", "new_zealand", "nicaragua", "niger",
        "nigeria", "north_macedonia", "norway", "oman", "pakistan", "panama", "papua_new_guinea", "paraguay", "peru",
        "philippines", "poland", "portugal", "puerto_rico", "qatar", "romania", "russia", "rwanda", "saudi_arabia",
        "senegal", "serbia", "sierra_leone", "singapore", "slovakia", "slovenia", "somalia", "south_africa",
        "south_korea", "spain", "sri_lanka", "sudan", "suriname", "sweden", "switzerland", "syria", "taiwan",
        "tajikistan", "tanzania", "thailand", "timor_leste", "togo", "trinidad_and_tobago", "tunisia", "turkey",
        "turkmenistan", "uganda", "ukraine", "united_arab_emirates", "united_kingdom", "uruguay", "usa", "uzbekistan",
        "venezuela", "vietnam", "yemen", "zambia", "zimbabwe",
    ]

    /// numwatch service → sms_activate service code (sites.js, column `sms-activate.ru`).
    static let smsActivateServices: [String: String] = [
        "telegram": "tg", "whatsapp": "wa", "instagram": "ig", "google": "go", "facebook": "fb", "viber": "vi",
        "wechat": "wb", "twitter": "tw", "uber": "ub", "olx": "sn", "microsoft": "mm", "airbnb": "uk", "line": "me",
        "yahoo": "mb", "yandex": "ya", "steam": "mt", "tinder": "oi", "kakaotalk": "kt", "linkedin": "tn",
        "netflix": "nf", "imo": "im", "discord": "ds", "tiktok": "lf", "amazon": "am", "careem": "ls",
        "snapchat": "fu", "alibaba": "ab", "shopee": "ka", "ebay": "dh", "coinbase": "re", "paypal": "ts",
        "grab": "jg", "zalo": "mj", "apple": "wx", "digikala": "zv", "divar": "dw", "vk": "vk",
    ]

    /// numwatch service → 5sim product, where they differ (sites.js, column `5sim.net`); every
    /// other product is numwatch's code itself.
    static let fiveSimServices: [String: String] = ["vk": "vkontakte", "grab": "grabtaxi"]

    /// sms_activate country id → numwatch country.
    static let smsActivateCountries: [String: String] = [
        "0": "russia", "1": "ukraine", "2": "kazakhstan", "3": "china", "4": "philippines", "5": "myanmar",
        "6": "indonesia", "7": "malaysia", "8": "kenya", "9": "tanzania", "10": "vietnam", "11": "kyrgyzstan",
        "15": "poland", "16": "united_kingdom", "17": "madagascar", "19": "nigeria", "21": "egypt", "22": "india",
        "23": "ireland", "24": "cambodia", "25": "laos", "26": "haiti", "27": "ivory_coast", "28": "gambia",
        "29": "serbia", "30": "yemen", "31": "south_africa", "32": "romania", "33": "colombia", "34": "estonia",
        "35": "azerbaijan", "36": "canada", "37": "morocco", "38": "ghana", "39": "argentina", "40": "uzbekistan",
        "41": "cameroon", "42": "chad", "43": "germany", "44": "lithuania", "45": "croatia", "46": "sweden",
        "47": "iraq", "48": "netherlands", "49": "latvia", "50": "austria", "51": "belarus", "52": "thailand",
        "53": "saudi_arabia", "54": "mexico", "55": "taiwan", "56": "spain", "57": "iran", "58": "algeria",
        "59": "slovenia", "60": "bangladesh", "61": "senegal", "62": "turkey", "63": "czech_republic",
        "64": "sri_lanka", "65": "peru", "66": "pakistan", "67": "new_zealand", "68": "guinea", "69": "mali",
        "70": "venezuela", "71": "ethiopia", "72": "mongolia", "73": "brazil", "74": "afghanistan", "75": "uganda",
        "76": "angola", "77": "cyprus", "78": "france", "79": "papua_new_guinea", "80": "mozambique", "81": "nepal",
        "82": "belgium", "83": "bulgaria", "84": "hungary", "85": "moldova", "86": "italy", "87": "paraguay",
        "88": "honduras", "89": "tunisia", "90": "nicaragua", "91": "timor_leste", "92": "bolivia",
        "93": "costa_rica", "94": "guatemala", "95": "united_arab_emirates", "96": "zimbabwe", "97": "puerto_rico",
        "98": "sudan", "99": "togo", "100": "kuwait", "101": "el_salvador", "102": "libya", "103": "jamaica",
        "104": "trinidad_and_tobago", "105": "ecuador", "107": "oman", "108": "bosnia_and_herzegovina",
        "109": "dominican_republic", "110": "syria", "111": "qatar", "112": "panama", "113": "cuba",
        "114": "mauritania", "115": "sierra_leone", "116": "jordan", "117": "portugal", "118": "barbados",
        "119": "burundi", "120": "benin", "122": "bahamas", "123": "botswana", "124": "belize", "128": "georgia",
        "129": "greece", "130": "guinea_bissau", "131": "guyana", "135": "liberia", "136": "lesotho", "137": "malawi",
        "138": "namibia", "139": "niger", "140": "rwanda", "141": "slovakia", "142": "suriname", "143": "tajikistan",
        "145": "bahrain", "147": "zambia", "148": "armenia", "149": "somalia", "150": "congo", "151": "chile",
        "152": "burkina_faso", "154": "gabon", "155": "albania", "156": "uruguay", "157": "mauritius",
        "158": "bhutan", "159": "maldives", "161": "turkmenistan", "163": "finland", "165": "luxembourg",
        "167": "equatorial_guinea", "168": "djibouti", "171": "montenegro", "173": "switzerland", "174": "norway",
        "175": "australia", "176": "eritrea", "182": "japan", "183": "north_macedonia", "186": "cape_verde",
        "187": "usa",
        "14": "hong_kong", "121": "brunei", "153": "lebanon",
    ]

    /// 5sim country code → numwatch country, where they differ (`england` is the United Kingdom);
    /// every other 5sim code that is a numwatch code is itself.
    static let fiveSimCountries: [String: String] = [
        "england": "united_kingdom", "czech": "czech_republic", "uae": "united_arab_emirates",
        "bih": "bosnia_and_herzegovina", "southafrica": "south_africa", "saudiarabia": "saudi_arabia",
        "newzealand": "new_zealand", "srilanka": "sri_lanka", "ivorycoast": "ivory_coast", "capeverde": "cape_verde",
        "costarica": "costa_rica", "dominicana": "dominican_republic", "salvador": "el_salvador",
        "easttimor": "timor_leste", "equatorialguinea": "equatorial_guinea", "guineabissau": "guinea_bissau",
        "burkinafaso": "burkina_faso", "northmacedonia": "north_macedonia", "papuanewguinea": "papua_new_guinea",
        "puertorico": "puerto_rico", "sierraleone": "sierra_leone", "tit": "trinidad_and_tobago", "bhutane": "bhutan",
    ]

    /// Slugs of English country names (as `getCountries` and 5sim's `text_en` give them) that are
    /// not numwatch's slug for that country.
    static let englishNames: [String: String] = [
        "england": "united_kingdom", "great_britain": "united_kingdom", "uk": "united_kingdom",
        "united_states": "usa", "united_states_of_america": "usa", "us": "usa",
        "czech": "czech_republic", "czechia": "czech_republic", "uae": "united_arab_emirates",
        "cote_d_ivoire": "ivory_coast", "cote_divoire": "ivory_coast", "macedonia": "north_macedonia",
        "bosnia": "bosnia_and_herzegovina", "east_timor": "timor_leste", "salvador": "el_salvador",
        "dominicana": "dominican_republic", "korea": "south_korea", "republic_of_korea": "south_korea",
        "hongkong": "hong_kong", "papua": "papua_new_guinea",
    ]
}
