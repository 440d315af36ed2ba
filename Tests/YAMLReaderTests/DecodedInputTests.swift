import Diagnostics
import Testing

@testable import YAMLReader

@Suite("Input decoded ahead of libyaml")
struct DecodedInputTests {
    /// The characters of `bytes` by libyaml's reader's rules, spelled out the slow way: Swift's
    /// UTF-8 validation (which refuses overlong forms, surrogates and values past U+10FFFF, as
    /// the reader does), then the characters YAML allows. nil after a leading byte order mark,
    /// which only the reader removes.
    static func reference(_ bytes: [UInt8]) -> Int? {
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { return nil }
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var count = 0
        for scalar in text.unicodeScalars {
            let value = scalar.value
            let allowed = value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0x7E).contains(value) || value == 0x85
                || (0xA0...0xD7FF).contains(value) || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
            guard allowed else { return nil }
            count += 1
        }
        return count
    }

    static func count(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { DecodedInput.characterCount($0) }
    }

    /// Each sequence at every position of an eight-byte word, in ASCII text: the word-at-a-time
    /// test and the character-at-a-time one must both judge it.
    @Test func everySequenceIsJudgedAsLibYAMLsReaderJudgesIt() {
        let sequences: [[UInt8]] = [
            [0x09], [0x0A], [0x0D], [0x20], [0x7E],  // allowed ASCII
            [0x00], [0x01], [0x1F], [0x7F],  // control characters and DEL
            [0xC2, 0x85], [0xC2, 0xA0], [0xDF, 0xBF], [0xE0, 0xA0, 0x80], [0xED, 0x9F, 0xBF], [0xEE, 0x80, 0x80],
            [0xEF, 0xBB, 0xBF], [0xEF, 0xBF, 0xBD], [0xF0, 0x90, 0x80, 0x80], [0xF4, 0x8F, 0xBF, 0xBF],  // allowed
            [0xC2, 0x80], [0xC2, 0x9F],  // C1 controls
            [0xEF, 0xBF, 0xBE], [0xEF, 0xBF, 0xBF],  // U+FFFE, U+FFFF
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xF0, 0x80, 0x80, 0x80],  // overlong
            [0xED, 0xA0, 0x80], [0xED, 0xBF, 0xBF],  // surrogates
            [0xF4, 0x90, 0x80, 0x80], [0xF7, 0xBF, 0xBF, 0xBF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xFF],  // past U+10FFFF
            [0x80], [0xBF], [0xC2], [0xE2, 0x82], [0xF0, 0x90, 0x80], [0xC2, 0x41], [0xE2, 0x28, 0xA1],  // broken
        ]
        for sequence in sequences {
            for offset in 0..<17 {
                for after in [0, 1, 9] {
                    let bytes = Array(repeating: UInt8(ascii: "a"), count: offset) + sequence
                        + Array(repeating: UInt8(ascii: "b"), count: after)
                    #expect(DecodedInputTests.count(bytes) == DecodedInputTests.reference(bytes), "\(sequence) at \(offset), \(after) after")
                }
            }
        }
        // Only a leading byte order mark is the reader's to remove.
        #expect(DecodedInputTests.count([0xEF, 0xBB, 0xBF, 0x61]) == nil)
        #expect(DecodedInputTests.count([0x61, 0xEF, 0xBB, 0xBF]) == 2)
        #expect(DecodedInputTests.count([]) == 0)
    }

    /// The document's nodes, or its error.
    static func nodes(_ text: String, reading: TreeBuilder.InputReading) -> [String] {
        let bytes = Array(text.utf8)
        let input = reading == .decodedInPlace ? DecodedInput.padded(count: bytes.count) { _ = $0.initialize(fromContentsOf: bytes) } : bytes
        var builder = TreeBuilder(bytes: input, file: "spec.yaml", limits: .default, reading: reading)
        do throws(DiagnosticsError) {
            return dump(try builder.build())
        } catch {
            return ["error: " + error.description]
        }
    }

    /// The scanner reads what its own reader would have given it: the same nodes, at the same
    /// places, and the same errors, wherever the input ends.
    @Test(arguments: [
        "a: 1\nb: [x, 'y', \"z\"]\n",
        "key: value",
        "text: |\n  kept\n  lines\n",
        "text: |\n  no line break at the end",
        "text: >-\n  folded\n  lines\n\n",
        "crlf: 1\r\nnext: two words\r\n",
        "nel: a\u{85}b\nls: c\u{2028}d\nps: e\u{2029}f\n",
        "café: naïve\nemoji: \"🦊 \\u00e9\"\nmath: 𝔸\n",
        "tab:\tafter\nquoted: \"a\tb\"\n",
        "anchors: &a {x: 1}\nuse: *a\n",
        "- one\n- two:\n    three\n",
        "\u{FEFF}bom: 1\n",
        "mid: a\u{FEFF}b\n",
        "",
        "a: 1\nb: \u{1}\n",
        "a: {b: 1\n",
        "a: \"open\n",
    ])
    func theScannerReadsTheSameDocument(_ text: String) {
        let read = DecodedInputTests.nodes(text, reading: .reader)
        #expect(DecodedInputTests.nodes(text, reading: .decodedCopy) == read)
        #expect(DecodedInputTests.nodes(text, reading: .decodedInPlace) == read)
    }

    /// The parser's own buffer goes back before it is freed, and a piece read the decoded way
    /// ends exactly at its range (the bytes after it are another piece's).
    @Test func aRangeEndsWhereItEnds() throws {
        let bytes = Array("a: 1\nb: 2\nc: 3\n".utf8)
        var builder = TreeBuilder(bytes: bytes, file: "spec.yaml", limits: .default, range: 0..<10, reading: .decodedCopy)
        let arena = try builder.buildArena()
        #expect(arena.records.count == 5)
        #expect(arena.scalars.contains("2") && !arena.scalars.contains("c"))
    }
}
