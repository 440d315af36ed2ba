import Diagnostics
import YAMLReader

/// What a `$ref` must point at, known from where it sits.
public enum ReferenceKind: UInt8, Sendable, Hashable {
    case schema, parameter, requestBody, response, pathItem
}

/// Every `$ref` the graph follows, resolved, with its target decoded: the stage between decoding
/// and the graph. The graph follows references through this table alone, so the YAML trees (a
/// third of the peak memory on a large spec) are freed before it is built.
///
/// Built by `DocumentDecoder.resolveReferences`. Each lookup gives the target, nil when the
/// target was found but failed to decode (the decoder reported why), or the diagnostic that says
/// why the reference cannot be followed, placed at the reference asked about.
public struct ReferenceTable: Sendable {
    /// A pointer means the same thing wherever it sits in a file.
    struct Key: Hashable, Sendable {
        let file: SourceFile
        let ref: String
        let refHash: Int
        let kind: ReferenceKind

        init(_ reference: Reference, _ kind: ReferenceKind) {
            file = reference.node.file
            ref = reference.ref
            refHash = reference.refHash
            self.kind = kind
        }

        static func == (lhs: Key, rhs: Key) -> Bool { lhs.file === rhs.file && lhs.ref == rhs.ref && lhs.kind == rhs.kind }

        func hash(into hasher: inout Hasher) {
            hasher.combine(refHash)
            hasher.combine(kind)
        }
    }

    enum Target: Sendable {
        case schema(Schema)
        case parameter(Parameter?)
        case requestBody(RequestBody?)
        case response(Response?)
        case pathItem(PathItem?)
    }

    /// The references that can be followed. Those that cannot are in `failures`, apart: a
    /// diagnostic is many times the size of a target, and nearly every reference has a target.
    var targets: [Key: Target] = [:]
    var failures: [Key: Diagnostic] = [:]

    public init() {}

    public func schema(_ reference: Reference) -> Result<Schema?, Diagnostic> {
        lookup(reference, .schema) { if case .schema(let schema) = $0 { schema } else { nil } }
    }

    public func parameter(_ reference: Reference) -> Result<Parameter?, Diagnostic> {
        lookup(reference, .parameter) { if case .parameter(let parameter) = $0 { parameter } else { nil } }
    }

    public func requestBody(_ reference: Reference) -> Result<RequestBody?, Diagnostic> {
        lookup(reference, .requestBody) { if case .requestBody(let body) = $0 { body } else { nil } }
    }

    public func response(_ reference: Reference) -> Result<Response?, Diagnostic> {
        lookup(reference, .response) { if case .response(let response) = $0 { response } else { nil } }
    }

    public func pathItem(_ reference: Reference) -> Result<PathItem?, Diagnostic> {
        lookup(reference, .pathItem) { if case .pathItem(let item) = $0 { item } else { nil } }
    }

    private func lookup<Value>(_ reference: Reference, _ kind: ReferenceKind, _ value: (Target) -> Value?) -> Result<Value?, Diagnostic> {
        let key = Key(reference, kind)
        if let target = targets[key] { return .success(value(target)) }
        if var diagnostic = failures[key] {
            diagnostic.location = reference.location
            return .failure(diagnostic)
        }
        // Only a reference the decoder did not log gets here: a bug, reported rather than hidden.
        return .failure(.error("internal error: $ref '\(reference.ref)' was not resolved before the graph was built", at: reference.location))
    }

    /// `Pet` for `#/components/schemas/Pet`; nil for any other pointer, and for a name that
    /// needs unescaping (`~1`, `%20`) or goes deeper (`Pet/properties/id`).
    static func componentSchemaName(_ ref: String) -> String? {
        componentName(ref, prefix: "#/components/schemas/")
    }

    /// The name after `prefix` (`#/components/parameters/`), on the same terms as
    /// `componentSchemaName`.
    static func componentName(_ ref: String, prefix: StaticString) -> String? {
        // Compared and cut as bytes, in place: as characters, or through the generic
        // `starts(with:)`, matching the prefix cost more than the rest of the lookup.
        var ref = ref
        return ref.withUTF8 { bytes -> String? in
            let count = prefix.utf8CodeUnitCount
            guard bytes.count > count, UnsafeBufferPointer(start: prefix.utf8Start, count: count).elementsEqual(bytes[..<count]) else { return nil }
            let name = UnsafeBufferPointer(rebasing: bytes[count...])
            guard !name.contains(where: { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "%") }) else { return nil }
            return String(decoding: name, as: UTF8.self)
        }
    }

    /// Names the kind of object a pointer reaches when it cannot be a schema.
    static func nonSchemaTarget(_ ref: String) -> String? {
        guard let hash = ref.firstIndex(of: "#") else { return nil }
        let tokens = ref[ref.index(after: hash)...].split(separator: "/").map(String.init)
        guard tokens.count >= 2, tokens[0] == "components" else {
            if tokens.first == "paths", !tokens.contains("schema") { return "a path item" }
            return nil
        }
        let kinds = [
            "parameters": "a parameter", "responses": "a response", "requestBodies": "a request body",
            "headers": "a header", "securitySchemes": "a security scheme", "examples": "an example",
            "links": "a link", "callbacks": "a callback", "pathItems": "a path item",
        ]
        if let kind = kinds[tokens[1]], !tokens.dropFirst(2).contains("schema") { return kind }
        return nil
    }
}

