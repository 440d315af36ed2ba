import Foundation
import Synchronization

// The JSON Schema keywords a client can check before sending: numeric ranges, string lengths
// and patterns, item and property counts. Messages read `<value> <problem> <keyword> <limit>`.

extension ValidationContext {
    // MARK: Numbers

    /// Checks an integer against the numeric keywords. The 3.0 boolean form of
    /// `exclusiveMinimum`/`exclusiveMaximum` is expected as the 3.1 number form.
    public mutating func check<Value: BinaryInteger>(
        _ value: Value?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        if let value { check(NumericValue(value), bounds, at: key) }
    }

    /// Checks a floating-point number against the numeric keywords.
    public mutating func check<Value: BinaryFloatingPoint>(
        _ value: Value?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        if let value { check(NumericValue(Double(value)), bounds, at: key) }
    }

    /// Checks a decimal number against the numeric keywords (compared as `Double`).
    public mutating func check(
        _ value: Decimal?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        if let value { check(NumericValue(double: NSDecimalNumber(decimal: value).doubleValue, text: value.description), bounds, at: key) }
    }

    /// Checks every integer of an array (`items: {maximum: 5}`); paths end in `[index]`.
    public mutating func checkEach<Value: BinaryInteger>(
        _ values: [Value?]?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        forEach(values, at: key) { $0.check(NumericValue($1), bounds) }
    }

    /// Checks every floating-point number of an array; paths end in `[index]`.
    public mutating func checkEach<Value: BinaryFloatingPoint>(
        _ values: [Value?]?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        forEach(values, at: key) { $0.check(NumericValue(Double($1)), bounds) }
    }

    /// Checks every integer value of a dictionary; paths end in `.key` or `["key"]`.
    public mutating func checkEach<Value: BinaryInteger>(
        _ values: [String: Value?]?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        forEach(values, at: key) { $0.check(NumericValue($1), bounds) }
    }

    /// Checks every floating-point value of a dictionary; paths end in `.key` or `["key"]`.
    public mutating func checkEach<Value: BinaryFloatingPoint>(
        _ values: [String: Value?]?, at key: String, minimum: Double? = nil, exclusiveMinimum: Double? = nil,
        maximum: Double? = nil, exclusiveMaximum: Double? = nil, multipleOf: Double? = nil
    ) {
        let bounds = NumericBounds(minimum, exclusiveMinimum, maximum, exclusiveMaximum, multipleOf)
        forEach(values, at: key) { $0.check(NumericValue(Double($1)), bounds) }
    }

    private mutating func check(_ number: NumericValue, _ bounds: NumericBounds, at key: String = "") {
        if let message = bounds.violation(of: number) { fail(key, message) }
    }

    // MARK: Strings

    /// Checks a string's length in Unicode code points (as JSON Schema counts) and its
    /// ECMA-262 `pattern`, which matches anywhere unless anchored. A pattern that does not
    /// compile is skipped: the server has the last word.
    public mutating func check(
        _ value: String?, at key: String, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil
    ) {
        guard let value else { return }
        let length = value.unicodeScalars.count
        if let minLength, length < minLength {
            fail(key, "\(QuotedText.quote(value)) is shorter than minLength \(minLength)")
        }
        if let maxLength, length > maxLength {
            fail(key, "\(QuotedText.quote(value)) is longer than maxLength \(maxLength)")
        }
        if let pattern, let regex = PatternCache.regex(pattern),
            regex.firstMatch(in: value, range: NSRange(location: 0, length: value.utf16.count)) == nil
        {
            fail(key, "\(QuotedText.quote(value)) does not match pattern '\(pattern)'")
        }
    }

    /// Checks every string of an array; paths end in `[index]`.
    public mutating func checkEach(
        _ values: [String?]?, at key: String, minLength: Int? = nil, maxLength: Int? = nil, pattern: String? = nil
    ) {
        forEach(values, at: key) { $0.check($1, at: "", minLength: minLength, maxLength: maxLength, pattern: pattern) }
    }

    /// Checks every string value of a dictionary; paths end in `.key` or `["key"]`.
    public mutating func checkEach(
        _ values: [String: String?]?, at key: String, minLength: Int? = nil, maxLength: Int? = nil,
        pattern: String? = nil
    ) {
        forEach(values, at: key) { $0.check($1, at: "", minLength: minLength, maxLength: maxLength, pattern: pattern) }
    }

    // MARK: Arrays and objects

    /// Checks an array's item count and, with `uniqueItems`, that no two items are equal.
    public mutating func check<Element: Hashable>(
        _ values: [Element]?, at key: String, minItems: Int? = nil, maxItems: Int? = nil, uniqueItems: Bool = false
    ) {
        guard let values else { return }
        if let minItems, values.count < minItems {
            fail(key, "has \(Plural.count(values.count, "item")), fewer than minItems \(minItems)")
        }
        if let maxItems, values.count > maxItems {
            fail(key, "has \(Plural.count(values.count, "item")), more than maxItems \(maxItems)")
        }
        if uniqueItems {
            var firstIndex: [Element: Int] = [:]
            for (index, element) in values.enumerated() {
                if let earlier = firstIndex[element] {
                    fail(key, "has duplicate items at [\(earlier)] and [\(index)]")
                    break
                }
                firstIndex[element] = index
            }
        }
    }

    /// Checks how many entries a dictionary has.
    public mutating func check<Value>(
        _ values: [String: Value]?, at key: String, minProperties: Int? = nil, maxProperties: Int? = nil
    ) {
        guard let values else { return }
        checkCount(values.count, at: key, minProperties: minProperties, maxProperties: maxProperties)
    }

