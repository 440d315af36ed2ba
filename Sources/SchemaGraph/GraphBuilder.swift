import Diagnostics
import Dispatch
import OpenAPIDocument
import OrderedCollections
import Parallelism

/// Builds the schema graph from a decoded document.
public enum GraphBuilder {
    /// - Parameters:
    ///   - document: the decoded root document.
    ///   - references: its references, resolved (`DocumentDecoder.resolveReferences`).
    /// - Throws: every diagnostic when any is an error.
    public static func build(
        document: OpenAPI, references: ReferenceTable, options: GraphOptions
    ) throws(DiagnosticsError) -> SchemaGraph {
        var builder = Builder(document: document, references: references, options: options)
        let graph = builder.run()
        // What only building needed (the type builder's tables, the operations' sources) is
        // freed on the other core, idle until the emitters' jobs start: 0.5 ms of Telnyx's spec.
        Concurrently.release(SpentBuilder(consume builder))
        var collector = DiagnosticCollector()
        collector.append(contentsOf: graph.diagnostics)
        try collector.throwIfErrors()
        return graph
    }
}

/// A builder whose graph is made, handed to another core to be freed. `@unchecked`: nothing
/// else refers to it by then, and that core only drops it.
private final class SpentBuilder: @unchecked Sendable {
    let builder: Builder
    init(_ builder: consuming Builder) { self.builder = builder }
}

private struct Builder {
    let document: OpenAPI
    let options: GraphOptions
    let types: TypeBuilder
    let clientName: String
    let errorTypeName: String
    let errorBodyTypeName: String
    var diagnostics = DiagnosticCollector()
    var operations: [OperationDecl] = []
    /// The document's operation behind each entry of `operations`.
    var sourceOperations: [Operation] = []
    /// The path shape of each entry of `operations`, from its prep: naming them needs it again.
    private var operationShapes: [OperationNaming.PathShape] = []
    var errorBodyTypes: [ValueType] = []
    /// `errorBodyTypes` as a set: each response asks whether its type is there.
    private var knownErrorBodyTypes: Set<ValueType> = []

    init(document: OpenAPI, references: ReferenceTable, options: GraphOptions) {
        self.document = document
        self.options = options
        var names = NameRegistry(reserved: options.reservedNames.union([options.moduleName]))
        let base = options.clientName ?? Builder.defaultClientName(title: document.info.title)
        clientName = names.allocateTopLevel(base)
        // `TelnyxClient` → `TelnyxError`, `TelnyxErrorBody`.
        let stem = base.hasSuffix("Client") && base.count > 6 ? String(base.dropLast(6)) : base
        errorTypeName = names.allocateTopLevel(stem + "Error")
        errorBodyTypeName = names.allocateTopLevel(stem + "ErrorBody")
        types = TypeBuilder(document: document, references: references, names: names)
    }

    /// `Telnyx AI Assistants API` → `TelnyxAIAssistantsClient`.
    static func defaultClientName(title: String) -> String {
        let words = SwiftNames.words(title).filter { $0.lowercased() != "api" }
        let base = SwiftNames.typeName(words.joined(separator: " "))
        return (base == "Unnamed" ? "API" : base) + "Client"
    }

