/// A catalogue country as the two foreign protocols name it. sms-activate's ids and English names
/// are its own (`getCountries`, as clients' fixtures of it show them: the short forms `England`,
/// `Uae`, `Southafrica` included); 5sim's keys are lowercase names (`england`, `usa`).
struct ForeignCountry: Sendable {
    /// The seed provider's code, as in `CatalogueData`.
    let code: String
    let smsActivateID: Int
    let smsActivateName: String
    let russianName: String
    let chineseName: String
    let iso: String
    let dialPrefix: String

    init(_ code: String, _ id: Int, _ name: String, _ russian: String, _ chinese: String, _ iso: String, _ prefix: String) {
        self.code = code
        smsActivateID = id
        smsActivateName = name
        russianName = russian
        chineseName = chinese
        self.iso = iso
        dialPrefix = prefix
    }

    /// 5sim's key: the code without underscores, except where 5sim has its own word.
    var fivesimName: String {
        Self.fivesimNames[code] ?? code.replacingOccurrences(of: "_", with: "")
    }

    /// 5sim's `text_en`: the English name, title-cased from the code, except where it has its own.
    var fivesimText: String {
        if let text = Self.fivesimTexts[code] { return text }
        return code.split(separator: "_").map { $0 == "and" ? "and" : $0.prefix(1).uppercased() + $0.dropFirst() }.joined(separator: " ")
    }

    /// 5sim sells nowhere under sanctions.
    var soldOnFivesim: Bool { !["iran", "syria", "cuba", "sudan"].contains(code) }

    private static let fivesimNames = [
        "united_kingdom": "england", "bosnia_and_herzegovina": "bih", "dominican_republic": "dominicana", "el_salvador": "salvador",
        "timor_leste": "easttimor", "trinidad_and_tobago": "tit", "united_arab_emirates": "uae", "czech_republic": "czech",
    ]
    private static let fivesimTexts = [
        "usa": "USA", "united_kingdom": "England", "guinea_bissau": "Guinea-Bissau", "timor_leste": "East Timor", "czech_republic": "Czech Republic",
    ]
}

/// A catalogue service as the foreign protocols name it: sms-activate's short code and display
/// name, 5sim's product. Services neither sells (the Iranian apps) are not listed.
struct ForeignService: Sendable {
    let code: String
    let smsActivateCode: String?
    let name: String
    let fivesimProduct: String?
}

