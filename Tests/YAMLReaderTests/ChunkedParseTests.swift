import Foundation
import Testing

@testable import YAMLReader

/// Every node of a document, depth first, with what a consumer can observe of it: kind, style,
/// line and column, text, tag, and each mapping key found through lookup.
func dump(_ node: YAMLNode, into lines: inout [String], depth: Int = 0) {
    let head = "\(String(repeating: " ", count: depth))\(node.kind) \(node.location.line):\(node.location.column) \(node.tag ?? "-")"
    switch node.kind {
    case .scalar:
        lines.append("\(head) \(node.scalarStyle.map { "\($0)" } ?? "?") \(node.scalar!.debugDescription)")
    case .sequence:
        lines.append("\(head) [\(node.count)]")
        for item in node.items { dump(item, into: &lines, depth: depth + 1) }
    case .mapping:
        lines.append("\(head) {\(node.count)}")
        for (key, value) in node.pairs {
            dump(key, into: &lines, depth: depth + 1)
            if let text = key.scalar, node[text] != value { lines.append("lookup of \(text.debugDescription) finds another node") }
            dump(value, into: &lines, depth: depth + 1)
        }
    }
}

func dump(_ document: YAMLDocument) -> [String] {
    var lines: [String] = []
    dump(document.root, into: &lines)
    return lines
}

/// The file parsed in one piece, and cut into pieces of about `pieceBytes` (nil when it is not cut).
func bothWays(_ bytes: [UInt8], pieceBytes: Int = 40) throws -> (whole: YAMLDocument, chunked: YAMLDocument?) {
    var builder = TreeBuilder(bytes: bytes, file: "spec.yaml", limits: .default)
    let whole = try builder.build()
    let chunked = ChunkedParse.document(bytes, file: "spec.yaml", limits: .default, minimumBytes: 0, pieceBytes: pieceBytes)
    return (whole, chunked)
}

@Suite("Chunked parse")
struct ChunkedParseTests {
    /// Comments, blank lines, sequences at their key's column, block and multi-line scalars,
    /// anchors used inside one piece, flow collections, CRLF-free and CRLF line ends.
    static let blockSpec = """
        # A leading comment
        openapi: 3.1.0
        info:
          title: Chunks
          description: |
            A block scalar with a line that looks like a key:
            paths: but is text.
          summary: a plain scalar
            continued
          version: '1'
        tags:
        - name: a
        - name: b
        paths:
          # a comment at column three
          /a/{id}:
            get: {operationId: getA, responses: {'200': {description: OK}}}
          /b:
            post:
              summary: a plain scalar
                that runs on
              responses:
                '200': &ok
                  description: OK
                '201': *ok

          /c:
            get:
              tags:
              - a
              responses: {'200': {description: "a quoted
                scalar"}}
        components:
          schemas:
            A: {type: string}
          parameters:
            limit: {name: limit, in: query, schema: {type: integer}}
        x-trailer: true
        """

    @Test func aCutFileHasTheNodesOfTheWholeFile() throws {
        for text in [ChunkedParseTests.blockSpec, ChunkedParseTests.blockSpec.replacingOccurrences(of: "\n", with: "\r\n")] {
            let (whole, chunked) = try bothWays(Array(text.utf8))
            let cut = try #require(chunked, "the spec is cut-able")
            #expect(dump(cut) == dump(whole))
        }
    }

    @Test func everyPieceSizeGivesTheSameNodes() throws {
        let bytes = Array(ChunkedParseTests.blockSpec.utf8)
        let expected = dump(try bothWays(bytes).whole)
        var cutAtLeastOnce = false
        for pieceBytes in [1, 10, 60, 120, 300, 10_000] {
            guard let cut = try bothWays(bytes, pieceBytes: pieceBytes).chunked else { continue }
            cutAtLeastOnce = true
            #expect(dump(cut) == expected, "pieces of \(pieceBytes) bytes")
        }
        #expect(cutAtLeastOnce)
    }

    /// Files whose structure indentation alone does not decide stay in one piece.
    @Test(arguments: [
        "{\"openapi\": \"3.1.0\",\n\"paths\": {}}\n",  // a flow-style root
        "%YAML 1.2\n---\nopenapi: 3.1.0\npaths:\n  /a: {}\n  /b: {}\n",  // a directive and a document marker
        "base: &base {a: 1}\npaths:\n  /a: {}\n  <<: *base\n  /b: {}\n",  // a merge key
        "openapi: 3.1.0\n\"paths\":\n  /a: {}\n  /b: {}\n",  // a quoted top-level key
    ])
    func structureThatIndentationDoesNotDecideIsNotCut(_ text: String) throws {
        #expect(ChunkedParse.document(Array(text.utf8), file: "spec.yaml", limits: .default, minimumBytes: 0, pieceBytes: 1) == nil)
    }

