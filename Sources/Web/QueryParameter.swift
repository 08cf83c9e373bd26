import Hummingbird

/// Every query parameter a route of numwatch reads. Routes read them through this type, so the
/// route fuzzer, which sends each of them (and unknown ones) to every route, covers a new one
/// as soon as it is added here.
package enum QueryParameter: String, CaseIterable, Sendable {
    /// `/api/v1/history`: the watch, the country, how far back, and the resolution.
    case platform, country, since, resolution, provider
    /// `/watch/{platform}`: the chart's range, the table's order (and `country`, the chart's country).
    case range, sort, dir
}

extension Parameters {
    func get(_ parameter: QueryParameter) -> String? { get(parameter.rawValue) }
}
