import Domain
import Sampler
import Store

/// The sampler's rounds into the store, and each credit it read into the ledger too: `serve`
/// reads the credit every `credit_interval`, and a reading before and after an unused expiry is
/// how the ledger learns whether the provider refunded it (`Ledger.recordCredit`).
package struct CreditReadingSink: SampleSink {
    let store: HistoryStore
    let ledger: Ledger
    let account: String
    /// The provider whose numbers the ledger counts: only its credit is a reading of `account`.
    let provider: ProviderName

    package init(store: HistoryStore, ledger: Ledger, account: String, provider: ProviderName = .main) {
        self.store = store
        self.ledger = ledger
        self.account = account
        self.provider = provider
    }

    package func ingest(_ round: SampleRound) async throws {
        try await store.ingest(round)
        // The history has the round; a ledger that cannot take the reading only misses a refund.
        // Stamped when the answer arrived, not with the round's whole second: a reading placed
        // before a cancel or take it actually followed would misread that one's money.
        if let sample = round.credits.first(where: { $0.provider == provider }), let credit = sample.credit,
           let answeredMs = sample.answeredMs {
            try? await ledger.recordCredit(account: account, credit: credit, atMs: answeredMs, sentMs: sample.sentMs ?? sample.time * 1000)
        }
    }
}
