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
/// Either way the threads other than the main one share one arena: glibc gives each thread that
/// allocates an arena of its own, and memory freed in one (a helper's work, made on one core and
/// freed on the other) is not reused by the others. With one shared arena a large spec's peak is
/// steady instead of 29 or 34 MB depending on which threads ran what, at no cost in time.
public enum Allocator {
    /// Where a spec counts as large (the README's memory budget is 10× the spec).
    static let largeSpecBytes = 2 << 20

    /// Sets the process-wide policy for generating from a spec of `specBytes` bytes.
    public static func tune(forSpecOfSize specBytes: Int) {
        #if os(Linux)
        _ = mallopt(M_ARENA_MAX, 2)
        if specBytes < largeSpecBytes {
            _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
            _ = mallopt(M_TRIM_THRESHOLD, 128 << 10)
        } else {
            _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
            _ = mallopt(M_TRIM_THRESHOLD, 2 << 20)
        }
        #endif
    }

    /// Whether a process that exits once it has generated from a spec of `specBytes` bytes
    /// should keep the decoded document instead of freeing it (`Pipeline.prepare`'s
    /// `keepingDocument`). Only from `largeSpecBytes` up: there freeing it on the main thread
    /// takes 3% of the run, and keeping it adds 0.3 to 0.8× the spec to a peak of 6 to 9×
    /// (Telnyx: 31 MB, 7.7×). A small spec's peak is mostly the runtime's fixed megabytes, and
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
