import Parallelism

#if os(Linux)
import CAllocator
#endif

/// How the generator gives memory back to the system (glibc's malloc; elsewhere nothing).
///
/// The trade is memory against time, and which matters more depends on the spec's size:
///
/// - Below `largeSpecBytes`, the runtime's fixed few megabytes dominate the peak, so freed
///   memory goes back at once. By default glibc raises its mmap threshold to the size of the
///   largest block freed so far (up to 32 MB) and from then on serves blocks that large from
///   the heap, where free but fragmented memory stays resident. A fixed 128 KB threshold, and
///   trimming the heap once the YAML tree and the decoded document are freed, keep the peak
///   of such a spec about a megabyte lower.
/// - From `largeSpecBytes` up, the peak is a small multiple of the spec, and mapping, faulting
///   in and unmapping every block over 128 KB (the tree's growing arrays, the rendered files'
///   chunks) costs a large spec 5 to 10% of its time: half its page faults. Blocks up to 1 MB
///   then come from the heap, and the heap is not trimmed: 1 to 1.5 MB more at the peak.
///
/// Arenas are the same trade. glibc gives each thread that allocates an arena of its own, and
/// memory freed in one (a helper's work, made on one core and freed on the other) is not reused
/// by the others: a small spec's peak grows by 1.5 MB (Discord: 10.6 → 12.3 MB, past 10×).
/// Capped at two arenas, though, threads do not keep to their own: once both exist, glibc hands
/// each further thread the existing arenas in turn, the main thread's first, skipping one only
/// while it is locked. A helper given the main thread's arena contends with it for blocks the
/// thread caches cannot serve, and which helper that is depends on which threads start first:
/// up to 20% of the Telnyx spec's run. So below `largeSpecBytes` the helpers share at most two
/// arenas (see `helpersShareArenas`), and from there up every thread has its own: 2 to 3 MB
/// more at the peak (Telnyx: 31 → 34 MB, 8×), and 3 to 6% less time.
public enum Allocator {
    /// Where a spec counts as large (the README's memory budget is 10× the spec).
    static let largeSpecBytes = 2 << 20

    /// Sets the process-wide policy for generating from a spec of `specBytes` bytes.
    public static func tune(forSpecOfSize specBytes: Int) {
        // The graph's main thread makes the operation preps its helper has not started (Telnyx
        // and OpenAI 1.6 and 1.9 ms less in paired runs), but not where threads share arenas:
        // there the preps' blocks sat among the main thread's and raised Discord's peak by 0.1
        // to 0.45 MB, past 10× its size.
        Concurrently.consumersMakeWork = !helpersShareArenas(forSpecOfSize: specBytes)
        #if os(Linux)
        // More than the threads a run starts (four helpers), so that none shares an arena.
        _ = mallopt(M_ARENA_MAX, helpersShareArenas(forSpecOfSize: specBytes) ? 2 : 8)
        if specBytes < largeSpecBytes {
            _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
            _ = mallopt(M_TRIM_THRESHOLD, 128 << 10)
        } else {
            _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 2 << 20)
        }
        #endif
    }

    /// Whether `tune` caps the arenas at two for a spec of `specBytes` bytes, so that a helper
    /// thread may allocate from the main thread's arena: then work is best not started on
    /// another thread before the parse, whose helpers would come after it for an arena.
    public static func helpersShareArenas(forSpecOfSize specBytes: Int) -> Bool {
        specBytes < largeSpecBytes
    }

    /// Whether a process that exits once it has generated from a spec of `specBytes` bytes
    /// should keep the decoded document instead of freeing it (`Pipeline.prepare`'s
    /// `keepingDocument`). Only from `largeSpecBytes` up: there freeing it takes 3% of the
    /// run, and keeping it, paths included, adds 0.5 to 1.3× the spec to a peak of 6 to 9×
    /// (Telnyx: 34 MB, 8.4×). A small spec's peak is mostly the runtime's fixed megabytes, and
    /// its document takes little time to free.
    public static func keepsDocument(forSpecOfSize specBytes: Int) -> Bool {
        specBytes >= largeSpecBytes
    }

    /// Returns the whole pages inside freed heap memory to the system, for a spec small enough
    /// to be worth it. Freeing the YAML tree and the decoded document leaves some 10 MB of small
    /// blocks resident between the graph's; the rendered files then come from fresh pages, so
    /// without this both would count in the peak.
    static func returnFreedPages(specBytes: Int) {
        #if os(Linux)
        if specBytes < largeSpecBytes { _ = malloc_trim(0) }
        #endif
    }
}
