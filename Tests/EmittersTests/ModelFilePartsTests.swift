import Testing

@testable import Emitters

@Suite("Models files in parts")
struct ModelFilePartsTests {
    /// Parts cover every type once, in order, and none is empty.
    private func expectTiling(_ parts: [Range<Int>], count: Int) {
        #expect(parts.first?.lowerBound == 0)
        #expect(parts.last?.upperBound == count)
        #expect(parts.allSatisfy { !$0.isEmpty })
        for (left, right) in zip(parts, parts.dropFirst()) { #expect(left.upperBound == right.lowerBound) }
    }

    @Test func evenTypesMakeEvenParts() {
        let parts = ModelsEmitter.parts(sizes: Array(repeating: 10, count: 100), partLines: 250)
        expectTiling(parts, count: 100)
        #expect(parts.map(\.count) == [25, 25, 25, 25])
    }

    @Test func aFileNoLargerThanTwoPartsIsOnePart() {
        #expect(ModelsEmitter.parts(sizes: [10, 10, 10], partLines: 20) == [0..<3])
        #expect(ModelsEmitter.parts(sizes: [10, 10, 10], partLines: .max) == [0..<3])
        #expect(ModelsEmitter.parts(sizes: [500], partLines: 1) == [0..<1])
    }

    /// A type larger than several shares ends its part; every later part still gets a type.
    @Test func oneLargeTypeLeavesTheRestTheirParts() {
        let sizes = [1000, 10, 10, 10, 10]
        let parts = ModelsEmitter.parts(sizes: sizes, partLines: 100)
        expectTiling(parts, count: sizes.count)
        #expect(parts.count == 5)
        #expect(parts[0] == 0..<1)
    }

    @Test func partLinesOfZeroGiveOneTypePerPart() {
        #expect(ModelsEmitter.parts(sizes: [3, 1, 4, 1, 5], partLines: 0) == [0..<1, 1..<2, 2..<3, 3..<4, 4..<5])
    }
}
