import Config
import Domain
import Logging
import ProviderAPI

extension ProviderAccount {
    /// Every configured provider as the sampler asks it, over this account's one HTTP client:
    /// the provider numbers are taken from through `client` itself, each other one through the
    /// adapter of its kind with its own token (read now, every failure named with its key).
    /// `observer(id)` is what the provider `id`'s requests are reported to.
    package func markets(
        config: NumwatchConfig, environment: [String: String],
        observer: (ProviderName) -> (any ProviderRequestObserver)? = { _ in nil }, logger: Logger
    ) throws(ConfigErrors) -> [ProviderName: any MarketSource] {
        let tokens = try config.providerTokens(environment: environment)
        var markets: [ProviderName: any MarketSource] = [:]
        for provider in config.providers {
            let token = tokens[provider.id]
            switch provider.kind {
            case .myonlinesim where provider.id == settings.id:
                markets[provider.id] = SeedMarket(client)
            case .myonlinesim:
                markets[provider.id] = SeedMarket(ProviderClient(
                    settings: provider, token: token ?? ProviderToken(""), httpClient: service.client, observer: observer(provider.id),
                    logger: logger))
            case .smsActivate:
                markets[provider.id] = SMSActivateClient(
                    settings: provider, token: token, httpClient: service.client, observer: observer(provider.id), logger: logger)
            case .fivesim:
                markets[provider.id] = FiveSimClient(
                    settings: provider, token: token, httpClient: service.client, observer: observer(provider.id), logger: logger)
            }
        }
        return markets
    }
}
