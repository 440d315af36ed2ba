#if os(Linux)
import CAllocator
#endif

/// How the generator gives memory back to the system (glibc's malloc; elsewhere nothing).
///
/// The CLI makes one process-wide setting: glibc's malloc returns large blocks to the system
/// as soon as they are freed.
///
/// By default glibc raises its mmap threshold to the size of the largest block freed so far, up
/// to 32 MB, and from then on serves blocks that large from the heap. A run frees several such
/// blocks (the spec's bytes, the YAML tree's arrays, the decoded document) before it renders the
/// output files, which need about as much again. Heap memory that is free but fragmented stays
/// resident, so a fixed threshold keeps the peak of a 4 MB spec about 12 MB lower, for a few
/// hundred extra mmap calls.
public enum Allocator {
    public static func returnLargeBlocksPromptly() {
        #if os(Linux)
        _ = mallopt(M_MMAP_THRESHOLD, 128 << 10)
        #endif
    }

    /// Returns the whole pages inside freed heap memory to the system. Freeing the YAML tree and
    /// the decoded document leaves some 10 MB of small blocks resident between the graph's; the
    /// rendered files then come from fresh pages, so without this both would count in the peak.
    static func returnFreedPages() {
        #if os(Linux)
        _ = malloc_trim(0)
        #endif
    }
}
