import Diagnostics
import Dispatch
import OrderedCollections
import YAMLReader

/// Reads OpenAPI objects from YAML nodes.
///
/// One decoder serves the root document and any file it references, so every schema node is
/// decoded once and keeps one identity (the schema graph maps each `Schema` to one type).
/// Unknown keys are ignored; a known key holding the wrong type is an error at its position.
public final class DocumentDecoder {
    public private(set) var version: SpecVersion
    private var reader = NodeReader()
    private var schemaCache = NodeMap<Schema>()
    /// The schemas of decoders whose work this one took over (`absorb`): looked up after this
    /// one's own, not merged into it. Merging rehashed every schema of the paths, on the one
    /// thread that then resolves references (2 ms on a large spec), for the few `$ref`s that
    /// point into the paths.
    private var absorbedSchemaCaches: [NodeMap<Schema>] = []
    /// Every reference the graph will follow, in the order met, with what it must point at:
    /// `resolveReferences` works through it (see `ReferenceTable.swift`).
    var referenceLog: [(reference: Reference, kind: ReferenceKind)] = []
    /// What `referenceLog` holds, so that it holds each pointer once. Most are written many
    /// times (Telnyx: 6,594 references to 2,251 targets); telling the repeats apart here, where
    /// each reference was just made, spared the one thread resolving them a cache miss apiece.
    var loggedReferences = Set<ReferenceTable.Key>()

    public init(version: SpecVersion = .v3_1) {
        self.version = version
    }

    /// Everything reported so far.
    public var diagnostics: [Diagnostic] { reader.diagnostics.diagnostics }

    public var hasErrors: Bool { reader.diagnostics.hasErrors }

    // MARK: Document

    /// Decodes a whole document and resolves its references (reading the files they reach).
    /// Throws when either finds an error. Nothing in the result refers to the trees, so they
    /// can be freed.
    ///
    /// - Parameters:
    ///   - tree: the root document's tree.
    ///   - rootPath: where it is on disk; file references resolve inside its folder (nil for a
    ///     document read from memory: then only local references resolve).
    public static func decode(_ tree: YAMLDocument, rootPath: String?) throws(DiagnosticsError) -> DecodedDocument {
        let decoder = DocumentDecoder()
        guard let document = decoder.document(tree.root), !decoder.hasErrors else {
            throw DiagnosticsError(decoder.reader.diagnostics.sorted)
        }
        let references = decoder.resolveReferences(of: document, in: tree, rootPath: rootPath)
        guard !decoder.hasErrors else { throw DiagnosticsError(decoder.reader.diagnostics.sorted) }
        return DecodedDocument(document: document, references: references, diagnostics: decoder.reader.diagnostics.sorted)
    }

    /// Decodes the root of a document; nil when it is not an OpenAPI 3 document at all.
    public func document(_ root: YAMLNode) -> OpenAPI? {
        guard root.kind == .mapping else {
            reader.diagnostics.error("expected an OpenAPI document (a mapping at the top level), found \(NodeReader.describe(root))", at: root.location)
            return nil
        }
        guard let (version, versionText) = readVersion(root) else { return nil }
        self.version = version

        var info: Info?
        var infoProblemReported = false
        var servers: [Server] = []
        var paths = OrderedDictionary<String, Referenceable<PathItem>>()
        var webhooks = OrderedDictionary<String, Referenceable<PathItem>>()
        var components = Components()
        var security: [SecurityRequirement]?
        var tags: [Tag] = []
        var extensions = Extensions()
        let parallel = ParallelDecoding.start(root, version: version)

        for (keyNode, value) in root.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "info":
                let reported = reader.diagnostics.diagnostics.count
                info = self.info(value)
                // A wrong `info` is reported where it is; only a silent failure needs the general message.
                infoProblemReported = info == nil && reader.diagnostics.diagnostics.count > reported
            case "servers": servers = self.servers(value) ?? []
            case "paths": paths = pathItems(value, key: "paths", isPaths: true, upTo: parallel?.split.paths)
            case "webhooks": webhooks = pathItems(value, key: "webhooks", isPaths: false)
            case "components": components = self.components(value, schemasOnThisCore: parallel?.split.schemas)
            case "security": security = securityRequirements(value)
            case "tags": tags = self.tags(value)
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        if let parallel { paths = absorb(parallel, paths: paths, into: &components) }
        guard let info else {
            if !infoProblemReported {
                reader.diagnostics.error("the document has no 'info' object; OpenAPI requires 'info' with a 'title' and a 'version'", at: root.location)
            }
            return nil
        }
        return OpenAPI(
            version: version, versionText: versionText, info: info, servers: servers, paths: paths,
            webhooks: webhooks, components: components, security: security, tags: tags,
            extensions: extensions, source: root.document.source)
    }

    /// The paths another decoder read, with its diagnostics and decoded schemas taken over, so
    /// that this decoder serves references into them with the same `Schema` objects. The
    /// component schemas it read follow this decoder's.
    private func absorb(
        _ job: ParallelDecoding, paths mainPaths: OrderedDictionary<String, Referenceable<PathItem>>, into components: inout Components
    ) -> OrderedDictionary<String, Referenceable<PathItem>> {
        var (paths, schemas, other) = job.finish()
        for (name, schema) in schemas { components.schemas[name] = schema }
        paths = mainPaths.merging(paths) { _, last in last }
        reader.diagnostics.append(contentsOf: other.reader.diagnostics.diagnostics)
        absorbedSchemaCaches.append(other.schemaCache)
        absorbedSchemaCaches += other.absorbedSchemaCaches
        referenceLog += other.referenceLog
        return paths
    }

