import Diagnostics
import Foundation
import OpenAPIDocument
import Testing
import YAMLReader

@testable import SchemaGraph

/// Builds a graph from inline YAML (file name `spec.yaml`), or returns the diagnostics.
func buildGraph(_ yaml: String, options: GraphOptions = GraphOptions(moduleName: "API"), rootPath: String? = nil) -> Result<SchemaGraph, DiagnosticsError> {
    do {
        let decoded = try DocumentDecoder.decode(YAMLDocument.parse(Array(yaml.utf8), file: "spec.yaml"), rootPath: rootPath)
        return .success(try GraphBuilder.build(document: decoded.document, references: decoded.references, options: options))
    } catch {
        return .failure(error)
    }
}

func graph(_ yaml: String, options: GraphOptions = GraphOptions(moduleName: "API")) throws -> SchemaGraph {
    try buildGraph(yaml, options: options).get()
}

func errors(_ yaml: String) -> [String] {
    switch buildGraph(yaml) {
    case .success: return []
    case .failure(let error): return error.diagnostics.filter { $0.severity == .error }.map(\.description)
    }
}

extension SchemaGraph {
    func type(named name: String) -> TypeDecl? {
        types.first { qualifiedName(of: $0.id) == name }
    }

    func alias(_ name: String) -> ValueType? {
        if case .alias(let value)? = type(named: name)?.kind { return value }
        return nil
    }

    func object(_ name: String) -> ObjectType? {
        if case .object(let object)? = type(named: name)?.kind { return object }
        return nil
    }

    func call(_ operationID: String) -> String? {
        operations.first { $0.operationID == operationID }.map { ($0.resourcePath + [$0.methodName]).joined(separator: ".") }
    }
}

let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

func bundledGraph(_ name: String) throws -> SchemaGraph {
    let path = repositoryRoot.appendingPathComponent("specs/\(name)").path
    let decoded = try DocumentDecoder.decode(YAMLDocument.load(path: path, displayPath: "specs/\(name)"), rootPath: path)
    return try GraphBuilder.build(document: decoded.document, references: decoded.references, options: GraphOptions(moduleName: "API"))
}

@Suite("Schema graph")
struct GraphBuilderTests {
    @Test func telnyxBundledSpec() throws {
        let graph = try bundledGraph("telnyx-canary.yaml")
        #expect(graph.call("create_canary_deploy_assistants__assistant_id__canary_deploys_post") == "ai.assistants.canaryDeploys.create")
        #expect(graph.call("update_canary_deploy_assistants__assistant_id__canary_deploys_put") == "ai.assistants.canaryDeploys.update")
        #expect(graph.type(named: "RuleInput") != nil)
        #expect(graph.type(named: "RuleOutput") != nil)
        let slot = try #require(graph.object("RolloutSlot"))
        #expect(slot.properties.map(\.swiftName) == ["versionID", "weight"])
        let weight = slot.properties[1]
        #expect(weight.type.constraints.minimum?.text == "0")
        #expect(weight.type.constraints.maximum?.text == "100")
        guard case .enumeration(let operators)? = graph.type(named: "Operator")?.kind else {
            Issue.record("Operator is not an enum")
            return
        }
        #expect(operators.cases.map(\.swiftName) == ["`in`", "notIn", "startsWith"])
        let clause = try #require(graph.object("Clause"))
        #expect(clause.properties.first { $0.name == "values" }?.type.constraints.minItems == 1)
        #expect(graph.auth == [.bearer])
        #expect(graph.servers.map(\.caseName) == ["production"])
        #expect(graph.resources.children.map(\.typeName) == ["AIResource"])
        #expect(graph.errorBodyTypes.count == 1)
    }

