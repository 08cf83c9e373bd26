import Domain
import Hummingbird

/// sms-activate's API at `/stubs/handler_api.php` (the base_url to give numwatch is that whole URL).
struct SmsActivateRoutes {
    let engine: SimulatorEngine

    func register(on router: Router<BasicRequestContext>) {
        router.group("stubs")
            .add(middleware: FaultMiddleware(engine: engine, kind: .smsActivate))
            .get("handler_api.php") { request, _ in
                let q = request.uri.queryParameters
                let query = SimulatorEngine.SmsActivateQuery(
                    apiKey: q.get("api_key"), action: q.get("action"), service: q.get("service"), country: q.get("country"))
                return await engine.smsActivate(query).response
            }
    }
}

/// 5sim's API under `/v1` (the base_url to give numwatch is the simulator's root).
struct FivesimRoutes {
    let engine: SimulatorEngine

    func register(on router: Router<BasicRequestContext>) {
        let api = router.group("v1").add(middleware: FaultMiddleware(engine: engine, kind: .fivesim))
        api.get("guest/prices") { request, _ in
            let q = request.uri.queryParameters
            return await engine.fivesimPrices(product: q.get("product"), country: q.get("country")).response
        }
        api.get("guest/countries") { _, _ in await engine.fivesimCountries().response }
        api.get("user/profile") { request, _ in await engine.fivesimProfile(authorization: request.headers[.authorization]).response }
    }
}
