import Diagnostics
import Testing
import YAMLReader

@testable import OpenAPIDocument

/// Decodes inline YAML (file name `spec.yaml`); returns the document or every diagnostic.
func decode(_ yaml: String) -> (OpenAPI?, [String]) {
    do {
        let document = try YAMLDocument.parse(Array(yaml.utf8), file: "spec.yaml")
        let decoder = DocumentDecoder()
        let result = decoder.document(document.root)
        return (decoder.hasErrors ? nil : result, decoder.diagnostics.map(\.description))
    } catch {
        return (nil, error.diagnostics.map(\.description))
    }
}

/// The component schemas of a 3.0 document whose `components.schemas` is `yaml`.
func schemas(_ yaml: String) throws -> [String: Schema] {
    let (document, diagnostics) = decode("openapi: 3.0.3\ninfo: {title: T, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n" + yaml)
    let decoded = try #require(document, "\(diagnostics)")
    return Dictionary(uniqueKeysWithValues: decoded.components.schemas.map { ($0.key, $0.value) })
}

@Suite("Document decoder")
struct DocumentDecoderTests {
    @Test func readsTheBundledTelnyxShape() throws {
        let (document, diagnostics) = decode("""
            openapi: 3.1.0
            info: {title: Pets, version: 2.0.0, description: All the pets}
            servers:
              - url: https://{region}.example.com/v1
                variables:
                  region: {default: eu, enum: [eu, us]}
            security: [{bearerAuth: []}]
            paths:
              /pets/{petId}:
                parameters:
                  - {name: petId, in: path, required: true, schema: {type: string}}
                get:
                  operationId: getPet
                  tags: [pets]
                  responses:
                    '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
                    4XX: {description: Client error}
                    default: {description: Anything else}
            components:
              securitySchemes:
                bearerAuth: {type: http, scheme: bearer}
              schemas:
                Pet: {type: object, x-internal: true}
            x-top: 1
            """)
        let openAPI = try #require(document, "\(diagnostics)")
        #expect(diagnostics.isEmpty)
        #expect(openAPI.version == .v3_1)
        #expect(openAPI.info.title == "Pets")
        #expect(openAPI.servers.first?.variables["region"]?.enumValues == ["eu", "us"])
        let item = try #require(openAPI.paths["/pets/{petId}"]?.value)
        #expect(item.parameters.count == 1)
        let operation = try #require(item.operations.first)
        #expect(operation.method == .get)
        #expect(operation.operation.operationID == "getPet")
        #expect(Array(operation.operation.responses.keys) == ["200", "4XX", "default"])
        #expect(openAPI.components.schemas["Pet"]?.extensions["x-internal"] == .bool(true))
        #expect(openAPI.extensions["x-top"] == .integer(1))
        #expect(openAPI.security?.first?.schemes.keys.first == "bearerAuth")
    }