    /// A mapping at column 3 that is not made of plain keys is not cut inside, though the top
    /// level around it may be.
    @Test(arguments: [
        "openapi: 3.1.0\npaths:\n  '/a': {}\n  /b: {}\n",  // a quoted key
        "openapi: 3.1.0\npaths:\n  - /a\n  - /b\n",  // a sequence
        "openapi: 3.1.0\npaths: # comment\n  /a: {}\n  /b: {}\n",  // a comment after the key
    ])
    func onlyPlainMappingsAreCutInside(_ text: String) throws {
        let (whole, chunked) = try bothWays(Array(text.utf8), pieceBytes: 1)
        let cut = try #require(chunked)
        #expect(dump(cut) == dump(whole))
    }

    /// A complex key (`? ` and `: ` lines, which YAML writers use for keys longer than 128
    /// characters, as for one of Twilio's paths) is one entry of its mapping, which is still cut.
    @Test func aComplexKeyIsOneEntryOfAMappingStillCut() throws {
        let text = """
            openapi: 3.1.0
            paths:
              /a:
                get: {}
              ? /b/a/key/long
                /enough/for/two/lines
              : servers:
                - url: https://example.com
                get: {}
              /c: {}
              ? /d
              :
                post: {}
              ? /e
            x-trailer: true

            """
        let bytes = Array(text.utf8)
        for pieceBytes in [1, 10, 30] {
            let (whole, chunked) = try bothWays(bytes, pieceBytes: pieceBytes)
            let cut = try #require(chunked, "pieces of \(pieceBytes) bytes")
            #expect(dump(cut) == dump(whole), "pieces of \(pieceBytes) bytes")
        }
        // `paths` is cut between its entries, the complex keys among them.
        #expect(try #require(ChunkedParse.Plan(bytes, pieceBytes: 1)).pieces.count == 7)
    }

    /// A cut inside something still open, a key repeated across pieces, an alias to another
    /// piece: the pieces do not join, and the one-piece parse reports the problem where it is.
    @Test(arguments: [
        "openapi: 3.1.0\ninfo: {title: x,\nversion: 1}\npaths:\n  /a: {}\n",  // a flow mapping across a cut
        "openapi: \"3.1.0\ninfo: x\"\npaths:\n  /a: {}\n",  // a quoted scalar across a cut
        "paths:\n  /a: {}\n  /b: {}\n  /a: {}\n",  // a duplicate key in different pieces
        "openapi: 3.1.0\npaths:\n  /a: {}\nopenapi: 3.0.0\n",  // a duplicate top-level key
        "x: &a {b: 1}\npaths:\n  /a: *a\n  /b: {}\n",  // an alias to an anchor in another piece
    ])
    func piecesThatDoNotJoinFallBackToOnePiece(_ text: String) throws {
        let bytes = Array(text.utf8)
        #expect(ChunkedParse.document(bytes, file: "spec.yaml", limits: .default, minimumBytes: 0, pieceBytes: 1) == nil)
        // The public entry point still reads what libyaml reads, and rejects what it rejects.
        var builder = TreeBuilder(bytes: bytes, file: "spec.yaml", limits: .default)
        let whole = Result { try builder.build() }
        let parsed = Result { try YAMLDocument.parse(bytes, file: "spec.yaml") }
        switch (whole, parsed) {
        case (.success(let expected), .success(let actual)): #expect(dump(actual) == dump(expected))
        case (.failure(let expected), .failure(let actual)): #expect("\(actual)" == "\(expected)")
        default: Issue.record("one-piece parse and public parse disagree on \(text.debugDescription)")
        }
    }

    /// Real specs, when the corpus is beside the repository: cut into the pieces the generator
    /// uses, every node is where the one-piece parse puts it.
    @Test func corpusSpecsCutIntoTheSameNodes() throws {
        let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/corpus")
        var compared = 0
        for name in ["telnyx-spec3.yml", "twilio_api_v2010.yaml", "elevenlabs-openapi.json", "box-openapi.json", "discord-openapi.json"] {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path) else { continue }
            let bytes = [UInt8](data)
            var builder = TreeBuilder(bytes: bytes, file: name, limits: .default)
            let whole = try builder.build()
            var outline: JSONOutline?
            if name.hasSuffix(".json") {
                let scanned = StrictJSON.scan(bytes, outlineDepth: ChunkedParse.jsonOutlineDepth).outline
                let outlined: JSONOutline = try #require(scanned, "\(name) is outlined")
                outline = outlined
            }
            let cut = try #require(ChunkedParse.document(bytes, file: name, limits: .default, outline: outline), "\(name) is cut")
            #expect(dump(cut) == dump(whole), "\(name)")
            compared += 1
        }
        if compared == 0 { print("corpus not found beside the repository; only the fixtures were compared") }
    }
}

/// The file parsed in one piece, and cut by its JSON outline into pieces of about `pieceBytes`
/// (nil when it is not cut).
func bothWays(json text: String, pieceBytes: Int) throws -> (whole: YAMLDocument, chunked: YAMLDocument?) {
    let bytes = Array(text.utf8)
    var builder = TreeBuilder(bytes: bytes, file: "spec.json", limits: .default)
    let whole = try builder.build()
    let scan = StrictJSON.scan(bytes, outlineDepth: ChunkedParse.jsonOutlineDepth)
    #expect(scan.problem == nil)
    let chunked = scan.outline.flatMap {
        ChunkedParse.document(bytes, file: "spec.json", limits: .default, outline: $0, minimumBytes: 0, pieceBytes: pieceBytes)
    }
    return (whole, chunked)
}

