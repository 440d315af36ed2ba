import Testing

@testable import YAMLReader

@Suite("Long scalars")
struct LongScalarsTests {
    private func text(_ table: inout LongScalars, _ string: String) -> String {
        Array(string.utf8).withUnsafeBufferPointer { table.text($0) }
    }

    private func storage(_ string: String) -> UnsafePointer<UInt8>? {
        string.utf8.withContiguousStorageIfAvailable { $0.baseAddress } ?? nil
    }

    /// The same bytes give the same text, sharing one storage, across the table's growth.
    @Test func repeatedTextsShareOneStorage() {
        var table = LongScalars(capacity: 4)
        let texts = (0..<500).map { "a long scalar, number \($0), well past fifteen bytes" }
        let first = texts.map { text(&table, $0) }
        #expect(first == texts)
        for (index, string) in texts.enumerated() {
            let again = text(&table, string)
            #expect(again == string)
            #expect(storage(again) == storage(first[index]))
        }
    }

    /// Texts that differ only in their last byte, or only in length, stay apart.
    @Test func nearTextsStayApart() {
        var table = LongScalars(capacity: 16)
        let base = "0123456789abcdef0123456789abcdef"
        let variants = [base, base + "x", base + "y", String(base.dropLast()), String(base.map { $0 == "f" ? "g" : $0 })]
        for variant in variants { #expect(text(&table, variant) == variant) }
        for variant in variants { #expect(text(&table, variant) == variant) }
    }
}