    private func readVersion(_ root: YAMLNode) -> (SpecVersion, String)? {
        guard let node = root["openapi"] else {
            if let swagger = root["swagger"] {
                reader.diagnostics.error(
                    "Swagger \(swagger.scalar ?? "2.0") documents are not supported; convert the document to OpenAPI 3 first (for example with swagger2openapi)",
                    at: swagger.location)
            } else {
                reader.diagnostics.error("missing 'openapi' field; expected an OpenAPI 3.0 or 3.1 document", at: root.location)
            }
            return nil
        }
        guard let text = node.scalar, node.kind == .scalar else {
            reader.typeError("a version string", for: "openapi", found: node)
            return nil
        }
        if text == "3.0" || text.hasPrefix("3.0.") { return (.v3_0, text) }
        if text == "3.1" || text.hasPrefix("3.1.") { return (.v3_1, text) }
        if text == "3.2" || text.hasPrefix("3.2.") {
            reader.diagnostics.warning("OpenAPI \(text) is read as 3.1; features new in 3.2 are ignored", at: node.location)
            return (.v3_1, text)
        }
        if text.hasPrefix("2.") {
            reader.diagnostics.error("OpenAPI/Swagger \(text) documents are not supported; convert the document to OpenAPI 3 first (for example with swagger2openapi)", at: node.location)
            return nil
        }
        reader.diagnostics.error("unsupported OpenAPI version '\(text)'; oasgen reads 3.0.x and 3.1.x", at: node.location)
        return nil
    }

    private func info(_ node: YAMLNode) -> Info? {
        guard let node = reader.mapping(node, "info") else { return nil }
        var title: String?
        var version: String?
        var summary: String?
        var description: String?
        var terms: String?
        var email: String?
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "title": title = reader.string(value, key)
            case "version": version = reader.string(value, key)
            case "summary": summary = reader.string(value, key)
            case "description": description = reader.string(value, key)
            case "termsOfService": terms = reader.string(value, key)
            case "contact":
                if let contact = reader.mapping(value, key), let emailNode = contact["email"] {
                    email = reader.string(emailNode, "email")
                }
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        if title == nil && node["title"] == nil {
            reader.diagnostics.warning("'info' has no 'title'; the API is called 'API'", at: node.location)
        }
        return Info(
            title: title ?? "API", version: version ?? "0.0.0", summary: summary, description: description,
            termsOfService: terms, contactEmail: email, extensions: extensions)
    }

    private func servers(_ node: YAMLNode) -> [Server]? {
        guard node.kind == .sequence else {
            reader.typeError("a list of servers", for: "servers", found: node)
            return nil
        }
        return node.items.compactMap(server)
    }

    private func server(_ node: YAMLNode) -> Server? {
        guard let node = reader.mapping(node, "servers") else { return nil }
        var url: String?
        var description: String?
        var variables = OrderedDictionary<String, ServerVariable>()
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "url": url = reader.string(value, key)
            case "description": description = reader.string(value, key)
            case "variables":
                guard let map = reader.mapping(value, key) else { break }
                for (nameNode, variableNode) in map.pairs {
                    guard let name = nameNode.scalar, let variable = serverVariable(variableNode, name: name) else { continue }
                    variables[name] = variable
                }
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        guard let url else {
            reader.diagnostics.error("a server needs a 'url'", at: node.location)
            return nil
        }
        return Server(url: url, description: description, variables: variables, extensions: extensions, location: node.location)
    }

    private func serverVariable(_ node: YAMLNode, name: String) -> ServerVariable? {
        guard let node = reader.mapping(node, name) else { return nil }
        var defaultValue: String?
        var enumValues: [String]?
        var description: String?
        for (keyNode, value) in node.pairs {
            switch keyNode.scalar {
            case "default": defaultValue = reader.string(value, "default")
            case "enum": enumValues = reader.stringList(value, "enum")
            case "description": description = reader.string(value, "description")
            default: break
            }
        }
        guard let defaultValue else {
            reader.diagnostics.error("server variable '\(name)' needs a 'default'", at: node.location)
            return nil
        }
        return ServerVariable(defaultValue: defaultValue, enumValues: enumValues, description: description)
    }

    private func tags(_ node: YAMLNode) -> [Tag] {
        guard node.kind == .sequence else {
            reader.typeError("a list of tags", for: "tags", found: node)
            return []
        }
        return node.items.compactMap { item in
            guard let item = reader.mapping(item, "tags"), let nameNode = item["name"],
                let name = reader.string(nameNode, "name")
            else { return nil }
            let description = item["description"].flatMap { reader.string($0, "description") }
            return Tag(name: name, description: description, extensions: reader.extensions(item))
        }
    }

    // MARK: References

