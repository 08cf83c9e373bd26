import Domain
import Foundation
import Hummingbird
import Simulator
import Testing

/// Issue 19, section 7: the simulator's faults and levers work on the foreign protocols too, each
/// fault in the protocol's own words where it has them.
@Suite struct ForeignFaultTests {
    static let balance = "/stubs/handler_api.php?api_key=demo-token&action=getBalance"

    @Test func smsActivateAnswersFaultsInItsOwnWords() async throws {
        func answer(_ mode: FaultMode) async throws -> ForeignSimulatorRig.Answer {
            try #require(try await ForeignSimulatorRig.get(.smsActivate, [Self.balance], faults: Faults(mode: mode)).first)
        }
        let revoked = try await answer(.unauthorized)
        #expect(revoked.status == .ok && revoked.text == "BAD_KEY")
        let sql = try await answer(.error)
        #expect(sql.status == .ok && sql.text == "ERROR_SQL")
        let banned = try await answer(.banned)
        #expect(banned.status == .ok && banned.text == "BANNED:'2026-03-02 08-00-00'")
        let limited = try await answer(.rateLimited)
        #expect(limited.status == .tooManyRequests && limited.headers[.retryAfter] == "30")
        let maintenance = try await answer(.html)
        #expect(maintenance.status == .serviceUnavailable && maintenance.text.hasPrefix("<!DOCTYPE html>"))
        let garbage = try await answer(.garbage)
        #expect(garbage.status == .ok && garbage.text.hasPrefix("PHP Warning"))
    }

    @Test func fivesimAnswersFaultsOnGuestAndUserRoutes() async throws {
        let limited = try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/prices?product=telegram"], faults: Faults(mode: .rateLimited))
        #expect(limited[0].status == .tooManyRequests && limited[0].headers[.retryAfter] == "30")
        let revoked = try await ForeignSimulatorRig.get(
            .fivesim, ["/v1/user/profile"], headers: [.authorization: "Bearer demo-token"], faults: Faults(mode: .unauthorized))
        #expect(revoked[0].status == .unauthorized && revoked[0].text.isEmpty)
        let cut = try await ForeignSimulatorRig.get(.fivesim, ["/v1/guest/countries"], faults: Faults(mode: .truncated))
        #expect(cut[0].status == .ok && cut[0].object == nil)
    }

    @Test(arguments: [ProviderKind.smsActivate, .fivesim])
    func theFaultLeverAndTheStateWorkOnEveryProtocol(kind: ProviderKind) async throws {
        let path = kind == .fivesim ? "/v1/guest/countries" : Self.balance
        let clock = ManualWallClock(ForeignSimulatorRig.start)
        let (statuses, state) = try await ForeignSimulatorRig.simulator(kind, clock: clock).application.test(.router) { client in
            var statuses = [try await client.get(path).status]
            let put = { (body: String) in
                try await client.execute(uri: "/_sim/faults", method: .put, body: ByteBuffer(string: body)) { $0.status }
            }
            statuses.append(try await put(#"{"mode":"html"}"#))
            statuses.append(try await client.get(path).status)
            statuses.append(try await put("{}"))
            statuses.append(try await client.get(path).status)
            return (statuses, try await client.get("/_sim/state").object)
        }
        #expect(statuses == [.ok, .ok, .serviceUnavailable, .ok, .ok])
        #expect(state?["protocol"] as? String == kind.rawValue)
        #expect((state?["served"] as? [String: Int])?["fault:html"] == 1)
    }
}