    mutating func run() -> SchemaGraph {
        // Types are declared on this thread, in document order, because that order decides their
        // names. What depends on no type is made on another core meanwhile, in the order it is
        // needed: every operation's parameters (shared headers are chosen from all of them),
        // each operation's path shape, naming stems and responses, then the enumerations.
        let (selected, selectionDiagnostics) = SelectedOperation.select(document: document, references: types.references, options: options)
        let references = types.references
        let helper = DispatchQueue(label: "oasgen.graph.prep")
        let prepared = Prefetch(count: selected.count, on: helper) {
            selected.map { ResolvedParameters(item: $0.item, operation: $0.operation, references: references) }
        } element: { resolved, index in
            OperationPrep(selected[index], parameters: resolved[index].parameters, references: references)
        }
        let document = document
        types.preparedEnumerations = Pending(on: helper) { EnumerationPrep.make(document) }
        types.declareComponents(typeNames: options.typeNames)
        buildOperations(selected, selectionDiagnostics: selectionDiagnostics, prepared: prepared)
        // Freeing what is left of the preps took 0.3 ms of this thread on Telnyx's spec.
        Concurrently.release(consume prepared)
        // Naming operations needs the converted types for one thing only (is a response a list?):
        // the rest is made on the other core while the types are converted.
        let (namedOperations, sources, shapes, operationNames) = (operations, sourceOperations, operationShapes, options.operationNames)
        let methodNames = Pending(on: helper) {
            MethodNamePlan(operations: namedOperations, sources: sources, shapes: shapes, operationNames: operationNames)
        }
        types.finishConversion()
        // Which stored values must be boxed depends on the types' shapes alone, not on the names
        // settled below: found on the other core meanwhile, after the scopes of nested names.
        // The work holds the declarations only until it is done, so that they are changed in
        // place below rather than copied.
        let requestedNames = types.requestedNames
        let nestedNameScopes = Pending(on: helper) { [converted = types.types] in NestedNames.Scopes(types: converted, requested: requestedNames) }
        let indirections = Pending(on: helper) { [converted = types.types] in CycleFinder.indirections(in: converted) }
        nameOperations(methodNames.wait())
        var resources = buildResourceTree()
        allocateResourceTypeNames(&resources, prefix: "")
        var decls = types.takeDeclarations()
        // Both are waited for first: while either reads the declarations, changing them copies them.
        let (scopes, cycles) = (nestedNameScopes.wait(), indirections.wait())
        NestedNames.restore(&decls, scopes: scopes, requested: requestedNames, isTopLevel: types.names.isTopLevel)
        CycleFinder.mark(cycles, in: &decls)
        let servers = buildServers()
        diagnostics.append(contentsOf: types.diagnostics.diagnostics)
        return SchemaGraph(
            title: document.info.title, apiVersion: document.info.version, summary: document.info.summary,
            description: document.info.description, clientName: clientName, errorTypeName: errorTypeName,
            errorBodyTypeName: errorBodyTypeName, types: decls,
            topLevelTypes: types.topLevel, operations: operations, resources: resources, servers: servers,
            auth: auth, sharedHeaders: sharedHeaders, errorBodyTypes: errorBodyTypes,
            diagnostics: diagnostics.sorted)
    }

    // MARK: Operations

    private var sharedHeaders: [SharedHeaderDecl] = []
    private var auth: [AuthDecl] = []

    /// Builds the operations, in document order. What they need that no type decides comes from
    /// `prepared`, made on another core meanwhile.
    mutating func buildOperations(
        _ selected: [SelectedOperation], selectionDiagnostics: [Diagnostic], prepared: Prefetch<[ResolvedParameters], OperationPrep>
    ) {
        diagnostics.append(contentsOf: selectionDiagnostics)
        let resolved = prepared.head
        sharedHeaders = decideSharedHeaders(resolved.map(\.parameters))
        // Reserved: grown by doubling, Telnyx's operations were moved some ten times over.
        operations.reserveCapacity(selected.count)
        sourceOperations.reserveCapacity(selected.count)
        operationShapes.reserveCapacity(selected.count)
        // Spent preps are freed on another core, a batch at a time: freeing each here took 4% of
        // this thread's work.
        var spent: [OperationPrep] = []
        spent.reserveCapacity(64)
        for (entry, parameters) in zip(selected, resolved) {
            if let warning = entry.duplicateWarning { diagnostics.emit(warning) }
            let prep = prepared.next()
            operations.append(buildOperation(entry, parameters: parameters, prep: prep))
            sourceOperations.append(entry.operation)
            operationShapes.append(prep.shape)
            spent.append(prep)
            if spent.count == 64 {
                Concurrently.release(consume spent)
                spent = []
                spent.reserveCapacity(64)
            }
        }
        Concurrently.release(consume spent)
    }

    /// A reference's target, or nil after reporting why it cannot be followed. Also nil when the
    /// target failed to decode: the decoder said why.
    private mutating func follow<Target>(_ resolution: Result<Target?, Diagnostic>) -> Target? {
        switch resolution {
        case .success(let target): return target
        case .failure(let diagnostic):
            diagnostics.emit(diagnostic)
            return nil
        }
    }

