import Foundation

/// A model that checks the constraints its API description documents (ranges, lengths,
/// patterns, item counts), so a client can reject an invalid request before sending it.
///
/// Generated models implement ``validate(in:)`` with ``ValidationContext`` calls, one per
/// constrained property, using the property's wire name:
///
/// ```swift
/// extension Rollout: Validatable {
///     public func validate(in context: inout ValidationContext) {
///         context.check(weight, at: "weight", minimum: 0, maximum: 100)
///         context.validate(variants, at: "variants")
///     }
/// }
/// ```
///
/// Decoding responses never validates: servers are trusted to send what they send.
public protocol Validatable {
    /// Records every violation of this value's constraints in `context`, at the context's path.
    func validate(in context: inout ValidationContext)
}

extension Validatable {
    /// Checks every constraint and throws all violations at once.
    ///
    /// - Throws: ``RequestValidationError`` listing every violation, with its path.
    public func validate() throws(RequestValidationError) {
        var context = ValidationContext()
        validate(in: &context)
        try context.throwIfInvalid()
    }

    /// The violations of this value's constraints; empty when it is valid.
    public var violations: [RequestValidationError.Violation] {
        var context = ValidationContext()
        validate(in: &context)
        return context.violations
    }
}

extension Optional: Validatable where Wrapped: Validatable {
    /// Validates the wrapped value; `nil` is always valid.
    public func validate(in context: inout ValidationContext) {
        self?.validate(in: &context)
    }
}

/// A request that breaks the API's documented constraints, with every violation found.
public struct RequestValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// One broken constraint.
    public struct Violation: Sendable, Hashable, CustomStringConvertible {
        /// Where, in wire names: `rules[0].serve.rollout[1].weight`. Empty for the value itself.
        public var path: String
        /// What is wrong: `120 is greater than maximum 100`.
        public var message: String

        /// Creates a violation.
        public init(path: String, message: String) {
            self.path = path
            self.message = message
        }

        /// `rules[0].serve.rollout[1].weight: 120 is greater than maximum 100`
        public var description: String { path.isEmpty ? message : "\(path): \(message)" }
    }

    /// Every violation, in the order the checks ran.
    public var violations: [Violation]

    /// Creates a validation error.
    public init(violations: [Violation]) {
        self.violations = violations
    }

    /// `Invalid request: weight: 120 is greater than maximum 100; name: "" is shorter than minLength 1`
    public var description: String {
        "Invalid request: " + violations.map(\.description).joined(separator: "; ")
    }
}

extension RequestValidationError: LocalizedError {
    /// The same text as `description`.
    public var errorDescription: String? { description }
}

/// Collects constraint violations while a value validates itself, tracking where each one is.
///
/// Every method takes the wire key of the value it checks (`at: "weight"`) and an optional
/// value: `nil` means the property is absent, which is never a violation here (required
/// properties are enforced by the types). An empty key checks the value at the current path.
public struct ValidationContext: Sendable {
    /// The violations found so far.
    public private(set) var violations: [RequestValidationError.Violation] = []
    private var path: [PathComponent] = []

    /// Creates an empty context at the root path.
    public init() {}

    /// Throws the collected violations, if any.
    ///
    /// - Throws: ``RequestValidationError`` with every violation.
    public func throwIfInvalid() throws(RequestValidationError) {
        if !violations.isEmpty { throw RequestValidationError(violations: violations) }
    }

    /// Records a violation of a custom rule at `key`, below the current path.
    public mutating func report(_ message: String, at key: String = "") {
        let full = key.isEmpty ? path : path + [.key(key)]
        violations.append(RequestValidationError.Violation(path: PathComponent.render(full), message: message))
    }

    // MARK: Nested values

    /// Validates a nested model stored at `key`.
    public mutating func validate<Value: Validatable>(_ value: Value?, at key: String) {
        guard let value else { return }
        nested(key) { value.validate(in: &$0) }
    }

    /// Validates each model of an array stored at `key`; paths end in `[index]`.
    public mutating func validate<Element: Validatable>(_ values: [Element]?, at key: String) {
        guard let values else { return }
        nested(key) { context in
            for (index, element) in values.enumerated() {
                context.nested(.index(index)) { element.validate(in: &$0) }
            }
        }
    }

    /// Validates each model of a dictionary stored at `key`; paths end in `.name` or `["a name"]`.
    /// Entries are checked in key order, so messages come out the same every time.
    public mutating func validate<Value: Validatable>(_ values: [String: Value]?, at key: String) {
        guard let values else { return }
        nested(key) { context in
            for entryKey in values.keys.sorted() {
                context.nested(.key(entryKey)) { values[entryKey]!.validate(in: &$0) }
            }
        }
    }

    /// Validates each model of an array of arrays stored at `key`; paths end in `[i][j]`.
    public mutating func validate<Element: Validatable>(_ values: [[Element]]?, at key: String) {
        guard let values else { return }
        nested(key) { context in
            for (index, row) in values.enumerated() {
                context.nested(.index(index)) { $0.validate(row, at: "") }
            }
        }
    }

    // MARK: Paths

    mutating func nested(_ key: String, _ body: (inout ValidationContext) -> Void) {
        guard !key.isEmpty else { return body(&self) }
        nested(.key(key), body)
    }

    mutating func nested(_ component: PathComponent, _ body: (inout ValidationContext) -> Void) {
        path.append(component)
        body(&self)
        path.removeLast()
    }

    /// Records `message` about the value at `key` (or at the current path when `key` is empty).
    mutating func fail(_ key: String, _ message: String) {
        report(message, at: key)
    }
}

/// One step of a violation's path.
enum PathComponent: Sendable, Hashable {
    case key(String)
    case index(Int)

    /// `rules[0].serve["content-type"]`: identifier-like keys with dots, others bracketed and quoted.
    static func render(_ components: [PathComponent]) -> String {
        var result = ""
        for component in components {
            switch component {
            case .index(let index):
                result += "[\(index)]"
            case .key(let key) where isIdentifier(key):
                result += result.isEmpty ? key : "." + key
            case .key(let key):
                result += "[" + QuotedText.quote(key, limit: .max) + "]"
            }
        }
        return result
    }

    /// A coding path from an `EncodingError` or `DecodingError`, rendered the same way.
    static func render(_ codingPath: [any CodingKey]) -> String {
        render(codingPath.map { key in key.intValue.map(PathComponent.index) ?? .key(key.stringValue) })
    }

    private static func isIdentifier(_ key: String) -> Bool {
        guard let first = key.unicodeScalars.first, first == "_" || first == "$" || first.isASCIILetter else {
            return false
        }
        return key.unicodeScalars.allSatisfy { $0 == "_" || $0 == "$" || $0.isASCIILetter || ("0"..."9").contains($0) }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}

/// Values as they appear in messages.
enum QuotedText {
    /// `"ab"`, with JSON-style escapes; longer than `limit` characters → `"abc…" (120 characters)`.
    static func quote(_ text: String, limit: Int = 40) -> String {
        let scalars = text.unicodeScalars
        let shown = scalars.count > limit ? Array(scalars.prefix(limit)) : Array(scalars)
        var result = "\""
        for scalar in shown {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        if scalars.count > limit { return result + "…\" (\(scalars.count) characters)" }
        return result + "\""
    }
}

/// Numbers as they appear in messages and parameters: `120`, `0.5`, `1e-07`.
enum NumberText {
    static func format(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int64(value)) }
        return value.description
    }

    static func format<Value: BinaryInteger>(_ value: Value) -> String { String(value) }
}
