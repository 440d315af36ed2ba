#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Scalars too long for a String's inline form, each text once, looked up by their bytes.
///
/// Repeated long scalars (`$ref`s, media types, stock descriptions: half the long-scalar bytes
/// of a large spec) share one storage, in the tree and in everything decoded from it. Looking a
/// text up by the bytes libyaml hands over finds a repeat before any String is made for it, and
/// hashes eight bytes at a step where a `Set<String>` hashes the whole text byte by byte.
///
/// Open addressing over a power-of-two table. The hash is seeded per process, so a spec cannot
/// be written to collide.
struct LongScalars {
    private var slots: [Int32]
    private var texts: [String] = []
    private var hashes: [UInt64] = []
    private let seed = UInt64.random(in: .min ... .max)

    /// `capacity`: about how many distinct texts there will be.
    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: -1, count: size)
        texts.reserveCapacity(capacity)
        hashes.reserveCapacity(capacity)
    }

    /// The text of `bytes`: the one made before for the same bytes, else a new one.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let hash = LongScalars.hash(bytes, seed: seed)
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while case let entry = Int(slots[slot]), entry >= 0 {
            if hashes[entry] == hash, LongScalars.text(texts[entry], is: bytes) { return texts[entry] }
            slot = (slot + 1) & mask
        }
        let text = String(decoding: bytes, as: UTF8.self)
        slots[slot] = Int32(texts.count)
        texts.append(text)
        hashes.append(hash)
        if texts.count * 2 > slots.count { grow() }
        return text
    }

    private static func text(_ text: String, is bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // A text repaired from invalid UTF-8 has other bytes, and is simply not shared.
        text.utf8.withContiguousStorageIfAvailable { stored in
            stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
        } ?? false
    }

    private mutating func grow() {
        slots = Array(repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] >= 0 { slot = (slot + 1) & mask }
            slots[slot] = Int32(entry)
        }
    }

    /// Eight bytes at a step, each word mixed in by a multiply and a shift.
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(bytes.count) &* 0x9E37_79B9_7F4A_7C15)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        var offset = 0
        func mix(_ word: UInt64) {
            hash = (hash ^ word) &* 0xBF58_476D_1CE4_E5B9
            hash ^= hash >> 31
        }
        while offset + 8 <= bytes.count {
            mix(raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
            offset += 8
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        while offset < bytes.count {
            tail |= UInt64(base[offset]) << shift
            shift += 8
            offset += 1
        }
        mix(tail)
        return hash ^ (hash >> 29)
    }
}