    /// The `$ref` of a mapping, if it has one. Logged for resolution when the graph follows
    /// references of this kind (`kind` is nil for headers and security schemes).
    private func reference(in node: YAMLNode, kind: ReferenceKind?) -> Reference? {
        guard node.kind == .mapping, let refNode = node["$ref"] else { return nil }
        guard let ref = reader.string(refNode, "$ref") else { return nil }
        let summary = node["summary"].flatMap { reader.string($0, "summary") }
        let description = node["description"].flatMap { reader.string($0, "description") }
        let reference = Reference(ref: ref, summary: summary, description: description, node: node.source, location: refNode.location)
        if let kind { log(reference, kind) }
        return reference
    }

    private func log(_ reference: Reference, _ kind: ReferenceKind) {
        if loggedReferences.insert(ReferenceTable.Key(reference, kind)).inserted { referenceLog.append((reference, kind)) }
    }

    /// A schema's `$ref` (or `$dynamicRef`), logged for resolution.
    private func schemaReference(_ ref: String, in node: YAMLNode, at location: SourceLocation) -> Reference {
        let reference = Reference(ref: ref, summary: nil, description: nil, node: node.source, location: location)
        log(reference, .schema)
        return reference
    }

    private func referenceable<T>(_ node: YAMLNode, _ kind: ReferenceKind?, _ decode: (YAMLNode) -> T?) -> Referenceable<T>? {
        if let reference = reference(in: node, kind: kind) { return .reference(reference) }
        return decode(node).map(Referenceable.value)
    }

    /// The decoded values of a mapping's pairs from position `start` up to `end` (all of them
    /// by default), by name.
    fileprivate func namedMap<T>(
        _ node: YAMLNode, key: String, from start: Int = 0, upTo end: Int? = nil, _ decode: (YAMLNode, String) -> T?
    ) -> OrderedDictionary<String, T> {
        guard let node = reader.mapping(node, key) else { return [:] }
        let pairs = node.pairs[min(start, node.count)..<min(end ?? node.count, node.count)]
        var result = OrderedDictionary<String, T>(minimumCapacity: pairs.count)
        for (nameNode, value) in pairs {
            guard let name = nameNode.scalar, let decoded = decode(value, name) else { continue }
            result[name] = decoded
        }
        return result
    }

    // MARK: Paths and operations

    /// The path items of `node` from position `start` up to `end` (all of them by default).
    fileprivate func pathItems(
        _ node: YAMLNode, key: String, isPaths: Bool, from start: Int = 0, upTo end: Int? = nil
    ) -> OrderedDictionary<String, Referenceable<PathItem>> {
        guard let node = reader.mapping(node, key) else { return [:] }
        let pairs = node.pairs[min(start, node.count)..<min(end ?? node.count, node.count)]
        var result = OrderedDictionary<String, Referenceable<PathItem>>(minimumCapacity: pairs.count)
        for (pathNode, value) in pairs {
            guard let path = pathNode.scalar else { continue }
            if path.hasPrefix("x-") { continue }
            if isPaths {
                guard validatePathTemplate(path, at: pathNode.location) else { continue }
            }
            if let item = referenceable(value, .pathItem, { pathItem($0, name: path) }) {
                result[path] = item
            }
        }
        return result
    }

    /// Paths start with `/` and their `{name}` templates are balanced and non-empty.
    private func validatePathTemplate(_ path: String, at location: SourceLocation) -> Bool {
        guard path.hasPrefix("/") else {
            reader.diagnostics.error("path '\(path)' must start with '/'", at: location)
            return false
        }
        var open = false
        var openedAt = location
        var nameLength = 0
        for (offset, character) in path.enumerated() {
            let column = SourceLocation(file: location.file, line: location.line, column: location.column + offset)
            switch character {
            case "{":
                if open {
                    reader.diagnostics.error("unbalanced '{' in path template '\(path)'", at: column)
                    return false
                }
                open = true
                openedAt = column
                nameLength = 0
            case "}":
                if !open {
                    reader.diagnostics.error("unbalanced '}' in path template '\(path)'", at: column)
                    return false
                }
                if nameLength == 0 {
                    reader.diagnostics.error("empty parameter name '{}' in path template '\(path)'", at: column)
                    return false
                }
                open = false
            default:
                if open { nameLength += 1 }
            }
        }
        if open {
            reader.diagnostics.error("unbalanced '{' in path template '\(path)': missing '}'", at: openedAt)
            return false
        }
        return true
    }

