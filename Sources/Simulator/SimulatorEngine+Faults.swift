/// Which misbehaviour, if any, the next API request gets.
enum FaultKind: Sendable {
    case error, malformed, html, drop
}

extension SimulatorEngine {
    /// Rolls the configured fault rates for one request (a separate random stream, so faults do
    /// not disturb the market's walk).
    func rollFault() -> (kind: FaultKind?, latencyMs: Int) {
        let f = faults
        let roll = faultRandom.unit()
        var edge = 0.0
        for (kind, rate) in [(FaultKind.drop, f.dropRate), (.html, f.htmlRate), (.malformed, f.malformedRate), (.error, f.errorRate)] {
            edge += rate
            if roll < edge { return (kind, f.latencyMs) }
        }
        return (nil, f.latencyMs)
    }
}
