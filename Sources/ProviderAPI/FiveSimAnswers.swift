import Foundation

/// 5sim's answers, read from their JSON: `guest/prices`, `guest/countries`, `user/profile`.
enum FiveSimAnswers {
    /// One operator's offer below a country.
    struct Offer: Equatable {
        let operatorName: String
        let cost: Double
        let count: Int
        let rate: Double?
    }

    /// One country's operators, collapsed: the cheapest operator with stock (or, when none has
    /// any, the cheapest), the total count over all of them, that operator's name and `rate`.
    struct Collapsed: Equatable {
        let country: String
        let cheapest: Offer
        let total: Int
    }

    /// `guest/prices?product=P`: product → country → operator → `{cost, count, rate?}`. An
    /// operator that cannot be read within `QuoteBounds` is dropped and counted (a country left
    /// with none is not a row); a `rate` outside 0...100 is left out, not the operator.
    /// If the provider ignored the filter and nested country → product → operator (its
    /// `?country=` shape), that is read too. Nil when the body is not an object; no rows when it
    /// does not name `product`.
    static func prices(_ root: JSONValue, product: String) -> (rows: [Collapsed], dropped: Int)? {
        guard let top = root.members else { return nil }
        let countries: [String: JSONValue]
        if let byCountry = top[product]?.members {
            countries = byCountry
        } else {
            countries = top.compactMapValues { $0[product] }
        }
        var rows: [Collapsed] = []
        var dropped = 0
        for (country, operators) in countries.sorted(by: { $0.key < $1.key }) {
            guard let operators = operators.members else { dropped += 1; continue }
            var offers: [Offer] = []
            for (name, entry) in operators {
                do throws(OutOfRange) {
                    offers.append(Offer(
                        operatorName: String(printable(name).prefix(64)),
                        cost: try boundedDouble(entry["cost"], in: QuoteBounds.price, name: "cost"),
                        count: try boundedInt(entry["count"], in: QuoteBounds.count, name: "count"),
                        rate: try? boundedDouble(entry["rate"], in: QuoteBounds.rate, name: "rate")))
                } catch {
                    dropped += 1
                }
            }
            if let collapsed = collapse(country: country, offers) { rows.append(collapsed) }
        }
        return (rows, dropped)
    }

    static func collapse(country: String, _ offers: [Offer]) -> Collapsed? {
        let ordered = offers.sorted { a, b in
            if (a.count > 0) != (b.count > 0) { return a.count > 0 }
            return a.cost != b.cost ? a.cost < b.cost : a.operatorName < b.operatorName
        }
        guard let cheapest = ordered.first else { return nil }
        // Each count is at most Int32.max, so the sum of any answer's operators cannot overflow.
        return Collapsed(country: country, cheapest: cheapest, total: offers.reduce(0) { $0 + $1.count })
    }

    /// `guest/countries`: `{"afghanistan": {"iso": {"af": 1}, "prefix": {"+93": 1}, "text_en": "Afghanistan", …}}`.
    /// Code → English name.
    static func countries(_ root: JSONValue) -> [String: String]? {
        guard let members = root.members else { return nil }
        var names: [String: String] = [:]
        for (code, entry) in members {
            if let english = entry["text_en"]?.text, !english.isEmpty { names[code] = english }
        }
        return names
    }

    /// `user/profile`: `{"id": 1, "balance": 100, "rating": 96, …}` → the balance.
    static func balance(_ root: JSONValue) throws(OutOfRange) -> Double {
        try boundedDouble(root["balance"], in: QuoteBounds.credit, name: "balance")
    }
}
