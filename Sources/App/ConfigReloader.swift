import Alerting
import Config
import Logging
import Sampler
import ServiceLifecycle
import Synchronization
import UnixSignals

/// SIGHUP: the configuration file is read again and what can change while running changes —
/// the watches (sampling, /metrics, the report's list), sampling intervals and the alert rules.
/// A file that does not load is refused with one logged error and the running configuration
/// stays. Keys that need a restart (where serve listens, the database, the provider and its
/// token, the webhooks, the callback) are left as they were, and the log says which changed.
package final class ConfigReloader: Service, Sendable {
    /// What one reload did, for the log line and for tests.
    package enum Outcome: Sendable, Equatable {
        case applied(added: [String], removed: [String], needsRestart: [String])
        case refused(String)
    }

    let path: String
    let sampler: any SamplerControl
    let watches: LiveWatches
    let evaluator: AlertEvaluator
    let logger: Logger
    private let running: Mutex<NumwatchConfig>
    /// The providers sampled since the start: a change of providers waits for a restart (their
    /// clients and tokens are set up once), so a reload samples the new file's watches of these.
    private let providers: [SampledProvider]

    init(config: NumwatchConfig, sampler: any SamplerControl, watches: LiveWatches, evaluator: AlertEvaluator, logger: Logger) {
        path = config.file
        running = Mutex(config)
        providers = SamplerSettings(config).providers
        self.sampler = sampler
        self.watches = watches
        self.evaluator = evaluator
        self.logger = logger
    }

    package func run() async throws {
        for await _ in await UnixSignalsSequence(trapping: .sighup).cancelOnGracefulShutdown() {
            _ = reload()
        }
    }

    /// Reads the file and applies it (or refuses it), logging one line either way.
    @discardableResult
    package func reload() -> Outcome {
        let next: NumwatchConfig
        do {
            next = try ConfigLoader.load(path: path)
        } catch {
            // One line, as `check-config` prints it; never the token (the loader does not read it).
            let message = "\(error)".split(separator: "\n").joined(separator: "; ")
            logger.error("configuration not reloaded, the running one stays: \(message)")
            return .refused(message)
        }
        let before = running.withLock { $0 }
        var settings = SamplerSettings(next)
        settings.providers = providers
        settings.watches = settings.watches.filter { watch in providers.contains { $0.id == watch.provider } }
        sampler.apply(settings)
        watches.replace(settings)
        evaluator.apply(AlertRules(next))
        running.withLock { $0 = next }
        let old = Set(before.watches.map(\.platform)), new = Set(next.watches.map(\.platform))
        let added = new.subtracting(old).sorted(), removed = old.subtracting(new).sorted()
        let needsRestart = Self.restartKeys(before, next)
        var line = "configuration reloaded: \(next.watches.count) watches"
        if !added.isEmpty { line += ", added \(added.joined(separator: ", "))" }
        if !removed.isEmpty { line += ", removed \(removed.joined(separator: ", "))" }
        line += ", \(next.alerts.rules.count) alert rules"
        if !needsRestart.isEmpty { line += "; changed but needing a restart (ignored until then): \(needsRestart.joined(separator: ", "))" }
        logger.notice("\(line)")
        return .applied(added: added, removed: removed, needsRestart: needsRestart)
    }

    static func restartKeys(_ a: NumwatchConfig, _ b: NumwatchConfig) -> [String] {
        var keys: [String] = []
        // Every provider's settings (a provider added, removed or changed), not only `provider`'s.
        if a.providers != b.providers { keys.append(a.providers.count == 1 && b.providers.count == 1 ? "provider" : "providers") }
        if a.http != b.http { keys.append("http") }
        if a.storage != b.storage { keys.append("storage") }
        if a.webhooks != b.webhooks { keys.append("webhooks") }
        if a.callback != b.callback { keys.append("callback") }
        if a.report != b.report { keys.append("report") }
        return keys
    }
}