    /// Decodes a path item (also used for path items reached through `$ref`).
    public func pathItem(_ node: YAMLNode, name: String) -> PathItem? {
        guard let node = reader.mapping(node, name) else { return nil }
        var summary: String?
        var description: String?
        var operations: [(method: HTTPMethod, operation: Operation)] = []
        var parameters: [Referenceable<Parameter>] = []
        var servers: [Server]?
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            if let method = HTTPMethod(rawValue: key) {
                if let operation = operation(value, method: method) { operations.append((method, operation)) }
                continue
            }
            switch key {
            case "summary": summary = reader.string(value, key)
            case "description": description = reader.string(value, key)
            case "parameters": parameters = self.parameters(value)
            case "servers": servers = self.servers(value)
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        return PathItem(
            summary: summary, description: description, operations: operations, parameters: parameters,
            servers: servers, extensions: extensions, location: node.location)
    }

    private func operation(_ node: YAMLNode, method: HTTPMethod) -> Operation? {
        guard let node = reader.mapping(node, method.rawValue) else { return nil }
        var operationID: String?
        var operationIDLocation: SourceLocation?
        var summary: String?
        var description: String?
        var tags: [String] = []
        var parameters: [Referenceable<Parameter>] = []
        var requestBody: Referenceable<RequestBody>?
        var responses = OrderedDictionary<String, Referenceable<Response>>()
        var deprecated = false
        var security: [SecurityRequirement]?
        var servers: [Server]?
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "operationId":
                operationID = reader.string(value, key)
                operationIDLocation = value.location
            case "summary": summary = reader.string(value, key)
            case "description": description = reader.string(value, key)
            case "tags": tags = reader.stringList(value, key) ?? []
            case "parameters": parameters = self.parameters(value)
            case "requestBody": requestBody = referenceable(value, .requestBody) { self.requestBody($0) }
            case "responses": responses = self.responses(value)
            case "deprecated": deprecated = reader.bool(value, key) ?? false
            case "security": security = securityRequirements(value)
            case "servers": servers = self.servers(value)
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        return Operation(
            operationID: operationID, operationIDLocation: operationIDLocation, summary: summary,
            description: description, tags: tags, parameters: parameters, requestBody: requestBody,
            responses: responses, deprecated: deprecated, security: security, servers: servers,
            extensions: extensions, location: node.location)
    }

    private func parameters(_ node: YAMLNode) -> [Referenceable<Parameter>] {
        guard node.kind == .sequence else {
            reader.typeError("a list of parameters", for: "parameters", found: node)
            return []
        }
        return node.items.compactMap { referenceable($0, .parameter) { self.parameter($0) } }
    }

    /// Decodes a parameter object (also used for parameters reached through `$ref`).
    public func parameter(_ node: YAMLNode) -> Parameter? {
        guard let node = reader.mapping(node, "parameters") else { return nil }
        var name: String?
        var location: ParameterLocation?
        var description: String?
        var required = false
        var deprecated = false
        var allowEmptyValue = false
        var style: String?
        var explode: Bool?
        var allowReserved = false
        var schema: Schema?
        var content = OrderedDictionary<String, MediaType>()
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "name": name = reader.string(value, key)
            case "in":
                guard let text = reader.string(value, key) else { break }
                location = ParameterLocation(rawValue: text)
                if location == nil {
                    reader.diagnostics.error("unknown parameter location '\(text)'; expected path, query, header or cookie", at: value.location)
                }
            case "description": description = reader.string(value, key)
            case "required": required = reader.bool(value, key) ?? false
            case "deprecated": deprecated = reader.bool(value, key) ?? false
            case "allowEmptyValue": allowEmptyValue = reader.bool(value, key) ?? false
            case "style": style = reader.string(value, key)
            case "explode": explode = reader.bool(value, key)
            case "allowReserved": allowReserved = reader.bool(value, key) ?? false
            case "schema": schema = self.schema(value)
            case "content": content = namedMap(value, key: key) { node, _ in self.mediaType(node) }
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        guard let name else {
            reader.diagnostics.error("a parameter needs a 'name'", at: node.location)
            return nil
        }
        guard let location else {
            if node["in"] == nil {
                reader.diagnostics.error("parameter '\(name)' needs 'in' (path, query, header or cookie)", at: node.location)
            }
            return nil
        }
        if schema == nil { schema = content.values.first?.schema }
        return Parameter(
            name: name, location: location, description: description, required: required || location == .path,
            deprecated: deprecated, allowEmptyValue: allowEmptyValue, style: style, explode: explode,
            allowReserved: allowReserved, schema: schema, content: content, extensions: extensions, node: node.source)
    }

    /// Decodes a request body object (also used for bodies reached through `$ref`).
    public func requestBody(_ node: YAMLNode) -> RequestBody? {
        guard let node = reader.mapping(node, "requestBody") else { return nil }
        var description: String?
        var content = OrderedDictionary<String, MediaType>()
        var required = false
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "description": description = reader.string(value, key)
            case "content": content = namedMap(value, key: key) { node, _ in self.mediaType(node) }
            case "required": required = reader.bool(value, key) ?? false
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        return RequestBody(description: description, content: content, required: required, extensions: extensions, node: node.source)
    }

    private func mediaType(_ node: YAMLNode) -> MediaType? {
        guard let node = reader.mapping(node, "content") else { return nil }
        var schema: Schema?
        var encoding = OrderedDictionary<String, Encoding>()
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "schema": schema = self.schema(value)
            case "encoding": encoding = namedMap(value, key: key) { node, name in self.encoding(node, name: name) }
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        return MediaType(schema: schema, encoding: encoding, extensions: extensions, location: node.location)
    }

    private func encoding(_ node: YAMLNode, name: String) -> Encoding? {
        guard let node = reader.mapping(node, name) else { return nil }
        var result = Encoding(contentType: nil, style: nil, explode: nil, headers: [:])
        for (keyNode, value) in node.pairs {
            switch keyNode.scalar {
            case "contentType": result.contentType = reader.string(value, "contentType")
            case "style": result.style = reader.string(value, "style")
            case "explode": result.explode = reader.bool(value, "explode")
            case "headers": result.headers = namedMap(value, key: "headers") { node, _ in self.referenceable(node, nil) { self.header($0) } }
            default: break
            }
        }
        return result
    }

    private func responses(_ node: YAMLNode) -> OrderedDictionary<String, Referenceable<Response>> {
        guard let node = reader.mapping(node, "responses") else { return [:] }
        var result = OrderedDictionary<String, Referenceable<Response>>(minimumCapacity: node.count)
        for (codeNode, value) in node.pairs {
            guard let code = codeNode.scalar, !code.hasPrefix("x-") else { continue }
            if !DocumentDecoder.isStatusKey(code) {
                reader.diagnostics.warning("'\(code)' is not an HTTP status code, a range like '4XX', or 'default'; the response is ignored", at: codeNode.location)
                continue
            }
            if let response = referenceable(value, .response, { self.response($0) }) { result[code] = response }
        }
        return result
    }

    static func isStatusKey(_ code: String) -> Bool {
        if code == "default" { return true }
        let bytes = Array(code.utf8)
        guard bytes.count == 3, (UInt8(ascii: "1")...UInt8(ascii: "5")).contains(bytes[0]) else { return false }
        let digits = bytes[1...].allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }
        let range = bytes[1...].allSatisfy { $0 == UInt8(ascii: "X") || $0 == UInt8(ascii: "x") }
        return digits || range
    }