    private mutating func buildOperation(_ entry: SelectedOperation, parameters resolved: ResolvedParameters, prep: OperationPrep) -> OperationDecl {
        let (path, item, method, operation) = (entry.path, entry.item, entry.method, entry.operation)
        let shape = prep.shape
        diagnostics.append(contentsOf: resolved.diagnostics)
        diagnostics.append(contentsOf: prep.diagnostics)
        let inlineBase = prep.inlineBase
        let origin = prep.origin

        var names = MemberNames(reserved: ["body", "options"])
        var decls: [ParameterDecl] = []
        for (parameter, bases) in zip(resolved.parameters, prep.memberBases) {
            let defaultStyle: ParameterStyleName = parameter.location == .query || parameter.location == .cookie ? .form : .simple
            let style = parameter.style.flatMap(ParameterStyleName.init(rawValue:)) ?? defaultStyle
            if let name = parameter.style, ParameterStyleName(rawValue: name) == nil {
                diagnostics.warning("unknown parameter style '\(name)'; '\(parameter.name)' is sent in the '\(defaultStyle.rawValue)' style", at: parameter.sourceLocation)
            }
            let shared = sharedHeaders.first { parameter.location == .header && $0.header.lowercased() == parameter.name.lowercased() }
            let naming = InlineNaming(parent: nil, prefix: inlineBase, member: parameter.name, base: origin, infix: "/parameters/")
            let value = parameter.schema.map { types.valueType($0, naming: naming) } ?? ValueType(.primitive(.string))
            decls.append(
                ParameterDecl(
                    name: parameter.name,
                    swiftName: shared?.propertyName ?? names.allocateIdentifier(memberBase(bases, isDate: Builder.isDate(parameter.schema, value))),
                    location: parameter.location, type: value, isRequired: parameter.required, description: parameter.description,
                    deprecated: parameter.deprecated, style: style, explode: parameter.explode ?? (style == .form),
                    liftedTo: shared?.propertyName, sourceLocation: parameter.sourceLocation))
        }

        var body: RequestBodyDecl?
        if let entry = operation.requestBody {
            body = buildBody(entry, inlineBase: inlineBase, origin: origin, operation: operation)
        }
        let responses = buildResponses(prep.responses)
        let requiresAuthentication = !(operation.security.map { $0.isEmpty || $0.contains { $0.schemes.isEmpty } } ?? false)
        let server = operationServer(operation, item: item, method: method, path: path)
        return OperationDecl(
            operationID: entry.id, method: method, path: path, requestPath: shape.requestPath, fixedQuery: shape.fixedQuery,
            pathParameterNames: shape.parameterNames,
            resourcePath: [], methodName: "", summary: operation.summary,
            description: operation.description, deprecated: operation.deprecated, tags: operation.tags, parameters: decls,
            requestBody: body, responses: responses, requiresAuthentication: requiresAuthentication, server: server,
            location: operation.location)
    }

    /// A `date-time` or a `date` (which stays a string).
    static func isDate(_ schema: Schema?, _ value: ValueType) -> Bool {
        value.type == .primitive(.dateTime) || schema?.format == "date"
    }

    /// A parameter's member name before it is made unique (`prep.memberBases`).
    private func memberBase(_ bases: (plain: String, date: String), isDate: Bool) -> String {
        let base = isDate ? bases.date : bases.plain
        return base.isEmpty ? "parameter" : base
    }

    private mutating func buildBody(_ entry: Referenceable<RequestBody>, inlineBase: String, origin: String, operation: Operation) -> RequestBodyDecl? {
        guard let requestBody = follow(entry.resolved(types.references.requestBody)), let (contentType, media) = BodyEncoding.preferredContent(requestBody.content) else { return nil }
        var encoding = BodyEncoding.of(contentType: contentType)
        let naming = InlineNaming(parent: nil, name: inlineBase + "Request", origin: origin + "/requestBody")
        var value = ValueType(.primitive(.data))
        switch encoding {
        case .json:
            value = media.schema.map { types.valueType($0, naming: naming) } ?? ValueType(.any)
        case .formURLEncoded:
            if let schema = media.schema, types.isObjectLike(schema) {
                value = types.valueType(schema, naming: naming)
            } else {
                diagnostics.warning("form-urlencoded body without an object schema: the method takes the encoded bytes", at: media.location)
                encoding = .other
            }
        case .text:
            value = ValueType(.primitive(.string))
        case .multipart:
            if let schema = media.schema, types.isObjectLike(schema) || types.isUnionOfObjects(schema) {
                value = types.valueType(schema, naming: naming)
            } else {
                diagnostics.warning("multipart body without an object schema: the method takes the encoded body and its content type", at: media.location)
                encoding = .other
            }
        case .binary, .other, .eventStream:
            break
        }
        return RequestBodyDecl(contentType: contentType, encoding: encoding, type: value, isRequired: requestBody.required, description: requestBody.description)
    }

