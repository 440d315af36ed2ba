#if canImport(Darwin)
import Darwin
#elseif canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#endif

/// Times a stage on the system's monotonic clock, the one `ContinuousClock` reads. That clock
/// lives in the concurrency runtime, which nothing else here uses: reading the time through it
/// mapped 240 KB of the runtime's code into every run's peak memory.
struct Stopwatch {
    private let start = Stopwatch.now()

    /// The time since the stopwatch was made.
    var elapsed: Duration { Stopwatch.now() - start }

    private static func now() -> Duration {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return .seconds(time.tv_sec) + .nanoseconds(time.tv_nsec)
    }
}
