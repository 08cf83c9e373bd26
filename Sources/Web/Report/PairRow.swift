import Domain
import Mustache
import Store

/// One country of a watch as the tables show it: price, stock and the change against a day ago.
struct PairRow: Sendable {
    var code: String
    var name: String
    /// The link that selects this country on the watch page (nil on the overview's tables).
    var href: String?
    var price: String
    var stock: String
    var soldOut: Bool
    var change: String
    var changeClass: String
    var changeTitle: String
    /// When the current value took effect (the watch page's last column).
    var since: String?
    var selected: Bool
    /// The activation rate of the numbers taken through numwatch, `80 % (8/10)` or `—` (the watch
    /// page, given a ledger); nil: no such column.
    var activated: String?
    var activatedTitle = ""
    /// With several providers, on the overview: the cheapest provider's id and what it beats the
    /// next one by. nil: no such columns.
    var provider: String?
    var margin: String?
    var marginTitle = ""
    /// With several providers, on the watch page: a price and stock cell per provider.
    var offers: [OfferCell]?

    /// The numbers behind the texts, for sorting. Signed price change against a day ago (nil:
    /// not listed then).
    var priceValue: Int
    var stockValue: Int
    var delta: Int?
    var activationRate: Double?

    init(_ pair: Snapshot.Pair, dayAgo: PairValue?, href: String? = nil, since: String? = nil, selected: Bool = false) {
        self.init(pair, priceADayAgo: dayAgo?.price, href: href, since: since, selected: selected)
    }

    /// `priceADayAgo`: nil when not listed then.
    init(_ pair: Snapshot.Pair, priceADayAgo: Int?, href: String? = nil, since: String? = nil, selected: Bool = false) {
        code = pair.country
        name = pair.name
        self.href = href
        priceValue = pair.price
        stockValue = pair.stock
        price = ReportFormat.grouped(pair.price)
        stock = ReportFormat.grouped(pair.stock)
        soldOut = pair.stock == 0
        self.since = since
        self.selected = selected
        guard let before = priceADayAgo else {
            delta = nil
            change = "new"
            changeClass = "same"
            changeTitle = "not listed a day ago"
            return
        }
        let difference = pair.price - before
        delta = difference
        changeTitle = "\(ReportFormat.grouped(before)) a day ago"
        // For a buyer a rise is bad news (red), a fall good news (green).
        if difference > 0 {
            change = "▲ \(ReportFormat.grouped(difference))"
            changeClass = "up"
        } else if difference < 0 {
            change = "▼ \(ReportFormat.grouped(-difference))"
            changeClass = "down"
        } else {
            change = "="
            changeClass = "same"
        }
    }
}

/// One provider's price and stock in a row of the watch page ("—" where it does not list the country).
struct OfferCell: Sendable {
    var price: String
    var stock: String
    var listed: Bool
    var soldOut: Bool
    /// The cheapest in stock of its row: marked by a class and a visible ★, not by colour alone.
    var cheapest: Bool
    /// The price as read, for the hover.
    var asRead: String?

    init(_ offer: Offer?, cheapest: Bool) {
        price = offer.map { ReportFormat.grouped($0.pair.price) } ?? "—"
        stock = offer.map { ReportFormat.grouped($0.pair.stock) } ?? "—"
        listed = offer != nil
        soldOut = offer?.inStock == false
        self.cheapest = cheapest
        asRead = offer?.asRead
    }
}

extension OfferCell: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "price": price
        case "stock": stock
        case "listed": listed
        case "soldOut": soldOut
        case "cheapest": cheapest
        case "asRead": asRead
        default: nil
        }
    }
}

extension PairRow {
    /// Fills the "Activated" column from the ledger's count for this country (nil: no number of
    /// the platform was taken there).
    mutating func showActivation(_ activation: Ledger.Activation?) {
        guard let activation, let rate = activation.rate else {
            activated = "—"
            activatedTitle = "No number taken through numwatch here has a known fate yet."
            return
        }
        activationRate = rate
        var text = "\(Int((rate * 100).rounded())) % (\(ReportFormat.grouped(activation.activated))/\(ReportFormat.grouped(activation.decided)))"
        activatedTitle = "\(ReportFormat.grouped(activation.activated)) of the \(ReportFormat.grouped(activation.decided)) numbers whose fate is known received an SMS."
        if activation.notReceived > 0 {
            // A message flagged is_received 0 is not an activation: shown, never counted.
            let count = ReportFormat.grouped(activation.notReceived)
            text += ", \(count) message, not received"
            activatedTitle += " \(count) of the others got only a message flagged is_received 0 (message, not received)."
        }
        activated = text
    }
}

// The tables' rows are what a page renders most often; answering the template's lookups by name
// spares it a reflection of the whole row per lookup (Mirror), which was most of a page's time.
extension PairRow: MustacheParent {
    func child(named name: String) -> Any? {
        switch name {
        case "code": code
        case "name": self.name
        case "href": href
        case "price": price
        case "stock": stock
        case "soldOut": soldOut
        case "change": change
        case "changeClass": changeClass
        case "changeTitle": changeTitle
        case "since": since
        case "selected": selected
        case "activated": activated
        case "activatedTitle": activatedTitle
        case "provider": provider
        case "margin": margin
        case "marginTitle": marginTitle
        case "offers": offers
        default: nil
        }
    }
}