    private mutating func buildResponses(_ responses: [ResponsePrep]) -> [ResponseDecl] {
        var result: [ResponseDecl] = []
        for prepared in responses {
            if let failure = prepared.failure { diagnostics.emit(failure) }
            guard let response = prepared.response else { continue }
            var decl = ResponseDecl(status: prepared.status, description: response.description, contentType: nil, encoding: nil, type: nil)
            if let (contentType, media, encoding) = prepared.content {
                decl.contentType = contentType
                decl.encoding = encoding
                if encoding == .json, let schema = media.schema {
                    let value = types.valueType(schema, naming: prepared.bodyNaming)
                    decl.type = value
                    if !prepared.status.isSuccess && knownErrorBodyTypes.insert(value).inserted { errorBodyTypes.append(value) }
                }
            }
            if let stream = prepared.eventStream, let naming = prepared.eventNaming {
                decl.eventStream = EventStreamDecl(eventType: stream.schema.map { types.valueType($0, naming: naming) })
            }
            result.append(decl)
        }
        return result.sorted { $0.status < $1.status }
    }

    // MARK: Shared headers and auth

    /// Headers configured once on the client: those the configuration names, and any header
    /// parameter that every operation declares. Also decides the client's credentials, since a
    /// shared header replaces an API-key scheme for the same header.
    private mutating func decideSharedHeaders(_ parametersPerOperation: [[Parameter]]) -> [SharedHeaderDecl] {
        var chosen: [(header: String, option: SharedHeaderOption?, description: String?)] = []
        for option in options.sharedHeaders {
            let description = parametersPerOperation.lazy.flatMap { $0 }.first { $0.location == .header && $0.name.lowercased() == option.header.lowercased() }?.description
            chosen.append((option.header, option, description))
        }
        // A header every operation declares, or a credential nearly every one does (ElevenLabs
        // declares `xi-api-key` on 383 of 387 operations, and no security scheme), in the order
        // operations first declare them.
        var declaring: OrderedDictionary<String, (parameter: Parameter, count: Int)> = [:]
        for parameters in parametersPerOperation {
            var seen = Set<String>()
            for parameter in parameters where parameter.location == .header && seen.insert(parameter.name.lowercased()).inserted {
                declaring[parameter.name.lowercased(), default: (parameter, 0)].count += 1
            }
        }
        let operationCount = parametersPerOperation.count
        for (lower, entry) in declaring where !chosen.contains(where: { $0.header.lowercased() == lower }) {
            let everywhere = entry.count == operationCount
            let nearlyEverywhereCredential = Builder.looksSecret(lower) && entry.count >= 2 && entry.count * 10 >= operationCount * 9
            if everywhere || nearlyEverywhereCredential { chosen.append((entry.parameter.name, nil, entry.parameter.description)) }
        }
        auth = buildAuth(sharedHeaders: Set(chosen.map { $0.header.lowercased() }))
        // The client's init parameters, and the credentials' names, are taken.
        var names = MemberNames(reserved: ["server", "transport", "middlewares", "retry", "timeout", "headers"] + auth.flatMap(\.parameterNames))
        return chosen.map { header, option, description in
            let property = option?.property.map { names.allocateIdentifier($0) } ?? names.allocate(header)
            return SharedHeaderDecl(
                header: header, propertyName: property, environmentVariable: option?.environmentVariable,
                isSecret: Builder.looksSecret(header), description: description)
        }
    }

    static func looksSecret(_ header: String) -> Bool {
        let lower = Array(header.lowercased().utf8)
        return ["key", "token", "secret", "auth", "password", "signature", "cookie"].contains { word in
            lower.indices.contains { lower[$0...].starts(with: word.utf8) }
        }
    }

