import Domain
import Store

/// Whether what the store holds is current: per target (a watch, or the credit), when it was
/// last sampled successfully, and whether that is too long ago for its interval.
struct Freshness: Sendable {
    struct Target: Sendable {
        var provider: ProviderName
        var name: String
        /// How the page names it: the target alone with one provider, `provider target` with several.
        var label: String
        var health: Snapshot.Health?
        /// No successful sample within a few intervals (the values shown are the last ones seen).
        var stale: Bool
    }

    let now: Int64
    let targets: [Target]

    /// `intervals`: each target's sampling interval, per provider. A target is stale after three
    /// intervals without success (one failure is a blip, backoff is then at work), and never
    /// before three minutes. `several`: more than one provider, so labels name theirs.
    init(snapshot: Snapshot, intervals: [(provider: ProviderName, target: String, interval: Duration)], several: Bool, now: Int64) {
        self.now = now
        targets = intervals.map { provider, target, interval in
            let health = snapshot[provider].health[target]
            // Whole seconds, as the store's times count.
            let limit = max((interval * 3).components.seconds, 180)
            let stale = health.map { h in h.lastOk.map { now - $0 > limit } ?? true } ?? false
            return Target(provider: provider, name: target, label: several ? "\(provider) \(target)" : target, health: health, stale: stale)
        }
    }

    /// Nothing sampled yet, at all.
    var noData: Bool { targets.allSatisfy { $0.health == nil } }

    func target(_ name: String, provider: ProviderName) -> Target? { targets.first { $0.name == name && $0.provider == provider } }

    /// A platform's targets, one per provider sampling it.
    func targets(_ name: String) -> [Target] { targets.filter { $0.name == name } }

    /// The banner above a page: no data yet; the provider unreachable (every target stale and
    /// failing); or some targets stale.
    func banner(time: ReportTime) -> Banner? {
        if noData {
            return Banner(kind: "info", title: "No data yet.",
                          text: "numwatch has not finished its first round of samples; this page fills in within a minute or so.")
        }
        let sampled = targets.filter { $0.health != nil }
        let stale = sampled.filter(\.stale)
        guard !stale.isEmpty else { return nil }
        let lastOk = sampled.compactMap { $0.health?.lastOk }.max()
        let since = lastOk.map { "since \(time.dateTime($0)) (\(ReportFormat.age(now - $0)) ago)" } ?? "yet"
        if stale.count == sampled.count, let failing = sampled.compactMap(\.health).max(by: { $0.lastTime < $1.lastTime }),
           failing.lastOutcome != SampleOutcome.ok.rawValue {
            let reason = failing.lastMessage.map { "\(failing.lastOutcome): \($0)" } ?? failing.lastOutcome
            return Banner(kind: "bad", title: "Provider unreachable.",
                          text: "No successful call \(since); the last one failed with \(reason). The values below are the last ones seen, marked stale.")
        }
        let names = stale.map(\.label).joined(separator: ", ")
        return Banner(kind: "warn", title: "Stale data.", text: "No recent successful sample of \(names); those values are marked stale.")
    }
}
