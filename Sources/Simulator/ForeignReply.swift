import Hummingbird
import NIOCore

/// An answer of a foreign protocol, before HTTP: JSON, or the bare words sms-activate answers in
/// (`ACCESS_BALANCE:…`, `BAD_KEY`) and 5sim's plain-text errors.
struct ForeignReply: Sendable {
    var status = 200
    var body: String
    var isJSON: Bool

    static func words(_ text: String, status: Int = 200) -> ForeignReply { ForeignReply(status: status, body: text, isJSON: false) }
    static func json(_ value: SimJSON) -> ForeignReply { ForeignReply(body: value.rendered, isJSON: true) }

    var response: Response {
        Response(status: .init(code: status),
                 headers: [.contentType: isJSON ? "application/json" : "text/plain; charset=utf-8"],
                 body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

extension SimulatorEngine {
    /// How this simulator's protocol shows the market.
    var shelf: ForeignShelf { ForeignShelf(kind: options.kind, seed: options.seed, tomanPerUnit: options.tomanPerUnit) }

    /// The credit in hundredths of the foreign currency.
    var foreignCreditCents: Int { Int((Double(credit) / options.tomanPerUnit * 100).rounded(.down)) }

    /// The cells this provider sells, among `services` and `countries` (catalogue indices; nil: all).
    func foreignCells(services: [Int]? = nil, countries: [Int]? = nil) -> [Market.Cell] {
        let shelf = shelf
        var cells: [Market.Cell] = []
        for c in countries ?? Array(CatalogueData.countries.indices) {
            for s in services ?? Array(CatalogueData.services.indices) {
                guard shelf.sells(service: s, country: c), let cell = market.cell(service: s, country: c) else { continue }
                cells.append(cell)
            }
        }
        return cells
    }

    /// A foreign amount or count as sms-activate sends it: a number, or for the seed's chosen cells a string.
    func lenient(_ value: SimJSON, text: Bool) -> SimJSON {
        guard text else { return value }
        switch value {
        case let .cents(cents): return .string(SimJSON.decimal(cents: cents))
        case let .int(number): return .string(String(number))
        default: return value
        }
    }
}
