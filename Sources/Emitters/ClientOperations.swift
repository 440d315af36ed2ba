import OpenAPIDocument
import SchemaGraph

extension ClientViewBuilder {
    /// The methods for one operation: the operation's own, and a streaming one when it offers
    /// JSON or an event stream.
    mutating func operationViews(_ operation: OperationDecl) -> [OperationView] {
        let (view, documentation) = operationView(operation)
        let stream = operation.responses.first { $0.status.isSuccess }?.eventStream
        // A response that is only an event stream streams from the operation's own method.
        if let stream, operation.streamMethodName == nil {
            return [streaming(view, name: view.name, stream: stream, documentation: documentation)]
        }
        guard let stream, let name = operation.streamMethodName else { return [view] }
        return [view, streaming(view, name: name, stream: stream, documentation: documentation)]
    }

    /// Everything the operation template needs: signature, request building, response handling;
    /// and the doc comment without its `Returns` and `Throws` lines, for a streaming variant.
    private mutating func operationView(_ operation: OperationDecl) -> (OperationView, [String]) {
        var view = OperationView(name: operation.methodName, access: access, errorTypeName: errorTypeName)
        let pathParameters = operation.pathParameterNames
        let callable = operation.parameters.filter { $0.liftedTo == nil }
        let ordered = pathParameters.compactMap { name in callable.first { $0.location == .path && $0.name == name } }
            + callable.filter { $0.location != .path && $0.isRequired }
            + callable.filter { $0.location != .path && !$0.isRequired }

        // Signature, in call order: path parameters, body, required then optional parameters, options.
        var signature: [String] = []
        var parameterDocs: [String] = []
        // The fallback is made only for a parameter without a description of its own.
        func document(_ name: String, _ text: String?, fallback: @autoclosure () -> String) {
            let lines = SourceText.docLines(text)
            parameterDocs += ClientViewBuilder.docItem("  - \(SwiftNames.unescaped(name)):", lines.isEmpty ? ["/// " + fallback()] : lines, indent: "    ")
        }
        func fallback(_ parameter: ParameterDecl) -> String {
            let name = SourceText.codeSpanText(FileHeader.oneLine(parameter.name))
            switch parameter.location {
            case .path: return "The `{\(name)}` path segment."
            case .query: return "The `\(name)` query parameter."
            case .header: return "The `\(name)` header."
            case .cookie: return "The `\(name)` cookie."
            }
        }
        for parameter in ordered.prefix(while: { $0.location == .path }) {
            signature.append("\(parameter.swiftName): \(types.spelling(parameter.type, from: nil))")
            document(parameter.swiftName, parameter.description, fallback: fallback(parameter))
        }
        if let body = operation.requestBody {
            switch body.encoding {
            case .json, .formURLEncoded, .multipart, .text:
                let type = types.spelling(body.type, from: nil)
                signature.append(body.isRequired ? "body: \(type)" : "body: \(type)? = nil")
            case .binary, .other, .eventStream:
                signature.append(body.isRequired ? "body: Data" : "body: Data? = nil")
                signature.append("contentType: String = \(SourceText.stringLiteral(body.contentType))")
            }
            document("body", body.description ?? bodyTypeSummary(body.type), fallback: "The request body.")
        }
        for parameter in ordered.drop(while: { $0.location == .path }) {
            let type = types.spelling(parameter.type, from: nil)
            signature.append(parameter.isRequired ? "\(parameter.swiftName): \(type)" : "\(parameter.swiftName): \(type)? = nil")
            document(parameter.swiftName, parameter.description, fallback: fallback(parameter))
        }
        signature.append("options: RequestOptions = RequestOptions()")
        parameterDocs.append("///   - options: Timeout, retries and extra headers for this call.")
        view.signature = signature

        // Validation before anything is sent.
        if let body = operation.requestBody, [.json, .formURLEncoded, .multipart].contains(body.encoding),
            validation.valueNeedsValidation(body.type)
        {
            if case .named = types.resolvingAliases(body.type).type {
                // A model validates itself; its violations' paths start at its own properties.
                view.validationLines = [body.isRequired ? "try core.validate(body)" : "if let body { try core.validate(body) }"]
            } else {
                view.parameterChecks += validation.checks(for: body.type, expression: "body", key: "")
            }
        }
        for parameter in ordered where validation.valueNeedsValidation(parameter.type) {
            view.parameterChecks += validation.checks(for: parameter.type, expression: parameter.swiftName, key: parameter.name)
        }

        // Request.
        view.method = operation.method.rawValue
        view.pathLiteral = pathLiteral(operation.requestPath, parameters: operation.parameters)
        if let server = operation.server {
            view.requestLines.append("request.server = URL(string: \(SourceText.stringLiteral(server)))!")
        }
        for (name, value) in operation.fixedQuery {
            view.requestLines.append("request.query.append(\(SourceText.stringLiteral(name)), \(SourceText.stringLiteral(value)))")
        }
        view.operationIDLiteral = SourceText.stringLiteral(operation.operationID)
        view.authenticated = operation.requiresAuthentication
        for parameter in ordered where parameter.location != .path {
            view.requestLines.append(parameterLine(parameter))
        }
        if let body = operation.requestBody {
            // An optional body is unwrapped under the same name, so one line serves both.
            let line: String
            switch body.encoding {
            case .json: line = "try request.setJSONBody(body, using: core)"
            case .formURLEncoded: line = "try request.setFormBody(body, using: core)"
            case .multipart: line = "try request.setMultipartBody(body, using: core)"
            case .text: line = "request.setBody(Data(body.utf8), contentType: \(SourceText.stringLiteral(body.contentType)))"
            case .binary, .other, .eventStream: line = "request.setBody(body, contentType: contentType)"
            }
            view.requestLines.append(body.isRequired ? line : "if let body { \(line) }")
        }

        // Responses.
        let (returnType, cases, returnDoc) = responseHandling(operation)
        view.returnType = returnType
        view.responseCases = cases

        // Documentation.
        var doc = ""
        if let summary = operation.summary { doc = summary }
        if let description = operation.description, description != operation.summary {
            doc += (doc.isEmpty ? "" : "\n\n") + description
        }
        doc += (doc.isEmpty ? "" : "\n\n") + "`\(operation.method.rawValue.uppercased()) \(SourceText.codeSpanText(FileHeader.oneLine(operation.path)))`"
        if let server = operation.server {
            doc += "\n\nSent to `\(SourceText.codeSpanText(FileHeader.oneLine(server)))`, where the API documents it, unless the client has a custom server."
        }
        if operation.deprecated { doc += "\n\n- Note: Deprecated." }
        var docLines = SourceText.docLines(doc)
        docLines.append("///")
        docLines.append("/// - Parameters:")
        docLines += parameterDocs
        view.docLines = docLines + ClientViewBuilder.docItem("- Returns:", SourceText.docLines(returnDoc), indent: "  ") + [throwsLine]
        return (view, docLines)
    }

