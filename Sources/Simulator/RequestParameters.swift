import Foundation
import Hummingbird

/// The parameters of a POST to the simulated API, from a JSON body (the adopted reading) or a
/// form-encoded one (`services[]=a&services[]=b`), which servers of this family also accept.
struct RequestParameters {
    var service: String?
    var services: [String]?
    var country: String?
    var callback: String?

    /// The service codes asked for: `services` if given, else `service`.
    var codes: [String] { services ?? service.map { [$0] } ?? [] }

    enum ParseError: Error { case invalidJSON }

    static func parse(_ request: Request) async throws -> RequestParameters {
        let buffer = try await request.body.collect(upTo: 64 * 1024)
        let data = Data(buffer.readableBytesView)
        let type = request.headers[.contentType]?.lowercased() ?? ""
        var parameters = RequestParameters()
        if type.contains("x-www-form-urlencoded") {
            parameters.read(form: String(decoding: data, as: UTF8.self))
        } else if !data.isEmpty {
            guard let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else {
                throw ParseError.invalidJSON
            }
            parameters.service = object["service"] as? String
            if let list = object["services"] as? [Any] {
                parameters.services = list.compactMap { $0 as? String }
            } else if let text = object["services"] as? String {
                parameters.services = text.split(separator: ",").map { String($0) }
            }
            parameters.country = object["country"] as? String
            parameters.callback = object["callback"] as? String
        }
        // Query parameters fill what the body left out.
        let query = request.uri.queryParameters
        parameters.service = parameters.service ?? query.get("service")
        parameters.country = parameters.country ?? query.get("country")
        parameters.callback = parameters.callback ?? query.get("callback")
        return parameters
    }

    private mutating func read(form: String) {
        var components = URLComponents()
        components.percentEncodedQuery = form.replacingOccurrences(of: "+", with: "%20")
        for item in components.queryItems ?? [] {
            let value = item.value ?? ""
            switch item.name {
            case "service": service = value
            case "services[]", "services": services = (services ?? []) + value.split(separator: ",").map(String.init)
            case "country": country = value
            case "callback": callback = value
            default: break
            }
        }
    }
}