enum ForeignCatalogue {
    static let countries: [ForeignCountry] = [
        ForeignCountry("afghanistan", 74, "Afghanistan", "Афганистан", "阿富汗", "af", "+93"),
        ForeignCountry("albania", 155, "Albania", "Албания", "阿尔巴尼亚", "al", "+355"),
        ForeignCountry("algeria", 58, "Algeria", "Алжир", "阿尔及利亚", "dz", "+213"),
        ForeignCountry("angola", 76, "Angola", "Ангола", "安哥拉", "ao", "+244"),
        ForeignCountry("argentina", 39, "Argentina", "Аргентина", "阿根廷", "ar", "+54"),
        ForeignCountry("armenia", 148, "Armenia", "Армения", "亚美尼亚", "am", "+374"),
        ForeignCountry("australia", 175, "Australia", "Австралия", "澳大利亚", "au", "+61"),
        ForeignCountry("austria", 50, "Austria", "Австрия", "奥地利", "at", "+43"),
        ForeignCountry("azerbaijan", 35, "Azerbaijan", "Азербайджан", "阿塞拜疆", "az", "+994"),
        ForeignCountry("bahamas", 122, "Bahamas", "Багамы", "巴哈马", "bs", "+1242"),
        ForeignCountry("bahrain", 145, "Bahrain", "Бахрейн", "巴林", "bh", "+973"),
        ForeignCountry("bangladesh", 60, "Bangladesh", "Бангладеш", "孟加拉国", "bd", "+880"),
        ForeignCountry("barbados", 118, "Barbados", "Барбадос", "巴巴多斯", "bb", "+1246"),
        ForeignCountry("belarus", 51, "Belarus", "Беларусь", "白俄罗斯", "by", "+375"),
        ForeignCountry("belgium", 82, "Belgium", "Бельгия", "比利时", "be", "+32"),
        ForeignCountry("belize", 124, "Belize", "Белиз", "伯利兹", "bz", "+501"),
        ForeignCountry("benin", 120, "Benin", "Бенин", "贝宁", "bj", "+229"),
        ForeignCountry("bhutan", 158, "Bhutan", "Бутан", "不丹", "bt", "+975"),
        ForeignCountry("bolivia", 92, "Bolivia", "Боливия", "玻利维亚", "bo", "+591"),
        ForeignCountry("bosnia_and_herzegovina", 108, "Bosnia", "Босния и Герцеговина", "波黑", "ba", "+387"),
        ForeignCountry("botswana", 123, "Botswana", "Ботсвана", "博茨瓦纳", "bw", "+267"),
        ForeignCountry("brazil", 73, "Brazil", "Бразилия", "巴西", "br", "+55"),
        ForeignCountry("brunei", 121, "Brunei", "Бруней", "文莱", "bn", "+673"),
        ForeignCountry("bulgaria", 83, "Bulgaria", "Болгария", "保加利亚", "bg", "+359"),
        ForeignCountry("burkina_faso", 152, "Burkinafaso", "Буркина-Фасо", "布基纳法索", "bf", "+226"),
        ForeignCountry("burundi", 119, "Burundi", "Бурунди", "布隆迪", "bi", "+257"),
        ForeignCountry("cambodia", 24, "Cambodia", "Камбоджа", "柬埔寨", "kh", "+855"),
        ForeignCountry("cameroon", 41, "Cameroon", "Камерун", "喀麦隆", "cm", "+237"),
        ForeignCountry("canada", 36, "Canada", "Канада", "加拿大", "ca", "+1"),
        ForeignCountry("cape_verde", 186, "Capeverde", "Кабо-Верде", "佛得角", "cv", "+238"),
        ForeignCountry("chad", 42, "Chad", "Чад", "乍得", "td", "+235"),
        ForeignCountry("chile", 151, "Chile", "Чили", "智利", "cl", "+56"),
        ForeignCountry("china", 3, "China", "Китай", "中国", "cn", "+86"),
        ForeignCountry("colombia", 33, "Colombia", "Колумбия", "哥伦比亚", "co", "+57"),
        ForeignCountry("congo", 150, "Congo", "Конго", "刚果", "cg", "+242"),
        ForeignCountry("costa_rica", 93, "Costarica", "Коста Рика", "哥斯达黎加", "cr", "+506"),
        ForeignCountry("croatia", 45, "Croatia", "Хорватия", "克罗地亚", "hr", "+385"),
        ForeignCountry("cuba", 113, "Cuba", "Куба", "古巴", "cu", "+53"),
        ForeignCountry("cyprus", 77, "Cyprus", "Кипр", "塞浦路斯", "cy", "+357"),
        ForeignCountry("czech_republic", 63, "Czech", "Чехия", "捷克", "cz", "+420"),
        ForeignCountry("denmark", 172, "Denmark", "Дания", "丹麦", "dk", "+45"),
        ForeignCountry("djibouti", 168, "Djibouti", "Джибути", "吉布提", "dj", "+253"),
        ForeignCountry("dominican_republic", 109, "Dominican", "Доминиканская Республика", "多米尼加共和国", "do", "+1809"),
        ForeignCountry("ecuador", 105, "Ecuador", "Эквадор", "厄瓜多尔", "ec", "+593"),
        ForeignCountry("egypt", 21, "Egypt", "Египет", "埃及", "eg", "+20"),
        ForeignCountry("el_salvador", 101, "Salvador", "Сальвадор", "萨尔瓦多", "sv", "+503"),
        ForeignCountry("equatorial_guinea", 167, "Equatorialguinea", "Экваториальная Гвинея", "赤道几内亚", "gq", "+240"),
        ForeignCountry("eritrea", 176, "Eritrea", "Эритрея", "厄立特里亚", "er", "+291"),
        ForeignCountry("estonia", 34, "Estonia", "Эстония", "爱沙尼亚", "ee", "+372"),
        ForeignCountry("ethiopia", 71, "Ethiopia", "Эфиопия", "埃塞俄比亚", "et", "+251"),
        ForeignCountry("fiji", 189, "Fiji", "Фиджи", "斐济", "fj", "+679"),
        ForeignCountry("finland", 163, "Finland", "Финляндия", "芬兰", "fi", "+358"),
        ForeignCountry("france", 78, "France", "Франция", "法国", "fr", "+33"),
        ForeignCountry("gabon", 154, "Gabon", "Габон", "加蓬", "ga", "+241"),
        ForeignCountry("gambia", 28, "Gambia", "Гамбия", "冈比亚", "gm", "+220"),
        ForeignCountry("georgia", 128, "Georgia", "Грузия", "格鲁吉亚", "ge", "+995"),
        ForeignCountry("germany", 43, "Germany", "Германия", "德国", "de", "+49"),
        ForeignCountry("ghana", 38, "Ghana", "Гана", "加纳", "gh", "+233"),
        ForeignCountry("greece", 129, "Greece", "Греция", "希腊", "gr", "+30"),
        ForeignCountry("guatemala", 94, "Guatemala", "Гватемала", "危地马拉", "gt", "+502"),
        ForeignCountry("guinea", 68, "Guinea", "Гвинея", "几内亚", "gn", "+224"),
        ForeignCountry("guinea_bissau", 130, "Guineabissau", "Гвинея-Бисау", "几内亚比绍", "gw", "+245"),
        ForeignCountry("guyana", 131, "Guyana", "Гайана", "圭亚那", "gy", "+592"),
        ForeignCountry("haiti", 26, "Haiti", "Гаити", "海地", "ht", "+509"),
        ForeignCountry("honduras", 88, "Honduras", "Гондурас", "洪都拉斯", "hn", "+504"),
        ForeignCountry("hong_kong", 14, "HongKong", "Гонконг", "香港", "hk", "+852"),
        ForeignCountry("hungary", 84, "Hungary", "Венгрия", "匈牙利", "hu", "+36"),
        ForeignCountry("iceland", 132, "Iceland", "Исландия", "冰岛", "is", "+354"),
        ForeignCountry("india", 22, "India", "Индия", "印度", "in", "+91"),
        ForeignCountry("indonesia", 6, "Indonesia", "Индонезия", "印度尼西亚", "id", "+62"),
        ForeignCountry("iran", 57, "Iran", "Иран", "伊朗", "ir", "+98"),
        ForeignCountry("iraq", 47, "Iraq", "Ирак", "伊拉克", "iq", "+964"),
        ForeignCountry("ireland", 23, "Ireland", "Ирландия", "爱尔兰", "ie", "+353"),
        ForeignCountry("italy", 86, "Italy", "Италия", "意大利", "it", "+39"),
        ForeignCountry("ivory_coast", 27, "Ivory", "Кот д'Ивуар", "科特迪瓦", "ci", "+225"),
        ForeignCountry("jamaica", 103, "Jamaica", "Ямайка", "牙买加", "jm", "+1876"),
        ForeignCountry("japan", 182, "Japan", "Япония", "日本", "jp", "+81"),
        ForeignCountry("jordan", 116, "Jordan", "Иордания", "约旦", "jo", "+962"),
        ForeignCountry("kazakhstan", 2, "Kazakhstan", "Казахстан", "哈萨克斯坦", "kz", "+7"),
        ForeignCountry("kenya", 8, "Kenya", "Кения", "肯尼亚", "ke", "+254"),
        ForeignCountry("kuwait", 100, "Kuwait", "Кувейт", "科威特", "kw", "+965"),
        ForeignCountry("kyrgyzstan", 11, "Kyrgyzstan", "Кыргызстан", "吉尔吉斯斯坦", "kg", "+996"),
        ForeignCountry("laos", 25, "Laos", "Лаос", "老挝", "la", "+856"),
        ForeignCountry("latvia", 49, "Latvia", "Латвия", "拉脱维亚", "lv", "+371"),
        ForeignCountry("lebanon", 153, "Lebanon", "Ливан", "黎巴嫩", "lb", "+961"),
        ForeignCountry("lesotho", 136, "Lesotho", "Лесото", "莱索托", "ls", "+266"),
        ForeignCountry("liberia", 135, "Liberia", "Либерия", "利比里亚", "lr", "+231"),
        ForeignCountry("libya", 102, "Libyan", "Ливия", "利比亚", "ly", "+218"),
        ForeignCountry("lithuania", 44, "Lithuania", "Литва", "立陶宛", "lt", "+370"),
        ForeignCountry("luxembourg", 165, "Luxembourg", "Люксембург", "卢森堡", "lu", "+352"),
        ForeignCountry("madagascar", 17, "Madagascar", "Мадагаскар", "马达加斯加", "mg", "+261"),
        ForeignCountry("malawi", 137, "Malawi", "Малави", "马拉维", "mw", "+265"),
        ForeignCountry("malaysia", 7, "Malaysia", "Малайзия", "马来西亚", "my", "+60"),
        ForeignCountry("maldives", 159, "Maldives", "Мальдивы", "马尔代夫", "mv", "+960"),
        ForeignCountry("mali", 69, "Mali", "Мали", "马里", "ml", "+223"),
        ForeignCountry("malta", 199, "Malta", "Мальта", "马耳他", "mt", "+356"),
        ForeignCountry("mauritania", 114, "Mauritania", "Мавритания", "毛里塔尼亚", "mr", "+222"),
        ForeignCountry("mauritius", 157, "Mauritius", "Маврикий", "毛里求斯", "mu", "+230"),
        ForeignCountry("mexico", 54, "Mexico", "Мексика", "墨西哥", "mx", "+52"),
        ForeignCountry("moldova", 85, "Moldova", "Молдова", "摩尔多瓦", "md", "+373"),
        ForeignCountry("mongolia", 72, "Mongolia", "Монголия", "蒙古", "mn", "+976"),
        ForeignCountry("montenegro", 171, "Montenegro", "Черногория", "黑山", "me", "+382"),
        ForeignCountry("morocco", 37, "Morocco", "Марокко", "摩洛哥", "ma", "+212"),
        ForeignCountry("mozambique", 80, "Mozambique", "Мозамбик", "莫桑比克", "mz", "+258"),
        ForeignCountry("myanmar", 5, "Myanmar", "Мьянма", "缅甸", "mm", "+95"),
        ForeignCountry("namibia", 138, "Namibia", "Намибия", "纳米比亚", "na", "+264"),
        ForeignCountry("nepal", 81, "Nepal", "Непал", "尼泊尔", "np", "+977"),
        ForeignCountry("netherlands", 48, "Netherlands", "Нидерланды", "荷兰", "nl", "+31"),
        ForeignCountry("new_zealand", 67, "Newzealand", "Новая Зеландия", "新西兰", "nz", "+64"),
        ForeignCountry("nicaragua", 90, "Nicaragua", "Никарагуа", "尼加拉瓜", "ni", "+505"),
        ForeignCountry("niger", 139, "Niger", "Нигер", "尼日尔", "ne", "+227"),
        ForeignCountry("nigeria", 19, "Nigeria", "Нигерия", "尼日利亚", "ng", "+234"),
        ForeignCountry("north_macedonia", 183, "Northmacedonia", "Северная Македония", "北马其顿", "mk", "+389"),
        ForeignCountry("norway", 174, "Norway", "Норвегия", "挪威", "no", "+47"),
        ForeignCountry("oman", 107, "Oman", "Оман", "阿曼", "om", "+968"),
        ForeignCountry("pakistan", 66, "Pakistan", "Пакистан", "巴基斯坦", "pk", "+92"),
        ForeignCountry("panama", 112, "Panama", "Панама", "巴拿马", "pa", "+507"),
        ForeignCountry("papua_new_guinea", 79, "Papua", "Папуа-Новая Гвинея", "巴布亚新几内亚", "pg", "+675"),
        ForeignCountry("paraguay", 87, "Paraguay", "Парагвай", "巴拉圭", "py", "+595"),
        ForeignCountry("peru", 65, "Peru", "Перу", "秘鲁", "pe", "+51"),
        ForeignCountry("philippines", 4, "Philippines", "Филиппины", "菲律宾", "ph", "+63"),
        ForeignCountry("poland", 15, "Poland", "Польша", "波兰", "pl", "+48"),
        ForeignCountry("portugal", 117, "Portugal", "Португалия", "葡萄牙", "pt", "+351"),
        ForeignCountry("puerto_rico", 97, "Puertorico", "Пуэрто-Рико", "波多黎各", "pr", "+1787"),
        ForeignCountry("qatar", 111, "Qatar", "Катар", "卡塔尔", "qa", "+974"),
        ForeignCountry("romania", 32, "Romania", "Румыния", "罗马尼亚", "ro", "+40"),
        ForeignCountry("russia", 0, "Russia", "Россия", "俄罗斯", "ru", "+7"),
        ForeignCountry("rwanda", 140, "Rwanda", "Руанда", "卢旺达", "rw", "+250"),
        ForeignCountry("saudi_arabia", 53, "Saudiarabia", "Сауд. Аравия", "沙特阿拉伯", "sa", "+966"),
        ForeignCountry("senegal", 61, "Senegal", "Сенегал", "塞内加尔", "sn", "+221"),
        ForeignCountry("serbia", 29, "Serbia", "Сербия", "塞尔维亚", "rs", "+381"),
        ForeignCountry("sierra_leone", 115, "Sierraleone", "Сьерра-Леоне", "塞拉利昂", "sl", "+232"),
        ForeignCountry("singapore", 196, "Singapore", "Сингапур", "新加坡", "sg", "+65"),
        ForeignCountry("slovakia", 141, "Slovakia", "Словакия", "斯洛伐克", "sk", "+421"),
        ForeignCountry("slovenia", 59, "Slovenia", "Словения", "斯洛文尼亚", "si", "+386"),
        ForeignCountry("somalia", 149, "Somalia", "Сомали", "索马里", "so", "+252"),
        ForeignCountry("south_africa", 31, "Southafrica", "ЮАР", "南非", "za", "+27"),
        ForeignCountry("south_korea", 190, "Southkorea", "Южная Корея", "韩国", "kr", "+82"),
        ForeignCountry("spain", 56, "Spain", "Испания", "西班牙", "es", "+34"),
        ForeignCountry("sri_lanka", 64, "Srilanka", "Шри-Ланка", "斯里兰卡", "lk", "+94"),
        ForeignCountry("sudan", 98, "Sudan", "Судан", "苏丹", "sd", "+249"),
        ForeignCountry("suriname", 142, "Suriname", "Суринам", "苏里南", "sr", "+597"),
        ForeignCountry("sweden", 46, "Sweden", "Швеция", "瑞典", "se", "+46"),
        ForeignCountry("switzerland", 173, "Switzerland", "Швейцария", "瑞士", "ch", "+41"),
        ForeignCountry("syria", 110, "Syrian", "Сирия", "叙利亚", "sy", "+963"),
        ForeignCountry("taiwan", 55, "Taiwan", "Тайвань", "台湾", "tw", "+886"),
        ForeignCountry("tajikistan", 143, "Tajikistan", "Таджикистан", "塔吉克斯坦", "tj", "+992"),
        ForeignCountry("tanzania", 9, "Tanzania", "Танзания", "坦桑尼亚", "tz", "+255"),
        ForeignCountry("thailand", 52, "Thailand", "Таиланд", "泰国", "th", "+66"),
        ForeignCountry("timor_leste", 91, "Timorleste", "Тимор-Лесте", "东帝汶", "tl", "+670"),
        ForeignCountry("togo", 99, "Togo", "Того", "多哥", "tg", "+228"),
        ForeignCountry("trinidad_and_tobago", 104, "Trinidad", "Тринидад и Тобаго", "特立尼达和多巴哥", "tt", "+1868"),
        ForeignCountry("tunisia", 89, "Tunisia", "Тунис", "突尼斯", "tn", "+216"),
        ForeignCountry("turkey", 62, "Turkey", "Турция", "土耳其", "tr", "+90"),
        ForeignCountry("turkmenistan", 161, "Turkmenistan", "Туркменистан", "土库曼斯坦", "tm", "+993"),
        ForeignCountry("uganda", 75, "Uganda", "Уганда", "乌干达", "ug", "+256"),
        ForeignCountry("ukraine", 1, "Ukraine", "Украина", "乌克兰", "ua", "+380"),
        ForeignCountry("united_arab_emirates", 95, "Uae", "ОАЭ", "阿联酋", "ae", "+971"),
        ForeignCountry("united_kingdom", 16, "England", "Англия", "英格兰", "gb", "+44"),
        ForeignCountry("uruguay", 156, "Uruguay", "Уругвай", "乌拉圭", "uy", "+598"),
        ForeignCountry("usa", 187, "USA", "США", "美国", "us", "+1"),
        ForeignCountry("uzbekistan", 40, "Uzbekistan", "Узбекистан", "乌兹别克斯坦", "uz", "+998"),
        ForeignCountry("venezuela", 70, "Venezuela", "Венесуэла", "委内瑞拉", "ve", "+58"),
        ForeignCountry("vietnam", 10, "Vietnam", "Вьетнам", "越南", "vn", "+84"),
        ForeignCountry("yemen", 30, "Yemen", "Йемен", "也门", "ye", "+967"),
        ForeignCountry("zambia", 147, "Zambia", "Замбия", "赞比亚", "zm", "+260"),
        ForeignCountry("zimbabwe", 96, "Zimbabwe", "Зимбабве", "津巴布韦", "zw", "+263"),
    ]