    private func buildAuth(sharedHeaders: Set<String>) -> [AuthDecl] {
        var names: [String] = []
        for requirement in document.security ?? [] { names.append(contentsOf: requirement.schemes.keys) }
        if names.isEmpty { names = Array(document.components.securitySchemes.keys) }
        var result: [AuthDecl] = []
        for name in names {
            guard case .value(let scheme)? = document.components.securitySchemes[name]
                ?? document.components.securitySchemes.first(where: { $0.key.lowercased() == name.lowercased() })?.value
            else { continue }
            let auth: AuthDecl?
            switch scheme.kind {
            case .http(let kind, _): auth = kind == "basic" ? .basic : .bearer
            case .apiKey(let header, .header):
                auth = sharedHeaders.contains(header.lowercased()) ? nil : .apiKeyHeader(name: header)
            case .apiKey(let key, .query): auth = .apiKeyQuery(name: key)
            case .apiKey(let key, _): auth = .apiKeyHeader(name: key)
            case .oauth2, .openIDConnect: auth = .bearer
            case .mutualTLS, .unknown: auth = nil
            }
            if let auth, !result.contains(auth) { result.append(auth) }
        }
        return result
    }

    // MARK: Servers

    private mutating func buildServers() -> [ServerDecl] {
        let servers = document.servers.filter { server in
            // Judge the URL as it is with every variable at its default.
            if ServerURLGrammar.isValid(Builder.withDefaults(server)) { return true }
            diagnostics.warning("server URL '\(server.url)' is not an absolute http(s) URL of plain URL characters; it is left out of the client's server choices (pass it as .custom(URL) if needed)", at: server.location)
            return false
        }
        let names = ServerNaming.caseNames(servers.map(\.url), descriptions: servers.map(\.description))
        var choiceTypes = ServerNaming.ChoiceTypes()
        return zip(servers, names).map { server, name in
            var variableNames = MemberNames()
            let variables = server.variables.map { variableName, variable in
                ServerVariableDecl(
                    name: variableName, swiftName: variableNames.allocate(variableName), defaultValue: variable.defaultValue,
                    enumValues: variable.enumValues, description: variable.description,
                    choices: choiceTypes.choices(for: variableName, variable, serverCase: name))
            }
            return ServerDecl(caseName: name, url: server.url, description: server.description, variables: variables)
        }
    }

    /// An operation's own server (operation-level `servers`, else its path's), expanded with
    /// the variables' defaults, unless it is one of the API's servers: then the client's choice
    /// stands. Only the first usable entry counts, as for the API's default server.
    private mutating func operationServer(_ operation: Operation, item: PathItem, method: HTTPMethod, path: String) -> String? {
        guard let servers = operation.servers ?? item.servers, !servers.isEmpty else { return nil }
        if servers.contains(where: { apiServerURLs.contains($0.url) }) { return nil }
        for server in servers {
            let expanded = Builder.withDefaults(server)
            if ServerURLGrammar.isValid(expanded) { return expanded }
        }
        diagnostics.warning(
            "\(method.rawValue.uppercased()) \(path) is documented at '\(servers[0].url)', which is not an absolute http(s) URL of plain URL characters; the operation is sent to the client's server",
            at: servers[0].location)
        return nil
    }

    /// The API's own server URLs, as written: an operation documented at one of them follows
    /// the client's choice.
    private lazy var apiServerURLs = Set(document.servers.map(\.url))

    /// The server's URL with every variable at its default; an undeclared `{name}` stays.
    static func withDefaults(_ server: Server) -> String {
        var result = ""
        URLTemplate.forEachPart(server.url[...], literal: { result += $0 }) { name in
            result += server.variables[String(name)]?.defaultValue ?? "{\(name)}"
        }
        return result
    }

    // MARK: Resource tree

