import Domain
import Foundation

/// Readers of the account-wide sections: `sampling`, `storage`, `http`, `report`, `callback`
/// (`provider` and `providers` are `Providers`').
enum Settings {
    static let providerKeys = Providers.singleKeys
    static let samplingKeys = ["interval", "credit_interval", "jitter", "concurrency", "max_backoff"]
    static let storageKeys = ["path", "retention", "raw_retention", "hourly_retention"]
    static let httpKeys = ["listen", "external_url", "idle_timeout", "read_timeout", "max_connections", "auth", "trusted_proxies"]
    static let reportKeys = ["time_zone", "refresh"]
    static let callbackKeys = ["public_url", "secret_env", "secret_file", "allow_from"]

    static func callback(_ value: Value?, file: String, _ d: Diagnostics) -> CallbackConfig? {
        guard let value else { return nil }
        var config = CallbackConfig(line: value.line, configFile: file)
        guard let f = value.fields(d, allowed: callbackKeys) else { return config }
        if let v = f["public_url"], let url = v.text(d, expected: "an http(s) URL like https://numwatch.example/") {
            if let problem = httpURLProblem(url) { d.report(v.path, line: v.line, problem) } else { config.publicURL = url }
            if let components = URLComponents(string: url), components.scheme?.lowercased() == "http",
               let host = components.host, !isLoopback(host) {
                d.warn(v.path, line: v.line, "plain http to \(host): the callback secret in every take's URL and every SMS"
                    + " pushed travel unencrypted; use https")
            }
        }
        let secret = secretSource(f, env: "secret_env", file: "secret_file", example: "NUMWATCH_CALLBACK_SECRET", what: "secret",
                                  configFile: file, d)
        if let env = secret.env { config.secretEnv = env }
        config.secretFile = secret.file
        config.line = secret.line ?? config.line
        if let v = f["allow_from"], let ranges = v.addressRanges(d) {
            if ranges.isEmpty {
                d.report(v.path, line: v.line, "an empty list would refuse every push; leave allow_from out to accept pushes from any address")
            } else {
                config.allowFrom = ranges
            }
        }
        return config
    }

