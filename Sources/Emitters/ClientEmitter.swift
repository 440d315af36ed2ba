import Diagnostics
import OpenAPIDocument
import SchemaGraph
import Templating

/// Emits the async client: a client type with typed servers and credentials, one resource type
/// per path group (`client.ai.assistants.canaryDeploys`), the operations, and the API's error type.
public struct ClientEmitter: Emitter {
    public let name = "client"

    public init() {}

    public func emit(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [GeneratedFile] {
        var builder = ClientViewBuilder(graph: graph, context: context)
        let view = builder.file()
        var collector = DiagnosticCollector()
        collector.append(contentsOf: builder.diagnostics)
        try collector.throwIfErrors()
        return [GeneratedFile(path: "Client.swift", text: try context.templates.renderUTF8("Client.swift", context: view))]
    }

    /// One job, about fifty lines per operation (Telnyx: 58,000 lines, 1,156 operations).
    public func jobs(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [EmissionJob] {
        [EmissionJob(estimatedLines: 50 * graph.operations.count + 200) { () throws(DiagnosticsError) in try emit(graph, context: context) }]
    }
}

struct ClientViewBuilder {
    let graph: SchemaGraph
    let context: EmitterContext
    let types: SwiftTypes
    let validation: ValidationPlanner
    var diagnostics: [Diagnostic] = []
    /// `TelnyxClient` → `TelnyxError`, `TelnyxErrorBody`.
    let errorTypeName: String
    let errorBodyTypeName: String
    /// One case per documented error body type, in `graph.errorBodyTypes` order.
    let errorCases: [ErrorBodyCaseView]
    /// For each error body type, the statement that throws an error response with such a body:
    /// every error response of every operation asks, so each is made once.
    let errorStatements: [ValueType: String]

    init(graph: SchemaGraph, context: EmitterContext) {
        self.graph = graph
        self.context = context
        let types = SwiftTypes(graph: graph)
        self.types = types
        self.validation = ValidationPlanner(graph: graph)
        errorTypeName = graph.errorTypeName
        errorBodyTypeName = graph.errorBodyTypeName
        errorCases = ClientViewBuilder.errorBodyCases(graph: graph, types: types)
        let errorBodyTypeName = graph.errorBodyTypeName
        errorStatements = Dictionary(
            zip(graph.errorBodyTypes, errorCases.map { errorCase in
                "throw core.statusError(response, body: core.decodeErrorBody(\(errorCase.type).self, from: response).map(\(errorBodyTypeName).\(errorCase.caseName)))"
            })
        ) { first, _ in first }
    }

    var access: String { context.access.rawValue }

    mutating func file() -> ClientFileView {
        var resources: [ResourceView] = []
        collectResources(graph.resources, into: &resources)
        let root = resources.removeFirst()
        var doc = graph.title + (graph.apiVersion.isEmpty ? "" : " \(graph.apiVersion)")
        if let description = graph.description ?? graph.summary { doc += "\n\n" + description }
        let servers = servers()
        // The first server the spec lists that could be offered at all.
        let defaultServer = servers.first.map { "." + $0.caseName + ($0.declaration == $0.caseName ? "" : "()") }
        return ClientFileView(
            header: FileHeader.lines(graph: graph, context: context), access: access, clientName: graph.clientName,
            docLines: SourceText.docLines(doc), errorTypeName: errorTypeName, errorBodyTypeName: errorBodyTypeName,
            errorBodyCases: errorCases, servers: servers, serverChoices: serverChoices(), initParameters: initParameters(defaultServer: defaultServer),
            initParameterDocs: initParameterDocs(defaultServer: defaultServer), configurationLines: configurationLines(),
            userAgent: SourceText.stringLiteral("\(context.moduleName)/\(graph.apiVersion) oasgen"),
            root: root, resources: resources)
    }

    // MARK: Client

    private func servers() -> [ServerView] {
        graph.servers.map { server in
            var docLines = SourceText.docLines("`\(SourceText.codeSpanText(FileHeader.oneLine(server.url)))`" + (server.description.map { "\n\n" + $0 } ?? ""))
            if !server.variables.isEmpty {
                docLines += ["///", "/// - Parameters:"]
                for variable in server.variables {
                    let text = variable.description.map(FileHeader.oneLine) ?? ""
                    let fallback = "The `{\(SourceText.codeSpanText(FileHeader.oneLine(variable.name)))}` part of the URL."
                    docLines.append("///   - \(SwiftNames.unescaped(variable.swiftName)): " + (text.isEmpty ? fallback : text))
                }
            }
            if server.variables.isEmpty {
                return ServerView(caseName: server.caseName, declaration: server.caseName, pattern: server.caseName, urlExpression: "URL(string: \(SourceText.stringLiteral(server.url)))!", docLines: docLines)
            }
            let parameters = server.variables.map { variable in
                if let choices = variable.choices { return "\(variable.swiftName): \(choices.typeName) = .\(choices.defaultCase)" }
                return "\(variable.swiftName): String = \(SourceText.stringLiteral(variable.defaultValue))"
            }
            let bindings = server.variables.map { "let \($0.swiftName)" }
            let variables = server.variables.map { variable in
                "\(SourceText.stringLiteral(variable.name)): \(variable.swiftName)" + (variable.choices == nil ? "" : ".rawValue")
            }
            return ServerView(
                caseName: server.caseName, declaration: "\(server.caseName)(\(parameters.joined(separator: ", ")))",
                pattern: "\(server.caseName)(\(bindings.joined(separator: ", ")))",
                urlExpression: "URL(serverTemplate: \(SourceText.stringLiteral(server.url)), variables: [\(variables.joined(separator: ", "))])",
                docLines: docLines)
        }
    }

    /// One enum per distinct `typeName`: servers that share a variable share its enum.
    private func serverChoices() -> [ServerChoicesView] {
        var seen = Set<String>()
        return graph.servers.flatMap(\.variables).compactMap { variable in
            guard let choices = variable.choices, seen.insert(choices.typeName).inserted else { return nil }
            let cases = choices.cases.map { swiftName, value in
                SwiftNames.unescaped(swiftName) == value ? swiftName : "\(swiftName) = \(SourceText.stringLiteral(value))"
            }
            let doc = variable.description ?? "The values of the `\(SourceText.codeSpanText(FileHeader.oneLine(variable.name)))` server variable."
            return ServerChoicesView(typeName: choices.typeName, docLines: SourceText.docLines(doc), cases: cases)
        }
    }

    private func credentialParameters() -> [(name: String, environment: String?, line: String, doc: String)] {
        var result: [(String, String?, String, String)] = []
        for auth in graph.auth {
            switch auth {
            case .bearer:
                result.append(("apiKey", context.credentialEnvironmentVariable, "configuration.credentials.append(.bearer(apiKey))", "The API key, sent as a bearer token"))
            case .basic:
                result.append(("username", nil, "", "User name for HTTP basic authentication"))
                result.append(("password", nil, "configuration.credentials.append(.basic(username: username ?? \"\", password: password))", "Password for HTTP basic authentication"))
            case .apiKeyHeader(let header):
                result.append(("apiKey", context.credentialEnvironmentVariable, "configuration.credentials.append(.header(name: \(SourceText.stringLiteral(header)), value: apiKey))", "The API key, sent in the `\(FileHeader.oneLine(header))` header"))
            case .apiKeyQuery(let name):
                result.append(("apiKey", context.credentialEnvironmentVariable, "configuration.credentials.append(.query(name: \(SourceText.stringLiteral(name)), value: apiKey))", "The API key, sent as the `\(FileHeader.oneLine(name))` query parameter"))
            }
        }
        for header in graph.sharedHeaders {
            let line = "configuration.credentials.append(.header(name: \(SourceText.stringLiteral(header.header)), value: \(header.propertyName)))"
            let doc = (header.description.map { FileHeader.oneLine($0) + ". " } ?? "") + "Sent as the `\(FileHeader.oneLine(header.header))` header on every request"
            result.append((header.propertyName, header.environmentVariable, line, doc))
        }
        // One parameter per name, even when several schemes would want `apiKey`.
        var seen = Set<String>()
        return result.filter { seen.insert($0.0).inserted }
    }

    private func initParameters(defaultServer: String?) -> [String] {
        var parameters = credentialParameters().map { parameter in
            let fallback = parameter.environment.map { "ProcessInfo.processInfo.environment[\(SourceText.stringLiteral($0))]" } ?? "nil"
            return "\(parameter.name): String? = \(fallback)"
        }
        parameters.append("server: Server" + (defaultServer.map { " = \($0)" } ?? ""))
        parameters += [
            "transport: any ClientTransport = URLSessionTransport()",
            "middlewares: [any ClientMiddleware] = []",
            "retry: RetryPolicy = .default",
            "timeout: Duration = .seconds(60)",
            "headers: HTTPFields = [:]",
        ]
        return parameters
    }

    private func initParameterDocs(defaultServer: String?) -> [String] {
        var docs = credentialParameters().map { parameter in
            "  - \(parameter.name): \(parameter.doc)" + (parameter.environment.map { "; defaults to the `\(FileHeader.oneLine($0))` environment variable." } ?? ".")
        }
        docs += [
            "  - server: Where requests go" + (defaultServer.map { "; defaults to `\($0)`." } ?? "."),
            "  - transport: Sends the HTTP requests; any `ClientTransport`, such as `AsyncHTTPClientTransport`.",
            "  - middlewares: Run around every request, first one outermost.",
            "  - retry: When and how often failed requests are retried.",
            "  - timeout: Longest wait for one attempt of a request.",
            "  - headers: Extra headers sent with every request.",
        ]
        return docs.map { "/// " + $0 }
    }

    /// Lines that finish the configuration: credentials, and whether operations documented at
    /// their own server go there.
    private func configurationLines() -> [String] {
        var lines: [String] = credentialParameters().compactMap { parameter in
            guard !parameter.line.isEmpty else { return nil }
            let name = parameter.name == "password" ? "password" : parameter.name
            return "if let \(name) { \(parameter.line) }"
        }
        if graph.operations.contains(where: { $0.server != nil }) {
            // A proxy or mock server takes every request, uploads included.
            lines.append("if case .custom = server { configuration.usesOperationServers = false }")
        }
        return lines
    }

    // MARK: Errors

    private static func errorBodyCases(graph: SchemaGraph, types: SwiftTypes) -> [ErrorBodyCaseView] {
        var names = MemberNamesLite()
        return graph.errorBodyTypes.map { value in
            let name = names.unique(caseName(for: value, graph: graph))
            return ErrorBodyCaseView(caseName: SwiftNames.escapedMember(name), type: types.spelling(value, from: nil) + (value.nullable && value.type != .any ? "?" : ""))
        }
    }

    private static func caseName(for value: ValueType, graph: SchemaGraph) -> String {
        switch value.type {
        case .named(let id): return SwiftNames.camelName(graph[id].name)
        case .any: return "json"
        case .array: return "list"
        case .dictionary: return "object"
        case .primitive(let primitive): return SwiftNames.camelName(SwiftTypes.spelling(primitive))
        }
    }

    // MARK: Resources

    private mutating func collectResources(_ resource: Resource, into result: inout [ResourceView]) {
        collectResources(resource, shared: SharedSegments(resource, operations: graph.operations), into: &result)
    }

    private mutating func collectResources(_ resource: Resource, shared: SharedSegments, into result: inout [ResourceView]) {
        let path = ClientViewBuilder.commonPath(resource, shared: shared.segments)
        let docLines = path.map { SourceText.docLines("Operations under `\(SourceText.codeSpanText(FileHeader.oneLine($0)))`.") } ?? []
        var operations: [OperationView] = []
        for index in resource.operations { operations += operationViews(graph.operations[index]) }
        result.append(
            ResourceView(
                typeName: resource.typeName, docLines: docLines,
                accessors: resource.children.map { ResourceAccessorView(name: $0.name, typeName: $0.typeName) },
                operations: operations))
        for (child, childShared) in zip(resource.children, shared.children) { collectResources(child, shared: childShared, into: &result) }
    }

    /// The path segments that all operations of a resource and of the resources under it share,
    /// for the resource and (in the same order) each one under it. Made once from the leaves up:
    /// each resource's own walk over everything under it was quadratic in the tree's depth.
    struct SharedSegments {
        /// Nil when no operation is under the resource.
        var segments: [Substring]?
        var children: [SharedSegments]

        init(_ resource: Resource, operations: [OperationDecl]) {
            children = resource.children.map { SharedSegments($0, operations: operations) }
            var shared: [Substring]?
            func meet(_ parts: [Substring]) {
                guard let current = shared else {
                    shared = parts
                    return
                }
                if !current.isEmpty { shared = Array(zip(current, parts).prefix { $0 == $1 }.map(\.0)) }
            }
            // Segments split by bytes ("/" is ASCII).
            for operation in resource.operations {
                meet(Substring(operations[operation].path).utf8.split(separator: UInt8(ascii: "/")).map { Substring($0) })
            }
            for child in children { if let segments = child.segments { meet(segments) } }
            segments = shared
        }
    }

    /// The path a resource stands for, for its doc comment: the prefix its operations share,
    /// cut after the segment that names the resource (`/ai` for `client.ai`).
    private static func commonPath(_ resource: Resource, shared: [Substring]?) -> String? {
        guard var prefix = shared?.map(String.init) else { return nil }
        let name = SwiftNames.unescaped(resource.name)
        if let last = prefix.lastIndex(where: { SwiftNames.camelName($0) == name }) {
            prefix = Array(prefix[...last])
        }
        return prefix.isEmpty ? nil : "/" + prefix.joined(separator: "/")
    }
}

/// Unique names with numeric suffixes, in first-come order.
struct MemberNamesLite {
    private var used = Set<String>()

    mutating func unique(_ base: String) -> String {
        var name = base
        var counter = 2
        while !used.insert(name).inserted {
            name = "\(base)\(counter)"
            counter += 1
        }
        return name
    }
}
