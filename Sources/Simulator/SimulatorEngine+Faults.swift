extension SimulatorEngine {
    /// Rolls the configured faults for one request (a separate random stream, so faults do not
    /// disturb the market's walk): the forced mode, else one of the rates. Counts the fault served.
    func rollFault() -> (mode: FaultMode?, latencyMs: Int) {
        let rolled = roll()
        if let mode = rolled.mode { served["fault:\(mode.rawValue)", default: 0] += 1 }
        return rolled
    }

    private func roll() -> (mode: FaultMode?, latencyMs: Int) {
        let f = faults
        if let mode = f.mode { return (mode, f.latencyMs) }
        let roll = faultRandom.unit()
        var edge = 0.0
        for (mode, rate) in [(FaultMode.drop, f.dropRate), (.html, f.htmlRate), (.truncated, f.malformedRate), (.error, f.errorRate)] {
            edge += rate
            if roll < edge { return (mode, f.latencyMs) }
        }
        if roll < edge + f.anyRate {
            let modes = f.anyModes ?? FaultMode.allCases
            return (modes[min(modes.count - 1, Int(faultRandom.unit() * Double(modes.count)))], f.latencyMs)
        }
        return (nil, f.latencyMs)
    }

    /// Applies `faults.listing` to a pricing answer's rows (each a `name, count, price, country` object).
    func misreported(_ rows: [SimJSON]) -> [SimJSON] {
        switch faults.listing {
        case nil:
            return rows
        case .shrink:
            return rows.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
        case .grow:
            return rows + [.object([("name", .string("آتلانتیس")), ("count", .int(7)), ("price", .int(99_000)), ("country", .string("atlantis"))])]
        case .repeat:
            guard case let .object(fields)? = rows.first else { return rows }
            let dearer = fields.map { key, value -> (String, SimJSON) in
                if key == "price", case let .int(price) = value { return (key, .int(price + 1_000)) }
                return (key, value)
            }
            return rows + [.object(dearer)]
        }
    }
}