    static func isEnvironmentName(_ name: String) -> Bool {
        name.utf8.count <= 128 && name.utf8.first.map { !(48...57).contains($0) } == true
            && name.utf8.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 48 && $0 <= 57) || $0 == 95 }
    }

    static func report(_ value: Value?, _ d: Diagnostics) -> ReportConfig {
        var config = ReportConfig()
        guard let value, let f = value.fields(d, allowed: reportKeys) else { return config }
        if let v = f["time_zone"], let name = v.text(d, expected: "an IANA time zone like Asia/Tehran or UTC") {
            if TimeZone(identifier: name) != nil { config.timeZone = name }
            else { d.report(v.path, line: v.line, "unknown time zone \(v.shown) (expected an IANA name like Asia/Tehran or UTC)") }
        }
        if let s = f["refresh"]?.duration(d, atLeast: .seconds(5), atMost: .seconds(86_400)) { config.refresh = s }
        return config
    }

    /// Sampling and watch intervals: at least a second, at most a day.
    static let intervalBounds = (min: Duration.seconds(1), max: Duration.seconds(86_400))

    static func sampling(_ value: Value?, _ d: Diagnostics) -> SamplingConfig {
        var config = SamplingConfig()
        guard let value, let f = value.fields(d, allowed: samplingKeys) else { return config }
        let (min, max) = intervalBounds
        if let s = f["interval"]?.duration(d, atLeast: min, atMost: max) { config.interval = s }
        if let s = f["credit_interval"]?.duration(d, atLeast: min, atMost: max) { config.creditInterval = s }
        if let s = f["max_backoff"]?.duration(d, atLeast: min, atMost: max) { config.maxBackoff = s }
        if let v = f["jitter"], let jitter = v.number(d) {
            if (0...0.5).contains(jitter) { config.jitter = jitter }
            else { d.report(v.path, line: v.line, "must be between 0 and 0.5 (a fraction of the interval), got \(jitter)") }
        }
        if let n = f["concurrency"]?.integer(d, in: 1...32) { config.concurrency = n }
        return config
    }

    /// Each retention is at least an hour and at most a century (the store counts them in Int64 seconds),
    /// and `raw_retention <= hourly_retention <= retention`.
    /// A retention left out shrinks to fit the ones given (`retention: 30d` alone is valid); a
    /// conflict between given values names the shorter-lived key.
    static func storage(_ value: Value?, file: String, _ d: Diagnostics) -> StorageConfig {
        var config = StorageConfig()
        config.path = resolvePath(config.path, relativeTo: file)
        guard let value, let f = value.fields(d, allowed: storageKeys) else { return config }
        if let path = f["path"]?.nonEmptyText(d, expected: "a file path") {
            config.path = resolvePath(path, relativeTo: file)
        }
        func retention(_ v: Value) -> Duration? {
            v.duration(d, atLeast: .seconds(3_600), atMost: .seconds(36_500 * 86_400))
        }
        let total = f["retention"].map(retention)
        let hourly = f["hourly_retention"].map(retention)
        let raw = f["raw_retention"].map(retention)
        // `.some(nil)`: given but invalid (already reported); no ordering check against it.
        if case let .some(.some(s)) = total { config.retention = s }
        switch hourly {
        case let .some(.some(s)): config.hourlyRetention = s
        case .none: config.hourlyRetention = min(config.hourlyRetention, config.retention)
        case .some(.none): break
        }
        switch raw {
        case let .some(.some(s)): config.rawRetention = s
        case .none: config.rawRetention = min(config.rawRetention, config.hourlyRetention)
        case .some(.none): break
        }
        func longer(_ key: String, _ span: Duration, than other: String, _ limit: Duration, given: Bool) {
            guard span > limit, let v = f[key] else { return }
            d.report(v.path, line: v.line, "must not be longer than \(other) (\(formatDuration(limit.inSeconds))\(given ? "" : ", the default")),"
                + " got \(formatDuration(span.inSeconds))")
        }
        if case let .some(.some(h)) = hourly, total != .some(nil) {
            longer("hourly_retention", h, than: "retention", config.retention, given: total != nil)
        }
        if case let .some(.some(r)) = raw, hourly != .some(nil), total != .some(nil) {
            longer("raw_retention", r, than: "hourly_retention", config.hourlyRetention, given: hourly != nil)
        }
        return config
    }

    static func http(_ value: Value?, file: String, _ d: Diagnostics) -> HTTPConfig {
        var config = HTTPConfig()
        guard let value, let f = value.fields(d, allowed: httpKeys) else { return config }
        // At least 1s: shorter would cut off a client between two packets of one request.
        if let s = f["idle_timeout"]?.duration(d, atLeast: .seconds(1), atMost: .seconds(3_600)) { config.idleTimeout = s }
        if let s = f["read_timeout"]?.duration(d, atLeast: .seconds(1), atMost: .seconds(300)) { config.readTimeout = s }
        // Each connection is a file descriptor: deploy/numwatch.service's LimitNOFILE leaves room above the cap.
        if let n = f["max_connections"]?.integer(d, in: 16...60_000) { config.maxConnections = n }
        if let v = f["auth"] { config.auth = httpAuth(v, file: file, d) }
        if let ranges = f["trusted_proxies"]?.addressRanges(d) { config.trustedProxies = ranges }
        if let v = f["external_url"], let url = v.text(d, expected: "an http(s) URL like https://numwatch.example/") {
            if let problem = httpURLProblem(url) { d.report(v.path, line: v.line, problem) } else { config.externalURL = url }
        }
        guard let v = f["listen"] else { return config }
        guard let text = v.text(d, expected: "host:port like 127.0.0.1:9464") else { return config }
        guard let address = ListenAddress(parsing: text) else {
            d.report(v.path, line: v.line, "expected host:port like 127.0.0.1:9464, [::1]:9464 or :9464 with a port from 0 to 65535, got \(v.shown)")
            return config
        }
        config.host = address.host
        config.port = address.port
        if config.auth == nil, !isLoopback(address.host) {
            d.warn(v.path, line: v.line, "\(address.host) is reachable from other machines and http.auth is off:"
                + " anyone who can connect reads the report, the API and /metrics; add http.auth or listen on 127.0.0.1")
        }
        return config
    }
}

extension Value {
    /// A list of IP addresses and CIDR ranges; nil if any entry is not one (each is reported).
    func addressRanges(_ d: Diagnostics) -> [AddressRange]? {
        guard let items = items(d, of: "IP addresses or CIDR ranges") else { return nil }
        var ranges: [AddressRange] = []
        for item in items {
            guard let text = item.text(d, expected: "an IP address or CIDR range like 89.42.211.109 or 10.0.0.0/8") else { continue }
            if let range = AddressRange(parsing: text) {
                ranges.append(range)
            } else {
                d.report(item.path, line: item.line, "expected an IP address or CIDR range like 89.42.211.109, 10.0.0.0/8 or 2001:db8::/32, got \(item.shown)")
            }
        }
        return ranges.count == items.count ? ranges : nil
    }
}
