import Testing

@testable import Templating

/// Text appended in pieces of every size, the way the renderer appends it.
private func appendedInPieces(_ bytes: [UInt8], sizes: [Int]) -> ChunkedText {
    var text = ChunkedText()
    var offset = 0
    var turn = 0
    while offset < bytes.count {
        let size = min(sizes[turn % sizes.count], bytes.count - offset)
        turn += 1
        if size == 1 {
            text.append(bytes[offset])
        } else {
            bytes[offset..<offset + size].withUnsafeBufferPointer { text.append($0) }
        }
        offset += size
    }
    return text
}

@Suite("Chunked text")
struct ChunkedTextTests {
    let bytes = (0..<(ChunkedText.chunkCapacity * 3 + 123)).map { UInt8(truncatingIfNeeded: $0 &* 7 &+ $0 >> 9) }

    @Test func keepsEveryByteInOrderAcrossChunks() {
        let text = appendedInPieces(bytes, sizes: [1, 5_000, 17, ChunkedText.chunkCapacity - 3, 2])
        #expect(text.count == bytes.count)
        #expect(text.chunks.count > 1)
        #expect(text.chunks.allSatisfy { !$0.isEmpty })
        #expect(text.chunks.flatMap { $0 } == bytes)
        #expect(text.bytes == bytes)
    }

    /// A chunk is never grown past its capacity (that would copy it): text that does not fit
    /// in the room left starts a new chunk, and text larger than a chunk gets one of its own.
    @Test func startsAChunkInsteadOfGrowingOne() {
        let large = ChunkedText.chunkCapacity * 2
        let text = appendedInPieces(bytes, sizes: [40_000, large, 30_000])
        #expect(text.bytes == bytes)
        // The first piece alone in the first chunk: the large one did not fit beside it.
        #expect(text.chunks[0] == Array(bytes[0..<40_000]))
        // The large piece starts a chunk of its own, whole.
        #expect(Array(text.chunks[1].prefix(large)) == Array(bytes[40_000..<40_000 + large]))
        // And the last piece, which did not fit after it either, starts the next.
        #expect(text.chunks.count == 3)
        #expect(text.chunks[2].first == bytes[40_000 + large])
    }

    @Test func equalityAndHashIgnoreWhereChunksSplit() {
        let one = appendedInPieces(bytes, sizes: [1_000])
        let other = appendedInPieces(bytes, sizes: [33_333, 1, 70_000])
        #expect(one.chunks.map(\.count) != other.chunks.map(\.count))
        #expect(one == other)
        #expect(one.hashValue == other.hashValue)
        #expect(one == ChunkedText(bytes))
        var changed = bytes
        changed[ChunkedText.chunkCapacity + 5] ^= 1
        #expect(one != ChunkedText(changed))
        #expect(ChunkedText() == ChunkedText([]))
        #expect(ChunkedText().chunks.isEmpty)
    }
}
