#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Eight bytes read as one 64-bit word, for checks that test all eight at once (the strict JSON
/// check, `DecodedInput`). Each check says whether its test is exact or may flag a byte after
/// one that really matches. Also the one search for a single byte the readers share (memchr).
enum ByteWords {
    /// 0x01 in every byte: `lowBits &* b` is `b` in every byte.
    static let lowBits: UInt64 = 0x0101_0101_0101_0101
    static let lowSevenBits: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// The eight bytes at `offset`, in memory order (which byte is where does not matter to
    /// tests that look at every byte alike).
    @inline(__always)
    static func word(_ bytes: UnsafeBufferPointer<UInt8>, at offset: Int) -> UInt64 {
        UnsafeRawPointer(bytes.baseAddress!).loadUnaligned(fromByteOffset: offset, as: UInt64.self)
    }

    /// The offset of the first `byte` at or after `start` and before `end`, found by memchr.
    static func offset(of byte: UInt8, in buffer: UnsafeBufferPointer<UInt8>, from start: Int, before end: Int) -> Int? {
        guard let base = buffer.baseAddress, start < end, let found = memchr(base + start, Int32(byte), end - start) else { return nil }
        return UnsafePointer<UInt8>(found.assumingMemoryBound(to: UInt8.self)) - base
    }
}
