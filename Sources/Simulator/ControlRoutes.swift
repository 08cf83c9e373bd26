import Domain
import Foundation
import Hummingbird
import NIOCore
import ProviderAPI

/// `/_sim/...`: levers for demos and tests. Not part of the provider's API, no token needed;
/// the simulator listens on loopback by default.
struct ControlRoutes {
    let engine: SimulatorEngine
    let pusher: CallbackPusher

    func register(on router: Router<BasicRequestContext>) {
        let sim = router.group("_sim")
        sim.get("state") { _, _ in await engine.stateJSON().okResponse }
        sim.get("faults") { _, _ in try Self.json(await engine.faults) }
        sim.put("faults") { request, _ in
            let body = try await request.body.collect(upTo: 16 * 1024)
            guard let faults = try? JSONDecoder().decode(Faults.self, from: Data(body.readableBytesView)) else {
                let modes = FaultMode.allCases.map(\.rawValue).joined(separator: "|")
                let listings = ListingFault.allCases.map(\.rawValue).joined(separator: "|")
                return SimReply.error(400, "expected {\"error_rate\":0..1,\"latency_ms\":n,\"malformed_rate\":0..1,\"html_rate\":0..1,"
                    + "\"drop_rate\":0..1,\"any_rate\":0..1,\"mode\":\"\(modes)\",\"listing\":\"\(listings)\"}").response
            }
            if let problem = faults.problem { return SimReply.error(400, problem).response }
            await engine.setFaults(faults)
            return try Self.json(faults)
        }
        sim.post("advance") { request, _ in
            guard let seconds = request.uri.queryParameters.get("seconds").flatMap(Double.init), seconds >= 0, seconds <= 90 * 86_400 else {
                return SimReply.error(400, "give ?seconds= between 0 and 7776000").response
            }
            await pusher.deliver(await engine.advance(seconds: seconds))
            return await engine.stateJSON().okResponse
        }
        sim.post("credit") { request, _ in
            // Within the amounts numwatch reads (and the market's sums cannot overflow).
            guard let credit = request.uri.queryParameters.get("credit").flatMap(Int.init), Self.amounts.contains(credit) else {
                return SimReply.error(400, "give ?credit= from 0 to \(Self.amounts.upperBound)").response
            }
            await engine.setCredit(credit)
            return await engine.stateJSON().okResponse
        }
        sim.post("unblock") { _, _ in
            await engine.unblock()
            return await engine.stateJSON().okResponse
        }
        sim.post("cell") { request, _ in
            let q = request.uri.queryParameters
            guard let service = q.get("service"), let country = q.get("country") else {
                return SimReply.error(400, "give ?service=&country= and stock= and/or price=").response
            }
            let (stock, price) = (q.get("stock").flatMap(Int.init), q.get("price").flatMap(Int.init))
            guard [stock, price].allSatisfy({ $0.map(Self.amounts.contains) ?? true }) else {
                return SimReply.error(400, "stock= and price= from 0 to \(Self.amounts.upperBound)").response
            }
            let changed = await engine.setCell(service: service, country: country, stock: stock, price: price)
            return changed ? SimReply.ok(.object([("status", "success")])).response
                : SimReply.error(404, "\(service) is not sold in \(country)").response
        }
    }

    static let amounts = 0...ProviderLimits.largestAmount

    private static func json(_ value: some Encodable) throws -> Response {
        Response(status: .ok, headers: [.contentType: "application/json"],
                 body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(value))))
    }
}

extension SimJSON {
    var okResponse: Response { SimReply.ok(self).response }
}
