import OpenAPIDocument
import SchemaGraph

/// Decides which types validate their constraints before a request is sent, and writes the
/// checks. A type validates when it, or anything it stores, carries a constraint.
struct ValidationPlanner {
    let graph: SchemaGraph
    let types: SwiftTypes
    /// By `TypeID.index`: the type conforms to `Validatable`.
    private(set) var isValidatable: [Bool]

    init(graph: SchemaGraph) {
        self.graph = graph
        // A local, not `self.types`: a closure reading the property of the struct being
        // initialized copies the whole of it (the graph's every array) at each call.
        let types = SwiftTypes(graph: graph)
        self.types = types
        isValidatable = Array(repeating: false, count: graph.types.count)
        // Constraints spread from the types that carry them to every type that stores those:
        // seed with the directly constrained types, then walk the "is stored in" edges once.
        var storedIn = Array(repeating: [Int](), count: graph.types.count)
        var queue: [Int] = []
        // Each declaration's kind, and each member of it, is read in place: copying every
        // declaration or member, or collecting their values in an array first, cost more than
        // the walk itself.
        for holder in graph.types.indices {
            var direct = false
            func visit(_ value: ValueType) {
                let (constrains, target) = ValidationPlanner.inspect(value, types: types)
                if constrains { direct = true }
                if let target { storedIn[target].append(holder) }
            }
            switch graph.types[holder].kind {
            case .object(let object):
                object.properties.withUnsafeBufferPointer { properties in
                    for index in properties.indices { visit(properties[index].type) }
                }
                if let additional = object.additionalProperties { visit(additional) }
                if object.constraints.hasObjectConstraints { direct = true }
            case .union(let union):
                union.variants.withUnsafeBufferPointer { variants in
                    for index in variants.indices { visit(variants[index].type) }
                }
            case .enumeration, .alias:
                continue
            }
            if direct {
                isValidatable[holder] = true
                queue.append(holder)
            }
        }
        while let next = queue.popLast() {
            for holder in storedIn[next] where !isValidatable[holder] {
                isValidatable[holder] = true
                queue.append(holder)
            }
        }
    }

    /// Whether a value has constraints of its own, at any depth of arrays and dictionaries, and
    /// the declared (non-alias) type it holds, directly or as elements: both from one walk.
    private static func inspect(_ value: ValueType, types: SwiftTypes) -> (constrains: Bool, namedType: Int?) {
        // Most values are plain scalars: nothing to resolve or copy.
        switch value.type {
        case .primitive, .any: return (hasApplicableConstraints(value), nil)
        case .named, .array, .dictionary: break
        }
        let resolved = types.resolvingAliases(value)
        let constrains = hasApplicableConstraints(resolved)
        switch resolved.type {
        case .named(let id): return (constrains, id.index)
        case .array(let element), .dictionary(let element):
            let inner = inspect(element, types: types)
            return (constrains || inner.constrains, inner.namedType)
        case .primitive, .any: return (constrains, nil)
        }
    }

    func valueNeedsValidation(_ value: ValueType) -> Bool {
        let resolved = types.resolvingAliases(value)
        if ValidationPlanner.hasApplicableConstraints(resolved) { return true }
        switch resolved.type {
        case .named(let id): return isValidatable[id.index]
        case .array(let element), .dictionary(let element): return valueNeedsValidation(element)
        case .primitive, .any: return false
        }
    }

    private static func hasApplicableConstraints(_ value: ValueType) -> Bool {
        !applicableConstraints(value).isEmpty
    }

    /// The keywords of `value` that apply to its type and so are checked: the bounds of a
    /// number, the length and pattern of a string, the count of an array or a map's entries.
    /// None for anything else (an enumeration's values or a date's string are not checked).
    private static func applicableConstraints(_ value: ValueType) -> SchemaConstraints {
        let all = value.constraints
        // Most values have none: nothing to copy keyword by keyword.
        guard !all.isEmpty else { return all }
        var applicable = SchemaConstraints()
        switch value.type {
        case .primitive(let primitive) where primitive.isNumber:
            applicable.minimum = all.minimum
            applicable.exclusiveMinimum = all.exclusiveMinimum
            applicable.maximum = all.maximum
            applicable.exclusiveMaximum = all.exclusiveMaximum
            applicable.multipleOf = all.multipleOf
        case .primitive(.string):
            applicable.minLength = all.minLength
            applicable.maxLength = all.maxLength
            applicable.pattern = all.pattern
        case .array:
            applicable.minItems = all.minItems
            applicable.maxItems = all.maxItems
            applicable.uniqueItems = all.uniqueItems
        case .dictionary:
            applicable.minProperties = all.minProperties
            applicable.maxProperties = all.maxProperties
        case .primitive, .named, .any:
            break
        }
        return applicable
    }