    @Test func everyConstraintIsRead() throws {
        let pet = try #require(try schemas("""
                Pet:
                  type: string
                  minLength: 1
                  maxLength: 10
                  pattern: '^[a-z]+$'
                Count: {type: integer, minimum: 1, maximum: 5, exclusiveMinimum: true, multipleOf: 2}
                List: {type: array, items: {type: string}, minItems: 1, maxItems: 3, uniqueItems: true}
                Map: {type: object, minProperties: 1, maxProperties: 2, additionalProperties: {type: integer}}
            """)["Pet"])
        #expect(pet.constraints.minLength == 1)
        #expect(pet.constraints.maxLength == 10)
        #expect(pet.constraints.pattern == "^[a-z]+$")
        let all = try schemas("""
                Count: {type: integer, minimum: 1, maximum: 5, exclusiveMinimum: true, multipleOf: 2}
                Big: {type: integer, maximum: 9.22e18, exclusiveMaximum: 10}
                List: {type: array, items: {type: string}, minItems: 1, maxItems: 3, uniqueItems: true}
                Map: {type: object, minProperties: 1, maxProperties: 2, additionalProperties: {type: integer}}
                Closed: {type: object, additionalProperties: false}
            """)
        let count = try #require(all["Count"])
        // 3.0's boolean exclusiveMinimum turns the plain minimum exclusive.
        #expect(count.constraints.minimum == nil)
        #expect(count.constraints.exclusiveMinimum?.text == "1")
        #expect(count.constraints.maximum?.text == "5")
        #expect(count.constraints.multipleOf?.value == 2)
        #expect(all["Big"]?.constraints.maximum?.text == "9.22e18")
        #expect(all["Big"]?.constraints.exclusiveMaximum?.text == "10")
        #expect(all["List"]?.constraints.minItems == 1)
        #expect(all["List"]?.constraints.uniqueItems == true)
        #expect(all["Map"]?.constraints.maxProperties == 2)
        guard case .schema(let values)? = all["Map"]?.additionalProperties else {
            Issue.record("additionalProperties not a schema")
            return
        }
        #expect(values.types == .integer)
        guard case .allowed(false)? = all["Closed"]?.additionalProperties else {
            Issue.record("additionalProperties: false not read")
            return
        }
    }

    @Test func nullabilityInBothDialects() throws {
        let all = try schemas("""
                A: {type: string, nullable: true}
                B: {type: [string, 'null']}
                C: {type: string}
                D: {enum: [a, null]}
            """)
        #expect(all["A"]?.admitsNull == true)
        #expect(all["B"]?.admitsNull == true)
        #expect(all["B"]?.types == [.string, .null])
        #expect(all["C"]?.admitsNull == false)
        #expect(all["D"]?.admitsNull == true)
    }

    @Test func compositionAndDiscriminator() throws {
        let all = try schemas("""
                Pet:
                  oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
                  discriminator: {propertyName: kind, mapping: {dog: Dog, cat: '#/components/schemas/Cat'}}
                Dog: {allOf: [{$ref: '#/components/schemas/Base'}, {properties: {bark: {type: boolean}}}]}
                Cat: {anyOf: [{type: string}, {type: integer}], description: Either, deprecated: true, readOnly: true}
                Base: {type: object, required: [kind], properties: {kind: {type: string, const: dog, default: dog}}}
            """)
        let pet = try #require(all["Pet"])
        #expect(pet.oneOf.count == 2)
        #expect(pet.oneOf[0].ref?.ref == "#/components/schemas/Dog")
        #expect(pet.discriminator?.propertyName == "kind")
        #expect(Array(pet.discriminator?.mapping.keys ?? []) == ["dog", "cat"])
        #expect(all["Dog"]?.allOf.count == 2)
        #expect(all["Cat"]?.anyOf.count == 2)
        #expect(all["Cat"]?.deprecated == true)
        #expect(all["Cat"]?.readOnly == true)
        #expect(all["Base"]?.properties["kind"]?.constValue == .string("dog"))
        #expect(all["Base"]?.properties["kind"]?.defaultValue == .string("dog"))
    }

    @Test func aSchemaNodeIsDecodedOnce() throws {
        let (document, _) = decode("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                A: &shared {type: string}
                B: *shared
            """)
        let components = try #require(document?.components.schemas)
        #expect(components["A"] === components["B"])
    }

    @Test func wrongTypesAreErrorsAtTheValue() {
        let (document, diagnostics) = decode("""
            openapi: 3.1.0
            info:
              title: [not, a, string]
              version: '1'
            paths:
              /a:
                get:
                  deprecated: maybe
                  responses: {'200': {description: OK}}
            components:
              schemas:
                A: {type: object, properties: [x], minLength: -1, type2: ignored}
                B: {type: strin}
            """)
        #expect(document == nil)
        #expect(diagnostics == [
            "spec.yaml:3:10: error: expected a string for 'title', found a sequence",
            "spec.yaml:8:19: error: expected a boolean for 'deprecated', found a string",
            "spec.yaml:12:35: error: expected a mapping for 'properties', found a sequence",
            "spec.yaml:12:51: error: expected a non-negative integer for 'minLength', found a number",
            "spec.yaml:13:15: error: unknown type 'strin'; expected one of null, boolean, integer, number, string, array, object",
        ])
    }

    @Test func versionProblems() {
        #expect(decode("swagger: '2.0'\ninfo: {title: T, version: '1'}\n").1 == [
            "spec.yaml:1:10: error: Swagger 2.0 documents are not supported; convert the document to OpenAPI 3 first (for example with swagger2openapi)",
        ])
        #expect(decode("info: {title: T, version: '1'}\n").1 == ["spec.yaml:1:1: error: missing 'openapi' field; expected an OpenAPI 3.0 or 3.1 document"])
        #expect(decode("openapi: 4.0.0\ninfo: {title: T, version: '1'}\n").1 == ["spec.yaml:1:10: error: unsupported OpenAPI version '4.0.0'; oasgen reads 3.0.x and 3.1.x"])
        #expect(decode("openapi: 3.1.0\npaths: {}\n").1 == ["spec.yaml:1:1: error: the document has no 'info' object; OpenAPI requires 'info' with a 'title' and a 'version'"])
        #expect(decode("openapi: 3.2.0\ninfo: {title: T, version: '1'}\n").1 == ["spec.yaml:1:10: warning: OpenAPI 3.2.0 is read as 3.1; features new in 3.2 are ignored"])
    }

    @Test func pathTemplatesMustBeBalanced() {
        let diagnostics = decode("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /pets/{id:
                get: {responses: {'200': {description: OK}}}
              /pets}:
                get: {responses: {'200': {description: OK}}}
              pets:
                get: {responses: {'200': {description: OK}}}
            """).1
        #expect(diagnostics == [
            "spec.yaml:4:9: error: unbalanced '{' in path template '/pets/{id': missing '}'",
            "spec.yaml:6:8: error: unbalanced '}' in path template '/pets}'",
            "spec.yaml:8:3: error: path 'pets' must start with '/'",
        ])
    }

    @Test func swagger2HabitsAreWarningsNotErrors() {
        let (document, diagnostics) = decode("""
            openapi: 3.0.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                A: {type: object, properties: {x: {type: string, required: true}}}
            """)
        #expect(document != nil)
        #expect(diagnostics == ["spec.yaml:6:64: warning: 'required' in a schema is a list of property names; 'required: true' is ignored"])
    }

    @Test func anEmptyEnumIsIgnoredWithAWarning() throws {
        let (document, diagnostics) = decode("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                A: {type: string, enum: []}
            """)
        #expect(document?.components.schemas["A"]?.enumValues == nil)
        #expect(diagnostics == ["spec.yaml:6:29: warning: 'enum: []' admits no value; it is ignored"])
    }

    /// A spec with many paths decodes them on another core: every diagnostic is still reported
    /// (errors included), and a schema under `paths` keeps one identity for later lookups.
    @Test func manyPathsDecodeOnAnotherCoreWithNothingLost() throws {
        var yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
        for index in 0..<(ParallelDecoding.minimumPaths + 6) {
            yaml += "  /items\(index):\n    get:\n      parameters: [{name: q, in: query, schema: {type: string}}]\n      responses: {'200': {description: OK}}\n"
        }
        yaml += "  /broken:\n    get: {summary: [not, a, string], responses: {'200': {description: OK}}}\n"
        yaml += "components:\n  schemas:\n    Broken: {type: object, required: true}\n"
        let document = try YAMLDocument.parse(Array(yaml.utf8), file: "spec.yaml")
        let decoder = DocumentDecoder()
        let decoded = try #require(decoder.document(document.root))
        #expect(decoded.paths.count == ParallelDecoding.minimumPaths + 7)
        var collector = DiagnosticCollector()
        collector.append(contentsOf: decoder.diagnostics)
        let descriptions = collector.sorted.map(\.description)
        #expect(descriptions.count == 2)
        #expect(descriptions.first?.contains("summary") == true)
        #expect(descriptions.last?.contains("required") == true)
        #expect(decoder.hasErrors)
        // Paths are nearly all of this document: each core reads some, and they keep their order.
        let pathsNode = try #require(document.root["paths"])
        let split = ParallelDecoding.evenSplit(paths: pathsNode, schemas: document.root["components"]?["schemas"])
        #expect(split.paths > 0 && split.paths < pathsNode.count / 2)
        #expect(Array(decoded.paths.keys) == pathsNode.pairs.compactMap(\.key.scalar))
        // A query parameter's schema, looked up through the root's decoder, is the decoded one,
        // whichever core decoded it.
        for path in ["/items0", "/items\(ParallelDecoding.minimumPaths + 5)"] {
            let schemaNode = try #require(pathsNode[path]?["get"]?["parameters"]?.items.first?["schema"])
            let parameter = try #require(decoded.paths[path]?.value?.operations.first?.operation.parameters.first?.value)
            let schema = try #require(parameter.schema)
            #expect(decoder.schema(schemaNode) === schema)
        }
    }

    /// With many schemas besides, the other core also decodes the last of them: they keep
    /// their order and identity, and their problems are reported.
    @Test func lastSchemasDecodeOnAnotherCoreInOrder() throws {
        var yaml = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
        for index in 0..<ParallelDecoding.minimumPaths {
            yaml += "  /items\(index):\n    get:\n      responses: {'200': {description: OK}}\n"
        }
        yaml += "components:\n  schemas:\n"
        let names = (0..<400).map { "Schema\($0)" }
        for name in names.dropLast() {
            yaml += "    \(name):\n      type: object\n      properties:\n        id: {type: string}\n        size: {type: integer, minimum: 0}\n"
        }
        yaml += "    \(names[names.count - 1]): {type: object, required: true}\n"
        let document = try YAMLDocument.parse(Array(yaml.utf8), file: "spec.yaml")
        let schemasNode = try #require(document.root["components"]?["schemas"])
        let split = ParallelDecoding.evenSplit(paths: try #require(document.root["paths"]), schemas: schemasNode)
        // Some 640 nodes of paths beside 4,800 of schemas: for even shares, the other core takes
        // the paths and the last 170 or so schemas.
        #expect(split.paths == 0)
        #expect(split.schemas > names.count / 2 && split.schemas < names.count * 3 / 4)

        let decoder = DocumentDecoder()
        let decoded = try #require(decoder.document(document.root))
        #expect(Array(decoded.components.schemas.keys) == names)
        #expect(decoder.diagnostics.map(\.description).contains { $0.contains("required") })
        let lastNode = try #require(schemasNode[names[names.count - 2]])
        #expect(decoder.schema(lastNode) === decoded.components.schemas[names[names.count - 2]])
        #expect(decoded.components.schemas[names[names.count - 2]]?.properties.keys.elementsEqual(["id", "size"]) == true)
    }
}
