import Templating

// View models for the client templates. As for models, every string is already safe source.

struct ClientFileView: TemplateContext {
    var header: [String]
    var access: String
    var clientName: String
    var docLines: [String]
    var errorTypeName: String
    var errorBodyTypeName: String
    var errorBodyCases: [ErrorBodyCaseView]
    var servers: [ServerView]
    /// Enums of server variables that list their values, nested in `Server`.
    var serverChoices: [ServerChoicesView]
    var initParameters: [String]
    var initParameterDocs: [String]
    var configurationLines: [String]
    var userAgent: String
    /// The client's own accessors and root-level operations.
    var root: ResourceView
    /// Every other resource type.
    var resources: [ResourceView]

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .header: .texts(header)
        case .access: .text(access)
        case .clientName: .text(clientName)
        case .docLines: .texts(docLines)
        case .errorTypeName: .text(errorTypeName)
        case .errorBodyTypeName: .text(errorBodyTypeName)
        case .errorBodyCases: .list(errorBodyCases)
        case .hasErrorBodies: .bool(!errorBodyCases.isEmpty)
        case .servers: .list(servers)
        case .serverChoices: .list(serverChoices)
        case .initParameters: .texts(initParameters)
        case .initParameterDocs: .texts(initParameterDocs)
        case .configurationLines: .texts(configurationLines)
        case .configurationVariable: .text(configurationLines.isEmpty ? "let" : "var")
        case .userAgent: .text(userAgent)
        case .root: .context(root)
        case .resources: .list(resources)
        default: nil
        }
    }
}

struct ErrorBodyCaseView: TemplateContext {
    var caseName: String
    var type: String

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .caseName: .text(caseName)
        case .type: .text(type)
        default: nil
        }
    }
}

struct ServerView: TemplateContext {
    var caseName: String
    /// `production`, or `regional(region: String = "eu")`.
    var declaration: String
    /// `.production`, or `.regional(let region)`, without the dot.
    var pattern: String
    var urlExpression: String
    var docLines: [String]

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .declaration: .text(declaration)
        case .pattern: .text(pattern)
        case .urlExpression: .text(urlExpression)
        case .docLines: .texts(docLines)
        default: nil
        }
    }
}

struct ServerChoicesView: TemplateContext {
    var typeName: String
    var docLines: [String]
    /// `eu`, or `euWest = "eu-west"` when the case name is not the value.
    var cases: [String]

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .typeName: .text(typeName)
        case .docLines: .texts(docLines)
        case .cases: .texts(cases)
        default: nil
        }
    }
}

/// A class, read as a list item without being copied (see `CaseView`).
final class ResourceView: TemplateContext {
    let typeName: String
    let docLines: [String]
    let accessors: [ResourceAccessorView]
    let operations: [OperationView]

    init(typeName: String, docLines: [String], accessors: [ResourceAccessorView], operations: [OperationView]) {
        self.typeName = typeName
        self.docLines = docLines
        self.accessors = accessors
        self.operations = operations
    }

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .typeName: .text(typeName)
        case .docLines: .texts(docLines)
        case .accessors: .list(accessors)
        case .operations: .list(operations.map(OperationContext.init))
        default: nil
        }
    }
}

/// An operation's view as a list item: a class holding it, so that the list's lookups read the
/// view where it lies. Read from the array itself, a struct this size was copied whole for every
/// name the template asked of it.
private final class OperationContext: TemplateContext {
    let view: OperationView

    init(_ view: OperationView) { self.view = view }

    func value(forKey key: TemplateKey) -> TemplateValue? { view.value(forKey: key) }
}

struct ResourceAccessorView: TemplateContext {
    var name: String
    var typeName: String

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .name: .text(name)
        case .typeName: .text(typeName)
        default: nil
        }
    }
}

struct OperationView: TemplateContext {
    var name: String
    var access: String
    var errorTypeName: String
    var docLines: [String] = []
    var signature: [String] = []
    var returnType = ""
    var validationLines: [String] = []
    var parameterChecks: [String] = []
    var method = "get"
    var pathLiteral = "\"/\""
    var operationIDLiteral = "\"\""
    var authenticated = true
    var requestLines: [String] = []
    var responseCases: [ResponseCaseView] = []
    /// Opens an event stream instead of reading the response whole.
    var isStreaming = false
    /// `events.decoding(ChatChunk.self)`: what a streaming method returns.
    var eventsExpression = ""

    init(name: String, access: String, errorTypeName: String) {
        self.name = name
        self.access = access
        self.errorTypeName = errorTypeName
    }

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .name: .text(name)
        case .docLines: .texts(docLines)
        case .signature: .texts(signature)
        case .signatureInline: .text(signature.joined(separator: ", "))
        case .isSignatureInline:
            .bool(ParameterLayout.fitsOnOneLine(signature, prefix: 40 + [name, errorTypeName, returnType].reduce(0) { $0 + ParameterLayout.columns($1) }))
        case .returnType: .text(returnType)
        case .validationLines: .texts(validationLines)
        case .parameterChecks: .texts(parameterChecks)
        case .hasParameterChecks: .bool(!parameterChecks.isEmpty)
        case .method: .text(method)
        case .pathLiteral: .text(pathLiteral)
        case .operationIDLiteral: .text(operationIDLiteral)
        case .unauthenticated: .bool(!authenticated)
        case .requestVariable: .text(requestLines.isEmpty && authenticated ? "let" : "var")
        case .requestLines: .texts(requestLines)
        case .responseCases: .list(responseCases)
        // Only `default` left: its statement needs no switch.
        case .hasStatusCases: .bool(responseCases.contains { $0.pattern != nil })
        case .isStreaming: .bool(isStreaming)
        case .eventsExpression: .text(eventsExpression)
        default: nil
        }
    }
}

/// A class, read as a list item without being copied (see `CaseView`).
final class ResponseCaseView: TemplateContext {
    /// `200`, `400..<500`; nil for `default`.
    let pattern: String?
    let statement: String
    /// Returns the operation's value (a 2xx case), rather than throwing.
    let isSuccess: Bool

    init(pattern: String?, statement: String, isSuccess: Bool = false) {
        self.pattern = pattern
        self.statement = statement
        self.isSuccess = isSuccess
    }

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .pattern: pattern.map(TemplateValue.text) ?? .bool(false)
        case .isDefault: .bool(pattern == nil)
        case .statement: .text(statement)
        default: nil
        }
    }
}