    /// Decodes a response object (also used for responses reached through `$ref`).
    public func response(_ node: YAMLNode) -> Response? {
        guard let node = reader.mapping(node, "responses") else { return nil }
        var description: String?
        var headers = OrderedDictionary<String, Referenceable<Header>>()
        var content = OrderedDictionary<String, MediaType>()
        var extensions = Extensions()
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "description": description = reader.string(value, key)
            case "headers": headers = namedMap(value, key: key) { node, _ in self.referenceable(node, nil) { self.header($0) } }
            case "content": content = namedMap(value, key: key) { node, _ in self.mediaType(node) }
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        return Response(description: description, headers: headers, content: content, extensions: extensions, node: node.source)
    }

    /// Decodes a header object (also used for headers reached through `$ref`).
    public func header(_ node: YAMLNode) -> Header? {
        guard let node = reader.mapping(node, "headers") else { return nil }
        var result = Header(description: nil, required: false, deprecated: false, schema: nil, node: node.source)
        var content: OrderedDictionary<String, MediaType> = [:]
        for (keyNode, value) in node.pairs {
            switch keyNode.scalar {
            case "description": result.description = reader.string(value, "description")
            case "required": result.required = reader.bool(value, "required") ?? false
            case "deprecated": result.deprecated = reader.bool(value, "deprecated") ?? false
            case "schema": result.schema = schema(value)
            case "content": content = namedMap(value, key: "content") { node, _ in self.mediaType(node) }
            default: break
            }
        }
        if result.schema == nil { result.schema = content.values.first?.schema }
        return result
    }

    // MARK: Components and security

