import Domain

/// The seed document's provider as a `MarketSource`: its codes are numwatch's, its currency the
/// Toman, and it prices bundles, so nothing is mapped.
package struct SeedMarket: MarketSource {
    package let provider: any Provider

    package init(_ provider: any Provider) { self.provider = provider }

    package var kind: ProviderKind { .myonlinesim }

    package func balance() async throws(ProviderError) -> Double {
        Double(try await provider.credit())
    }

    package func quotes(_ services: ServiceSet) async throws(ProviderError) -> [Quote] {
        try await provider.prices(services).map { Quote(country: $0.country, name: $0.name, price: Double($0.price), count: $0.count) }
    }

    package func unmatchedNames() async -> UnmatchedNames { UnmatchedNames() }
}
