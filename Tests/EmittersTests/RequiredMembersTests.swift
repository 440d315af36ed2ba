import Testing

@testable import Emitters

@Suite("Union decoding order")
struct RequiredMembersTests {
    /// A struct that requires fewer members than another (a strict subset) takes its objects, so
    /// it must be tried after it. The sets are bits, of whatever number of words.
    @Test func strictSubsetsOfMemberBits() {
        typealias Members = ModelViewBuilder.RequiredMembers
        #expect(Members.isStrictSubset([0b011], of: [0b111]))
        #expect(!Members.isStrictSubset([0b111], of: [0b111]))
        #expect(!Members.isStrictSubset([0b100], of: [0b011]))
        #expect(Members.isStrictSubset([0b1], of: [0b1, 0b1]))
        #expect(!Members.isStrictSubset([0b1, 0], of: [0b1]))
        #expect(!Members.isStrictSubset([0b1, 0b1], of: [0b1]))
        #expect(Members.isStrictSubset([], of: [0b1]))
        #expect(!Members.isStrictSubset([], of: []))
    }
}