    /// - Parameter schemasOnThisCore: how many schemas to read when another decoder reads the
    ///   rest (`ParallelDecoding`); nil for all of them.
    private func components(_ node: YAMLNode, schemasOnThisCore: Int?) -> Components {
        var components = Components()
        guard let node = reader.mapping(node, "components") else { return components }
        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            case "schemas": components.schemas = namedMap(value, key: key, upTo: schemasOnThisCore) { node, _ in self.schema(node) }
            case "responses": components.responses = namedMap(value, key: key) { node, _ in self.referenceable(node, .response) { self.response($0) } }
            case "parameters": components.parameters = namedMap(value, key: key) { node, _ in self.referenceable(node, .parameter) { self.parameter($0) } }
            case "requestBodies": components.requestBodies = namedMap(value, key: key) { node, _ in self.referenceable(node, .requestBody) { self.requestBody($0) } }
            case "headers": components.headers = namedMap(value, key: key) { node, _ in self.referenceable(node, nil) { self.header($0) } }
            case "securitySchemes":
                components.securitySchemes = namedMap(value, key: key) { node, name in self.referenceable(node, nil) { self.securityScheme($0, name: name) } }
            case "pathItems": components.pathItems = namedMap(value, key: key) { node, name in self.referenceable(node, .pathItem) { self.pathItem($0, name: name) } }
            default:
                if key.hasPrefix("x-") { components.extensions[key] = reader.json(value) }
            }
        }
        return components
    }

    private func securityScheme(_ node: YAMLNode, name: String) -> SecurityScheme? {
        guard let node = reader.mapping(node, name) else { return nil }
        let text = { (key: String) -> String? in node[key].flatMap { self.reader.string($0, key) } }
        guard let type = text("type") else {
            reader.diagnostics.error("security scheme '\(name)' needs a 'type'", at: node.location)
            return nil
        }
        let kind: SecurityScheme.Kind
        switch type {
        case "apiKey":
            guard let keyName = text("name"), let locationText = text("in"),
                let location = ParameterLocation(rawValue: locationText), location != .path
            else {
                reader.diagnostics.error("apiKey security scheme '\(name)' needs 'name' and 'in' (header, query or cookie)", at: node.location)
                return nil
            }
            kind = .apiKey(name: keyName, location: location)
        case "http":
            kind = .http(scheme: (text("scheme") ?? "bearer").lowercased(), bearerFormat: text("bearerFormat"))
        case "oauth2": kind = .oauth2
        case "openIdConnect": kind = .openIDConnect(url: text("openIdConnectUrl") ?? "")
        case "mutualTLS": kind = .mutualTLS
        default: kind = .unknown(type)
        }
        return SecurityScheme(kind: kind, description: text("description"), extensions: reader.extensions(node), location: node.location)
    }

    private func securityRequirements(_ node: YAMLNode) -> [SecurityRequirement]? {
        guard node.kind == .sequence else {
            reader.typeError("a list of security requirements", for: "security", found: node)
            return nil
        }
        return node.items.compactMap { item in
            guard let item = reader.mapping(item, "security") else { return nil }
            var schemes = OrderedDictionary<String, [String]>()
            for (nameNode, scopes) in item.pairs {
                guard let name = nameNode.scalar else { continue }
                schemes[name] = reader.stringList(scopes, name) ?? []
            }
            return SecurityRequirement(schemes: schemes)
        }
    }

    // MARK: Schemas

    /// Decodes a schema. Each node is decoded once; asking again returns the same object.
    public func schema(_ node: YAMLNode) -> Schema {
        if let cached = schemaCache[node] { return cached }
        for cache in absorbedSchemaCaches {
            if let cached = cache[node] { return cached }
        }
        let schema = decodeSchema(node)
        schemaCache[node] = schema
        return schema
    }

    private func schemaList(_ node: YAMLNode, _ key: String) -> [Schema] {
        guard node.kind == .sequence else {
            reader.typeError("a list of schemas", for: key, found: node)
            return []
        }
        return node.items.map(schema)
    }

    private func decodeSchema(_ node: YAMLNode) -> Schema {
        if node.kind == .scalar {
            if case .bool(let value) = node.scalarValue { return Schema(node: node.source, booleanSchema: value) }
            reader.typeError("a schema (a mapping or a boolean)", for: "schema", found: node)
            return Schema(node: node.source)
        }
        guard node.kind == .mapping else {
            reader.typeError("a schema (a mapping or a boolean)", for: "schema", found: node)
            return Schema(node: node.source)
        }
        var ref: Reference?
        var dynamicRef: Reference?
        var types: SchemaTypes?
        var nullable = false
        var format: String?
        var title: String?
        var description: String?
        var enumValues: [JSONValue]?
        var constValue: JSONValue?
        var defaultValue: JSONValue?
        var properties = OrderedDictionary<String, Schema>()
        var required: [String] = []
        var additionalProperties: AdditionalProperties?
        var items: Schema?
        var prefixItems: [Schema] = []
        var allOf: [Schema] = []
        var oneOf: [Schema] = []
        var anyOf: [Schema] = []
        var not: Schema?
        var discriminator: Discriminator?
        var deprecated = false
        var readOnly = false
        var writeOnly = false
        var constraints = SchemaConstraints()
        var exclusiveMinimumFlag = false
        var exclusiveMaximumFlag = false
        var extensions = Extensions()

        for (keyNode, value) in node.pairs {
            guard let key = keyNode.scalar else { continue }
            switch key {
            // The most frequent keywords first: a switch over strings compares them in turn.
            case "type": types = schemaTypes(value)
            case "description": description = reader.string(value, key)
            case "example", "examples": break  // annotations only, and common: settled early
            case "properties":
                guard let map = reader.mapping(value, key) else { break }
                properties.reserveCapacity(map.count)
                for (nameNode, propertyNode) in map.pairs {
                    guard let name = nameNode.scalar else { continue }
                    properties[name] = schema(propertyNode)
                }
            case "title": title = reader.string(value, key)
            case "$ref": ref = reader.string(value, key).map { schemaReference($0, in: node, at: value.location) }
            case "format": format = reader.string(value, key)
            case "enum":
                if value.kind == .sequence {
                    if value.items.isEmpty {
                        // Admits no value at all; Discord writes it beside the `allOf` that says what the value is.
                        reader.diagnostics.warning("'enum: []' admits no value; it is ignored", at: value.location)
                    } else {
                        enumValues = value.items.map(reader.json)
                    }
                } else {
                    reader.typeError("a list of values", for: key, found: value)
                }
            case "default": defaultValue = reader.json(value)
            case "required":
                if value.kind == .sequence {
                    required = reader.stringList(value, key) ?? []
                } else if case .bool = value.scalarValue {
                    // A Swagger 2 habit: `required: true` on a property. It has no meaning in a schema.
                    reader.diagnostics.warning("'required' in a schema is a list of property names; 'required: \(value.scalar ?? "")' is ignored", at: value.location)
                } else {
                    reader.typeError("a list of property names", for: key, found: value)
                }
            case "items":
                if value.kind == .sequence {
                    // The draft-4 tuple form; read it as 3.1 `prefixItems` and say so.
                    reader.diagnostics.warning("'items' as a list (tuple form) is not OpenAPI; 'prefixItems' is used instead", at: value.location)
                    prefixItems = schemaList(value, key)
                } else {
                    items = schema(value)
                }
            case "readOnly": readOnly = reader.bool(value, key) ?? false
            case "$recursiveRef", "$dynamicRef": dynamicRef = reader.string(value, key).map { schemaReference($0, in: node, at: value.location) }
            case "nullable", "x-nullable": nullable = reader.bool(value, key) ?? false
            case "const": constValue = reader.json(value)
            case "additionalProperties":
                if case .bool(let allowed) = value.scalarValue {
                    additionalProperties = .allowed(allowed)
                } else {
                    additionalProperties = .schema(schema(value))
                }
            case "prefixItems": prefixItems = schemaList(value, key)
            case "allOf": allOf = schemaList(value, key)
            case "oneOf": oneOf = schemaList(value, key)
            case "anyOf": anyOf = schemaList(value, key)
            case "not": not = schema(value)
            case "discriminator":
                discriminator = self.discriminator(value)
                for (_, reference) in discriminator?.mappingReferences(from: node.source) ?? [] {
                    log(reference, .schema)
                }
            case "deprecated": deprecated = reader.bool(value, key) ?? false
            case "writeOnly": writeOnly = reader.bool(value, key) ?? false
            case "minimum": constraints.minimum = reader.number(value, key)
            case "maximum": constraints.maximum = reader.number(value, key)
            case "exclusiveMinimum":
                if case .bool(let flag) = value.scalarValue {
                    exclusiveMinimumFlag = flag
                } else {
                    constraints.exclusiveMinimum = reader.number(value, key)
                }
            case "exclusiveMaximum":
                if case .bool(let flag) = value.scalarValue {
                    exclusiveMaximumFlag = flag
                } else {
                    constraints.exclusiveMaximum = reader.number(value, key)
                }
            case "multipleOf":
                constraints.multipleOf = reader.number(value, key)
                if let multiple = constraints.multipleOf, multiple.value <= 0 {
                    reader.diagnostics.error("'multipleOf' must be greater than 0", at: value.location)
                    constraints.multipleOf = nil
                }
            case "minLength": constraints.minLength = reader.count(value, key)
            case "maxLength": constraints.maxLength = reader.count(value, key)
            case "pattern": constraints.pattern = reader.string(value, key)
            case "minItems": constraints.minItems = reader.count(value, key)
            case "maxItems": constraints.maxItems = reader.count(value, key)
            case "uniqueItems": constraints.uniqueItems = reader.bool(value, key) ?? false
            case "minProperties": constraints.minProperties = reader.count(value, key)
            case "maxProperties": constraints.maxProperties = reader.count(value, key)
            default:
                if key.hasPrefix("x-") { extensions[key] = reader.json(value) }
            }
        }
        // 3.0's boolean exclusive bounds turn the plain bound exclusive.
        if exclusiveMinimumFlag, let minimum = constraints.minimum {
            constraints.exclusiveMinimum = minimum
            constraints.minimum = nil
        }
        if exclusiveMaximumFlag, let maximum = constraints.maximum {
            constraints.exclusiveMaximum = maximum
            constraints.maximum = nil
        }
        var presenceAlternatives: PresenceAlternatives?
        if oneOf.isEmpty != anyOf.isEmpty, ref == nil, !properties.isEmpty,
            DocumentDecoder.onlyRequirePresence(oneOf.isEmpty ? anyOf : oneOf, of: properties)
        {
            presenceAlternatives = PresenceAlternatives(required: (oneOf.isEmpty ? anyOf : oneOf).map(\.required), isExclusive: !oneOf.isEmpty)
            oneOf = []
            anyOf = []
        }
        return Schema(
            node: node.source, ref: ref, dynamicRef: dynamicRef, types: types, nullable: nullable, format: format,
            title: title, description: description, enumValues: enumValues, constValue: constValue,
            defaultValue: defaultValue, properties: properties, required: required,
            additionalProperties: additionalProperties, items: items, prefixItems: prefixItems, allOf: allOf,
            oneOf: oneOf, anyOf: anyOf, not: not, discriminator: discriminator, deprecated: deprecated,
            readOnly: readOnly, writeOnly: writeOnly, constraints: constraints, extensions: extensions,
            presenceAlternatives: presenceAlternatives)
    }

    /// Whether every alternative only requires some of `properties`, or forbids them with
    /// `not: {}`, and says nothing else about the value (see ``PresenceAlternatives``).
    static func onlyRequirePresence(_ alternatives: [Schema], of properties: OrderedDictionary<String, Schema>) -> Bool {
        alternatives.allSatisfy { alternative in
            alternative.ref == nil && alternative.dynamicRef == nil && (alternative.types == nil || alternative.types == .object)
                && alternative.enumValues == nil && alternative.constValue == nil && alternative.items == nil
                && alternative.prefixItems.isEmpty && alternative.additionalProperties == nil && alternative.allOf.isEmpty
                && alternative.oneOf.isEmpty && alternative.anyOf.isEmpty && alternative.not == nil
                && alternative.discriminator == nil && alternative.constraints.isEmpty
                && alternative.required.allSatisfy { properties[$0] != nil }
                && alternative.properties.allSatisfy { name, member in
                    properties[name] != nil && member.isUnconstrainedBesidesNot
                }
        }
    }

    private func schemaTypes(_ node: YAMLNode) -> SchemaTypes? {
        func one(_ item: YAMLNode) -> SchemaTypes? {
            guard let name = reader.string(item, "type") else {
                // `type: null` written unquoted means the null type.
                return item.scalarValue == .null ? .null : nil
            }
            guard let type = SchemaTypes.named(name) else {
                reader.diagnostics.error("unknown type '\(name)'; expected one of null, boolean, integer, number, string, array, object", at: item.location)
                return nil
            }
            return type
        }
        switch node.kind {
        case .scalar: return one(node)
        case .sequence:
            var types: SchemaTypes = []
            for item in node.items {
                if let type = one(item) { types.formUnion(type) }
            }
            return types
        case .mapping:
            reader.typeError("a type name or a list of type names", for: "type", found: node)
            return nil
        }
    }

    private func discriminator(_ node: YAMLNode) -> Discriminator? {
        guard let node = reader.mapping(node, "discriminator") else { return nil }
        guard let propertyNode = node["propertyName"], let propertyName = reader.string(propertyNode, "propertyName") else {
            reader.diagnostics.error("a discriminator needs a 'propertyName'", at: node.location)
            return nil
        }
        var mapping = OrderedDictionary<String, String>()
        if let mappingNode = node["mapping"], let map = reader.mapping(mappingNode, "mapping") {
            for (valueNode, targetNode) in map.pairs {
                guard let value = valueNode.scalar, let target = reader.string(targetNode, value) else { continue }
                mapping[value] = target
            }
        }
        return Discriminator(propertyName: propertyName, mapping: mapping, location: node.location)
    }
}

