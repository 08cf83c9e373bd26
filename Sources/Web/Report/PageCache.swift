import Hummingbird
import Store

/// Renders each report page at most once per second, however many ask at once (single flight):
/// a flood of viewers costs one render per page per second, so it cannot starve the sampler of
/// CPU (issue 11's load test: 200 clients on the report while sampling every 2 s). A page is
/// keyed by its route and the parameters it reads, the second it is for, and the store's and
/// watches' versions, so a new round or a reload shows at once; other changes (an alert
/// delivered, a push) show within the second. Pages carry second-resolution times, so a page of
/// the same second is the same. Only the current second's pages are kept.
actor PageCache {
    private struct Entry {
        var key: Key
        var page: Task<HTMLPage, any Error>
    }

    struct Key: Hashable {
        var page: String
        var second: Int64
        var storeVersion: UInt64
        var watchesVersion: UInt64
    }

    /// Distinct pages kept within a second; beyond it a page is rendered without being kept (a
    /// watch page's country is the client's to vary).
    private let capacity = 256
    private var entries: [String: Entry] = [:]
    private var second = Int64.min

    func page(_ key: Key, render: @escaping @Sendable () async throws -> HTMLPage) async throws -> HTMLPage {
        if key.second > second {
            second = key.second
            entries.removeAll(keepingCapacity: true)
        }
        if let entry = entries[key.page], entry.key == key { return try await entry.page.value }
        if entries[key.page] == nil, entries.count >= capacity { return try await render() }
        let task = Task { try await render() }
        entries[key.page] = Entry(key: key, page: task)
        return try await task.value
    }
}
