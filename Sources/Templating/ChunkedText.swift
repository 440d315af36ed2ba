/// UTF-8 text kept as a list of chunks, each allocated once at a fixed capacity.
///
/// A rendered file grows to megabytes. In one array it would be copied at every doubling, and
/// each new buffer would be fresh memory the kernel must map and clear: on a large spec that was
/// a sixth of the run's page faults. Chunks are never copied, and chunks of a finished file are
/// reused by the next one's allocations.
public struct ChunkedText: Sendable {
    /// How much each chunk holds; kept under glibc's mmap threshold (see `Allocator`) so chunks
    /// come from the heap, where freed ones are reused instead of returned and faulted in again.
    public static let chunkCapacity = 64 << 10

    /// The chunks before `current`, in order. Each is full, or nearly: an append that does not
    /// fit in the room left starts a new chunk.
    private var earlier: [[UInt8]] = []
    /// The chunk being appended to. Kept apart so that an append reaches it without going
    /// through the list.
    private var current: [UInt8] = []
    /// The number of bytes.
    public private(set) var count = 0

    public init() {}

    public init(_ bytes: [UInt8]) {
        current = bytes
        count = bytes.count
    }

    /// The text in order, as it was appended (no chunk is empty).
    public var chunks: [[UInt8]] {
        current.isEmpty ? earlier : earlier + [current]
    }

    /// The whole text in one array.
    public var bytes: [UInt8] {
        if earlier.isEmpty { return current }
        var joined: [UInt8] = []
        joined.reserveCapacity(count)
        for chunk in earlier { joined += chunk }
        joined += current
        return joined
    }

    public mutating func append(_ byte: UInt8) {
        if current.count == current.capacity { startChunk(room: 1) }
        current.append(byte)
        count += 1
    }

    public mutating func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard !bytes.isEmpty else { return }
        if current.capacity - current.count < bytes.count { startChunk(room: bytes.count) }
        current.append(contentsOf: bytes)
        count += bytes.count
    }

    public mutating func append(_ bytes: [UInt8]) {
        bytes.withUnsafeBufferPointer { append($0) }
    }

    /// `other` after this text, its chunks taken as they are (a file rendered in parts).
    public mutating func append(contentsOf other: ChunkedText) {
        guard other.count > 0 else { return }
        if !current.isEmpty { earlier.append(current) }
        earlier += other.earlier
        current = other.current
        count += other.count
    }

    /// Sets the current chunk aside and starts one with room for at least `byteCount` bytes
    /// (a chunk of its own for text larger than a chunk).
    private mutating func startChunk(room byteCount: Int) {
        if !current.isEmpty { earlier.append(current) }
        current = []
        current.reserveCapacity(max(byteCount, Self.chunkCapacity))
    }
}

extension ChunkedText: Hashable {
    /// Equal when the texts are, wherever the chunks happen to split them.
    public static func == (lhs: ChunkedText, rhs: ChunkedText) -> Bool {
        lhs.count == rhs.count && lhs.bytes == rhs.bytes
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for chunk in chunks { chunk.withUnsafeBytes { hasher.combine(bytes: $0) } }
    }
}
