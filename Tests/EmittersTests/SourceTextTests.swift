import Testing

@testable import Emitters

@Suite("Source text")
struct SourceTextTests {
    @Test func concatenatedJoinsEveryPieceInOrder() {
        #expect(SourceText.concatenated([]) == "")
        #expect(SourceText.concatenated(["", ""]) == "")
        #expect(SourceText.concatenated(["self.", "name", " = ", "name"]) == "self.name = name")
        // Pieces past the small-string size, and bytes outside ASCII, keep their UTF-8 exactly.
        let long = String(repeating: "déjà vu, ", count: 20)
        #expect(SourceText.concatenated([long, "🦆", "", long]) == long + "🦆" + long)
        // A substring's string, which may share storage with a larger one.
        let sliced = String("prefix:value".split(separator: ":")[1])
        #expect(SourceText.concatenated([sliced, ": ", "Int"]) == "value: Int")
    }

    @Test func stringLiteralEscapesWhatCouldEndIt() {
        #expect(SourceText.stringLiteral("not_in") == "\"not_in\"")
        #expect(SourceText.stringLiteral("a\"b\\c\nd") == "\"a\\\"b\\\\c\\nd\"")
        #expect(SourceText.stringLiteral("\u{2028}") == "\"\\u{2028}\"")
        #expect(SourceText.stringLiteralContent("a\"b"[...]) == "a\\\"b")
    }

    @Test func columnsAreCharactersHoweverTheyAreCounted() {
        // Printable ASCII is counted from its bytes; anything else by characters, as before.
        for text in ["", "name: String", "id: Int = 0", "a\tb", "line\r\nbreak", "café", "e\u{301}", "👩‍👩‍👧", "日本語: String"] {
            #expect(ParameterLayout.columns(text) == text.count, "\(text.debugDescription)")
        }
        #expect(ParameterLayout.fitsOnOneLine(["a: Int"], prefix: 112))
        #expect(!ParameterLayout.fitsOnOneLine(["a: Int"], prefix: 113))
        #expect(!ParameterLayout.fitsOnOneLine(["a: Int", "b: Int", "c: Int", "d: Int"], prefix: 0))
    }
}
