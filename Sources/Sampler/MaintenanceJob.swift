import Domain
import Logging
import ProviderAPI
import ServiceLifecycle
import Store

/// Rolls up and prunes the history every few minutes, beside the sampler.
package struct MaintenanceJob<C: Clock>: Service where C.Duration == Duration {
    let store: HistoryStore
    let retention: RetentionPolicy
    let every: Duration
    let clock: C
    let wallClock: any WallClock
    let logger: Logger

    package init(
        store: HistoryStore, retention: RetentionPolicy, every: Duration = .seconds(300), clock: C,
        wallClock: any WallClock = SystemWallClock(), logger: Logger = Logger(label: "numwatch.maintenance")
    ) {
        self.store = store
        self.retention = retention
        self.every = every
        self.clock = clock
        self.wallClock = wallClock
        self.logger = logger
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully {
            do {
                let report = try await store.maintain(now: Int64(wallClock.now().secondsSince1970), retention: retention)
                if report != MaintenanceReport() {
                    logger.info("maintenance", metadata: [
                        "hourly_rows": "\(report.hourlyRows)", "daily_rows": "\(report.dailyRows)", "deleted_rows": "\(report.deletedRows)",
                    ])
                }
            } catch {
                logger.error("maintenance failed: \(error)")
            }
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: every) }
            } catch {
                return
            }
        }
    }
}
