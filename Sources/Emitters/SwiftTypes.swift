import OpenAPIDocument
import SchemaGraph

/// How graph types are spelled in Swift, and what generated code needs to know about them.
struct SwiftTypes {
    let graph: SchemaGraph

    /// `String`, `[RuleInput]`, `[String: Double?]`, `Serve` (short where Swift finds it).
    /// `value.nullable` applies to elements and dictionary values; a property's own optionality
    /// is the caller's business.
    func spelling(_ value: ValueType, from scope: TypeID?) -> String {
        switch value.type {
        case .primitive(let primitive): return SwiftTypes.spelling(primitive)
        case .named(let id): return graph.qualifiedName(of: id, from: scope)
        case .array(let element): return "[" + elementSpelling(element, from: scope) + "]"
        case .dictionary(let element): return "[String: " + elementSpelling(element, from: scope) + "]"
        case .any: return "JSONValue"
        }
    }

    private func elementSpelling(_ value: ValueType, from scope: TypeID?) -> String {
        let base = spelling(value, from: scope)
        // `JSONValue` already represents null.
        return value.nullable && value.type != .any ? base + "?" : base
    }

    static func spelling(_ primitive: Primitive) -> String {
        switch primitive {
        case .string: "String"
        case .int: "Int"
        case .int32: "Int32"
        case .int64: "Int64"
        case .double: "Double"
        case .float: "Float"
        case .bool: "Bool"
        case .dateTime: "Date"
        case .data: "Data"
        case .file: "FileUpload"
        }
    }

    /// Follows aliases to the type Swift actually stores, merging what each alias says.
    func resolvingAliases(_ value: ValueType) -> ValueType {
        var current = value
        var hops = 0
        while case .named(let id) = current.type, case .alias(let inner) = graph[id].kind, hops < 64 {
            current = ValueType(inner.type, nullable: current.nullable || inner.nullable, constraints: current.constraints.isEmpty ? inner.constraints : current.constraints)
            hops += 1
        }
        return current
    }

    func isNumeric(_ value: ValueType) -> Bool {
        if case .primitive(let primitive) = resolvingAliases(value).type { return primitive.isNumber }
        return false
    }

    /// Whether `value` conforms to the runtime's `ParameterValue`, or is an array or dictionary
    /// of such values: then parameters are appended directly; anything else (objects, unions,
    /// optional elements) goes through its JSON form.
    func isPlainParameter(_ value: ValueType) -> Bool {
        func scalar(_ value: ValueType) -> Bool {
            let resolved = resolvingAliases(value)
            switch resolved.type {
            case .primitive(let primitive): return primitive != .data && primitive != .file
            case .any: return true
            case .named(let id):
                if case .enumeration = graph[id].kind { return true }
                return false
            case .array, .dictionary: return false
            }
        }
        let resolved = resolvingAliases(value)
        switch resolved.type {
        case .array(let element), .dictionary(let element): return !element.nullable && scalar(element)
        default: return scalar(resolved)
        }
    }

    func isDictionary(_ value: ValueType) -> Bool {
        if case .dictionary = resolvingAliases(value).type { return true }
        return false
    }

    func isString(_ value: ValueType) -> Bool {
        resolvingAliases(value).type == .primitive(.string)
    }
}
