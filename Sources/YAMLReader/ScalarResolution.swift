/// Resolves scalars with the YAML 1.2 core schema, which is what OpenAPI documents assume:
/// `no`, `on` and `yes` stay strings (unlike YAML 1.1), so an enum value `no` is not `false`.
enum ScalarResolution {
    static func resolve(_ text: String, tag: String) -> YAMLNode.ScalarValue {
        switch tag {
        case "tag:yaml.org,2002:str": return .string(text)
        case "tag:yaml.org,2002:null": return .null
        case "tag:yaml.org,2002:bool":
            if case .bool(let value) = resolvePlain(text) { return .bool(value) }
            return .string(text)
        case "tag:yaml.org,2002:int", "tag:yaml.org,2002:float":
            switch resolvePlain(text) {
            case .integer(let value, let text): return tag.hasSuffix("float") ? .number(Double(value), text: text) : .integer(value, text: text)
            case .number(let value, let text): return .number(value, text: text)
            default: return .string(text)
            }
        default:
            return resolvePlain(text)
        }
    }

    static func resolvePlain(_ text: String) -> YAMLNode.ScalarValue {
        var utf8 = text.utf8
        guard let first = utf8.first else { return .null }
        // Fast exit for the common case: most scalars are words.
        let startsLikeNumber = (first >= 0x30 && first <= 0x39) || first == 0x2D || first == 0x2B || first == 0x2E
        if !startsLikeNumber {
            // Only `~` and the casings of null, true and false are not strings: one look at the
            // first byte and the length spares most scalars ten comparisons.
            let lowered = first | 0x20
            guard utf8.count <= 5, first == 0x7E || lowered == 0x6E || lowered == 0x74 || lowered == 0x66 else {
                return .string(text)
            }
            switch text {
            case "~", "null", "Null", "NULL": return .null
            case "true", "True", "TRUE": return .bool(true)
            case "false", "False", "FALSE": return .bool(false)
            default: return .string(text)
            }
        }
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .number(.infinity, text: text)
        case "-.inf", "-.Inf", "-.INF": return .number(-.infinity, text: text)
        case ".nan", ".NaN", ".NAN": return .number(.nan, text: text)
        default: break
        }
        if text.hasPrefix("0x") || text.hasPrefix("0o") {
            let radix = text.hasPrefix("0x") ? 16 : 8
            if let value = Int64(text.dropFirst(2), radix: radix) { return .integer(value, text: text) }
            return .string(text)
        }
        // [-+]?[0-9]+
        utf8 = text.utf8
        var index = utf8.startIndex
        if utf8[index] == 0x2D || utf8[index] == 0x2B { index = utf8.index(after: index) }
        let digitsStart = index
        while index < utf8.endIndex, utf8[index] >= 0x30, utf8[index] <= 0x39 { index = utf8.index(after: index) }
        if index == utf8.endIndex && index != digitsStart {
            if let value = Int64(text) { return .integer(value, text: text) }
            if let value = Double(text) { return .number(value, text: text) }
            return .string(text)
        }
        // [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?
        if isFloat(utf8), let value = Double(text) { return .number(value, text: text) }
        return .string(text)
    }

    private static func isFloat(_ utf8: String.UTF8View) -> Bool {
        var index = utf8.startIndex
        func digits() -> Int {
            var count = 0
            while index < utf8.endIndex, utf8[index] >= 0x30, utf8[index] <= 0x39 {
                index = utf8.index(after: index)
                count += 1
            }
            return count
        }
        if index < utf8.endIndex, utf8[index] == 0x2D || utf8[index] == 0x2B { index = utf8.index(after: index) }
        var mantissa = digits()
        if index < utf8.endIndex, utf8[index] == 0x2E {
            index = utf8.index(after: index)
            mantissa += digits()
        }
        guard mantissa > 0 else { return false }
        if index < utf8.endIndex, utf8[index] == 0x65 || utf8[index] == 0x45 {
            index = utf8.index(after: index)
            if index < utf8.endIndex, utf8[index] == 0x2D || utf8[index] == 0x2B { index = utf8.index(after: index) }
            guard digits() > 0 else { return false }
        }
        return index == utf8.endIndex
    }
}