    @Test func operationServers() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            servers: [{url: 'https://api.example.com/2.0'}]
            paths:
              /uploads:
                servers: [{url: 'https://{host}/api/2.0', variables: {host: {default: upload.example.com}}}]
                post: {operationId: upload, responses: {'204': {description: ok}}}
                put:
                  operationId: replace
                  servers: [{url: 'https://api.example.com/2.0'}]
                  responses: {'204': {description: ok}}
              /socket:
                get:
                  operationId: listen
                  servers: [{url: 'wss://api.example.com/2.0'}]
                  responses: {'204': {description: ok}}
              /plain:
                get: {operationId: plain, responses: {'204': {description: ok}}}
            """)
        let servers = Dictionary(uniqueKeysWithValues: graph.operations.map { ($0.operationID, $0.server ?? "-") })
        // The path's server, with its variable at the default; an API server changes nothing; a
        // WebSocket URL cannot be used, which is said.
        #expect(servers == ["upload": "https://upload.example.com/api/2.0", "replace": "-", "listen": "-", "plain": "-"])
        let warning = try #require(graph.diagnostics.first { $0.severity == .warning })
        #expect(warning.description == "spec.yaml:15:17: warning: GET /socket is documented at 'wss://api.example.com/2.0', which is not an absolute http(s) URL of plain URL characters; the operation is sent to the client's server")
    }

    @Test func serverVariableChoices() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            servers:
              - {url: 'https://{region}.example.com', variables: {region: {default: eu, enum: [eu, us-east]}}}
              - {url: 'https://{region}.sandbox.example.com', variables: {region: {default: test, enum: [test]}}}
              - {url: 'https://{region}.other.example.com', variables: {region: {default: eu, enum: [eu, us-east]}}}
              - {url: 'https://{url}.x.example.com', variables: {url: {default: a, enum: [a, b]}, free: {default: z}}}
              - {url: 'https://{region}.y.example.com', variables: {region: {default: nope, enum: [eu]}}}
            paths: {}
            """)
        let choices = graph.servers.map { $0.variables.map { $0.choices?.typeName ?? "String" } }
        // Same values share an enum; other values under the same name get the server's name; a
        // name `Server` uses is avoided; a default outside its list leaves the variable a String.
        #expect(choices == [["Region"], ["SandboxRegion"], ["Region"], ["URLChoice", "String"], ["String"]])
        #expect(graph.servers[0].variables[0].choices?.cases.map(\.swiftName) == ["eu", "usEast"])
    }

    @Test func elevenLabsBundledSpec() throws {
        let graph = try bundledGraph("elevenlabs-deployments.yaml")
        #expect(graph.call("create") == "convai.agents.deployments.create")
        #expect(graph.type(named: "AgentDeploymentRequest") != nil)
        #expect(graph.type(named: "CreateDeploymentRequest") != nil)
        #expect(graph.servers.map(\.caseName) == ["production", "us", "euResidency", "inResidency"])
        // The xi-api-key header is on every operation, so it moves to the client.
        #expect(graph.sharedHeaders.map(\.header) == ["xi-api-key"])
        #expect(graph.sharedHeaders.first?.isSecret == true)
        let parameters = try #require(graph.operations.first?.parameters)
        #expect(parameters.map(\.swiftName) == ["agentID", "xiAPIKey"])
        #expect(parameters[1].liftedTo == "xiAPIKey")
        guard case .union(let union)? = graph.type(named: "ValidationErrorLocItem")?.kind else {
            Issue.record("ValidationErrorLocItem is not a union")
            return
        }
        #expect(union.variants.map(\.caseName) == ["string", "integer"])
    }

    @Test func nullableUnionsBecomeOptionals() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  required: [name, tag, owner]
                  properties:
                    name: {type: string}
                    tag:
                      anyOf: [{type: string}, {type: 'null'}]
                    owner:
                      oneOf: [{$ref: '#/components/schemas/Owner'}, {type: 'null'}]
                    age: {type: [integer, 'null']}
                    legacy: {type: string, nullable: true}
                Owner: {type: object, properties: {id: {type: string}}}
            """)
        let pet = try #require(graph.object("Pet"))
        let types = Dictionary(uniqueKeysWithValues: pet.properties.map { ($0.name, $0) })
        #expect(types["name"]?.isOptional == false)
        #expect(types["tag"]?.type.nullable == true)
        #expect(types["tag"]?.type.type == .primitive(.string))
        #expect(types["owner"]?.type.nullable == true)
        #expect(types["age"]?.type.type == .primitive(.int))
        #expect(types["age"]?.type.nullable == true)
        #expect(types["legacy"]?.type.nullable == true)
    }

    @Test func allOfMergesProperties() throws {
        let graph = try graph("""
            openapi: 3.0.3
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Base:
                  type: object
                  required: [id]
                  properties:
                    id: {type: string}
                    kind: {type: string, enum: [a, b]}
                Derived:
                  allOf:
                    - $ref: '#/components/schemas/Base'
                    - type: object
                      required: [extra]
                      properties:
                        extra: {type: integer, minimum: 1}
                        id: {description: The identifier, refined.}
            """)
        let derived = try #require(graph.object("Derived"))
        #expect(derived.properties.map(\.name) == ["id", "kind", "extra"])
        #expect(derived.properties[0].type.type == .primitive(.string))
        #expect(derived.properties[0].isRequired)
        #expect(derived.properties[2].isRequired)
        #expect(derived.composedOf == [graph.type(named: "Base")!.id])
        // The inline enum is declared once, in the type that wrote it.
        #expect(graph.type(named: "Base.Kind") != nil)
        #expect(graph.describe(derived.properties[1].type) == "Base.Kind")
    }

    @Test func allOfOfScalarsIsTheNarrowestScalarWithEveryBound() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Small: {type: integer, minimum: 0, maximum: 50}
                Level:
                  allOf: [{$ref: '#/components/schemas/Small'}, {type: integer, format: int32, minimum: -5, maximum: 10}]
                Typed:
                  type: string
                  allOf: [{format: date-time}, {minLength: 20}]
                Mixed:
                  allOf: [{type: string}, {type: integer}]
                Patterned:
                  allOf: [{type: string, pattern: '^a'}, {type: string, pattern: 'b$'}]
                Contradictory:
                  type: integer
                  allOf: [{type: string}]
                OwnTypeAgainstParts:
                  type: string
                  allOf: [{type: integer}, {type: integer}]
                Status: {type: string, enum: [open, closed]}
                Narrowed:
                  allOf: [{type: string, maxLength: 8}, {$ref: '#/components/schemas/Status'}]
                NotNarrowed:
                  allOf: [{type: integer}, {$ref: '#/components/schemas/Status'}]
            """)
        let level = try #require(graph.alias("Level"))
        #expect(level.type == .primitive(.int32))
        #expect(level.constraints.minimum?.text == "0")
        #expect(level.constraints.maximum?.text == "10")
        let typed = try #require(graph.alias("Typed"))
        // The schema's own `type` is a part too; `{format: ...}` alone only describes.
        #expect(typed.type == .primitive(.string))
        #expect(typed.constraints.minLength == 20)
        let mixed = try #require(graph.alias("Mixed"))
        #expect(mixed.type == .any)
        let warnings = graph.diagnostics.filter { $0.severity == .warning }.map(\.description)
        #expect(warnings == [
            "spec.yaml:13:7: warning: allOf combines parts that cannot make one value (objects with scalars, scalars of different kinds, or a union that includes this schema); the value is typed as JSONValue",
            "spec.yaml:15:46: warning: two 'pattern' apply to this value ('^a' and 'b$'); only 'b$' is checked",
            "spec.yaml:17:7: warning: allOf's part is not of the schema's own type; the value is typed as JSONValue",
            "spec.yaml:20:7: warning: allOf combines parts that cannot make one value (objects with scalars, scalars of different kinds, or a union that includes this schema); the value is typed as JSONValue",
            "spec.yaml:26:7: warning: allOf combines parts that cannot make one value (objects with scalars, scalars of different kinds, or a union that includes this schema); the value is typed as JSONValue",
        ])
        // A string narrowed by an enumeration of strings is that enumeration.
        #expect(graph.describe(try #require(graph.alias("Narrowed"))) == "Status")
        #expect(try #require(graph.alias("NotNarrowed")).type == .any)
        #expect(try #require(graph.alias("Contradictory")).type == .any)
        // The schema's own type is a part however many parts there are.
        #expect(try #require(graph.alias("OwnTypeAgainstParts")).type == .any)
    }

    @Test func anEmptyEnumIsIgnored() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Status: {type: string, enum: [approved, rejected]}
                Decision:
                  type: object
                  properties:
                    action: {type: string, enum: [], allOf: [{$ref: '#/components/schemas/Status'}]}
            """)
        // Discord's shape: read literally, no value would be valid, and the property would be JSONValue.
        #expect(graph.describe(try #require(graph.object("Decision")).properties[0].type) == "Status")
    }

    @Test func keywordsBesideAReferenceTightenItsBounds() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Code: {type: string, minLength: 2, maxLength: 10}
                Holder:
                  type: object
                  properties:
                    looser: {$ref: '#/components/schemas/Code', maxLength: 30}
                    tighter: {$ref: '#/components/schemas/Code', minLength: 4}
            """)
        let holder = try #require(graph.object("Holder"))
        // Both the alias's keywords and the ones beside the `$ref` apply: the tighter bound wins.
        #expect(holder.properties.map { [$0.type.constraints.minLength, $0.type.constraints.maxLength] } == [[2, 10], [4, 10]])
    }

    @Test func discriminatorMapping() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Pet:
                  oneOf: [{$ref: '#/components/schemas/Dog'}, {$ref: '#/components/schemas/Cat'}]
                  discriminator:
                    propertyName: pet_type
                    mapping:
                      dog: '#/components/schemas/Dog'
                Dog: {type: object, properties: {pet_type: {type: string}, bark: {type: boolean}}}
                Cat: {type: object, properties: {pet_type: {type: string}}}
            """)
        guard case .union(let union)? = graph.type(named: "Pet")?.kind else {
            Issue.record("Pet is not a union")
            return
        }
        #expect(union.discriminator == "pet_type")
        #expect(union.variants.map(\.caseName) == ["dog", "cat"])
        #expect(union.variants.map(\.discriminatorValues) == [["dog"], ["Cat"]])
    }

    @Test func cyclesAreBoxedOnlyWhereStoredInline() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Tree: {type: object, properties: {children: {type: array, items: {$ref: '#/components/schemas/Tree'}}}}
                Node: {type: object, properties: {parent: {$ref: '#/components/schemas/Node'}, name: {type: string}}}
                A: {type: object, properties: {b: {$ref: '#/components/schemas/B'}}}
                B: {type: object, properties: {a: {$ref: '#/components/schemas/A'}}}
                Expr:
                  oneOf:
                    - {type: string}
                    - {type: object, properties: {left: {$ref: '#/components/schemas/Expr'}}}
            """)
        #expect(graph.object("Tree")?.properties.map(\.needsIndirection) == [false])
        #expect(graph.object("Node")?.properties.map(\.needsIndirection) == [true, false])
        #expect(graph.object("A")?.properties.map(\.needsIndirection) == [true])
        #expect(graph.object("B")?.properties.map(\.needsIndirection) == [true])
        guard case .union(let expr)? = graph.type(named: "Expr")?.kind else {
            Issue.record("Expr is not a union")
            return
        }
        #expect(expr.isIndirect)
    }

    @Test func unresolvedReferenceNamesFileLineAndColumn() {
        let found = errors("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Pet:
                  type: object
                  properties:
                    owner: {$ref: '#/components/schemas/Nope'}
            """)
        #expect(found == ["spec.yaml:9:23: error: unresolved $ref '#/components/schemas/Nope': no 'Nope' in '#/components/schemas'"])
    }

    @Test func referenceCyclesWithoutStructureAreErrors() {
        let found = errors("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                A: {$ref: '#/components/schemas/B'}
                B: {$ref: '#/components/schemas/A'}
                C: {$ref: '#/components/schemas/C'}
            """)
        #expect(found.count == 2)
        #expect(found.allSatisfy { $0.contains("reference cycle with no structure") })
        #expect(found.contains { $0.hasPrefix("spec.yaml:6:") })
        #expect(found.contains { $0.hasPrefix("spec.yaml:8:") })
    }

    @Test func referencesIntoOtherComponentsAreRefused() {
        let found = errors("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              parameters:
                Limit: {name: limit, in: query, schema: {type: integer}}
              schemas:
                Pet: {type: object, properties: {limit: {$ref: '#/components/parameters/Limit'}}}
            """)
        #expect(found == ["spec.yaml:8:52: error: $ref '#/components/parameters/Limit' points to a parameter, not a schema"])
    }

    @Test func remoteAndEscapingReferencesAreRefused() {
        let found = errors("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                A: {$ref: 'https://example.com/schemas.yaml#/A'}
                B: {$ref: '/etc/passwd#/B'}
            """)
        #expect(found.count == 2)
        #expect(found[0].contains("remote $ref 'https://example.com/schemas.yaml#/A' is not allowed"))
        #expect(found[1].contains("absolute $ref '/etc/passwd#/B' is not allowed"))
    }

    @Test func pointerEscapes() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                a/b~c: {type: string, enum: [x]}
                'with space': {type: integer}
                User:
                  type: object
                  properties:
                    slash: {$ref: '#/components/schemas/a~1b~0c'}
                    space: {$ref: '#/components/schemas/with%20space'}
            """)
        let user = try #require(graph.object("User"))
        #expect(graph.describe(user.properties[0].type) == "ABC")
        #expect(graph.describe(user.properties[1].type) == "WithSpace")
    }

    @Test func namesCollidingAfterCaseConversionGetSuffixes() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Rule-Input: {type: object, properties: {a: {type: string}}}
                RuleInput: {type: object, properties: {b: {type: string}}}
                rule_input: {type: object, properties: {c: {type: string}}}
                Error: {type: object, properties: {message: {type: string}}}
            """)
        #expect(graph.topLevelTypes.map { graph[$0].name } == ["RuleInput", "RuleInput2", "RuleInput3", "ErrorModel"])
    }

    @Test func pathParametersMustMatchTheTemplate() {
        let found = errors("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /items/{id}:
                get:
                  parameters:
                    - {name: item_id, in: path, required: true, schema: {type: string}}
                  responses:
                    '200': {description: OK}
            """)
        #expect(found.contains("spec.yaml:7:11: error: path parameter 'item_id' does not appear in the path template '/items/{id}'"))
        #expect(found.contains { $0.contains("uses '{id}', but the operation declares no path parameter 'id'") })
    }

    @Test func duplicateOperationIDsAreRenamedWithAWarning() throws {
        let result = buildGraph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /a:
                get: {operationId: list, responses: {'200': {description: OK}}}
              /b:
                get: {operationId: list, responses: {'200': {description: OK}}}
            """)
        let graph = try result.get()
        #expect(graph.operations.map(\.operationID) == ["list", "list2"])
        #expect(graph.diagnostics.contains { $0.severity == .warning && $0.message.contains("duplicate operationId 'list'") })
    }

    @Test func methodNamesFollowVendorConventions() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /v2/calls:
                get:
                  operationId: ListCalls
                  responses: {'200': {description: OK, content: {application/json: {schema: {type: object, properties: {data: {type: array, items: {type: string}}}}}}}}
                post: {operationId: CreateCall, responses: {'200': {description: OK}}}
              /v2/calls/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                get: {operationId: GetCall, responses: {'200': {description: OK}}}
                patch: {operationId: UpdateCall, responses: {'200': {description: OK}}}
                delete: {operationId: DeleteCall, responses: {'204': {description: Gone}}}
              /v2/calls/{id}/actions/hangup:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                post: {operationId: HangupCall, responses: {'200': {description: OK}}}
              /v2/calls/{id}/transfer:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                post: {operationId: TransferCall, responses: {'200': {description: OK}}}
            """)
        #expect(graph.call("ListCalls") == "calls.list")
        #expect(graph.call("CreateCall") == "calls.create")
        #expect(graph.call("GetCall") == "calls.retrieve")
        #expect(graph.call("UpdateCall") == "calls.update")
        #expect(graph.call("DeleteCall") == "calls.delete")
        #expect(graph.call("HangupCall") == "calls.actions.hangup")
        #expect(graph.call("TransferCall") == "calls.transfer")
    }

    @Test func aLastSegmentThatNamesAnActionIsTheMethod() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /fine_tuning/graders/run:
                post: {operationId: runGrader, responses: {'200': {description: OK}}}
              /sub_number_orders/{id}/cancel:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                patch: {operationId: CancelSubNumberOrder, responses: {'200': {description: OK}}}
              /channels/{channel_id}/messages/bulk-delete:
                parameters: [{name: channel_id, in: path, required: true, schema: {type: string}}]
                post: {operationId: bulk_delete_messages, responses: {'204': {description: Gone}}}
              /reports/usage/sync:
                get: {operationId: GetUsageReportSync, responses: {'200': {description: OK}}}
              /oauth/token:
                post: {operationId: token_exchange, responses: {'200': {description: OK}}}
              /video/rooms/session:
                post: {operationId: session_create, responses: {'200': {description: OK}}}
            """)
        #expect(graph.call("runGrader") == "fineTuning.graders.run")
        #expect(graph.call("CancelSubNumberOrder") == "subNumberOrders.cancel")
        #expect(graph.call("bulk_delete_messages") == "channels.messages.bulkDelete")
        #expect(graph.call("GetUsageReportSync") == "reports.usage.sync")
        // A one-word segment is a verb only when it is one of the action verbs.
        #expect(graph.call("token_exchange") == "oauth.token.create")
        #expect(graph.call("session_create") == "video.rooms.session.create")
    }

    @Test func componentsThatAreReferencesAreFollowed() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /pets:
                get:
                  operationId: listPets
                  parameters: [{$ref: '#/components/parameters/Limit'}]
                  responses: {'200': {$ref: '#/components/responses/Pets'}}
            components:
              parameters:
                Limit: {$ref: '#/components/parameters/PageSize'}
                PageSize: {name: page_size, in: query, schema: {type: integer}}
              responses:
                Pets: {$ref: '#/components/responses/Names'}
                Names: {description: OK, content: {application/json: {schema: {type: array, items: {type: string}}}}}
            """)
        let operation = try #require(graph.operations.first { $0.operationID == "listPets" })
        #expect(operation.parameters.map(\.name) == ["page_size"])
        #expect(operation.responses.first?.type.map(graph.describe) == "[string]")
    }

    @Test func aCollectionNestedUnderItsItemKeepsThePlainNameInACollision() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /threads/runs:
                post: {operationId: createThreadAndRun, responses: {'200': {description: OK}}}
              /threads/{thread_id}/runs:
                parameters: [{name: thread_id, in: path, required: true, schema: {type: string}}]
                post: {operationId: createRun, responses: {'200': {description: OK}}}
              /webhooks/{webhook_id}:
                parameters: [{name: webhook_id, in: path, required: true, schema: {type: string}}]
                get: {operationId: get_webhook, responses: {'200': {description: OK}}}
              /webhooks/{webhook_id}/{webhook_token}:
                parameters:
                  - {name: webhook_id, in: path, required: true, schema: {type: string}}
                  - {name: webhook_token, in: path, required: true, schema: {type: string}}
                get: {operationId: get_webhook_by_token, responses: {'200': {description: OK}}}
              /missions/runs:
                get: {operationId: get_public_missions_missions_runs, responses: {'200': {description: OK, content: {application/json: {schema: {type: array, items: {type: string}}}}}}}
              /missions/{mission_id}/runs:
                parameters: [{name: mission_id, in: path, required: true, schema: {type: string}}]
                get: {operationId: list_runs, responses: {'200': {description: OK, content: {application/json: {schema: {type: array, items: {type: string}}}}}}}
            """)
        // The runs of a thread are `threads.runs`, although `/threads/runs` comes first.
        #expect(graph.call("createRun") == "threads.runs.create")
        #expect(graph.call("createThreadAndRun") == "threads.runs.createThreadAndRun")
        // Equally nested paths: the first in the document keeps the name.
        #expect(graph.call("get_webhook") == "webhooks.retrieve")
        #expect(graph.call("get_webhook_by_token") == "webhooks.getWebhookByToken")
        // The list that lost lists across every mission.
        #expect(graph.call("list_runs") == "missions.runs.list")
        #expect(graph.call("get_public_missions_missions_runs") == "missions.runs.listAll")
    }

    @Test func aPostToAThingUnderAnItemIsNamedByTheVerbThatMakesIt() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /applications/{application_id}/attachment:
                parameters: [{name: application_id, in: path, required: true, schema: {type: string}}]
                post: {operationId: upload_application_attachment, responses: {'200': {description: OK}}}
              /telephony_credentials/{id}/token:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                post: {operationId: CreateTelephonyCredentialToken, responses: {'200': {description: OK}}}
              /channels/{channel_id}/messages/{message_id}/crosspost:
                parameters:
                  - {name: channel_id, in: path, required: true, schema: {type: string}}
                  - {name: message_id, in: path, required: true, schema: {type: string}}
                post: {operationId: crosspost_message, responses: {'200': {description: OK}}}
              /rooms/{room_id}/actions/generate_join_client_token:
                parameters: [{name: room_id, in: path, required: true, schema: {type: string}}]
                post: {operationId: CreateRoomClientToken, responses: {'200': {description: OK}}}
              /orders/{id}/file_upload:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                post: {operationId: UploadOrderFile, responses: {'200': {description: OK}}}
              /brand/{brandId}/2faEmail:
                parameters: [{name: brandId, in: path, required: true, schema: {type: string}}]
                post: {operationId: ResendBrand2faEmail, responses: {'200': {description: OK}}}
              /users/{user_id}/folders/0:
                parameters: [{name: user_id, in: path, required: true, schema: {type: string}}]
                put: {operationId: put_users_id_folders_0, summary: Transfer owned folders, responses: {'200': {description: OK}}}
            """)
        // `attachment(applicationID:)` would read as a getter.
        #expect(graph.call("upload_application_attachment") == "applications.uploadAttachment")
        #expect(graph.call("CreateTelephonyCredentialToken") == "telephonyCredentials.createToken")
        // A segment that is a verb already, or holds the operationId's verb, stays as it is.
        #expect(graph.call("crosspost_message") == "channels.messages.crosspost")
        #expect(graph.call("CreateRoomClientToken") == "rooms.actions.generateJoinClientToken")
        #expect(graph.call("UploadOrderFile") == "orders.fileUpload")
        // Not `_2faEmail`, which no one would look for.
        #expect(graph.call("ResendBrand2faEmail") == "brand.resend2faEmail")
        // A folder named by number (Box's root folder) is no resource: not `folders._0.update`.
        #expect(graph.call("put_users_id_folders_0") == "users.folders.transfer")
    }

    @Test func aChangeToAWholeCollectionLeavesThePlainVerbToItsItems() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /room_recordings:
                delete: {operationId: DeleteRoomRecordings, responses: {'204': {description: Gone}}}
              /room_recordings/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                delete: {operationId: DeleteRoomRecording, responses: {'204': {description: Gone}}}
              /guilds/{guild_id}/roles:
                parameters: [{name: guild_id, in: path, required: true, schema: {type: string}}]
                patch: {operationId: bulk_update_guild_roles, responses: {'200': {description: OK}}}
              /guilds/{guild_id}/roles/{role_id}:
                parameters:
                  - {name: guild_id, in: path, required: true, schema: {type: string}}
                  - {name: role_id, in: path, required: true, schema: {type: string}}
                patch: {operationId: update_guild_role, responses: {'200': {description: OK}}}
              /lobbies:
                put: {operationId: create_or_join_lobby, responses: {'200': {description: OK}}}
              /lobbies/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                patch: {operationId: edit_lobby, responses: {'200': {description: OK}}}
              /settings:
                put: {operationId: replace_settings, responses: {'200': {description: OK}}}
            """)
        // `delete()` with no arguments would read as deleting one thing: it is not the bulk call.
        #expect(graph.call("DeleteRoomRecordings") == "roomRecordings.deleteAll")
        #expect(graph.call("DeleteRoomRecording") == "roomRecordings.delete")
        #expect(graph.call("bulk_update_guild_roles") == "guilds.roles.bulkUpdateGuildRoles")
        #expect(graph.call("update_guild_role") == "guilds.roles.update")
        #expect(graph.call("create_or_join_lobby") == "lobbies.createOrJoinLobby")
        #expect(graph.call("edit_lobby") == "lobbies.update")
        // A collection without items of its own is one thing: its PUT stays `update`.
        #expect(graph.call("replace_settings") == "settings.update")
    }

    @Test func rangeBoundsInParameterNamesAreWords() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /calls:
                get:
                  operationId: ListCall
                  parameters:
                    - {name: StartTime, in: query, schema: {type: string, format: date-time}}
                    - {name: StartTime<, in: query, schema: {type: string, format: date-time}}
                    - {name: StartTime>, in: query, schema: {type: string, format: date-time}}
                    - {name: MessageDate<=, in: query, schema: {type: string, format: date}}
                    - {name: Price>, in: query, schema: {type: number}}
                    - {name: Price>=, in: query, schema: {type: number}}
                    - {name: '<', in: query, schema: {type: number}}
                  responses: {'200': {description: OK}}
            """)
        let call = try #require(graph.operations.first)
        #expect(call.parameters.map(\.swiftName) == [
            "startTime", "startTimeBefore", "startTimeAfter", "messageDateOnOrBefore", "priceGreaterThan", "priceAtLeast", "lessThan",
        ])
    }

    @Test func aCredentialHeaderThatNearlyEveryOperationDeclaresMovesToTheClient() throws {
        // Ten operations; the last one declares neither header, or only the trace header.
        func spec(lastDeclaresTrace: Bool) -> String {
            var text = "openapi: 3.1.0\ninfo: {title: T, version: '1'}\npaths:\n"
            for index in 0..<10 {
                var headers = ["{name: xi-api-key, in: header, schema: {type: string}}", "{name: x-trace, in: header, schema: {type: string}}"]
                if index == 9 { headers = lastDeclaresTrace ? [headers[1]] : [] }
                text += "  /things\(index):\n    get:\n      operationId: get\(index)\n"
                text += "      parameters: [\(headers.joined(separator: ", "))]\n"
                text += "      responses: {'200': {description: OK}}\n"
            }
            return text
        }
        // 9 of 10 is enough for a credential; any other header moves only when all declare it.
        #expect(try graph(spec(lastDeclaresTrace: true)).sharedHeaders.map(\.header) == ["xi-api-key", "x-trace"])
        #expect(try graph(spec(lastDeclaresTrace: false)).sharedHeaders.map(\.header) == ["xi-api-key"])
    }

    @Test func getOnACollectionWithItemsListsAndGetOnAnotherPathOfItsResourceRetrieves() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /email_blocks:
                get:
                  operationId: ShowEmailBlocks
                  responses: {'200': {description: OK, content: {application/json: {schema: {type: object, properties: {meta: {type: object}}}}}}}
              /email_blocks/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                get: {operationId: ShowEmailBlock, responses: {'200': {description: OK}}}
              /brand/smsOtp/{referenceId}:
                parameters: [{name: referenceId, in: path, required: true, schema: {type: string}}]
                get: {operationId: GetSmsOtpByReference, responses: {'200': {description: OK}}}
              /brand/{brandId}/smsOtp:
                parameters: [{name: brandId, in: path, required: true, schema: {type: string}}]
                get:
                  operationId: GetBrandSmsOtpStatus
                  responses: {'200': {description: OK, content: {application/json: {schema: {type: object, properties: {status: {type: string}}}}}}}
              /assistants/tags:
                get:
                  operationId: get_all_assistant_tags
                  responses: {'200': {description: OK, content: {application/json: {schema: {type: object, properties: {tags: {type: array, items: {type: string}}}}}}}}
            """)
        #expect(graph.call("ShowEmailBlocks") == "emailBlocks.list")
        #expect(graph.call("ShowEmailBlock") == "emailBlocks.retrieve")
        // One resource, `brand.smsOTP`, but `/brand/{brandId}/smsOtp` is not the collection of
        // `/brand/smsOtp/{referenceId}`: it returns one status, so it is not a list. Both
        // retrieve; the path nested under its brand keeps the name, and the other is named by
        // its operationId.
        #expect(graph.call("GetBrandSmsOtpStatus") == "brand.smsOTP.retrieve")
        #expect(graph.call("GetSmsOtpByReference") == "brand.smsOTP.getSMSOTPByReference")
        // An object that holds one array and nothing else is a list.
        #expect(graph.call("get_all_assistant_tags") == "assistants.tags.list")
    }

    /// Twilio's shape: every path ends in `.json`, items are changed by POST, and list pages
    /// hold their items under the resource's own name, not `data`.
    @Test func jsonSuffixedPathsAreOneResourceWhosePostToAnItemUpdates() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /2010-04-01/Accounts/{AccountSid}/Calls.json:
                parameters: [{name: AccountSid, in: path, required: true, schema: {type: string}}]
                get:
                  operationId: ListCall
                  responses: {'200': {description: OK, content: {application/json: {schema: {type: object, properties: {calls: {type: array, items: {type: string}}}}}}}}
                post: {operationId: CreateCall, responses: {'201': {description: Created}}}
              /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json:
                parameters:
                  - {name: AccountSid, in: path, required: true, schema: {type: string}}
                  - {name: Sid, in: path, required: true, schema: {type: string}}
                get: {operationId: FetchCall, responses: {'200': {description: OK}}}
                post: {operationId: UpdateCall, responses: {'200': {description: OK}}}
              /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Siprec.json:
                parameters:
                  - {name: AccountSid, in: path, required: true, schema: {type: string}}
                  - {name: CallSid, in: path, required: true, schema: {type: string}}
                post: {operationId: CreateSiprec, responses: {'201': {description: Created}}}
              /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Siprec/{Sid}.json:
                parameters:
                  - {name: AccountSid, in: path, required: true, schema: {type: string}}
                  - {name: CallSid, in: path, required: true, schema: {type: string}}
                  - {name: Sid, in: path, required: true, schema: {type: string}}
                post: {operationId: UpdateSiprec, responses: {'200': {description: OK}}}
              /2010-04-01/Accounts/{AccountSid}/Usage/Records.json:
                parameters: [{name: AccountSid, in: path, required: true, schema: {type: string}}]
                get:
                  operationId: ListUsageRecord
                  responses:
                    '200':
                      description: OK
                      content:
                        application/json:
                          schema:
                            type: object
                            properties:
                              usage_records: {type: array, items: {type: string}}
                              next_page_uri: {type: string}
              /things/{id}:
                parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                post: {operationId: RestoreThing, responses: {'200': {description: OK}}}
                put: {operationId: UpdateThing, responses: {'200': {description: OK}}}
              /evals/{eval_id}/runs/{run_id}:
                parameters:
                  - {name: eval_id, in: path, required: true, schema: {type: string}}
                  - {name: run_id, in: path, required: true, schema: {type: string}}
                get: {operationId: getEvalRun, responses: {'200': {description: OK}}}
                post: {operationId: cancelEvalRun, responses: {'200': {description: OK}}}
              /files/{file_id}:
                parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
                post: {operationId: post_files_id, summary: Restore file, responses: {'200': {description: OK}}}
                put: {operationId: put_files_id, summary: Update file, responses: {'200': {description: OK}}}
              /calls/{sid}:
                parameters: [{name: sid, in: path, required: true, schema: {type: string}}]
                post: {operationId: UpdateCall2, summary: Stop a call, responses: {'200': {description: OK}}}
            """)
        #expect(graph.call("ListCall") == "accounts.calls.list")
        #expect(graph.call("CreateCall") == "accounts.calls.create")
        #expect(graph.call("FetchCall") == "accounts.calls.retrieve")
        #expect(graph.call("UpdateCall") == "accounts.calls.update")
        // `Siprec` has items of its own, so POST to it creates one rather than being an action.
        #expect(graph.call("CreateSiprec") == "accounts.calls.siprec.create")
        #expect(graph.call("UpdateSiprec") == "accounts.calls.siprec.update")
        // No item paths, but a page: one array, and the way to the next page.
        #expect(graph.call("ListUsageRecord") == "accounts.usage.records.list")
        // PUT is the update where there is one.
        #expect(graph.call("UpdateThing") == "things.update")
        // A POST to an item whose operationId starts with an action does that action.
        #expect(graph.call("RestoreThing") == "things.restore")
        #expect(graph.call("cancelEvalRun") == "evals.runs.cancel")
        #expect(graph.call("getEvalRun") == "evals.runs.retrieve")
        // An operationId that only repeats the method lets the summary name the action; one
        // that names its own verb keeps it.
        #expect(graph.call("post_files_id") == "files.restore")
        #expect(graph.call("UpdateCall2") == "calls.update")
    }

    @Test func fernExtensionsAndOverridesWin() throws {
        var options = GraphOptions(moduleName: "API")
        options.operationNames = ["b": "things.make"]
        let graph = try graph(
            """
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /v1/a:
                post:
                  operationId: a
                  x-fern-sdk-group-name: [conversational_ai, agents]
                  x-fern-sdk-method-name: duplicate
                  responses: {'200': {description: OK}}
              /v1/b:
                post: {operationId: b, responses: {'200': {description: OK}}}
            """, options: options)
        #expect(graph.call("a") == "conversationalAI.agents.duplicate")
        #expect(graph.call("b") == "things.make")
    }

    @Test func pathTemplatesWithSuffixesFragmentsAndQueries() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths:
              /2010-04-01/Accounts/{AccountSid}/Calls/{Sid}.json:
                parameters:
                  - {name: AccountSid, in: path, required: true, schema: {type: string}}
                  - {name: Sid, in: path, required: true, schema: {type: string}}
                get: {operationId: FetchCall, responses: {'200': {description: OK}}}
              /files/{file_id}#get_shared_link:
                get:
                  operationId: get_shared_link
                  parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: OK}}
              /files/{file_id}#add_shared_link:
                put:
                  operationId: put_files_id#add_shared_link
                  parameters: [{name: file_id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: OK}}
              /shared_items#folders:
                get: {operationId: get_shared_items#folders, responses: {'200': {description: OK}}}
              /oauth2/token#refresh:
                post: {operationId: post_oauth2_token#refresh, responses: {'200': {description: OK}}}
              /responses/{id}?beta=true:
                get:
                  operationId: get_response
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: OK}}
            """)
        let call = try #require(graph.operations.first { $0.operationID == "FetchCall" })
        #expect(call.pathParameterNames == ["AccountSid", "Sid"])
        #expect(call.resourcePath == ["accounts", "calls"])
        let link = try #require(graph.operations.first { $0.operationID == "get_shared_link" })
        #expect(link.requestPath == "/files/{file_id}")
        // The fragment is not sent, but it names the operation: after the method's verb when it
        // names a thing rather than an action.
        #expect(graph.call("get_shared_link") == "files.getSharedLink")
        #expect(graph.call("put_files_id#add_shared_link") == "files.addSharedLink")
        #expect(graph.call("get_shared_items#folders") == "sharedItems.retrieveFolders")
        #expect(graph.call("post_oauth2_token#refresh") == "oauth2.token.refresh")
        let response = try #require(graph.operations.first { $0.operationID == "get_response" })
        #expect(response.requestPath == "/responses/{id}")
        #expect(response.fixedQuery.map { "\($0.name)=\($0.value)" } == ["beta=true"])
    }
}
