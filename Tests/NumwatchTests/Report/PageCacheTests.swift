import Synchronization
import Testing
@testable import Web

/// Many viewers of one page cost one render a second; a new round, a reload or the next second
/// renders again.
@Suite struct PageCacheTests {
    final class Renders: Sendable {
        let count = Mutex(0)
        /// How long a render takes: long enough, where it matters, for the other viewers to arrive.
        let milliseconds: Int
        init(milliseconds: Int = 0) { self.milliseconds = milliseconds }

        func render() async throws -> HTMLPage {
            let n = count.withLock { $0 += 1; return $0 }
            try await Task.sleep(for: .milliseconds(milliseconds))
            return HTMLPage(text: "render \(n)")
        }
    }

    static func key(_ page: String = "overview", second: Int64 = 100, store: UInt64 = 1, watches: UInt64 = 0) -> PageCache.Key {
        PageCache.Key(page: page, second: second, storeVersion: store, watchesVersion: watches)
    }

    @Test func concurrentViewersOfOnePageShareOneRender() async throws {
        let cache = PageCache()
        let renders = Renders(milliseconds: 50)
        let pages = try await withThrowingTaskGroup(of: String.self) { group in
            for _ in 0..<50 { group.addTask { try await cache.page(Self.key()) { try await renders.render() }.text } }
            return try await group.reduce(into: [String]()) { $0.append($1) }
        }
        #expect(Set(pages) == ["render 1"])
        #expect(renders.count.withLock { $0 } == 1)
    }

    @Test func aNewSecondARoundOrAReloadRendersAgain() async throws {
        let cache = PageCache()
        let renders = Renders()
        for key in [Self.key(), Self.key(), Self.key(second: 101), Self.key(second: 101, store: 2), Self.key(second: 101, store: 2, watches: 1),
                    Self.key("alerts", second: 101, store: 2, watches: 1)] {
            _ = try await cache.page(key) { try await renders.render() }
        }
        #expect(renders.count.withLock { $0 } == 5)
    }

    @Test func urlsBeyondTheCapacityAreStillServed() async throws {
        let cache = PageCache()
        let renders = Renders()
        for n in 0..<300 {
            let page = try await cache.page(Self.key("watch telegram \(n)")) { try await renders.render() }
            #expect(page.text == "render \(n + 1)")
        }
    }
}
