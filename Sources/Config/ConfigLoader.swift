import Foundation

/// Reads, defaults and validates a configuration file, reporting every problem at once.
package enum ConfigLoader {
    static let topKeys = ["provider", "providers", "sampling", "storage", "http", "watches", "alerts", "webhooks", "report", "callback"]

    /// Reads `path`. An unreadable file is one error with an empty key.
    package static func load(path: String) throws(ConfigErrors) -> NumwatchConfig {
        func fail(_ message: String) -> ConfigErrors {
            ConfigErrors([ConfigError(file: path, line: nil, key: "", message: message)])
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw fail("cannot read the configuration: no such file")
        }
        guard !isDirectory.boolValue else { throw fail("cannot read the configuration: it is a directory") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw fail("cannot read the configuration: permission denied or unreadable")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw fail("cannot read the configuration: it is not UTF-8 text")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses `yaml` as if read from `file` (which names it in errors and anchors relative paths).
    package static func parse(yaml: String, file: String) throws(ConfigErrors) -> NumwatchConfig {
        let d = Diagnostics(file: file)
        let config = read(yaml, file: file, d)
        guard let config, d.isEmpty else { throw ConfigErrors(d.errors) }
        return config
    }

    private static func read(_ yaml: String, file: String, _ d: Diagnostics) -> NumwatchConfig? {
        guard let root = YAMLDocument.compose(yaml, d) else {
            if d.isEmpty { d.report("", line: nil, "the file is empty; it needs at least provider.base_url and watches") }
            return nil
        }
        // Top-level keys that are missing have no line to point at.
        guard let top = Value(node: root, path: "", line: root.mark?.line).fields(d, allowed: topKeys) else { return nil }
        let f = Fields(path: "", line: nil, entries: top.entries)
        let providers = Providers.read(f, file: file, d)
        let sampling = Settings.sampling(f["sampling"], d)
        let storage = Settings.storage(f["storage"], file: file, d)
        let http = Settings.http(f["http"], file: file, d)
        let watches = f.required("watches", d).map { Watches.read($0, defaultInterval: sampling.interval, providers: providers, d) }
            ?? Watches.Read(complete: false)
        let alerts = Alerts.read(f["alerts"], watches: watches, providers: providers?.settings.map(\.id), d)
        let webhooks = Alerts.webhooks(f["webhooks"], file: file, d)
        let report = Settings.report(f["report"], d)
        let callback = Settings.callback(f["callback"], file: file, d)
        guard let providers, let first = providers.settings.first else { return nil }
        var config = NumwatchConfig(
            provider: first, sampling: sampling, storage: storage, http: http, watches: watches.watches,
            alerts: alerts, webhooks: webhooks, file: file)
        config.providers = providers.settings
        config.tokenPlaces = providers.tokenPlaces
        config.report = report
        config.callback = callback
        config.fileWarnings = d.warnings
        return config
    }
}