/// The last of the paths and of the component schemas, decoded on another core by a decoder of
/// its own while the root's decoder reads the rest: together they are nearly all of a large
/// spec. The worker takes whichever tails make the cores' shares about even (paths alone were
/// 40% of Telnyx's nodes, and the root's decoder went on alone for a third of the stage; they
/// are 80% of Twilio's, where the worker went on alone).
///
/// The worker reads the tree through a twin of the document (`YAMLDocument.twin`): every node
/// read holds the document it was read through, and two threads counting references to one
/// object took twice as long between them (Telnyx: 17 ms each, against 9 ms through twins).
///
/// Sound only when no node has two parents, that is without YAML aliases: then every schema
/// node lies in one share or the other, and is decoded once, by one of the two decoders.
final class ParallelDecoding: @unchecked Sendable {
    // @unchecked: the worker alone touches `decoder`, `paths` and `schemas` until it leaves
    // `group`, and the caller reads them only after waiting for it.
    private let decoder: DocumentDecoder
    private var paths = OrderedDictionary<String, Referenceable<PathItem>>()
    private var schemas = OrderedDictionary<String, Schema>()
    private let group = DispatchGroup()
    /// How many paths, and how many of `components.schemas`, the root's decoder reads; the
    /// worker reads the rest of each.
    let split: Split

