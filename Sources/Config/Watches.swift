import Domain

/// Reader of `watches:`: what is sampled. Each platform (service or bundle) is watched once.
enum Watches {
    static let keys = ["services", "countries", "interval"]

    /// The watches read, each without an `interval` given sampled every `defaultInterval`
    /// (`sampling.interval`); `complete` is false when some could not be read, so that rules are not
    /// also blamed for a watch that is only missing because of its own error.
    static func read(_ value: Value, defaultInterval: Duration, _ d: Diagnostics) -> (watches: [Watch], complete: Bool) {
        guard let items = value.items(d, of: "watches") else { return ([], false) }
        guard !items.isEmpty else {
            d.report(value.path, line: value.line, "at least one watch is required, like - services: [telegram]")
            return ([], false)
        }
        var watches: [Watch] = []
        var watchedBy: [String: String] = [:]
        var complete = true
        for item in items {
            guard let f = item.fields(d, allowed: keys) else { complete = false; continue }
            let servicesValue = f.required("services", d)
            let services = servicesValue?.serviceSet(d)
            let countries = f["countries"].map { $0.codes(d, what: "country code", plural: "country codes") }
            let interval = f["interval"].map { $0.duration(d, atLeast: Settings.intervalBounds.min, atMost: Settings.intervalBounds.max) }
            guard let services, let servicesValue, countries != .some(nil), interval != .some(nil) else { complete = false; continue }
            if let other = watchedBy[services.platform] {
                d.report(servicesValue.path, line: servicesValue.line, "\(services.platform) is already watched by \(other)")
                continue
            }
            watchedBy[services.platform] = item.path
            let every = (interval ?? nil) ?? defaultInterval
            watches.append(Watch(services: services, countries: countries ?? nil, interval: every, line: item.line ?? 0))
        }
        return (watches, complete)
    }
}

extension Value {
    /// 1 to 5 service codes, checked as the provider client will check them.
    func serviceSet(_ d: Diagnostics) -> ServiceSet? {
        guard let codes = codes(d, what: "service code", plural: "service codes") else { return nil }
        guard codes.count <= ServiceSet.maximumCount else {
            d.report(path, line: line, "at most \(ServiceSet.maximumCount) services in a bundle")
            return nil
        }
        do {
            return try ServiceSet(codes)
        } catch {
            d.report(path, line: line, error.detail)
            return nil
        }
    }
}
