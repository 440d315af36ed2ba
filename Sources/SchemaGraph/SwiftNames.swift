/// Turns arbitrary spec text into Swift identifiers that read as if a person chose them.
///
/// Everything here is total: any input, however hostile (quotes, newlines, emoji, keywords,
/// nothing at all), yields a valid identifier made of ASCII letters, digits and `_`.
public enum SwiftNames {
    /// Words written in capitals inside identifiers, per the Swift API Design Guidelines
    /// (`assistantID`, `HTTPValidationError`, but `apiKey` at the start of a lowerCamel name).
    static let acronyms: Set<String> = [
        "id", "ids", "url", "urls", "uri", "uris", "api", "http", "https", "json", "xml", "html", "uuid", "uuids",
        "ip", "ips", "sip", "sms", "mms", "tts", "stt", "llm", "llms", "csv", "pdf", "dns", "ssl", "tls", "ssh",
        "sdk", "jwt", "otp", "ai", "tcp", "udp", "rtp", "ivr", "ocr", "mfa", "sso", "saml", "mcp", "utc",
        "iso", "os", "acl", "dtmf", "cnam", "lrn", "crm", "faq", "rtc", "fqdn", "jwks", "sim", "vpn", "cdr",
    ]

    /// Acronyms whose plural keeps a lowercase `s` (`IDs`, `URLs`).
    static let pluralAcronyms: [String: String] = [
        "ids": "IDs", "urls": "URLs", "uris": "URIs", "uuids": "UUIDs", "ips": "IPs", "llms": "LLMs", "fqdns": "FQDNs",
        "sims": "SIMs", "cdrs": "CDRs",
    ]

    /// Words with their own established casing inside identifiers (`OAuthClient`, not `OAUTHClient`).
    static let casedWords: [String: String] = ["oauth": "OAuth", "graphql": "GraphQL", "webrtc": "WebRTC"]

    /// Keywords that need backticks when used as a property, parameter or case name.
    static let keywords: Set<String> = [
        "associatedtype", "class", "deinit", "enum", "extension", "fileprivate", "func", "import", "init", "inout",
        "internal", "let", "open", "operator", "private", "precedencegroup", "protocol", "public", "rethrows",
        "static", "struct", "subscript", "typealias", "var", "break", "case", "catch", "continue", "default", "defer",
        "do", "else", "fallthrough", "for", "guard", "if", "in", "repeat", "return", "throw", "switch", "where",
        "while", "as", "false", "is", "nil", "self", "Self", "super", "throws", "true", "try", "Any", "Type",
        "Protocol", "await", "async", "_", "consume", "copy", "discard", "each", "borrowing", "consuming", "some",
        "any", "package",
    ]

    /// Names that even backticks do not make safe as members (`x.self`, `x.init`, `x.Type`).
    static let unusableMemberNames: Set<String> = ["self", "Self", "init", "deinit", "subscript", "Type", "Protocol", "super", "_"]

