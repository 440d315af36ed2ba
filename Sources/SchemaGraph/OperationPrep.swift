import Diagnostics
import OpenAPIDocument
import OrderedCollections

/// An operation the graph includes, as the document has it, with its unique operationId.
struct SelectedOperation: Sendable {
    var path: String
    var item: PathItem
    var method: HTTPMethod
    var operation: Operation
    var id: String
    /// Said when the id had to be changed: the document repeats the operationId.
    var duplicateWarning: Diagnostic?

    /// The operations to build, in document order, and what following path item references
    /// reported. Duplicate operationIds get a number (`ListPhoneNumbers2`).
    static func select(document: OpenAPI, references: ReferenceTable, options: GraphOptions) -> ([SelectedOperation], [Diagnostic]) {
        var selected: [SelectedOperation] = []
        var diagnostics: [Diagnostic] = []
        var usedIDs = Set<String>()
        for (path, entry) in document.paths {
            let item: PathItem
            switch entry.resolved(references.pathItem) {
            case .success(let target?): item = target
            case .success(nil): continue
            case .failure(let diagnostic):
                diagnostics.append(diagnostic)
                continue
            }
            for (method, operation) in item.operations where options.includes(operation) {
                var id = operation.operationID ?? OperationNaming.synthesizedID(method: method, path: path)
                var warning: Diagnostic?
                if !usedIDs.insert(id).inserted {
                    var counter = 2
                    while usedIDs.contains("\(id)\(counter)") { counter += 1 }
                    warning = .warning(
                        "duplicate operationId '\(id)'; this one is called '\(id)\(counter)'", at: operation.operationIDLocation ?? operation.location)
                    id = "\(id)\(counter)"
                    usedIDs.insert(id)
                }
                selected.append(SelectedOperation(path: path, item: item, method: method, operation: operation, id: id, duplicateWarning: warning))
            }
        }
        return (selected, diagnostics)
    }
}

/// An operation's parameters: the path item's and its own merged (its own win), with their
/// references followed, and what following them reported.
struct ResolvedParameters: Sendable {
    var parameters: [Parameter]
    var diagnostics: [Diagnostic]

    init(item: PathItem, operation: Operation, references: ReferenceTable) {
        var merged = OrderedDictionary<String, Parameter>()
        var diagnostics: [Diagnostic] = []
        for entry in item.parameters + operation.parameters {
            switch entry.resolved(references.parameter) {
            case .success(let parameter?): merged[parameter.location.rawValue + ":" + parameter.name.lowercased()] = parameter
            case .success(nil): break
            case .failure(let diagnostic): diagnostics.append(diagnostic)
            }
        }
        self.parameters = Array(merged.values)
        self.diagnostics = diagnostics
    }
}

/// What building an operation needs that no type decides, so that it can be made on another
/// core while the builder, which must declare types on one thread in document order, works
/// on the types (`Prefetch`).
struct OperationPrep: Sendable {
    var shape: OperationNaming.PathShape
    /// Where the path template and the path parameters disagree.
    var diagnostics: [Diagnostic]
    /// The stem of the operation's inline type names (`OperationNaming.inlineTypeBase`).
    var inlineBase: String
    /// `#/paths/{path}/{method}`, where the operation's inline types come from.
    var origin: String
    /// Each parameter's member name before it is made unique, for a plain value and for a
    /// date (`StartTime<` reads `startTimeLessThan` or `startTimeBefore`); empty when the name
    /// has no letters or digits.
    var memberBases: [(plain: String, date: String)]
    /// The responses with a status code, in the document's order.
    var responses: [ResponsePrep]

    init(_ selected: SelectedOperation, parameters: [Parameter], references: ReferenceTable) {
        shape = OperationNaming.PathShape(selected.path)
        var collector = DiagnosticCollector()
        OperationPrep.checkPathParameters(path: selected.path, shape: shape, parameters: parameters, operation: selected.operation, into: &collector)
        diagnostics = collector.diagnostics
        inlineBase = OperationNaming.inlineTypeBase(operationID: selected.id, path: selected.path, shape: shape, method: selected.method)
        origin = "#/paths/\(selected.path)/\(selected.method.rawValue)"
        memberBases = parameters.map { parameter in
            let plain = OperationNaming.boundWords(parameter.name, isDate: false)
            let date = OperationNaming.boundWords(parameter.name, isDate: true)
            let plainBase = SwiftNames.camelName(plain)
            return (plainBase, date == plain ? plainBase : SwiftNames.camelName(date))
        }
        responses = ResponsePrep.all(of: selected.operation, inlineBase: inlineBase, origin: origin, references: references)
    }

