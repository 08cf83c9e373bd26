import Domain
import Sampler
import Simulator
import Store

/// The demo's past week: the simulators' one market walked from a week ago to now, written into
/// the history as the sampler would have written it every `step`: each provider's watches and
/// credit, in Toman at its rate with the price as read beside it. So every chart of a fresh demo
/// has a week's shape from its first minute, instead of a single line at its right edge.
///
/// The simulators are asked in-process (`SimulatorEngine.offers`), not over HTTP: a week hourly
/// is 168 rounds of a dozen answers, seconds this way.
struct DemoHistory {
    struct Source {
        let provider: SampledProvider
        let engine: SimulatorEngine
    }

    let sources: [Source]
    let watches: [Watch]
    /// The simulators' clock, set `span` back; `fill` moves it to now.
    let clock: OffsetWallClock
    var span: Duration = .seconds(7 * 86_400)
    var step: Duration = .seconds(3600)

    /// Writes the rounds, telling `progress` the share done (0...1) every day of history.
    func fill(into store: HistoryStore, progress: (Double) -> Void = { _ in }) async throws {
        let steps = Int(span / step)
        let maxGap = (step * 3).components.seconds
        for index in 1...steps {
            clock.advance(seconds: step.inSeconds)
            let time = Int64(clock.now().secondsSince1970.rounded(.down))
            var round = SampleRound(watches: [])
            for source in sources {
                let provider = source.provider
                for watch in watches where watch.provider == provider.id {
                    let offers = await source.engine.offers(services: watch.services.codes)
                        .filter { watch.countries?.contains($0.country) ?? true }
                    let rows = offers.map { offer in
                        ObservedRow(country: offer.country, name: offer.name, price: Self.toman(offer.price, provider), stock: offer.count,
                                    native: provider.tomanPerUnit == 1 ? nil : offer.price, detail: offer.detail)
                    }
                    round.watches.append(WatchSample(provider: provider.id, platform: watch.platform, time: time, rows: rows,
                                                     maxGapSeconds: maxGap))
                }
                guard provider.readsCredit else { continue }
                let balance = await source.engine.balance()
                round.credits.append(CreditSample(provider: provider.id, time: time, credit: Self.toman(balance, provider),
                                                  native: provider.tomanPerUnit == 1 ? nil : balance, maxGapSeconds: maxGap))
            }
            try await store.ingest(round)
            if index % max(1, steps / 7) == 0 { progress(Double(index) / Double(steps)) }
        }
    }

    /// The simulators' prices are small and finite: no bound to check here, unlike a provider's.
    static func toman(_ native: Double, _ provider: SampledProvider) -> Int { Int((native * provider.tomanPerUnit).rounded()) }
}