    /// Checks how many properties a model has when encoded (absent optionals do not count,
    /// additional properties do), for object schemas with `minProperties`/`maxProperties`.
    public mutating func checkPropertyCount<Value: Encodable>(
        _ value: Value, minProperties: Int? = nil, maxProperties: Int? = nil
    ) {
        guard case .object(let members)? = try? JSONValue(encoding: value) else { return }
        checkCount(members.count, at: "", minProperties: minProperties, maxProperties: maxProperties)
    }

    private mutating func checkCount(_ count: Int, at key: String, minProperties: Int?, maxProperties: Int?) {
        if let minProperties, count < minProperties {
            fail(key, "has \(Plural.count(count, "property", plural: "properties")), fewer than minProperties \(minProperties)")
        }
        if let maxProperties, count > maxProperties {
            fail(key, "has \(Plural.count(count, "property", plural: "properties")), more than maxProperties \(maxProperties)")
        }
    }

    // MARK: Element iteration

    private mutating func forEach<Element>(_ values: [Element?]?, at key: String, _ body: (inout Self, Element) -> Void) {
        guard let values else { return }
        nested(key) { context in
            for (index, element) in values.enumerated() {
                guard let element else { continue }
                context.nested(.index(index)) { body(&$0, element) }
            }
        }
    }

    private mutating func forEach<Element>(_ values: [String: Element?]?, at key: String, _ body: (inout Self, Element) -> Void) {
        guard let values else { return }
        nested(key) { context in
            for entryKey in values.keys.sorted() {
                guard let element = values[entryKey] ?? nil else { continue }
                context.nested(.key(entryKey)) { body(&$0, element) }
            }
        }
    }
}

/// A number being checked: its value for comparisons and its text for messages.
struct NumericValue {
    let double: Double
    let text: String
    /// The exact value, for `multipleOf` on integers without floating-point error.
    let integer: Int64?

    init<Value: BinaryInteger>(_ value: Value) {
        double = Double(value)
        text = String(value)
        integer = Int64(exactly: value)
    }

    init(_ value: Double) {
        self.init(double: value, text: NumberText.format(value))
    }

    init(double: Double, text: String) {
        self.double = double
        self.text = text
        integer = nil
    }
}

/// The numeric keywords of one schema.
struct NumericBounds {
    let minimum: Double?
    let exclusiveMinimum: Double?
    let maximum: Double?
    let exclusiveMaximum: Double?
    let multipleOf: Double?

    init(_ minimum: Double?, _ exclusiveMinimum: Double?, _ maximum: Double?, _ exclusiveMaximum: Double?, _ multipleOf: Double?) {
        self.minimum = minimum
        self.exclusiveMinimum = exclusiveMinimum
        self.maximum = maximum
        self.exclusiveMaximum = exclusiveMaximum
        self.multipleOf = multipleOf
    }

    /// The first keyword `value` breaks, as a message.
    func violation(of value: NumericValue) -> String? {
        let number = value.double
        if let minimum, number < minimum { return "\(value.text) is less than minimum \(NumberText.format(minimum))" }
        if let exclusiveMinimum, number <= exclusiveMinimum {
            return "\(value.text) is less than or equal to exclusive minimum \(NumberText.format(exclusiveMinimum))"
        }
        if let maximum, number > maximum { return "\(value.text) is greater than maximum \(NumberText.format(maximum))" }
        if let exclusiveMaximum, number >= exclusiveMaximum {
            return "\(value.text) is greater than or equal to exclusive maximum \(NumberText.format(exclusiveMaximum))"
        }
        if let multipleOf, multipleOf > 0, !Self.isMultiple(value, of: multipleOf) {
            return "\(value.text) is not a multiple of \(NumberText.format(multipleOf))"
        }
        return nil
    }

    private static func isMultiple(_ value: NumericValue, of divisor: Double) -> Bool {
        if let integer = value.integer, let exactDivisor = Int64(exactly: divisor) {
            return integer % exactDivisor == 0
        }
        guard value.double.isFinite else { return false }
        // Decimal divisors such as 0.01 are not exact in binary; allow for the rounding.
        let quotient = value.double / divisor
        return abs(quotient - quotient.rounded()) <= 1e-9 * max(1, abs(quotient))
    }
}

/// Compiled `pattern` keywords, shared by every validation in the process.
enum PatternCache {
    static func regex(_ pattern: String) -> NSRegularExpression? {
        if #available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *) {
            return PatternStore.shared.regex(pattern)
        }
        // `Mutex` needs the 2024 OS releases; older ones compile each time.
        return compile(pattern)?.regex
    }

    static func compile(_ pattern: String) -> CompiledPattern? {
        (try? NSRegularExpression(pattern: pattern)).map(CompiledPattern.init)
    }
}

/// An `NSRegularExpression`, which is immutable and documented as safe to share across threads.
struct CompiledPattern: @unchecked Sendable {
    let regex: NSRegularExpression
}

@available(macOS 15, iOS 18, tvOS 18, watchOS 11, visionOS 2, *)
private final class PatternStore: Sendable {
    static let shared = PatternStore()
    /// `nil` entries remember patterns that do not compile.
    private let patterns = Mutex<[String: CompiledPattern?]>([:])

    func regex(_ pattern: String) -> NSRegularExpression? {
        patterns.withLock { patterns in
            if let cached = patterns[pattern] { return cached?.regex }
            let compiled = PatternCache.compile(pattern)
            patterns[pattern] = compiled
            return compiled?.regex
        }
    }
}