    private var throwsLine: String { "/// - Throws: `\(errorTypeName)`, with the decoded body of documented error responses." }

    /// `view`, changed to open an event stream: the events as the return value, and only the
    /// error responses left to handle.
    private func streaming(_ view: OperationView, name: String, stream: EventStreamDecl, documentation: [String]) -> OperationView {
        var view = view
        view.name = name
        let errorBody = errorBodyTypeName
        if let eventType = stream.eventType, !types.isString(eventType) {
            let spelled = types.spelling(eventType, from: nil) + (eventType.nullable && eventType.type != .any ? "?" : "")
            view.returnType = " -> EventStream<\(spelled), \(errorBody)>"
            view.eventsExpression = "events.decoding(\(spelled).self)"
        } else {
            view.returnType = " -> EventStream<ServerSentEvent, \(errorBody)>"
            view.eventsExpression = "events"
        }
        view.isStreaming = true
        view.responseCases.removeAll(where: \.isSuccess)
        view.docLines = documentation + ["/// - Returns: The events, read as the server sends them (`text/event-stream`).", throwsLine]
        return view
    }

    /// The line that adds one query, header or cookie parameter to the request. Plain values
    /// are appended as they are; objects, unions and styles beyond `form` go through the
    /// value's JSON form, which the runtime lays out in the parameter's style.
    private func parameterLine(_ parameter: ParameterDecl) -> String {
        let name = SourceText.stringLiteral(parameter.name)
        let value = parameter.swiftName
        let plain = types.isPlainParameter(parameter.type)
        switch parameter.location {
        case .query:
            let styled: String? = switch parameter.style {
            case .deepObject: ".deepObject"
            case .spaceDelimited: ".spaceDelimited"
            case .pipeDelimited: ".pipeDelimited"
            default: plain ? nil : ".form"
            }
            guard let styled else {
                return "request.query.\(parameter.explode ? "append" : "appendJoined")(\(name), \(value))"
            }
            // `explode` means nothing to deepObject.
            let explode = parameter.style == .deepObject ? "" : ", explode: \(parameter.explode)"
            return "try request.appendQuery(\(name), encoding: \(value), style: \(styled)\(explode), using: core)"
        case .header:
            if plain, !types.isDictionary(parameter.type) { return "request.headers.append(\(name), \(value))" }
            return "try request.appendHeader(\(name), encoding: \(value), explode: \(parameter.explode), using: core)"
        case .cookie:
            if plain { return "request.cookies.\(parameter.explode ? "append" : "appendJoined")(\(name), \(value))" }
            return "try request.appendCookie(\(name), encoding: \(value), explode: \(parameter.explode), using: core)"
        case .path:
            preconditionFailure("path parameters are interpolated into the path")
        }
    }

    /// The first paragraph of a named body type's description.
    private func bodyTypeSummary(_ value: ValueType) -> String? {
        guard case .named(let id) = value.type, let description = graph[id].description else { return nil }
        let paragraph = description.split(separator: "\n", omittingEmptySubsequences: false).prefix { !$0.isEmpty }.joined(separator: "\n")
        return paragraph.isEmpty ? nil : paragraph
    }

