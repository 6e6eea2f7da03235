#if canImport(Glibc)
    import Glibc
#endif

/// Seconds on the monotonic clock (CLOCK_MONOTONIC): for intervals only, never for dates.
@inline(__always) package func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) * 1e-9
}

/// Measures elapsed time from its creation (or the last `lap`) on the monotonic clock.
package struct Stopwatch: Sendable {
    private var start: Double
    private var lapStart: Double

    /// Starts now.
    package init() {
        start = monotonicSeconds()
        lapStart = start
    }

    /// Seconds since creation.
    package var seconds: Double { monotonicSeconds() - start }

    /// Seconds since creation or the previous `lap()`, and starts a new lap.
    package mutating func lap() -> Double {
        let now = monotonicSeconds()
        defer { lapStart = now }
        return now - lapStart
    }
}
