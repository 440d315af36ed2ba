import Diagnostics
import Testing
import YAMLReader

@testable import OpenAPIDocument

@Suite("Reference table")
struct ReferenceTableTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths:
          /pets:
            get:
              parameters:
                - $ref: '#/components/parameters/Limit'
              responses:
                '200': {$ref: '#/components/responses/Pets'}
          /cats:
            $ref: '#/paths/~1pets'
        components:
          parameters:
            Limit: {name: limit, in: query, schema: {$ref: '#/components/schemas/Pet/properties/age'}}
          responses:
            Pets:
              description: Pets
              content:
                application/json:
                  schema: {type: array, items: {$ref: '#/components/schemas/Pet'}}
          schemas:
            Pet:
              type: object
              properties:
                age: {type: integer}
                owner: {$ref: '#/components/schemas/Nope'}
        """

    /// The point of the table: once references are resolved, nothing decoded holds the tree, so
    /// the pipeline frees it before the graph is built.
    @Test func decodedDocumentKeepsNoTreeAlive() throws {
        weak var freedTree: YAMLDocument?
        let decoded: DecodedDocument
        do {
            let tree = try YAMLDocument.parse(Array(ReferenceTableTests.spec.utf8), file: "spec.yaml")
            freedTree = tree
            decoded = try DocumentDecoder.decode(tree, rootPath: nil)
        }
        #expect(freedTree == nil)

        // Every kind still resolves, pointers into a component and into `paths` included.
        let cats = try #require(decoded.document.paths["/cats"]?.reference)
        let item = try #require(try decoded.references.pathItem(cats).get())
        #expect(item.operations.map(\.method) == [.get])
        let operation = try #require(decoded.document.paths["/pets"]?.value?.operations.first?.operation)
        let limit = try #require(operation.parameters.first?.reference)
        let parameter = try #require(try decoded.references.parameter(limit).get())
        #expect(parameter.name == "limit")
        let age = try #require(parameter.schema?.ref)
        #expect(try decoded.references.schema(age).get()?.types == .integer)
        let pets = try #require(operation.responses["200"]?.reference)
        #expect(try decoded.references.response(pets).get()?.description == "Pets")
    }

    /// A broken reference is resolved once but reported where each use is.
    @Test func failureIsPlacedAtTheReferenceAskedAbout() throws {
        let decoded = try DocumentDecoder.decode(
            YAMLDocument.parse(Array(ReferenceTableTests.spec.utf8), file: "spec.yaml"), rootPath: nil)
        let owner = try #require(decoded.document.components.schemas["Pet"]?.properties["owner"]?.ref)
        let elsewhere = Reference(
            ref: owner.ref, summary: nil, description: nil, node: owner.node,
            location: SourceLocation(file: "spec.yaml", line: 99, column: 3))
        for reference in [owner, elsewhere] {
            guard case .failure(let diagnostic) = decoded.references.schema(reference) else {
                Issue.record("'\(reference.ref)' resolved")
                continue
            }
            #expect(diagnostic.location == reference.location)
            #expect(diagnostic.message.contains("no 'Nope' in '#/components/schemas'"))
        }
    }

    @Test func pointerTokensArePercentDecodedAsUTF8() {
        #expect(ReferenceResolver.percentDecoded("with%20space") == "with space")
        #expect(ReferenceResolver.percentDecoded("caf%C3%A9%2fx") == "café/x")
        #expect(ReferenceResolver.percentDecoded("plain") == "plain")
        // Malformed escapes and bytes that are not UTF-8: nil, so the token is kept as written.
        #expect(ReferenceResolver.percentDecoded("100%") == nil)
        #expect(ReferenceResolver.percentDecoded("%G1") == nil)
        #expect(ReferenceResolver.percentDecoded("%FF") == nil)
        #expect(ReferenceResolver.unescapePointerToken("a~1b~0c%25") == "a/b~c%")
        // `~0` is undone once: `~01` is `~1`, not `/`. A `~` before anything else stays.
        #expect(ReferenceResolver.unescapePointerToken("~01") == "~1")
        #expect(ReferenceResolver.unescapePointerToken("a~~1~") == "a~/~")
    }
}
