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
    @Test func neverGrowsAChunk() {
        let text = appendedInPieces(bytes, sizes: [40_000, ChunkedText.chunkCapacity * 2, 3])
        #expect(text.bytes == bytes)
        #expect(text.chunks.contains { $0.count >= ChunkedText.chunkCapacity * 2 })
        for chunk in text.chunks.dropLast() where chunk.count < ChunkedText.chunkCapacity {
            #expect(chunk.count <= ChunkedText.chunkCapacity)
        }
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
