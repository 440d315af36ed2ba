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
        "sid", "sids",
    ]

    /// Acronyms whose plural keeps a lowercase `s` (`IDs`, `URLs`).
    static let pluralAcronyms: [String: String] = [
        "ids": "IDs", "urls": "URLs", "uris": "URIs", "uuids": "UUIDs", "ips": "IPs", "llms": "LLMs", "fqdns": "FQDNs",
        "sims": "SIMs", "cdrs": "CDRs", "sids": "SIDs",
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
        forEachWord(text) { words.append(String(decoding: $0, as: UTF8.self)) }
        return words
    }

    /// Calls `body` with the bytes of each word of `text` (see `words(_:)`), without allocating.
    private static func forEachWord(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            func isUpper(_ byte: UInt8) -> Bool { byte >= 65 && byte <= 90 }
            func isLower(_ byte: UInt8) -> Bool { byte >= 97 && byte <= 122 }
            func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }
            var start = 0  // of the current word; empty when start == index
            for index in 0..<bytes.count {
                let byte = bytes[index]
                guard isUpper(byte) || isLower(byte) || isDigit(byte) else {
                    // Everything else, including all non-ASCII, separates words.
                    if start < index { body(UnsafeBufferPointer(rebasing: bytes[start..<index])) }
                    start = index + 1
                    continue
                }
                if start < index {
                    let last = bytes[index - 1]
                    let next = index + 1 < bytes.count ? bytes[index + 1] : 0
                    // camelCase (fooBar), an acronym's end (HTTPServer → HTTP | Server), v2Beta → v2 | Beta.
                    if isUpper(byte) && (isLower(last) || isDigit(last) || (isUpper(last) && isLower(next) && index - start > 1)) {
                        body(UnsafeBufferPointer(rebasing: bytes[start..<index]))
                        start = index
                    }
                }
            }
            if start < bytes.count { body(UnsafeBufferPointer(rebasing: bytes[start...])) }
        }
    }

    /// Every word with a spelling of its own, by its lowercase bytes packed into an integer
    /// (they are all at most 8 letters): names are made of many short words, and this is one
    /// integer lookup per word. Plurals win over cased words, which win over acronyms.
    private static let specialSpellings: [UInt64: String] = {
        var spellings: [UInt64: String] = [:]
        for word in acronyms { spellings[packed(word.utf8)] = word.uppercased() }
        for (word, spelling) in casedWords { spellings[packed(word.utf8)] = spelling }
        for (word, spelling) in pluralAcronyms { spellings[packed(word.utf8)] = spelling }
        precondition((Array(acronyms) + casedWords.keys + pluralAcronyms.keys).allSatisfy { $0.utf8.count <= 8 })
        return spellings
    }()

    /// The bytes lowercased, one per byte of the integer (at most eight bytes).
    private static func packed(_ word: some Collection<UInt8>) -> UInt64 {
        var value: UInt64 = 0
        for (position, byte) in word.enumerated() { value |= UInt64(asciiLowercased(byte)) << (8 * UInt64(position)) }
        return value
    }

    /// The word's own spelling inside an identifier, if it has one (`id` → `ID`, `urls` → `URLs`).
    private static func specialSpelling(_ word: UnsafeBufferPointer<UInt8>) -> String? {
        guard word.count <= 8 else { return nil }
        return specialSpellings[packed(word)]
    }

    @inline(__always) private static func asciiLowercased(_ byte: UInt8) -> UInt8 { byte >= 65 && byte <= 90 ? byte + 32 : byte }
    @inline(__always) private static func asciiUppercased(_ byte: UInt8) -> UInt8 { byte >= 97 && byte <= 122 ? byte - 32 : byte }

    /// Appends the word capitalized: its own spelling, or a capital and then lowercase.
    private static func appendCapitalized(_ word: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
        if let special = specialSpelling(word) {
            output.append(contentsOf: special.utf8)
            return
        }
        // A word's own inner capitals were already split off by `forEachWord`, so the rest is lowercase.
        output.append(asciiUppercased(word[0]))
        for byte in word.dropFirst() { output.append(asciiLowercased(byte)) }
    }

    /// `UpperCamelCase` for types: `Rule-Input` → `RuleInput`, `http_validation_error` → `HTTPValidationError`.
    public static func typeName(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 1)
        forEachWord(text) { word in
            separateDigits(before: word, in: &output)
            appendCapitalized(word, to: &output)
        }
        guard !output.isEmpty else { return "Unnamed" }
        return leadingDigitSafe(output)
    }

    /// `lowerCamelCase` for properties, parameters, methods and cases: `version_id` → `versionID`,
    /// `api_key` → `apiKey`, `not_in` → `notIn`, `NAME` → `name`. Not escaped: see `memberName(_:)`.
    public static func camelName(_ text: String) -> String {
        var output: [UInt8] = []
        output.reserveCapacity(text.utf8.count + 1)
        forEachWord(text) { word in
            if output.isEmpty {
                // The first word is all lowercase, acronyms included (`apiKey`, `idToken`).
                for byte in word { output.append(asciiLowercased(byte)) }
            } else {
                separateDigits(before: word, in: &output)
                appendCapitalized(word, to: &output)
            }
        }
        return leadingDigitSafe(output)
    }

    /// Keeps numbers apart that the text kept apart: `mp3_44100_128` → `mp3_44100_128`, not
    /// `mp344100128`; `16:9` → `_16_9`; `gpt-4.1` → `gpt4_1`, not `gpt41`.
    @inline(__always) private static func separateDigits(before word: UnsafeBufferPointer<UInt8>, in output: inout [UInt8]) {
        if let last = output.last, isDigit(last), let first = word.first, isDigit(first) { output.append(UInt8(ascii: "_")) }
    }

    @inline(__always) private static func isDigit(_ byte: UInt8) -> Bool { byte >= 48 && byte <= 57 }

    private static func leadingDigitSafe(_ name: [UInt8]) -> String {
        guard let first = name.first, first >= 48 && first <= 57 else { return String(decoding: name, as: UTF8.self) }
        return "_" + String(decoding: name, as: UTF8.self)
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
        // Every keyword is at most 15 bytes, in lowercase letters after the first: most member
        // names (`createdAt`, `line2`) are told apart without hashing them.
        let couldBeKeyword = name.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.count <= 15 && bytes.dropFirst().allSatisfy { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") }
        }
        guard couldBeKeyword != false else { return name }
        return reservedMemberSpellings[name] ?? name
    }

    /// Each keyword as a member name: `_self`, `` `class` ``. One lookup instead of two sets'.
    private static let reservedMemberSpellings: [String: String] = {
        var spellings: [String: String] = [:]
        for keyword in keywords { spellings[keyword] = "`\(keyword)`" }
        for name in unusableMemberNames { spellings[name] = "_" + name }
        return spellings
    }()

    /// The identifier without backticks (for building derived names like `_parent`).
    public static func unescaped(_ name: String) -> String {
        // Tested as bytes: the emitters ask this of every case and member they spell, and
        // `hasPrefix`/`hasSuffix` and `count` compare and count characters.
        let utf8 = name.utf8
        guard utf8.count >= 2, utf8.first == UInt8(ascii: "`"), utf8.last == UInt8(ascii: "`") else { return name }
        return String(Substring(utf8.dropFirst().dropLast()))
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

    /// Simple English plural of an identifier, for a case holding an array: `entry` → `entries`,
    /// `status` → `statuses`, `box` → `boxes`, `strings` stays. Acronyms take a lowercase `s`.
    public static func plural(_ name: String) -> String {
        let lower = name.lowercased()
        guard let last = lower.last else { return name }
        if lower.hasSuffix("ss") || lower.hasSuffix("us") || lower.hasSuffix("sh") || lower.hasSuffix("ch") || last == "x" || last == "z" {
            return name + "es"
        }
        if last == "s" { return name }
        if name.last == "y", let before = lower.dropLast().last, !"aeiou".contains(before) {
            return String(name.dropLast()) + "ies"
        }
        return name + "s"
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
