import Diagnostics
import Foundation
import Testing

@testable import YAMLReader

func parse(_ text: String, file: String = "test.yaml", limits: YAMLLimits = .default) throws(DiagnosticsError) -> YAMLDocument {
    try YAMLDocument.parse(Array(text.utf8), file: file, limits: limits)
}

/// The single error a document produces, as printed.
func failure(_ text: String, file: String = "test.yaml", limits: YAMLLimits = .default) -> String? {
    failure(Array(text.utf8), file: file, limits: limits)
}

func failure(_ bytes: [UInt8], file: String = "test.yaml", limits: YAMLLimits = .default) -> String? {
    do {
        _ = try YAMLDocument.parse(bytes, file: file, limits: limits)
        return nil
    } catch {
        return error.diagnostics.map(\.description).joined(separator: "\n")
    }
}

@Suite("YAML reader")
struct YAMLReaderTests {
    @Test func scalarsResolveWithTheCoreSchema() throws {
        let document = try parse("""
            a: 1
            b: -0x1F
            c: 0x1F
            d: 1e3
            e: 0.5
            f: "true"
            g: true
            h: no
            i: ~
            j:
            k: .inf
            l: 99999999999999999999
            m: !!str 12
            n: '3'
            o: 1.
            p: v1.2
            """)
        let root = document.root
        #expect(root["a"]?.scalarValue == .integer(1, text: "1"))
        #expect(root["b"]?.scalarValue == .string("-0x1F"))
        #expect(root["c"]?.scalarValue == .integer(31, text: "0x1F"))
        #expect(root["d"]?.scalarValue == .number(1000, text: "1e3"))
        #expect(root["e"]?.scalarValue == .number(0.5, text: "0.5"))
        #expect(root["f"]?.scalarValue == .string("true"))
        #expect(root["g"]?.scalarValue == .bool(true))
        #expect(root["h"]?.scalarValue == .string("no"))
        #expect(root["i"]?.scalarValue == .null)
        #expect(root["j"]?.scalarValue == .null)
        #expect(root["k"]?.scalarValue == .number(.infinity, text: ".inf"))
        #expect(root["l"]?.scalarValue == .number(1e20, text: "99999999999999999999"))
        #expect(root["m"]?.scalarValue == .string("12"))
        #expect(root["n"]?.scalarValue == .string("3"))
        #expect(root["o"]?.scalarValue == .number(1, text: "1."))
        #expect(root["p"]?.scalarValue == .string("v1.2"))
        #expect(root["n"]?.scalarStyle == .singleQuoted)
    }

    @Test func nodesKnowTheirPositions() throws {
        let document = try parse("openapi: 3.1.0\ninfo:\n  title: Pets\n  tags: [a, \"b\"]\n")
        let info = try #require(document.root["info"])
        #expect(info.kind == .mapping)
        #expect(info.location.description == "test.yaml:3:3")
        #expect(info["title"]?.location.description == "test.yaml:3:10")
        let tags = try #require(info["tags"])
        #expect(tags.items.map(\.location.column) == [10, 13])
        #expect(tags.items.map(\.scalar) == ["a", "b"])
        #expect(document.root.pairs.map { $0.key.scalar } == ["openapi", "info"])
    }

    @Test func columnsCountCharactersNotBytes() throws {
        let document = try parse("é: {ü: x}\n")
        #expect(document.root["é"]?["ü"]?.location.column == 8)
    }

    @Test func kindsStylesAndPositionsShareTheirWordsWithoutLoss() throws {
        // A minified JSON line: a node past column 2^16, of every kind and style.
        let padding = String(repeating: " ", count: 70_000)
        let document = try parse("{\"a\":\(padding)[1, 'q', {\"b\": \"c\"}], \"d\": \"e\"}\n")
        let list = try #require(document.root["a"])
        #expect(list.kind == .sequence)
        #expect(list.location.column == 70_006)
        #expect(list.items.map(\.kind) == [.scalar, .scalar, .mapping])
        #expect(list.items.map(\.location.column) == [70_007, 70_010, 70_015])
        #expect(list.items[1].scalarStyle == .singleQuoted)
        #expect(list.items[2]["b"]?.scalarStyle == .doubleQuoted)
        #expect(list.items[2].scalarStyle == nil)
        #expect(document.root.location.line == 1)
        let block = try parse("k: |\n  text\nf: >\n  folded\n")
        #expect(block.root["k"]?.scalarStyle == .literal)
        #expect(block.root["f"]?.scalarStyle == .folded)
        #expect(block.root["f"]?.location.description == "test.yaml:3:4")
        #expect(MemoryLayout<NodeRecord>.stride == 16)
        let far = NodeRecord(kind: YAMLNode.Kind.mapping.rawValue, style: YAMLNode.ScalarStyle.folded.rawValue, line: 1 << 30 + 5, column: 1 << 29 + 5, payload: 7, count: 9)
        #expect((far.kind, far.style, far.line, far.column) == (YAMLNode.Kind.mapping.rawValue, YAMLNode.ScalarStyle.folded.rawValue, 1 << 30 - 1, 1 << 29 - 1))
    }

