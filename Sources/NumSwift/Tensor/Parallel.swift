import Dispatch
import Foundation

/// Splitting of large elementwise kernels across `Runtime.threads` workers.
enum Parallel {
    private static let overrideKey: pthread_key_t = {
        var k = pthread_key_t()
        pthread_key_create(&k, nil)
        return k
    }()

    /// Workers for NumSwift's own kernels on this thread: `Runtime.threads`, unless a
    /// `withThreads` call on this thread says otherwise.
    static var threads: Int {
        let o = Int(bitPattern: pthread_getspecific(overrideKey))
        return o > 0 ? o : Runtime.threads
    }

    /// Runs `body` with NumSwift's own kernels split over `n` workers on this thread only
    /// (OpenBLAS and other threads are unaffected), e.g. to compare thread counts in tests
    /// that run concurrently with others.
    static func withThreads<R>(_ n: Int, _ body: () throws -> R) rethrows -> R {
        precondition(n >= 1, "Parallel.withThreads: \(n) threads")
        let before = pthread_getspecific(overrideKey)
        pthread_setspecific(overrideKey, UnsafeRawPointer(bitPattern: n))
        defer { pthread_setspecific(overrideKey, before) }
        return try body()
    }

    /// Elements below which one thread does the whole map (thread wake-up costs a few µs).
    static let minElementsPerThread = 1 << 16

    /// Calls `body(start, count)` on disjoint chunks covering `0..<n`, concurrently when `n` is
    /// large and more than one thread is configured. Chunks are multiples of 64 elements so that
    /// vector loops stay aligned.
    static func forChunks(_ n: Int, _ body: (Int, Int) -> Void) {
        let threads = n >= 2 * minElementsPerThread ? Swift.min(threads, n / minElementsPerThread) : 1
        if threads <= 1 {
            body(0, n)
            return
        }
        let chunk = ((n + threads - 1) / threads + 63) & ~63
        concurrently(threads, body) { b, t in
            let start = t * chunk
            if start < n { b(start, Swift.min(chunk, n - start)) }
        }
    }

    /// Calls `body(firstRow, rowCount)` on disjoint row ranges of `rows` rows of `rowSize`
    /// elements each, concurrently when the total is large.
    static func forRows(_ rows: Int, rowSize: Int, _ body: (Int, Int) -> Void) {
        let total = rows * rowSize
        let threads = total >= 2 * minElementsPerThread ? Swift.min(threads, rows, total / minElementsPerThread) : 1
        if threads <= 1 {
            body(0, rows)
            return
        }
        let chunk = (rows + threads - 1) / threads
        concurrently(threads, body) { b, t in
            let start = t * chunk
            if start < rows { b(start, Swift.min(chunk, rows - start)) }
        }
    }

    /// Runs `worker(body, t)` for `t` in `0..<threads` on Dispatch's pool and returns when all
    /// are done. `body` writes disjoint ranges chosen by the caller, so handing it to the workers
    /// is safe even though its type is not `Sendable` (it captures raw buffer pointers).
    private static func concurrently(
        _ threads: Int, _ body: (Int, Int) -> Void, _ worker: @escaping @Sendable ((Int, Int) -> Void, Int) -> Void
    ) {
        withoutActuallyEscaping(body) { escaping in
            let shared = DisjointWriter(body: escaping)
            DispatchQueue.concurrentPerform(iterations: threads) { t in worker(shared.body, t) }
        }
    }
}

/// A range-writing closure shared by the workers of one `Parallel` call (see `concurrently`).
private struct DisjointWriter: @unchecked Sendable {
    let body: (Int, Int) -> Void
}