@Suite("Chunked JSON parse")
struct ChunkedJSONParseTests {
    /// Nested objects and arrays, escapes in keys and strings, characters of several UTF-8
    /// lengths before members on their line, empty containers, and every kind of scalar.
    static let spec = #"""
        {
          "openapi": "3.1.0",
          "info": {"title": "Cut \"JSON\"", "version": "1", "x-é": "ü€😀"},
          "paths": {
            "/a/{id}": {"get": {"operationId": "getA", "responses": {"200": {"description": "OK"}}}},
            "/b": {
              "post": {
                "summary": "tabs\tand\nbreaks", "tags": ["a", "b"],
                "responses": {
                  "200": {"description": "ok", "content": {}},
                  "204": {"description": "none"}
                }
              }
            },
            "/c\"quoted": {"get": {"responses": {"default": {"description": "é"}}}}
          },
          "components": {
            "schemas": {
              "A": {"type": "string", "enum": ["x", null, true, 1.5e3, -2]},
              "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"}}},
              "C": {}
            }
          },
          "x-empty": {}, "x-list": [ {"a": 1}, [] ]
        }
        """#

    static var variants: [(String, String)] {
        [
            ("pretty", spec),
            ("CRLF", spec.replacingOccurrences(of: "\n", with: "\r\n")),
            ("tabs", spec.replacingOccurrences(of: "  ", with: "\t")),
            // Minified: every piece starts mid-line, after characters of one to four bytes.
            ("one line", spec.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined()),
        ]
    }

    @Test func everyPieceSizeGivesTheNodesOfTheWholeFile() throws {
        for (name, text) in ChunkedJSONParseTests.variants {
            let expected = dump(try bothWays(json: text, pieceBytes: 1).whole)
            var cutAtLeastOnce = false
            for pieceBytes in [1, 10, 60, 120, 300, 10_000] {
                guard let cut = try bothWays(json: text, pieceBytes: pieceBytes).chunked else { continue }
                cutAtLeastOnce = true
                #expect(dump(cut) == expected, "\(name), pieces of \(pieceBytes) bytes")
            }
            #expect(cutAtLeastOnce, "\(name) is cut")
        }
    }

    /// Where libyaml ends lines that JSON does not (a lone CR between tokens; NEL, LS or PS
    /// inside a string), lines taken from the outline would be wrong, so nothing is cut.
    @Test(arguments: ["\r", "\u{85}", "\u{2028}", "\u{2029}"])
    func filesWhoseLinesLibyamlCountsDifferentlyAreNotCut(_ separator: String) throws {
        let text = separator == "\r"
            ? ChunkedJSONParseTests.spec.replacingOccurrences(of: "\"paths\":", with: "\r\"paths\":")
            : ChunkedJSONParseTests.spec.replacingOccurrences(of: "Cut", with: "Cut\(separator)")
        let scan = StrictJSON.scan(Array(text.utf8), outlineDepth: ChunkedParse.jsonOutlineDepth)
        #expect(scan.problem == nil)
        #expect(scan.outline?.linesAgree == false)
        #expect(try bothWays(json: text, pieceBytes: 1).chunked == nil)
    }

    /// A key repeated across pieces does not join: the one-piece parse reports it where it is.
    @Test func aKeyRepeatedAcrossPiecesFallsBackToOnePiece() throws {
        let text = "{\n  \"paths\": {\n    \"/a\": {},\n    \"/b\": {},\n    \"/a\": {}\n  }\n}\n"
        let bytes = Array(text.utf8)
        let outline = try #require(StrictJSON.scan(bytes, outlineDepth: ChunkedParse.jsonOutlineDepth).outline)
        #expect(ChunkedParse.document(bytes, file: "spec.json", limits: .default, outline: outline, minimumBytes: 0, pieceBytes: 1) == nil)
        #expect(failure(text, file: "spec.json")?.hasPrefix("spec.json:5:5: error: duplicate key") == true)
    }

    /// The outline records members of objects down to the depth asked for, and no further.
    @Test func theOutlineStopsAtItsDepth() throws {
        let bytes = Array("{\"a\": {\"b\": {\"c\": 1}}, \"d\": [{\"e\": 2}]}".utf8)
        let outline = try #require(StrictJSON.scan(bytes, outlineDepth: 1).outline)
        #expect(outline.objects.count == 2)
        #expect(outline.objects[0].members.map { String(decoding: bytes[$0.keyStart..<$0.valueEnd], as: UTF8.self) }
            == ["\"a\": {\"b\": {\"c\": 1}}", "\"d\": [{\"e\": 2}]"])
        #expect(outline.objects[1].members.map { String(decoding: bytes[$0.keyStart..<$0.valueEnd], as: UTF8.self) } == ["\"b\": {\"c\": 1}"])
        #expect(outline.objects[1].members[0].object == nil)
        #expect(StrictJSON.scan(Array("[{\"a\": 1}]".utf8), outlineDepth: 3).outline == nil)
    }
}
