import Foundation

/// Keeps the account clear of the provider's two bans, refusing locally before a request is sent:
/// - checking one number more often than every 20 s blocks the client for up to a minute;
/// - taking more than 50 numbers in a day with none activated bans the account.
///
/// State can be kept in a file so that separate CLI invocations share it (a shell loop around
/// `numwatch number check` is exactly how a user would trip the poll block).
public actor AccountGuard {
    /// The provider's documented floor; a configured interval below it is raised to it.
    public static let minimumPollInterval: Double = 20
    /// The provider bans past 50 takes a day with none activated; stop short of it by default.
    public static let providerDailyTakeBan = 50

    public nonisolated let pollInterval: Double
    public nonisolated let dailyTakeLimit: Int
    private let clock: any WallClock
    private let stateFile: URL?
    private var state: State

    struct State: Codable {
        var lastCheck: [String: Timestamp] = [:]
        var takes: [Timestamp] = []
        var activations: [Timestamp] = []
        var activatedIDs: Set<String> = []
    }

    public init(
        pollInterval: Double = AccountGuard.minimumPollInterval,
        dailyTakeLimit: Int = 45,
        clock: any WallClock = SystemWallClock(),
        stateFile: URL? = nil
    ) {
        self.pollInterval = max(pollInterval, Self.minimumPollInterval)
        self.dailyTakeLimit = min(max(dailyTakeLimit, 1), Self.providerDailyTakeBan)
        self.clock = clock
        self.stateFile = stateFile
        if let stateFile, let data = try? Data(contentsOf: stateFile),
           let saved = try? JSONDecoder().decode(State.self, from: data) {
            state = saved
        } else {
            state = State()
        }
    }

    /// Claims the right to check `numberID` now, or says when it will be allowed.
    public func reserveCheck(_ numberID: String) throws(ProviderError) {
        let now = clock.now()
        if let last = state.lastCheck[numberID] {
            let next = last.adding(seconds: pollInterval)
            if now < next {
                let wait = Double(next.microsecondsSince1970 - now.microsecondsSince1970) / 1_000_000
                throw .pollTooSoon(numberID: numberID, nextAllowed: next, waitSeconds: wait.rounded(.up))
            }
        }
        state.lastCheck[numberID] = now
        prune(now: now)
        save()
    }

    /// Claims `count` takes (one per service of a bundle), or refuses if that would near the ban.
    public func reserveTakes(_ count: Int) throws(ProviderError) {
        let now = clock.now()
        prune(now: now)
        if state.activations.isEmpty, state.takes.count + count > dailyTakeLimit {
            throw .dailyTakeLimit(taken: state.takes.count, limit: dailyTakeLimit)
        }
        state.takes.append(contentsOf: repeatElement(now, count: count))
        save()
    }

    /// Gives back takes whose request the provider refused outright (nothing was issued).
    public func releaseTakes(_ count: Int) {
        state.takes.removeLast(min(count, state.takes.count))
        save()
    }

    /// Records that a number received an SMS: an activation, which lifts the daily limit.
    public func recordActivation(_ numberID: String) {
        guard state.activatedIDs.insert(numberID).inserted else { return }
        state.activations.append(clock.now())
        save()
    }

    public func takesInLastDay() -> (taken: Int, activated: Int) {
        prune(now: clock.now())
        return (state.takes.count, state.activations.count)
    }

    /// Forgets what is older than a day (the ban counts one day; a poll entry matters for 20 s).
    private func prune(now: Timestamp) {
        let dayAgo = now.adding(seconds: -86_400)
        state.takes.removeAll { $0 < dayAgo }
        state.activations.removeAll { $0 < dayAgo }
        let pollHorizon = now.adding(seconds: -pollInterval)
        state.lastCheck = state.lastCheck.filter { $0.value >= pollHorizon }
        if state.activations.isEmpty { state.activatedIDs.removeAll() }
    }

    private func save() {
        guard let stateFile else { return }
        try? FileManager.default.createDirectory(
            at: stateFile.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let data = try? JSONEncoder().encode(state) {
            try? data.write(to: stateFile, options: .atomic)
        }
    }
}