    /// sms-activate's codes as BrowserAutomationStudio's `sites.js` maps them across providers
    /// (Telegram `tg` there, `telegram` on 5sim; VK `vkontakte` on 5sim).
    static let services: [ForeignService] = [
        ForeignService(code: "airbnb", smsActivateCode: "uk", name: "Airbnb", fivesimProduct: "airbnb"),
        ForeignService(code: "alibaba", smsActivateCode: "ab", name: "Alibaba", fivesimProduct: "alibaba"),
        ForeignService(code: "amazon", smsActivateCode: "am", name: "Amazon", fivesimProduct: "amazon"),
        ForeignService(code: "apple", smsActivateCode: "wx", name: "Apple", fivesimProduct: "apple"),
        ForeignService(code: "binance", smsActivateCode: "aon", name: "Binance", fivesimProduct: "binance"),
        ForeignService(code: "bumble", smsActivateCode: "mo", name: "Bumble", fivesimProduct: "bumble"),
        ForeignService(code: "careem", smsActivateCode: "ls", name: "Careem", fivesimProduct: "careem"),
        ForeignService(code: "coinbase", smsActivateCode: "re", name: "Coinbase", fivesimProduct: "coinbase"),
        ForeignService(code: "discord", smsActivateCode: "ds", name: "Discord", fivesimProduct: "discord"),
        ForeignService(code: "ebay", smsActivateCode: "dh", name: "eBay", fivesimProduct: "ebay"),
        ForeignService(code: "facebook", smsActivateCode: "fb", name: "Facebook", fivesimProduct: "facebook"),
        ForeignService(code: "google", smsActivateCode: "go", name: "Google", fivesimProduct: "google"),
        ForeignService(code: "grab", smsActivateCode: "jg", name: "Grab", fivesimProduct: "grabtaxi"),
        ForeignService(code: "imo", smsActivateCode: "im", name: "Imo", fivesimProduct: "imo"),
        ForeignService(code: "instagram", smsActivateCode: "ig", name: "Instagram", fivesimProduct: "instagram"),
        ForeignService(code: "kakaotalk", smsActivateCode: "kt", name: "KakaoTalk", fivesimProduct: "kakaotalk"),
        ForeignService(code: "line", smsActivateCode: "me", name: "LINE", fivesimProduct: "line"),
        ForeignService(code: "linkedin", smsActivateCode: "tn", name: "LinkedIN", fivesimProduct: "linkedin"),
        ForeignService(code: "microsoft", smsActivateCode: "mm", name: "Microsoft", fivesimProduct: "microsoft"),
        ForeignService(code: "netflix", smsActivateCode: "nf", name: "Netflix", fivesimProduct: "netflix"),
        ForeignService(code: "olx", smsActivateCode: "sn", name: "OLX", fivesimProduct: "olx"),
        ForeignService(code: "openai", smsActivateCode: "dr", name: "OpenAI", fivesimProduct: "openai"),
        ForeignService(code: "paypal", smsActivateCode: "ts", name: "PayPal", fivesimProduct: "paypal"),
        ForeignService(code: "shopee", smsActivateCode: "ka", name: "Shopee", fivesimProduct: "shopee"),
        ForeignService(code: "signal", smsActivateCode: "bw", name: "Signal", fivesimProduct: "signal"),
        ForeignService(code: "skype", smsActivateCode: nil, name: "Skype", fivesimProduct: "skype"),
        ForeignService(code: "snapchat", smsActivateCode: "fu", name: "Snapchat", fivesimProduct: "snapchat"),
        ForeignService(code: "steam", smsActivateCode: "mt", name: "Steam", fivesimProduct: "steam"),
        ForeignService(code: "telegram", smsActivateCode: "tg", name: "Telegram", fivesimProduct: "telegram"),
        ForeignService(code: "tiktok", smsActivateCode: "lf", name: "TikTok", fivesimProduct: "tiktok"),
        ForeignService(code: "tinder", smsActivateCode: "oi", name: "Tinder", fivesimProduct: "tinder"),
        ForeignService(code: "twitter", smsActivateCode: "tw", name: "Twitter", fivesimProduct: "twitter"),
        ForeignService(code: "uber", smsActivateCode: "ub", name: "Uber", fivesimProduct: "uber"),
        ForeignService(code: "viber", smsActivateCode: "vi", name: "Viber", fivesimProduct: "viber"),
        ForeignService(code: "vk", smsActivateCode: "vk", name: "VKontakte", fivesimProduct: "vkontakte"),
        ForeignService(code: "wechat", smsActivateCode: "wb", name: "WeChat", fivesimProduct: "wechat"),
        ForeignService(code: "whatsapp", smsActivateCode: "wa", name: "WhatsApp", fivesimProduct: "whatsapp"),
        ForeignService(code: "yahoo", smsActivateCode: "mb", name: "Yahoo", fivesimProduct: "yahoo"),
        ForeignService(code: "yandex", smsActivateCode: "ya", name: "Yandex", fivesimProduct: "yandex"),
        ForeignService(code: "zalo", smsActivateCode: "mj", name: "Zalo", fivesimProduct: "zalo"),
    ]
}

extension ForeignCatalogue {
    /// By the catalogue's country index (`CatalogueData.countries`), the foreign names.
    static let countryAt: [ForeignCountry?] = CatalogueData.countries.map { country in countries.first { $0.code == country.code } }
    /// By the catalogue's service index, the foreign codes (nil: neither protocol sells it).
    static let serviceAt: [ForeignService?] = CatalogueData.services.map { service in services.first { $0.code == service.code } }
}