    /// Splits text into words at separators, case changes and letter/digit boundaries that start a word.
    /// `Rule-Input` → [Rule, Input]; `HTTPValidationError` → [HTTP, Validation, Error];
    /// `version_id` → [version, id]; `type_:AgentDeploymentRequest` → [type, Agent, Deployment, Request].
    public static func words(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        let bytes = Array(text.utf8)
        func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
        func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
        func flush() {
            if !current.isEmpty {
                words.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            }
        }
        for (index, byte) in bytes.enumerated() {
            guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                // Everything else, including all non-ASCII, separates words.
                flush()
                continue
            }
            if let last = current.last {
                let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                if isUpper(byte) && isLower(last) {
                    flush()  // camelCase boundary: fooBar
                } else if isUpper(byte) && isUpper(last) && isLower(next) && current.count > 1 {
                    flush()  // acronym end: HTTPServer → HTTP | Server
                } else if isUpper(byte) && isDigit(last) {
                    flush()  // v2Beta → v2 | Beta
                }
            }
            current.append(byte)
        }
        flush()
        return words
    }

    private static func capitalized(_ word: String) -> String {
        let lower = word.lowercased()
        if let plural = pluralAcronyms[lower] { return plural }
        if let cased = casedWords[lower] { return cased }
        if acronyms.contains(lower) { return lower.uppercased() }
        guard let first = word.first else { return word }
        // A word's own inner capitals were already split off by `words(_:)`, so the rest is lowercase.
        return first.uppercased() + word.dropFirst().lowercased()
    }

    /// `UpperCamelCase` for types: `Rule-Input` → `RuleInput`, `http_validation_error` → `HTTPValidationError`.
    public static func typeName(_ text: String) -> String {
        let parts = words(text)
        guard !parts.isEmpty else { return "Unnamed" }
        let joined = parts.map(capitalized).joined()
        return leadingDigitSafe(joined)
    }

    /// `lowerCamelCase` for properties, parameters, methods and cases: `version_id` → `versionID`,
    /// `api_key` → `apiKey`, `not_in` → `notIn`. Not escaped: see `memberName(_:)`.
    public static func camelName(_ text: String) -> String {
        let parts = words(text)
        guard let first = parts.first else { return "" }
        let head: String
        if acronyms.contains(first.lowercased()) || pluralAcronyms[first.lowercased()] != nil || casedWords[first.lowercased()] != nil {
            head = first.lowercased()
        } else if first.allSatisfy({ $0.isUppercase || $0.isNumber }) && first.count > 1 {
            head = first.lowercased()  // an unknown all-caps word: `NAME` → `name`
        } else {
            head = first.prefix(1).lowercased() + first.dropFirst().lowercased()
        }
        let joined = head + parts.dropFirst().map(capitalized).joined()
        return leadingDigitSafe(joined)
    }

    private static func leadingDigitSafe(_ name: String) -> String {
        guard let first = name.utf8.first, first >= 48 && first <= 57 else { return name }
        return "_" + name
    }

    /// A member name ready to write in source: backticks for keywords, a leading `_` where even
    /// backticks cannot help, and `fallback` when the text has no letters or digits at all.
    public static func memberName(_ text: String, fallback: String = "value") -> String {
        var name = camelName(text)
        if name.isEmpty { name = fallback }
        return escapedMember(name)
    }

    /// Escapes an already-formed lowerCamel identifier for use as a declaration name.
    public static func escapedMember(_ name: String) -> String {
        if unusableMemberNames.contains(name) { return "_" + name }
        if keywords.contains(name) { return "`\(name)`" }
        return name
    }

    /// The identifier without backticks (for building derived names like `_parent`).
    public static func unescaped(_ name: String) -> String {
        if name.hasPrefix("`") && name.hasSuffix("`") && name.count >= 2 {
            return String(name.dropFirst().dropLast())
        }
        return name
    }

    /// Simple English singular for naming array elements: `rules` → `rule`, `policies` → `policy`.
    public static func singular(_ word: String) -> String {
        let lower = word.lowercased()
        if lower.hasSuffix("ies") && word.count > 3 { return String(word.dropLast(3)) + "y" }
        if lower.hasSuffix("sses") || lower.hasSuffix("shes") || lower.hasSuffix("ches") || lower.hasSuffix("xes") {
            return String(word.dropLast(2))
        }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("is") { return word }
        if lower.hasSuffix("s") && word.count > 1 { return String(word.dropLast()) }
        return word
    }

    /// The name with the last word made singular: `CanaryDeploys` → `CanaryDeploy`.
    public static func singularTypeName(_ name: String) -> String {
        var parts = words(name)
        guard let last = parts.popLast() else { return name }
        return typeName((parts + [singular(last)]).joined(separator: "_"))
    }
}

/// Memoised `SwiftNames` conversions: real specs repeat the same property names (`id`,
/// `created_at`, ...) thousands of times.
final class NameCache {
    private var camel: [String: String] = [:]
    private var type: [String: String] = [:]

    func camelName(_ text: String) -> String {
        if let known = camel[text] { return known }
        let name = SwiftNames.camelName(text)
        camel[text] = name
        return name
    }

    func typeName(_ text: String) -> String {
        if let known = type[text] { return known }
        let name = SwiftNames.typeName(text)
        type[text] = name
        return name
    }
}