/// A document decoded, with its references resolved: what the graph is built from.
public struct DecodedDocument: Sendable {
    public var document: OpenAPI
    public var references: ReferenceTable
    /// Warnings and notes (errors are thrown).
    public var diagnostics: [Diagnostic]
}

extension DocumentDecoder {
    /// Resolves every reference decoded so far, decoding each target as what its reference
    /// expects. Decoding a target can find more references, and load more files: those are
    /// resolved too. Problems inside the targets are reported by the decoder, like the root's.
    ///
    /// - Parameters:
    ///   - document: the decoded root document.
    ///   - root: its tree.
    ///   - rootPath: where the root document is on disk; file references resolve inside its
    ///     folder (nil for a document read from memory: then only local references resolve).
    public func resolveReferences(of document: OpenAPI, in root: YAMLDocument, rootPath: String?) -> ReferenceTable {
        let resolver = ReferenceResolver(root: root, rootPath: rootPath)
        var table = ReferenceTable()
        var next = 0
        while next < referenceLog.count {
            let (reference, kind) = referenceLog[next]
            next += 1
            let key = ReferenceTable.Key(reference, kind)
            // Asked by index, not by value: reading the value copied the result only to drop it.
            guard table.targets.index(forKey: key) == nil, table.failures.isEmpty || table.failures.index(forKey: key) == nil else { continue }
            switch target(of: reference, as: kind, in: document, resolver: resolver) {
            case .success(let target): table.targets[key] = target
            case .failure(let diagnostic): table.failures[key] = diagnostic
            }
        }
        referenceLog = []
        loggedReferences = []
        return table
    }

    /// The root's own component that `ref` names, as decoded with the document; nil when it is
    /// not one, or is itself a reference (followed the long way, which reports cycles).
    private func decodedComponent(_ ref: String, as kind: ReferenceKind, in components: Components) -> ReferenceTable.Target? {
        switch kind {
        case .schema:
            ReferenceTable.componentSchemaName(ref).flatMap { components.schemas[$0] }.map { .schema($0) }
        case .parameter:
            ReferenceTable.componentName(ref, prefix: "#/components/parameters/").flatMap { components.parameters[$0]?.value }.map { .parameter($0) }
        case .requestBody:
            ReferenceTable.componentName(ref, prefix: "#/components/requestBodies/").flatMap { components.requestBodies[$0]?.value }.map { .requestBody($0) }
        case .response:
            ReferenceTable.componentName(ref, prefix: "#/components/responses/").flatMap { components.responses[$0]?.value }.map { .response($0) }
        case .pathItem:
            nil
        }
    }

    private func target(
        of reference: Reference, as kind: ReferenceKind, in document: OpenAPI, resolver: ReferenceResolver
    ) -> Result<ReferenceTable.Target, Diagnostic> {
        // The overwhelmingly common reference, to a component of the root, is already decoded:
        // decoding its node again made the same value, most of resolving a large spec.
        if reference.node.file === document.source, let target = decodedComponent(reference.ref, as: kind, in: document.components) {
            return .success(target)
        }
        var node: YAMLNode
        switch resolver.resolve(reference.ref, from: reference.node.file, at: reference.location) {
        case .success(let found): node = found
        case .failure(let diagnostic): return .failure(diagnostic)
        }
        // A component may itself be a reference (`parameters: {Limit: {$ref: ...}}`): followed to
        // what it names. Schemas need not be: a `$ref` schema is a schema, which the graph follows.
        var passed: Set<SourceNode> = [node.source]
        while kind != .schema, node.kind == .mapping, let next = node["$ref"], let ref = next.scalar {
            switch resolver.resolve(ref, from: node.document.source, at: next.location) {
            case .success(let found): node = found
            case .failure(let diagnostic): return .failure(diagnostic)
            }
            guard passed.insert(node.source).inserted else {
                return .failure(.error("$ref '\(reference.ref)' leads to a cycle of references that never reaches a value", at: reference.location))
            }
        }
        switch kind {
        case .schema:
            if let problem = ReferenceTable.nonSchemaTarget(reference.ref) {
                return .failure(.error("$ref '\(reference.ref)' points to \(problem), not a schema", at: reference.location))
            }
            return .success(.schema(schema(node)))
        case .parameter: return .success(.parameter(parameter(node)))
        case .requestBody: return .success(.requestBody(requestBody(node)))
        case .response: return .success(.response(response(node)))
        case .pathItem: return .success(.pathItem(pathItem(node, name: reference.ref)))
        }
    }
}