    /// `"/ai/assistants/\(assistantID)/canary-deploys"`: literal parts escaped, parameters
    /// interpolated into `RequestPath`, which percent-encodes each as one path segment.
    private func pathLiteral(_ path: String, parameters: [ParameterDecl]) -> String {
        var result = "\""
        URLTemplate.forEachPart(path[...], literal: { result += SourceText.stringLiteralContent($0) }) { name in
            if let parameter = parameters.first(where: { $0.location == .path && $0.name == name }) {
                result += "\\(\(parameter.swiftName))"
            }
        }
        return result + "\""
    }

    /// The return type, one `case` per documented status, and the `- Returns:` text.
    private func responseHandling(_ operation: OperationDecl) -> (String, [ResponseCaseView], String?) {
        let successes = operation.responses.filter { $0.status.isSuccess }
        let primary = successes.first
        var returnKind = primary.map(ResponseKind.init) ?? .none
        // `200` with a body and `204` without: the call returns nil for the empty one.
        if case .json(var value) = returnKind, successes.contains(where: { ResponseKind($0) == .none }) {
            value.nullable = true
            returnKind = .json(value)
        }
        var cases: [ResponseCaseView] = []
        for response in operation.responses {
            let pattern: String
            switch response.status {
            case .code(let code): pattern = String(code)
            case .range(let hundred): pattern = "\(hundred * 100)..<\(hundred * 100 + 100)"
            case .default: continue
            }
            if response.status.isSuccess {
                let kind = ResponseKind(response)
                // A second success status with another body shape still returns the primary type.
                cases.append(ResponseCaseView(pattern: pattern, statement: returnStatement(kind == returnKind ? kind : returnKind), isSuccess: true))
            } else {
                cases.append(ResponseCaseView(pattern: pattern, statement: errorStatement(response)))
            }
        }
        // Be lenient with undocumented 2xx codes when there is one obvious success shape.
        // It goes right after the documented success codes, which it does not overlap, so the
        // switch reads success first.
        if !operation.responses.contains(where: { $0.status == .range(2) }) {
            let position = cases.lastIndex { $0.pattern.flatMap(Int.init).map { (200..<300).contains($0) } == true }.map { $0 + 1 } ?? 0
            cases.insert(ResponseCaseView(pattern: "200..<300", statement: returnStatement(returnKind), isSuccess: true), at: position)
        }
        // A success code handled exactly as the 2xx range after it needs no case of its own.
        if let range = cases.firstIndex(where: { $0.pattern == "200..<300" }) {
            let statement = cases[range].statement
            cases = cases.enumerated().filter { index, view in
                !(index < range && view.statement == statement && view.pattern.flatMap(Int.init).map { (200..<300).contains($0) } == true)
            }.map(\.element)
        }
        let fallback = operation.responses.first { $0.status == .default }
        let defaultStatement = fallback.map(errorStatement) ?? "throw core.statusError(response, body: nil)"
        cases.append(ResponseCaseView(pattern: nil, statement: defaultStatement))
        return (returnKind.swiftType(types), cases, primary?.description)
    }

    private func returnStatement(_ kind: ResponseKind) -> String {
        switch kind {
        case .none: return "return"
        case .json(let value): return "return try core.decode(\(types.spelling(value, from: nil))\(value.nullable && value.type != .any ? "?" : "").self, from: response)"
        case .text: return "return try core.decodeText(from: response)"
        case .data: return "return core.decodeData(from: response)"
        }
    }

    private func errorStatement(_ response: ResponseDecl) -> String {
        response.type.flatMap { errorStatements[$0] } ?? "throw core.statusError(response, body: nil)"
    }
}

extension ClientViewBuilder {
    /// A doc comment list item (`- Returns:`, `  - name:`) holding a whole description: its
    /// first line after the label, the others indented under it, so that paragraphs and lists
    /// stay part of the item in Quick Help. Nothing for no description.
    static func docItem(_ label: String, _ lines: [String], indent: String) -> [String] {
        guard let first = lines.first else { return [] }
        return ["/// \(label) " + first.dropFirst(4)] + lines.dropFirst().map { $0 == "///" ? $0 : "/// " + indent + $0.dropFirst(4) }
    }
}

/// What a success response gives the caller.
enum ResponseKind: Equatable {
    case none
    case json(ValueType)
    case text
    case data

    init(_ response: ResponseDecl) {
        switch response.encoding {
        case .json?: self = response.type.map(ResponseKind.json) ?? .data
        case .text?: self = .text
        case nil: self = .none
        default: self = .data
        }
    }

    func swiftType(_ types: SwiftTypes) -> String {
        switch self {
        case .none: ""
        case .json(let value): " -> " + types.spelling(value, from: nil) + (value.nullable && value.type != .any ? "?" : "")
        case .text: " -> String"
        case .data: " -> Data"
        }
    }
}
