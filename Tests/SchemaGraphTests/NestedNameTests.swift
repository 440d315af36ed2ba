import Foundation
import OpenAPIDocument
import Testing
import YAMLReader

@testable import SchemaGraph

@Suite("Nested type names")
struct NestedNameTests {
    static let spec = """
        openapi: 3.1.0
        info: {title: T, version: '1'}
        paths: {}
        components:
          schemas:
            Status: {type: string, enum: [on, off]}
            Call:
              type: object
              properties:
                status: {type: string, enum: [ringing, answered]}
            Order:
              type: object
              properties:
                status: {type: string, enum: [open, closed]}
                line:
                  type: object
                  properties:
                    shared: {$ref: '#/components/schemas/Status'}
            Media:
              oneOf:
                - {type: object, title: Status, properties: {url: {type: string}}}
                - {type: object, title: Link, properties: {href: {type: string}}}
        """

    @Test func aNestedTypeTakesATopLevelNameThatNothingInsideItsParentUses() throws {
        let graph = try graph(NestedNameTests.spec)
        // Nothing in `Call` uses the top-level `Status`, so its own is `Status` too.
        #expect(graph.type(named: "Call.Status") != nil)
        // `Order.Line` uses it, and would see an `Order.Status`: that one keeps its suffix.
        #expect(graph.type(named: "Order.Status2") != nil)
        #expect(graph.type(named: "Order.Status") == nil)
        let line = try #require(graph.object("Order.Line"))
        #expect(graph.qualifiedName(of: try namedID(line.properties[0].type), from: graph.type(named: "Order.Line")!.id) == "Status")
        // A union's cases follow its variants' names.
        guard case .union(let media)? = graph.type(named: "Media")?.kind else {
            Issue.record("Media is not a union")
            return
        }
        #expect(media.variants.map(\.caseName) == ["status", "link"])
        #expect(graph.type(named: "Media.Status") != nil)
    }

    @Test func aNestedTypeTakesTheNameOfATypeInAnAncestorThatNothingInsideItsParentUses() throws {
        let graph = try graph("""
            openapi: 3.1.0
            info: {title: T, version: '1'}
            paths: {}
            components:
              schemas:
                Kind: {type: string, enum: [x, y]}
                Run:
                  type: object
                  properties:
                    kind: {type: string, enum: [a, b]}
                    step: {type: object, properties: {kind: {type: string, enum: [c, d]}}}
                Job:
                  type: object
                  properties:
                    kind: {type: string, enum: [a, b]}
                    step:
                      type: object
                      properties:
                        kind: {type: string, enum: [c, d]}
                        jobKind: {$ref: '#/components/schemas/Job/properties/kind'}
            """)
        // Nested names are first kept apart from the top-level `Kind`, then given back. Nothing in
        // `Run.Step` refers to `Run.Kind`, which its own `Kind` would hide.
        #expect(graph.type(named: "Run.Kind") != nil)
        #expect(graph.type(named: "Run.Step.Kind") != nil)
        // `Job.Step` refers to `Job.Kind` by its bare name, so its own keeps a suffix.
        #expect(graph.type(named: "Job.Step.Kind2") != nil)
        let step = try #require(graph.object("Job.Step"))
        #expect(graph.qualifiedName(of: try namedID(step.properties[1].type), from: graph.type(named: "Job.Step")!.id) == "Kind")
    }

    @Test func everyReferenceInTheFixturesAndSpecsFindsItsType() throws {
        var paths = try FileManager.default.contentsOfDirectory(atPath: repositoryRoot.appendingPathComponent("specs").path)
            .filter { $0.hasSuffix(".yaml") && !$0.hasSuffix(".oasgen.yaml") }.map { "specs/\($0)" }
        let features = repositoryRoot.appendingPathComponent("Tests/Fixtures/Features")
        for folder in try FileManager.default.contentsOfDirectory(atPath: features.path).sorted() {
            paths.append("Tests/Fixtures/Features/\(folder)/spec.yaml")
        }
        paths.append(contentsOf: Self.corpusSpecs())
        var checked = 0
        for path in paths {
            let graph = try Self.load(path)
            let wrong = Self.misresolvedReferences(in: graph)
            #expect(wrong.isEmpty, "\(path): \(wrong.prefix(5))")
            checked += 1
        }
        #expect(checked >= 10)
        let graph = try graph(NestedNameTests.spec)
        #expect(Self.misresolvedReferences(in: graph).isEmpty)
    }