    struct Split: Equatable {
        var paths: Int
        var schemas: Int
    }

    /// Below this many paths a second thread costs more than it saves.
    static let minimumPaths = 64

    private init(version: SpecVersion, split: Split) {
        decoder = DocumentDecoder(version: version)
        self.split = split
    }

    static func start(_ root: YAMLNode, version: SpecVersion) -> ParallelDecoding? {
        guard !root.document.hasAliases, let paths = root["paths"], paths.kind == .mapping, paths.count >= minimumPaths else {
            return nil
        }
        let schemas = root["components"].flatMap { $0.kind == .mapping ? $0["schemas"] : nil }.flatMap { $0.kind == .mapping ? $0 : nil }
        let job = ParallelDecoding(version: version, split: evenSplit(paths: paths, schemas: schemas))
        let twin = root.document.twin()
        let (pathsTail, schemasTail) = (paths.reading(through: twin), schemas?.reading(through: twin))
        DispatchQueue.global().async(group: job.group) {
            job.paths = job.decoder.pathItems(pathsTail, key: "paths", isPaths: true, from: job.split.paths)
            if let schemasTail, job.split.schemas < schemasTail.count {
                job.schemas = job.decoder.namedMap(schemasTail, key: "schemas", from: job.split.schemas) { node, _ in job.decoder.schema(node) }
            }
        }
        return job
    }

    /// How many paths and schemas the root's decoder should read for the cores' shares to be
    /// even, counted in nodes. Within a mapping, each pair's nodes are numbered after the
    /// previous pair's (a large file's pieces are joined in order), so the numbers of two keys
    /// tell how many nodes lie between them. A path's node takes a fifth longer to decode than
    /// other nodes (Telnyx, OpenAI, ElevenLabs and Discord alike).
    static func evenSplit(paths: YAMLNode, schemas: YAMLNode?) -> Split {
        func nodes(_ pairs: YAMLNode.Pairs, from start: Int) -> Int {
            start >= pairs.count ? 0 : Int(pairs[pairs.count - 1].key.index) - Int(pairs[start].key.index)
        }
        let (pathPairs, schemaPairs) = (paths.pairs, schemas?.pairs)
        let work = { (pathNodes: Int) in pathNodes * 6 / 5 }
        let pathNodes = nodes(pathPairs, from: 0)
        let half = (paths.document.nodeCount - pathNodes + work(pathNodes)) / 2
        var split = Split(paths: 0, schemas: schemaPairs?.count ?? 0)
        if work(pathNodes) > half {
            // Paths are most of the document: the root's decoder also reads the first of them.
            while work(nodes(pathPairs, from: split.paths + 1)) > half { split.paths += 1 }
        } else if let schemaPairs, nodes(schemaPairs, from: 0) > 0 {
            while split.schemas > 0, nodes(schemaPairs, from: split.schemas - 1) < half - work(pathNodes) { split.schemas -= 1 }
        }
        return split
    }

    func finish() -> (paths: OrderedDictionary<String, Referenceable<PathItem>>, schemas: OrderedDictionary<String, Schema>, decoder: DocumentDecoder) {
        group.wait()
        return (paths, schemas, decoder)
    }
}
