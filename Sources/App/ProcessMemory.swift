#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// glibc malloc settings for a long-running `serve`, applied first thing: the arena cap holds for
/// the arenas made after it, which are all but the first few.
///
/// By default glibc gives each thread that meets a busy lock an arena of its own (up to eight per
/// core), and raises the threshold above which it maps a block on its own each time such a block
/// is freed. Under churn, /metrics replaces bodies of megabytes every few seconds from whichever
/// thread built them: freed, they stay in the arena as holes the next body does not fit. With
/// 30,000 series the defaults took serve's peak RSS to 112 MiB, these settings to 78 MiB
/// (docs/metrics.md, "Performance"): two arenas, and blocks of 256 KiB or more mapped alone and
/// unmapped on free. A variable the operator set (`MALLOC_ARENA_MAX`, `MALLOC_MMAP_THRESHOLD_`) wins.
package enum ProcessMemory {
    /// False where there is no glibc `mallopt` to call.
    @discardableResult
    package static func tuneAllocator(environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        #if canImport(Glibc)
        // Swift's Glibc module leaves out <malloc.h>: `mallopt` is looked up by name, and its
        // parameters are glibc's (malloc.h: M_MMAP_THRESHOLD -3, M_ARENA_MAX -8; stable ABI).
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return false }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        if environment["MALLOC_ARENA_MAX"] == nil { _ = mallopt(-8, 2) }
        if environment["MALLOC_MMAP_THRESHOLD_"] == nil { _ = mallopt(-3, 256 * 1024) }
        return true
        #else
        return false
        #endif
    }
}