    @Test func nodeMapsKeepNodesOfEveryDocumentApart() throws {
        let root = try parse("a: 1\nb: 2\n")
        let other = try parse("a: 1\nb: 2\n", file: "other.yaml")
        let (rootA, rootB) = (try #require(root.root["a"]), try #require(root.root["b"]))
        let otherA = try #require(other.root["a"])
        #expect(rootA.index == otherA.index)
        var map = NodeMap<String>()
        map[rootA] = "root a"
        map[otherA] = "other a"
        #expect(map[rootA] == "root a")
        #expect(map[otherA] == "other a")
        #expect(map[rootB] == nil)
        map[rootA] = nil
        #expect(map[rootA] == nil)
        #expect(map[otherA] == "other a")
    }

    /// The table behind a node map agrees with a dictionary through growth, overwrites and
    /// removals, including removals inside runs of entries that probed past their home slot.
    @Test func nodeIndexTablesAgreeWithADictionary() {
        var table = IndexTable<Int>()
        var reference: [Int32: Int] = [:]
        // A fixed pseudo-random walk: the same keys every run.
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(state >> 33) % bound
        }
        for step in 0..<20_000 {
            // Dense keys, like node indices, and some far apart.
            let key = Int32(step % 7 == 0 ? next(1 << 30) : next(3_000))
            if next(4) == 0 {
                table[key] = nil
                reference[key] = nil
            } else {
                table[key] = step
                reference[key] = step
            }
        }
        #expect(table.count == reference.count)
        for key in 0..<Int32(3_000) { #expect(table[key] == reference[key]) }
        for (key, value) in reference { #expect(table[key] == value) }
        for key in reference.keys { table[key] = nil }
        #expect(table.count == 0)
        #expect(table[0] == nil)
    }

    @Test func largeMappingsAreIndexed() throws {
        var text = ""
        for index in 0..<1_000 { text += "key\(index): \(index)\n" }
        let document = try parse(text)
        #expect(document.root.count == 1_000)
        #expect(document.root["key999"]?.scalarValue == .integer(999, text: "999"))
        #expect(document.root["key1000"] == nil)
        #expect(document.root["key0"]?.location.line == 1)
    }

    @Test func duplicateKeysAreErrors() {
        #expect(failure("a: 1\nb: 2\na: 3\n") == "test.yaml:3:1: error: duplicate key 'a' in mapping (first defined at 1:1)")
        var large = ""
        for index in 0..<40 { large += "k\(index): 1\n" }
        large += "k7: 2\n"
        #expect(failure(large) == "test.yaml:41:1: error: duplicate key 'k7' in mapping (first defined at 8:1)")
    }

    @Test func aliasesShareTheirAnchorsNode() throws {
        let document = try parse("base: &b {type: string}\nuse: *b\n")
        #expect(document.root["base"] == document.root["use"])
        #expect(failure("use: *missing\n") == "test.yaml:1:6: error: alias '*missing' refers to no anchor '&missing' defined before it")
    }

    @Test func mergeKeysApplyWithExplicitKeysWinning() throws {
        let document = try parse("""
            base: &base {type: object, description: base}
            other: &other {title: Other, description: other}
            derived:
              <<: [*base, *other]
              description: mine
            """)
        let derived = try #require(document.root["derived"])
        #expect(derived.pairs.map { $0.key.scalar } == ["description", "type", "title"])
        #expect(derived["description"]?.scalar == "mine")
        #expect(derived["type"]?.scalar == "object")
    }

    @Test func billionLaughsFailsFast() throws {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...9 {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 9).joined(separator: ", ") + "]\n"
        }
        let clock = ContinuousClock()
        let start = clock.now
        let message = try #require(failure(text))
        // Expanding it would take minutes and gigabytes; the bound is loose because every suite
        // starts at once on two cores.
        #expect(clock.now - start < .seconds(10))
        #expect(message.hasPrefix("test.yaml:8:5: error: aliases expand this document to more than 10000000 nodes"))
    }

    @Test func recursiveAliasesAreRefused() {
        #expect(failure("a: &a [1, *a]\n") == "test.yaml:1:11: error: alias '*a' refers to a node that contains it; recursive YAML cannot describe an API")
    }

    @Test func deepNestingIsAnErrorNotACrash() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(failure(text) == "test.yaml:1:513: error: nesting is deeper than 512 levels; a real spec never needs that many")
    }