    /// The `ValidationContext` calls for one stored value (a property, or `additionalProperties`).
    func checks(for value: ValueType, expression: String, key: String) -> [String] {
        let resolved = types.resolvingAliases(value)
        let keyLiteral = SourceText.stringLiteral(key)
        var lines: [String] = []
        let constraints = resolved.constraints
        switch resolved.type {
        case .primitive:
            if let arguments = ValidationPlanner.arguments(for: resolved) {
                lines.append("context.check(\(expression), at: \(keyLiteral), \(arguments))")
            }
        case .array(let element):
            if constraints.hasArrayConstraints {
                var arguments: [String] = []
                if let minItems = constraints.minItems { arguments.append("minItems: \(minItems)") }
                if let maxItems = constraints.maxItems { arguments.append("maxItems: \(maxItems)") }
                if constraints.uniqueItems { arguments.append("uniqueItems: true") }
                lines.append("context.check(\(expression), at: \(keyLiteral), \(arguments.joined(separator: ", ")))")
            }
            lines.append(contentsOf: elementChecks(element, expression: expression, keyLiteral: keyLiteral))
        case .dictionary(let element):
            if constraints.hasObjectConstraints {
                var arguments: [String] = []
                if let minimum = constraints.minProperties { arguments.append("minProperties: \(minimum)") }
                if let maximum = constraints.maxProperties { arguments.append("maxProperties: \(maximum)") }
                lines.append("context.check(\(expression), at: \(keyLiteral), \(arguments.joined(separator: ", ")))")
            }
            lines.append(contentsOf: elementChecks(element, expression: expression, keyLiteral: keyLiteral))
        case .named(let id):
            if isValidatable[id.index] { lines.append("context.validate(\(expression), at: \(keyLiteral))") }
        case .any:
            break
        }
        return lines
    }

    /// Checks on the elements of an array or dictionary: nested models, or element constraints.
    private func elementChecks(_ element: ValueType, expression: String, keyLiteral: String) -> [String] {
        let resolved = types.resolvingAliases(element)
        switch resolved.type {
        case .named(let id) where isValidatable[id.index]:
            return ["context.validate(\(expression), at: \(keyLiteral))"]
        case .primitive:
            guard let arguments = ValidationPlanner.arguments(for: resolved) else { return [] }
            return ["context.checkEach(\(expression), at: \(keyLiteral), \(arguments))"]
        default:
            // Arrays of arrays and the like: rare enough to leave to the server.
            return []
        }
    }

    /// `minimum: 0, maximum: 100` for numbers; `minLength: 1, pattern: "..."` for strings.
    static func arguments(for value: ValueType) -> String? {
        let constraints = value.constraints
        var arguments: [String] = []
        switch value.type {
        case .primitive(let primitive) where primitive.isNumber:
            if let minimum = constraints.minimum { arguments.append("minimum: \(SourceText.numberLiteral(minimum))") }
            if let minimum = constraints.exclusiveMinimum { arguments.append("exclusiveMinimum: \(SourceText.numberLiteral(minimum))") }
            if let maximum = constraints.maximum { arguments.append("maximum: \(SourceText.numberLiteral(maximum))") }
            if let maximum = constraints.exclusiveMaximum { arguments.append("exclusiveMaximum: \(SourceText.numberLiteral(maximum))") }
            if let multiple = constraints.multipleOf { arguments.append("multipleOf: \(SourceText.numberLiteral(multiple))") }
        case .primitive(.string):
            if let minimum = constraints.minLength { arguments.append("minLength: \(minimum)") }
            if let maximum = constraints.maxLength { arguments.append("maxLength: \(maximum)") }
            if let pattern = constraints.pattern { arguments.append("pattern: \(SourceText.stringLiteral(pattern))") }
        default:
            break
        }
        return arguments.isEmpty ? nil : arguments.joined(separator: ", ")
    }

    /// One line for documentation of the constraints that `checks` enforces on a value of this
    /// type (aliases resolved): `Constraints: minimum 0, maximum 100.` A string's bounds on an
    /// enumeration or a date, say, are not checked, so they are not promised either.
    func summary(_ value: ValueType) -> String? {
        // The use site's keywords, on the type they are checked against.
        var resolved = types.resolvingAliases(value)
        resolved.constraints = value.constraints
        return Self.summary(Self.applicableConstraints(resolved))
    }

    /// One line for documentation: `Constraints: minimum 0, maximum 100.`
    private static func summary(_ constraints: SchemaConstraints) -> String? {
        guard !constraints.isEmpty else { return nil }
        var parts: [String] = []
        if let value = constraints.minimum { parts.append("minimum \(value.text)") }
        if let value = constraints.exclusiveMinimum { parts.append("greater than \(value.text)") }
        if let value = constraints.maximum { parts.append("maximum \(value.text)") }
        if let value = constraints.exclusiveMaximum { parts.append("less than \(value.text)") }
        if let value = constraints.multipleOf { parts.append("multiple of \(value.text)") }
        if let value = constraints.minLength { parts.append("at least " + counted(value, "character")) }
        if let value = constraints.maxLength { parts.append("at most " + counted(value, "character")) }
        if let value = constraints.pattern { parts.append("matches `\(value.replacingBackticks)`") }
        if let value = constraints.minItems { parts.append("at least " + counted(value, "item")) }
        if let value = constraints.maxItems { parts.append("at most " + counted(value, "item")) }
        if constraints.uniqueItems { parts.append("unique items") }
        if let value = constraints.minProperties { parts.append("at least " + counted(value, "entry", plural: "entries")) }
        if let value = constraints.maxProperties { parts.append("at most " + counted(value, "entry", plural: "entries")) }
        return parts.isEmpty ? nil : "Constraints: " + parts.joined(separator: ", ") + "."
    }

    /// `1 item`, `3 items`.
    private static func counted(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}

extension String {
    fileprivate var replacingBackticks: String { String(map { $0 == "`" ? "'" : $0 }) }
}
