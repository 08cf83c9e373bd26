import Hummingbird
import Store

/// Renders each report page at most once per second per URL, however many ask at once (single
/// flight): a flood of viewers costs one render per page per second, so it cannot starve the
/// sampler of CPU (issue 11's load test: 200 clients on the report while sampling every 2 s).
/// A page is keyed by its URL, the second it is for, and the store's and watches' versions, so a
/// new round or a reload shows at once; other changes (an alert delivered, a push) show within
/// the second. Pages carry second-resolution times, so a page of the same second is the same.
actor PageCache {
    private struct Entry {
        var key: Key
        var page: Task<HTMLPage, any Error>
    }

    struct Key: Hashable {
        var url: String
        var second: Int64
        var storeVersion: UInt64
        var watchesVersion: UInt64
    }

    /// Distinct URLs kept; beyond it, pages of past seconds are dropped first, and a URL that
    /// still does not fit is rendered without being kept (query strings are the client's to vary).
    private let capacity = 256
    private var entries: [String: Entry] = [:]

    func page(_ key: Key, render: @escaping @Sendable () async throws -> HTMLPage) async throws -> HTMLPage {
        if let entry = entries[key.url], entry.key == key { return try await entry.page.value }
        if entries[key.url] == nil, entries.count >= capacity {
            entries = entries.filter { $0.value.key.second == key.second }
            if entries.count >= capacity { return try await render() }
        }
        let task = Task { try await render() }
        entries[key.url] = Entry(key: key, page: task)
        return try await task.value
    }
}
