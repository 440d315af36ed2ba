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
        "openapi: 3.1.0\npaths:\n  ? /a\n  : {}\n  /b: {}\n",  // an explicit key
        "openapi: 3.1.0\npaths:\n  '/a': {}\n  /b: {}\n",  // a quoted key
        "openapi: 3.1.0\npaths:\n  - /a\n  - /b\n",  // a sequence
        "openapi: 3.1.0\npaths: # comment\n  /a: {}\n  /b: {}\n",  // a comment after the key
    ])
    func onlyPlainMappingsAreCutInside(_ text: String) throws {
        let (whole, chunked) = try bothWays(Array(text.utf8), pieceBytes: 1)
        let cut = try #require(chunked)
        #expect(dump(cut) == dump(whole))
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
        for name in ["telnyx-spec3.yml", "twilio_api_v2010.yaml"] {
            guard let data = FileManager.default.contents(atPath: corpus.appendingPathComponent(name).path) else { continue }
            let bytes = [UInt8](data)
            var builder = TreeBuilder(bytes: bytes, file: name, limits: .default)
            let whole = try builder.build()
            let cut = try #require(ChunkedParse.document(bytes, file: name, limits: .default), "\(name) is cut")
            #expect(dump(cut) == dump(whole), "\(name)")
            compared += 1
        }
        if compared == 0 { print("corpus not found beside the repository; only the fixtures were compared") }
    }
}
