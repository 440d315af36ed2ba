/// Eight bytes read as one 64-bit word, for checks that test all eight at once (the strict JSON
/// check, `DecodedInput`). Each check says whether its test is exact or may flag a byte after
/// one that really matches.
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
}