    @Test func hugeScalarsAreRefused() {
        let limits = YAMLLimits(maxFileBytes: 1 << 30, maxScalarBytes: 1 << 20, maxDepth: 512, maxExpandedNodes: 1000)
        let text = "description: " + String(repeating: "x", count: 2 << 20) + "\n"
        #expect(failure(text, limits: limits) == "test.yaml:1:14: error: scalar is larger than 1 MiB (2 MiB); the most oasgen reads in one value is 1 MiB")
    }

    @Test func emptyAndMultiDocumentFilesAreErrors() {
        #expect(failure("") == "test.yaml:1:1: error: the file is empty; expected an OpenAPI document")
        #expect(failure("# only a comment\n") == "test.yaml:1:1: error: the file is empty; expected an OpenAPI document")
        #expect(failure("a: 1\n---\nb: 2\n") == "test.yaml:2:1: error: expected a single YAML document, found another; split the stream into separate files")
    }

    @Test func syntaxErrorsArePhrasedForPeople() {
        #expect(failure("a:\n\tb: 1\n") == "test.yaml:2:1: error: tab characters cannot be used for indentation in YAML; use spaces")
        #expect(failure("a: \"open\nb: 1\n") == "test.yaml:3:1: error: unterminated quoted string (it starts at 1:4)")
        #expect(failure("a: {b: 1\nc: 2\n")?.hasPrefix("test.yaml:2:2: error: unterminated or malformed flow mapping '{' opened at 1:4") == true)
        #expect(failure("a: [1, 2\n")?.hasPrefix("test.yaml:2:1: error: unterminated or malformed flow sequence '[' opened at 1:4") == true)
        #expect(failure("a: b: c\n")?.hasPrefix("test.yaml:1:5: error: YAML syntax error: mapping values are not allowed in this context") == true)
    }

    @Test func invalidUTF8IsReportedWhereItIs() {
        let bytes = Array("a: 1\nb: caf".utf8) + [0xE9] + Array("\n".utf8)
        #expect(failure(bytes) == "test.yaml:2:7: error: invalid UTF-8 byte sequence starting with byte 0xE9; the file must be UTF-8 text")
    }

    @Test func jsonGoesThroughTheSamePath() throws {
        let document = try parse("{\"openapi\":\"3.1.0\",\"paths\":{\"/a\":{}},\"n\":[1,2.5,true,null]}", file: "spec.json")
        #expect(document.root["openapi"]?.scalar == "3.1.0")
        #expect(document.root["openapi"]?.scalarStyle == .doubleQuoted)
        #expect(document.root["n"]?.items.map(\.scalarValue) == [.integer(1, text: "1"), .number(2.5, text: "2.5"), .bool(true), .null])
        #expect(document.root["paths"]?["/a"]?.location.description == "spec.json:1:34")
    }

    @Test func jsonMustBeStrict() {
        #expect(failure("{\"a\": [1, 2,]}", file: "x.json") == "x.json:1:12: error: trailing comma in JSON array")
        #expect(failure("{\n  \"a\": 1,\n}", file: "x.json") == "x.json:2:9: error: trailing comma in JSON object")
        #expect(failure("{\"a\": 1 // note\n}", file: "x.json") == "x.json:1:9: error: comments are not allowed in JSON")
        #expect(failure("{'a': 1}", file: "x.json") == "x.json:1:2: error: JSON strings use double quotes, not single quotes")
        #expect(failure("{a: 1}", file: "x.json") == "x.json:1:2: error: object keys must be double-quoted strings in JSON")
        #expect(failure("{\"a\": \"\\q\"}", file: "x.json") == "x.json:1:8: error: invalid escape '\\q' in a JSON string")
        #expect(failure("{\"a\": 01}", file: "x.json") == "x.json:1:7: error: JSON numbers cannot have leading zeros")
        #expect(failure("{\"a\": 1", file: "x.json") == "x.json:1:8: error: the JSON ends before every '{' and '[' is closed")
        // The same text is fine as YAML.
        #expect(failure("{\"a\": [1, 2,]}", file: "x.yaml") == nil)
    }

