import AsyncHTTPClient
import ProviderAPI
import ServiceLifecycle
import Synchronization

/// The provider's HTTP client, owned by a service of the group that calls the provider (as
/// hummingbird-examples' proxy-server owns its client): it runs until the group shuts down and
/// then shuts the client down. Listed first in the group, it is stopped last (a group stops its
/// services in reverse order), after everything that sends requests through it.
package final class ProviderHTTPService: Service, Sendable {
    package let client = ProviderClient.makeHTTPClient()
    private let started = Atomic(false)

    package init() {}

    package func run() async throws {
        started.store(true, ordering: .relaxed)
        try? await gracefulShutdown()
        try await client.shutdown()
    }

    /// Built but never run (a failure between the setup and the group's start): shut down all
    /// the same, so nothing is left running (AsyncHTTPClient traps on a client dropped running).
    deinit {
        if !started.load(ordering: .relaxed) { client.shutdown { _ in } }
    }
}