    /// Decides each operation's resource path and method name, resolving collisions. `plan` has
    /// what paths and operationIds decide; what is left needs the converted types.
    private mutating func nameOperations(_ plan: MethodNamePlan) {
        let nesting = plan.nesting
        var taken: [String: Set<String>] = [:]  // resource path → method names
        var wanted: [(resource: [String], method: String)] = []
        for (index, entry) in plan.entries.enumerated() {
            var method = entry.method
            if let listMethod = entry.listMethod {
                let success = operations[index].responses.first { $0.status.isSuccess }?.type
                if OperationNaming.looksLikeList(success, in: types.types) { method = listMethod }
            }
            wanted.append((entry.resource, method))
        }
        // Collisions: a path nested the REST way keeps the name (`POST /threads/{thread_id}/runs`
        // is `threads.runs.create` before `POST /threads/runs`, which creates a thread and runs
        // it); among equals, the first in the document. A list that lost to one nested deeper
        // lists across every parent: `GET /ai/missions/runs` is `missions.runs.listAll()` beside
        // `missions.runs.list(missionID:)`. The others use their operationId (FastAPI suffix
        // stripped), then a number.
        let resourceNames = plan.resourceNames
        var claimant: [String: Int] = [:]
        for index in plan.claimOrder {
            let (resource, method) = wanted[index]
            let key = plan.entries[index].resourceKey
            var used = taken[key, default: []]
            var name = method
            let childName = { (candidate: String) in resourceNames.contains(key.isEmpty ? candidate : key + "." + candidate) }
            if method == "list", let winner = claimant[key + "/list"], nesting[winner] > nesting[index],
                !used.contains("listAll"), !childName("listAll")
            {
                name = "listAll"
            } else if used.contains(name) || childName(name) {
                let operation = operations[index]
                let fromID = SwiftNames.camelName(OperationNaming.strippingFastAPISuffix(operation.operationID, path: operation.path, method: operation.method))
                name = fromID.isEmpty ? method : fromID
                var counter = 2
                let base = name
                while used.contains(name) || childName(name) {
                    name = "\(base)\(counter)"
                    counter += 1
                }
            }
            used.insert(name)
            claimant[key + "/" + name] = index
            // JSON or a stream from one operation: the stream gets a method of its own.
            let success = operations[index].responses.first { $0.status.isSuccess }
            if success?.eventStream != nil, success?.encoding != .eventStream {
                var streamName = name + "Stream"
                var counter = 2
                while used.contains(streamName) || childName(streamName) {
                    streamName = "\(name)Stream\(counter)"
                    counter += 1
                }
                used.insert(streamName)
                operations[index].streamMethodName = SwiftNames.escapedMember(streamName)
            }
            taken[key] = used
            operations[index].resourcePath = resource
            operations[index].methodName = SwiftNames.escapedMember(name)
        }
    }

    private func buildResourceTree() -> Resource {
        // A trie with an index per node: linear in the operations, however many siblings.
        final class Node {
            let name: String
            var children: [Node] = []
            var childIndex: [String: Int] = [:]
            var operations: [Int] = []
            init(name: String) { self.name = name }
        }
        let root = Node(name: "")
        // By index: each operation taken whole was a copy of it.
        for index in operations.indices {
            var node = root
            for word in operations[index].resourcePath {
                let name = SwiftNames.escapedMember(word)
                if let position = node.childIndex[name] {
                    node = node.children[position]
                } else {
                    let child = Node(name: name)
                    node.childIndex[name] = node.children.count
                    node.children.append(child)
                    node = child
                }
            }
            node.operations.append(index)
        }
        func resource(_ node: Node) -> Resource {
            Resource(name: node.name, typeName: "", children: node.children.map(resource), operations: node.operations)
        }
        var tree = resource(root)
        tree.typeName = clientName
        return tree
    }

    /// Resource types are top-level names (`AIAssistantsCanaryDeploysResource`), allocated after
    /// every model so models keep their natural names; where a model has taken one, the resource
    /// is `…Operations` (`MediaOperations` beside a `MediaResource` schema).
    private mutating func allocateResourceTypeNames(_ node: inout Resource, prefix: String) {
        for index in node.children.indices {
            let path = prefix + SwiftNames.typeName(SwiftNames.unescaped(node.children[index].name))
            node.children[index].typeName = types.names.allocateTopLevel(preferring: [path + "Resource", path + "Operations"])
            allocateResourceTypeNames(&node.children[index], prefix: path)
        }
    }
}