    /// Strings and indentation are skipped eight bytes at a time: whatever its offset in a long
    /// string, or after a long run of spaces, each byte that matters is still found.
    @Test func jsonBytesThatMatterAreFoundAtEveryOffset() throws {
        for offset in 0..<40 {
            let run = String(repeating: "é", count: offset / 2) + String(repeating: "x", count: offset % 2)
            let column = 8 + run.count
            #expect(failure("{\"a\": \"\(run)\u{01}\"}", file: "x.json") == "x.json:1:\(column): error: control character 0x1 must be escaped in a JSON string")
            #expect(failure("{\"a\": \"\(run)\\q\"}", file: "x.json") == "x.json:1:\(column): error: invalid escape '\\q' in a JSON string")
            #expect(failure("{\"a\": \"\(run)\n\"}", file: "x.json") == "x.json:1:7: error: unterminated JSON string (a raw line break is not allowed inside a string)")
            let escaped = try parse("{\"a\": \"\(run)\\\"\(run)\", \"b\": 1}", file: "x.json")
            #expect(escaped.root["a"]?.scalar == run + "\"" + run)
            #expect(escaped.root["b"]?.scalar == "1")
            let spaces = String(repeating: " ", count: offset)
            #expect(failure("{\n\(spaces)\"a\": 1 // note\n}", file: "x.json") == "x.json:2:\(offset + 8): error: comments are not allowed in JSON")
            #expect(failure("{\n\(spaces)\t\(spaces)a: 1}", file: "x.json") == "x.json:2:\(2 * offset + 2): error: object keys must be double-quoted strings in JSON")
            for separator in ["\u{85}", "\u{2028}"] {
                let scan = StrictJSON.scan(Array("{\"a\": \"\(run)\(separator)\(run)\"}".utf8), outlineDepth: 1)
                #expect(scan.problem == nil)
                #expect(scan.outline?.linesAgree == false)
            }
            #expect(StrictJSON.scan(Array("{\"a\": \"\(run)\u{A0}\u{2027}\(run)\"}".utf8), outlineDepth: 1).outline?.linesAgree == true)
        }
    }

    @Test func byteOrderMarksAreAccepted() throws {
        let bytes: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("{\"a\": 1}".utf8)
        #expect(try YAMLDocument.parse(bytes, file: "bom.json").root["a"]?.scalar == "1")
        #expect(try YAMLDocument.parse(bytes, file: "bom.yaml").root["a"]?.scalar == "1")
    }

    @Test func readsTheBundledSpecWithPositions() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let document = try YAMLDocument.load(path: root.appendingPathComponent("specs/telnyx-canary.yaml").path, displayPath: "specs/telnyx-canary.yaml")
        let weight = try #require(document.root["components"]?["schemas"]?["RolloutSlot"]?["properties"]?["weight"])
        #expect(weight["maximum"]?.scalarValue == .integer(100, text: "100"))
        #expect(weight["maximum"]?.location.description.hasPrefix("specs/telnyx-canary.yaml:") == true)
        #expect(document.root["paths"]?.pairs.first?.key.scalar == "/ai/assistants/{assistant_id}/canary-deploys")
    }

    @Test func missingFilesAndFoldersAreClearErrors() {
        #expect(throws: DiagnosticsError.self) { try YAMLDocument.load(path: "/nonexistent/spec.yaml") }
        do {
            _ = try YAMLDocument.load(path: "/tmp", displayPath: "tmp")
            Issue.record("a folder was read")
        } catch {
            #expect(error.description == "error: cannot read 'tmp': it is a folder, not a file")
        }
    }

    /// A twin reads the same tree as a different object: its nodes have the same identities,
    /// texts and positions, and hold the twin rather than the original.
    @Test func aTwinReadsTheSameTree() throws {
        let document = try parse("a:\n  b: [1, two]\n", file: "specs/a-long-path-of-more-than-fifteen-bytes.yaml")
        let twin = document.twin()
        #expect(twin !== document)
        let node = try #require(document.root["a"]?["b"]?.items.last)
        let twinNode = node.reading(through: twin)
        #expect(twinNode.document === twin)
        #expect(twinNode != node)
        #expect(twinNode.source == node.source)
        #expect(twinNode.scalar == "two")
        #expect(twinNode.location == node.location)
        #expect(twin.root["a"]?["b"]?.items.last?.source == node.source)
    }
}
