import Domain
import ServiceLifecycle

/// Builds /metrics's body after each round the store keeps, so that the next scrape finds it ready
/// instead of waiting while the round's pieces are rendered and compressed (tens of milliseconds
/// with tens of thousands of series). Prometheus scrapes one at a time: without this, the scrape
/// after each round would be the one to wait.
package struct MetricsPrebuilder: Service {
    let endpoint: MetricsEndpoint
    /// Rung by the store after each round (`HistoryStore.stored`).
    let rounds: Doorbell

    package init(endpoint: MetricsEndpoint, rounds: Doorbell) {
        self.endpoint = endpoint
        self.rounds = rounds
    }

    package func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            do {
                try await cancelWhenGracefulShutdown {
                    await rounds.wait(timeout: .seconds(3600))
                    try Task.checkCancellation()
                }
            } catch {
                return
            }
            await endpoint.prepare()
        }
    }
}
