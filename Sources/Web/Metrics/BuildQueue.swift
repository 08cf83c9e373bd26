import Dispatch

/// Where /metrics renders and compresses a changed exposition: a serial queue of its own, off
/// Swift's cooperative pool.
///
/// The pool has one thread per core, and it also runs every request handler. A build takes tens of
/// milliseconds with tens of thousands of series; on the pool it would hold a thread that long, and
/// on a two-core machine a scrape that needs a thread would wait for it. On a thread of its own
/// the build is preempted by the kernel instead, and a scrape of the body already built is served
/// at once.
enum BuildQueue {
    private static let queue = DispatchQueue(label: "numwatch.metrics-build")

    static func run<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            queue.async { continuation.resume(returning: work()) }
        }
    }
}
