#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Open connections and the process's file-descriptor limit, made to agree at start-up.
///
/// Each connection is a descriptor. Past the limit, accepting fails and a scrape cannot get in
/// (with 1,200 slow clients and the usual soft limit of 1024, serve 0.1 answered no scrape and
/// then died). So `serve` raises its soft limit towards the hard one (as Go programs do
/// by themselves) far enough for `http.max_connections` and a reserve, and where the hard limit
/// is too low, accepts fewer connections than configured, and says so.
struct DescriptorLimit: Equatable {
    /// For everything but client connections: the database's connections and their -wal and
    /// -shm, the provider's and the webhooks' connections, the event loops, the log.
    static let reserve = 256

    /// The soft limit to ask for (nil: keep it) and the connections to accept.
    var raiseSoftLimitTo: UInt64?
    var maxConnections: Int

    /// What to do for `requested` connections under the limits `soft` and `hard`.
    static func plan(requested: Int, soft: UInt64, hard: UInt64) -> DescriptorLimit {
        let needed = UInt64(requested + reserve)
        let target = min(needed, hard)
        let available = max(target, soft)
        let connections = min(requested, max(16, Int(clamping: available) - reserve))
        return DescriptorLimit(raiseSoftLimitTo: target > soft ? target : nil, maxConnections: connections)
    }

    /// Applies the plan to this process; returns the connections to accept and, when that is
    /// fewer than asked, why.
    static func apply(requested: Int) -> (maxConnections: Int, shortfall: String?) {
        var limits = rlimit()
        guard getrlimit(resourceKind, &limits) == 0 else { return (requested, nil) }
        let soft = UInt64(limits.rlim_cur)
        var chosen = plan(requested: requested, soft: soft, hard: UInt64(limits.rlim_max))
        if let raise = chosen.raiseSoftLimitTo {
            var raised = limits
            raised.rlim_cur = rlim_t(raise)
            if setrlimit(resourceKind, &raised) != 0 { chosen = plan(requested: requested, soft: soft, hard: soft) }
        }
        guard chosen.maxConnections < requested else { return (requested, nil) }
        let files = chosen.raiseSoftLimitTo ?? soft
        return (chosen.maxConnections, "http.max_connections is \(requested) but the process may open only \(files) files"
            + " (\(reserve) kept for the database and outgoing connections): accepting at most \(chosen.maxConnections)"
            + " connections; raise the limit (LimitNOFILE in the systemd unit, ulimit -n)")
    }

    #if canImport(Glibc)
    private static let resourceKind = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
    private static let resourceKind = RLIMIT_NOFILE
    #endif
}