enum ServerNaming {
    /// Case names from what differs between server hosts: `api.eu.residency.elevenlabs.io` beside
    /// `api.elevenlabs.io` → `euResidency`; the one with nothing different is `production`. Paths
    /// count only when the hosts alone do not tell the servers apart (`/v1` beside `/v2`), and
    /// `{variable}` parts never count.
    static func caseNames(_ urls: [String], descriptions: [String?] = []) -> [String] {
        func parts(_ url: String) -> (host: [String], path: [String]) {
            var rest = Substring(url)
            if let colon = rest.firstIndex(of: ":"), rest[colon...].hasPrefix("://") { rest = rest[colon...].dropFirst(3) }
            let host = rest.prefix { $0 != "/" && $0 != ":" && $0 != "?" }
            let path = rest.dropFirst(host.count).prefix { $0 != "?" && $0 != "#" }.split(separator: "/")
                .filter { !$0.hasPrefix(":") }
            return (host.split(separator: ".").map(String.init), path.map(String.init))
        }
        func fixed(_ labels: [String]) -> [String] { labels.filter { !$0.contains("{") } }
        /// What is left of each list once the parts all of them share at both ends are dropped.
        func differing(_ lists: [[String]]) -> [[String]] {
            var prefix = 0
            while let first = lists.first, prefix < first.count, lists.allSatisfy({ prefix < $0.count && $0[prefix] == first[prefix] }) {
                prefix += 1
            }
            var suffix = 0
            while let first = lists.first, suffix < first.count - prefix,
                lists.allSatisfy({ suffix < $0.count - prefix && $0[$0.count - 1 - suffix] == first[first.count - 1 - suffix] })
            {
                suffix += 1
            }
            return lists.map { Array($0.dropFirst(prefix).dropLast(suffix)) }
        }
        let split = urls.map(parts)
        var middles = differing(split.map { fixed($0.host) })
        if Set(middles).count < middles.count {
            middles = zip(middles, differing(split.map { fixed($0.path) })).map { $0 + $1 }
        }
        var names = MemberNames(reserved: ["custom", "url"])
        return middles.enumerated().map { index, middle in
            if urls.count == 1 || (middle.isEmpty && index == 0) { return names.allocateIdentifier("production") }
            if middle.isEmpty {
                // Nothing fixed sets it apart (`{protocol}://{subdomain}.example.com`): a short
                // description names it ("A custom domain." → `customDomain`), else the variables
                // of its host (`subdomain`), else its position.
                let words = SwiftNames.words(index < descriptions.count ? descriptions[index] ?? "" : "")
                    .drop { ["a", "an", "the"].contains($0.lowercased()) }
                if (1...3).contains(words.count) { return names.allocate(words.joined(separator: " "), fallback: "server\(index + 1)") }
                let hostVariables = split[index].host.flatMap { URLTemplate.variableNames(Substring($0)) }
                if (1...2).contains(hostVariables.count) {
                    return names.allocate(hostVariables.joined(separator: " "), fallback: "server\(index + 1)")
                }
                return names.allocateIdentifier("server\(index + 1)")
            }
            return names.allocate(middle.joined(separator: " "), fallback: "server\(index + 1)")
        }
    }
}

extension ServerNaming {
    /// Names the enums of server variables that list their values: `region` → `Region`. Servers
    /// that share a variable with the same values share its enum; a different list under the
    /// same name gets the server's name in front (`SandboxRegion`).
    struct ChoiceTypes {
        /// Names a nested type must not take: they would shadow what `Server` itself uses.
        private static let reserved: Set<String> = [
            "Server", "URL", "String", "Hashable", "Sendable", "CaseIterable", "Self", "Type", "Protocol", "Any",
        ]
        private var byName: [String: [String]] = [:]

        mutating func choices(for name: String, _ variable: ServerVariable, serverCase: String) -> ServerVariableChoices? {
            guard let values = variable.enumValues, !values.isEmpty, values.contains(variable.defaultValue) else { return nil }
            // A RawRepresentable, CaseIterable enum already has these members.
            var cases = MemberNames(reserved: ["rawValue", "allCases", "hashValue"])
            let named = values.map { value in
                (swiftName: cases.allocate(value, fallback: value.isEmpty ? "empty" : "value"), value: value)
            }
            var base = SwiftNames.typeName(name)
            if Self.reserved.contains(base) { base += "Choice" }
            var typeName = base
            if let taken = byName[typeName], taken != values { typeName = SwiftNames.typeName(serverCase) + base }
            var counter = 2
            while let taken = byName[typeName], taken != values {
                typeName = base + String(counter)
                counter += 1
            }
            byName[typeName] = values
            let defaultCase = named.first { $0.value == variable.defaultValue }!.swiftName
            return ServerVariableChoices(typeName: typeName, cases: named, defaultCase: defaultCase)
        }
    }
}
