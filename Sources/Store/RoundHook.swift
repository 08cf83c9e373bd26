import Domain
import GRDB

/// Called inside the transaction that stores a round, with what the round observed. The hook's
/// writes commit or roll back with the round; a hook keeping state in memory publishes it with
/// `db.afterNextTransaction(onCommit:)`, so a failed round leaves that state untouched too.
///
/// Alerting implements it; the store knows nothing of alerts beyond this seam.
package protocol RoundHook: Sendable {
    func roundStored(_ round: StoredRound, _ db: Database) throws
}

/// One round as stored: every pair observed, what it was before, and the account's state.
///
/// A round with no samples (`watches` empty, `credit` nil) is time passing: `HistoryStore.passTime`
/// hands it to the hook so that conditions which depend on time alone are evaluated on time.
package struct StoredRound: Sendable {
    /// Unix seconds: the latest sample time of the round (for time passing: the moment itself).
    package var time: Int64
    package var watches: [PlatformObservation]
    /// At most one per provider.
    package var credits: [CreditObservation] = []
    /// Unix seconds of the last successful provider call of any kind (nil: none ever).
    package var lastProviderOk: Int64? { lastOkByProvider.values.max() }
    /// The same, per provider.
    package var lastOkByProvider: [ProviderName: Int64] = [:]
    /// Per provider, Unix seconds of its first sample stored (how long "never succeeded" has lasted).
    package var firstSampleByProvider: [ProviderName: Int64] = [:]
    /// Watches whose latest sample succeeded: their stored values are the current ones.
    package var lastSampleOk: Set<PlatformKey> = []
}

/// One watch's sample in a round.
package struct PlatformObservation: Sendable {
    package var provider: ProviderName
    package var platform: String
    package var time: Int64
    /// Whether the pricing call succeeded; on failure `pairs` and `delisted` are empty.
    package var ok: Bool
    package var pairs: [PairObservation]
    /// Countries listed before this sample and not in it.
    package var delisted: [String]
}

package struct PairObservation: Sendable {
    package var country: String
    package var name: String
    package var price: Int
    package var stock: Int
    /// The price in force before this sample (nil: the pair was not listed).
    package var previousPrice: Int?
    /// Whether price or stock differ from the value in force before this sample (a new or
    /// relisted pair counts as changed).
    package var changed: Bool
}

package struct CreditObservation: Sendable {
    package var provider: ProviderName
    package var time: Int64
    /// nil when the credit call failed.
    package var credit: Int?
}