    /// The smaller corpus specs, when `../shared/corpus` is there (the large ones take long in a
    /// debug build; `Scripts/corpus-check.sh` compiles every spec's output).
    static func corpusSpecs() -> [String] {
        let corpus = repositoryRoot.appendingPathComponent("../shared/corpus").standardized
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: corpus.path) else { return [] }
        return names.sorted().filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") || $0.hasSuffix(".json") }
            .map { corpus.appendingPathComponent($0).path }
            .filter { path in
                let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? nil
                return ProcessInfo.processInfo.environment["CHECK_ALL_CORPUS"] != nil || (size ?? .max) < 2_000_000
            }
    }

    static func load(_ path: String) throws -> SchemaGraph {
        let full = path.hasPrefix("/") ? path : repositoryRoot.appendingPathComponent(path).path
        let decoded = try DocumentDecoder.decode(YAMLDocument.load(path: full, displayPath: path), rootPath: full)
        return try GraphBuilder.build(document: decoded.document, references: decoded.references, options: GraphOptions(moduleName: "API"))
    }

    /// References whose spelling, looked up the way Swift does from where the models emitter
    /// writes it, finds another type or none: `"Order.Line: Status → Order.Status"`.
    static func misresolvedReferences(in graph: SchemaGraph) -> [String] {
        var wrong: [String] = []
        for decl in graph.types {
            // Where the models emitter spells each of the type's references.
            var spelled: [(ValueType, TypeID?)] = []
            switch decl.kind {
            case .object(let object):
                spelled += object.properties.map { ($0.type, decl.id) }
                if let additional = object.additionalProperties { spelled.append((additional, decl.id)) }
            case .union(let union): spelled += union.variants.map { ($0.type, decl.id) }
            case .alias(let value): spelled.append((value, decl.parent))
            case .enumeration: break
            }
            for (value, scope) in spelled {
                for target in namedTypes(in: value) {
                    let spelling = graph.qualifiedName(of: target, from: scope)
                    let found = resolve(spelling, from: scope, in: graph)
                    if found != target {
                        wrong.append("\(graph.qualifiedName(of: decl.id)): \(spelling) → \(found.map { graph.qualifiedName(of: $0) } ?? "nothing")")
                    }
                }
            }
        }
        for decl in graph.types where NameRegistry.reservedTypeNames.contains(decl.name) {
            wrong.append("\(graph.qualifiedName(of: decl.id)) hides a name generated code uses")
        }
        return wrong
    }

    /// Swift's lookup of a dotted type name: the first name in the members of the enclosing
    /// types from the innermost out, then at the top level; each further name among the members
    /// of the one before. nil when a step finds nothing or more than one type.
    static func resolve(_ spelling: String, from scope: TypeID?, in graph: SchemaGraph) -> TypeID? {
        let parts = spelling.split(separator: ".").map(String.init)
        func member(_ name: String, of parent: TypeID?) -> [TypeID] {
            (parent.map { graph[$0].children } ?? graph.topLevelTypes).filter { graph[$0].name == name }
        }
        var found: TypeID?
        var context = scope
        while true {
            let matches = member(parts[0], of: context)
            if matches.count > 1 { return nil }
            if let match = matches.first {
                found = match
                break
            }
            guard let current = context else { return nil }
            context = graph[current].parent
        }
        for part in parts.dropFirst() {
            let matches = member(part, of: found)
            guard matches.count == 1 else { return nil }
            found = matches[0]
        }
        return found
    }

    static func namedTypes(in value: ValueType) -> [TypeID] {
        switch value.type {
        case .named(let id): [id]
        case .array(let element), .dictionary(let element): namedTypes(in: element)
        case .primitive, .any: []
        }
    }

    func namedID(_ value: ValueType) throws -> TypeID {
        try #require(NestedNameTests.namedTypes(in: value).first)
    }
}
