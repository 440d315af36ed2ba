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
            switch entry {
            case .value(let value):
                item = value
            case .reference(let reference):
                switch references.pathItem(reference) {
                case .success(let target?): item = target
                case .success(nil): continue
                case .failure(let diagnostic):
                    diagnostics.append(diagnostic)
                    continue
                }
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
            let parameter: Parameter?
            switch entry {
            case .value(let value):
                parameter = value
            case .reference(let reference):
                switch references.parameter(reference) {
                case .success(let target): parameter = target
                case .failure(let diagnostic):
                    diagnostics.append(diagnostic)
                    parameter = nil
                }
            }
            if let parameter { merged[parameter.location.rawValue + ":" + parameter.name.lowercased()] = parameter }
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

    init(_ selected: SelectedOperation, parameters: [Parameter]) {
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