    /// Every `{name}` in the template has a path parameter, and every path parameter a `{name}`.
    private static func checkPathParameters(
        path: String, shape: OperationNaming.PathShape, parameters: [Parameter], operation: Operation, into diagnostics: inout DiagnosticCollector
    ) {
        let templateNames = Set(shape.parameterNames)
        for parameter in parameters where parameter.location == .path && !templateNames.contains(parameter.name) {
            diagnostics.error("path parameter '\(parameter.name)' does not appear in the path template '\(path)'", at: parameter.sourceLocation)
        }
        let declared = Set(parameters.filter { $0.location == .path }.map(\.name))
        for name in shape.parameterNames where !declared.contains(name) {
            diagnostics.error("path template '\(path)' uses '{\(name)}', but the operation declares no path parameter '\(name)'", at: operation.location)
        }
    }
}

/// A response of an operation, with what building its declaration needs beside its types: the
/// response its reference names, the content a client would read, and its inline types' names.
struct ResponsePrep: Sendable {
    var status: StatusPattern
    /// The response, or what following its reference reported (nil and nil when the target
    /// failed to decode: the decoder said why).
    var response: Response?
    var failure: Diagnostic?
    /// The preferred content (`BodyEncoding.preferredContent`) and its encoding.
    var content: (contentType: String, media: MediaType, encoding: BodyEncoding)?
    /// Where a JSON body's inline type is declared. Spelled out only if one is: most bodies are
    /// references, and joining the long names and origins of every response cost a third of
    /// preparing it.
    var bodyNaming: InlineNaming
    /// A success's `text/event-stream` content, and where its events' inline type is declared.
    var eventStream: MediaType?
    var eventNaming: InlineNaming?

    static func all(of operation: Operation, inlineBase: String, origin: String, references: ReferenceTable) -> [ResponsePrep] {
        let successCount = operation.responses.keys.filter { StatusPattern.of($0)?.isSuccess == true }.count
        var result: [ResponsePrep] = []
        let operationNaming = InlineNaming(parent: nil, name: inlineBase, origin: origin)
        for (code, entry) in operation.responses {
            guard let status = StatusPattern.of(code) else { continue }
            var response: Response?
            var failure: Diagnostic?
            switch entry.resolved(references.response) {
            case .success(let target): response = target
            case .failure(let diagnostic): failure = diagnostic
            }
            let content = response.flatMap { BodyEncoding.preferredContent($0.content) }.map { contentType, media in
                (contentType, media, BodyEncoding.of(contentType: contentType))
            }
            let suffix = status.isSuccess ? (successCount > 1 ? "Response\(code)" : "Response") : "Error\(code)"
            let responseOrigin = "/responses/" + code
            let eventStream = status.isSuccess
                ? response.flatMap { response in
                    response.content.keys.firstIndex { BodyEncoding.of(contentType: $0) == .eventStream }.map { response.content.values[$0] }
                } : nil
            result.append(ResponsePrep(
                status: status, response: response, failure: failure, content: content,
                bodyNaming: operationNaming.suffixed(name: suffix, origin: responseOrigin), eventStream: eventStream,
                eventNaming: eventStream.map { _ in
                    operationNaming.suffixed(name: successCount > 1 ? "Event\(code)" : "Event", origin: responseOrigin + "/events")
                }))
        }
        return result
    }
}

extension StatusPattern {
    /// `200`, `4XX` or `default`; nil for anything else.
    static func of(_ code: String) -> StatusPattern? {
        if code == "default" { return .default }
        if let number = Int(code) { return .code(number) }
        if let first = code.first, let hundred = Int(String(first)) { return .range(hundred) }
        return nil
    }
}

extension BodyEncoding {
    /// JSON first, then form, multipart, text, anything: what a client most likely wants to send.
    static func preferredContent(_ content: OrderedDictionary<String, MediaType>) -> (String, MediaType)? {
        // Classify each media type once; the first of the most wanted encoding wins. Compared
        // by position, so that only the winner's media type is copied.
        var best: (index: Int, rank: Int)?
        for (index, contentType) in content.keys.enumerated() {
            let encoding = BodyEncoding.of(contentType: contentType)
            let rank = preferredOrder.firstIndex(of: encoding) ?? preferredOrder.count
            if rank < best?.rank ?? Int.max { best = (index, rank) }
        }
        return best.map { (content.keys[$0.index], content.values[$0.index]) }
    }

    /// Body encodings, most wanted first.
    private static let preferredOrder: [BodyEncoding] = [.json, .formURLEncoded, .multipart, .text, .binary, .eventStream, .other]
}

extension Referenceable {
    /// The value as written, or what its reference names through `follow` (a `ReferenceTable`
    /// lookup): a failure says why the reference cannot be followed, and nil means its target
    /// failed to decode (the decoder said why).
    func resolved(_ follow: (Reference) -> Result<Value?, Diagnostic>) -> Result<Value?, Diagnostic> {
        switch self {
        case .value(let value): .success(value)
        case .reference(let reference): follow(reference)
        }
    }
}
