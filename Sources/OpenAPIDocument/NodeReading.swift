import Diagnostics
import OrderedCollections
import YAMLReader

/// Typed reads of YAML nodes that report a wrong type as a diagnostic at the value's position
/// and carry on, so one run shows every problem.
struct NodeReader {
    var diagnostics = DiagnosticCollector()

    /// "a mapping", "a string", ... for messages.
    static func describe(_ node: YAMLNode) -> String {
        switch node.kind {
        case .mapping: return "a mapping"
        case .sequence: return "a sequence"
        case .scalar:
            switch node.scalarValue {
            case .null: return "null"
            case .bool: return "a boolean"
            case .integer, .number: return "a number"
            case .string, nil: return "a string"
            }
        }
    }

    /// Reports a wrong type; an explicit `null` is taken as "not given" and not reported.
    mutating func typeError(_ expected: String, for key: String, found node: YAMLNode) {
        if node.scalarValue == .null { return }
        diagnostics.error("expected \(expected) for '\(key)', found \(NodeReader.describe(node))", at: node.location)
    }

    /// The node if it is a mapping; otherwise reports and returns nil. `null` reads as absent.
    mutating func mapping(_ node: YAMLNode, _ key: String) -> YAMLNode? {
        if node.scalarValue == .null { return nil }
        guard node.kind == .mapping else {
            typeError("a mapping", for: key, found: node)
            return nil
        }
        return node
    }

    /// Any scalar's text. Numbers and booleans are accepted as their text (e.g. `version: 1.0`);
    /// `null` reads as absent.
    mutating func string(_ node: YAMLNode, _ key: String) -> String? {
        guard node.kind == .scalar, let text = node.scalar else {
            typeError("a string", for: key, found: node)
            return nil
        }
        if node.scalarValue == .null { return nil }
        return text
    }

    mutating func bool(_ node: YAMLNode, _ key: String) -> Bool? {
        switch node.scalarValue {
        case .bool(let value): return value
        case .null: return nil
        default:
            typeError("a boolean", for: key, found: node)
            return nil
        }
    }

    mutating func number(_ node: YAMLNode, _ key: String) -> SchemaNumber? {
        switch node.scalarValue {
        case .integer(let value, let text): return SchemaNumber(value: Double(value), text: text)
        case .number(let value, let text) where value.isFinite: return SchemaNumber(value: value, text: text)
        case .null: return nil
        default:
            typeError("a finite number", for: key, found: node)
            return nil
        }
    }

    /// A non-negative integer, as the count keywords (`minLength`, `maxItems`, ...) require.
    mutating func count(_ node: YAMLNode, _ key: String) -> Int? {
        switch node.scalarValue {
        case .integer(let value, _) where value >= 0 && value <= Int64(Int32.max): return Int(value)
        case .number(let value, _) where value >= 0 && value <= Double(Int32.max) && value.rounded() == value:
            return Int(value)
        case .null: return nil
        default:
            typeError("a non-negative integer", for: key, found: node)
            return nil
        }
    }

    mutating func stringList(_ node: YAMLNode, _ key: String) -> [String]? {
        if node.scalarValue == .null { return nil }
        guard node.kind == .sequence else {
            typeError("a list of strings", for: key, found: node)
            return nil
        }
        var result: [String] = []
        result.reserveCapacity(node.count)
        for item in node.items {
            if let text = string(item, key) { result.append(text) }
        }
        return result
    }

    /// Any node as a JSON value. Mapping keys are taken as text.
    func json(_ node: YAMLNode) -> JSONValue {
        switch node.kind {
        case .scalar:
            switch node.scalarValue {
            case .null: return .null
            case .bool(let value): return .bool(value)
            case .integer(let value, _): return .integer(value)
            case .number(let value, let text): return .number(value, text: text)
            case .string(let value): return .string(value)
            case nil: return .string(node.scalar ?? "")
            }
        case .sequence:
            return .array(node.items.map(json))
        case .mapping:
            var members = OrderedDictionary<String, JSONValue>(minimumCapacity: node.count)
            for (key, value) in node.pairs {
                members[key.scalar ?? key.description] = json(value)
            }
            return .object(members)
        }
    }

    /// `x-` keys of a mapping.
    func extensions(_ node: YAMLNode) -> Extensions {
        var result = Extensions()
        for (key, value) in node.pairs {
            if let name = key.scalar, name.hasPrefix("x-") { result[name] = json(value) }
        }
        return result
    }
}
