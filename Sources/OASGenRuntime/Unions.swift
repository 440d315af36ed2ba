/// Helpers for the `init(from:)` and `encode(to:)` that generated unions and open objects write.

extension Decoder {
    /// The value of a tagged union's discriminator property (`"type"`), as text.
    ///
    /// Returns `nil` when the value is not an object or has no such property, so a generated
    /// union can fall back to its `undocumented` case. A non-string discriminator (a number,
    /// a boolean) is returned as its JSON text.
    ///
    /// - Throws: Only when the underlying data is corrupt.
    public func discriminator(forKey key: String) throws -> String? {
        let container: KeyedDecodingContainer<AnyCodingKey>
        do {
            container = try self.container(keyedBy: AnyCodingKey.self)
        } catch DecodingError.typeMismatch {
            return nil
        }
        let codingKey = AnyCodingKey(key)
        guard container.contains(codingKey) else { return nil }
        if let text = try? container.decode(String.self, forKey: codingKey) { return text }
        guard let value = try? container.decode(JSONValue.self, forKey: codingKey), !value.isNull else { return nil }
        return value.description
    }
}

extension Decoder {
    /// Whether the object being decoded lacks member `key` or has it equal to `value`: a
    /// variant that fixes a member with `const` cannot be a value whose member differs.
    public func member(_ key: String, isAbsentOr value: String) -> Bool {
        guard let actual = try? discriminator(forKey: key) else { return true }
        return actual == value
    }
}

extension SingleValueDecodingContainer {
    /// A case the open enumeration lists, or nil for any other value. An untagged union tries an
    /// enumeration so when a later variant (a plain `String`) would take the values it does not
    /// list, which would otherwise never reach it.
    public func decodeDocumented<Enumeration: OpenEnum & CaseIterable>(_ type: Enumeration.Type) -> Enumeration? {
        guard let value = try? decode(Enumeration.self), Enumeration.allCases.contains(value) else { return nil }
        return value
    }
}

/// Tries the variants of an untagged union in order and, when none fits, reports what each
/// one said:
///
/// ```swift
/// var attempts = UnionDecoding()
/// if let value = attempts.attempt("text", { try container.decode(TextPart.self) }) { self = .text(value); return }
/// if let value = attempts.attempt("image", { try container.decode(ImagePart.self) }) { self = .image(value); return }
/// throw attempts.failure(decoding: Self.self, codingPath: decoder.codingPath)
/// ```
public struct UnionDecoding: Sendable {
    /// Each variant tried so far, with the error that ruled it out.
    public private(set) var failures: [(variant: String, error: any Error)] = []

    /// Starts with no attempts.
    public init() {}

    /// The decoded value, or `nil` after recording why `variant` did not fit.
    public mutating func attempt<Value>(_ variant: String, _ decode: () throws -> Value) -> Value? {
        do {
            return try decode()
        } catch {
            failures.append((variant, error))
            return nil
        }
    }

    /// A `DecodingError` that lists every variant and why it did not fit, with paths relative
    /// to the union's own position.
    public func failure(decoding type: Any.Type, codingPath: [any CodingKey]) -> DecodingError {
        let details = failures.map { "\($0.variant): \(Self.reason($0.error, below: codingPath.count))" }
        return DecodingError.dataCorrupted(DecodingError.Context(
            codingPath: codingPath,
            debugDescription: "No variant of \(type) matches" + (details.isEmpty ? "." : " (\(details.joined(separator: "; ")))")))
    }

    /// A decoding error as one line: where (dropping the first `depth` keys), and what.
    static func reason(_ error: any Error, below depth: Int = 0) -> String {
        guard let error = error as? DecodingError else { return String(describing: error) }
        let context: DecodingError.Context
        let summary: String
        switch error {
        case .typeMismatch(let type, let errorContext):
            (context, summary) = (errorContext, errorContext.debugDescription.isEmpty ? "expected \(type)" : errorContext.debugDescription)
        case .valueNotFound(let type, let errorContext):
            (context, summary) = (errorContext, errorContext.debugDescription.isEmpty ? "missing \(type) value" : errorContext.debugDescription)
        case .keyNotFound(let key, let errorContext):
            // The decoder's own text repeats the key in a less readable form.
            (context, summary) = (errorContext, "missing key \(QuotedText.quote(key.stringValue))")
        case .dataCorrupted(let errorContext):
            (context, summary) = (errorContext, errorContext.debugDescription.isEmpty ? "invalid data" : errorContext.debugDescription)
        @unknown default:
            return String(describing: error)
        }
        let path = PathComponent.render(Array(context.codingPath.dropFirst(depth)))
        return path.isEmpty ? summary : "at \(path): \(summary)"
    }
}

/// The `additionalProperties` of generated models: members the schema does not declare.
public enum AdditionalProperties {
    /// Every member of the object being decoded, as `Value`.
    ///
    /// - Throws: `DecodingError` when a member is not a `Value`.
    public static func decode<Value: Decodable>(_ type: Value.Type, from decoder: any Decoder) throws -> [String: Value] {
        try decode(type, from: decoder, excluding: [])
    }

    /// The members of the object being decoded that are not among `known`, as `Value`.
    ///
    /// - Throws: `DecodingError` when such a member is not a `Value`.
    public static func decode<Value: Decodable>(
        _ type: Value.Type, from decoder: any Decoder, excluding known: Set<String>
    ) throws -> [String: Value] {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var result: [String: Value] = [:]
        for key in container.allKeys where !known.contains(key.stringValue) {
            result[key.stringValue] = try container.decode(Value.self, forKey: key)
        }
        return result
    }

    /// Encodes each entry as a member of the object being encoded, next to the declared ones.
    ///
    /// - Throws: `EncodingError` when a value cannot be encoded.
    public static func encode<Value: Encodable>(_ values: [String: Value], to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for (key, value) in values {
            try container.encode(value, forKey: AnyCodingKey(key))
        }
    }
}

/// The union part of a struct composed with `allOf` (`allOf: [{oneOf: [A, B]}, {properties: ...}]`):
/// its members sit beside the struct's own in one JSON object.
public enum FlattenedPart {
    /// Encodes the members of `part` into the object being encoded, before the struct adds its own.
    ///
    /// The part goes through ``JSONValue`` rather than encoding itself here, so that a value that
    /// is not an object (an undocumented variant) is an error to catch, not a trap in the encoder.
    ///
    /// - Throws: `EncodingError.invalidValue` when `part` does not encode to a JSON object.
    public static func encode(_ part: some Encodable, to encoder: any Encoder) throws {
        let members = try self.members(of: part, codingPath: encoder.codingPath)
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        for key in members.keys.sorted() {
            try container.encode(members[key]!, forKey: AnyCodingKey(key))
        }
    }

    /// The member names of the decoded `part`, which the struct's `additionalProperties` leave to it.
    ///
    /// - Throws: `EncodingError.invalidValue` when `part` does not encode to a JSON object.
    public static func keys(of part: some Encodable) throws -> Set<String> {
        Set(try members(of: part, codingPath: []).keys)
    }

    private static func members(of part: some Encodable, codingPath: [any CodingKey]) throws -> [String: JSONValue] {
        guard let members = try JSONValue(encoding: part).objectValue else {
            throw EncodingError.invalidValue(
                part,
                EncodingError.Context(
                    codingPath: codingPath,
                    debugDescription: "\(type(of: part)) is composed into an object, so its value must be a JSON object"))
        }
        return members
    }
}

/// A coding key for member names known only at run time.
public struct AnyCodingKey: CodingKey, Hashable, Sendable {
    /// The member name.
    public let stringValue: String
    /// The array index, for keys of unkeyed containers.
    public let intValue: Int?

    /// A key for a member name.
    public init(_ name: String) {
        stringValue = name
        intValue = nil
    }

    /// A key for a member name.
    public init(stringValue: String) {
        self.init(stringValue)
    }

    /// A key for an array index.
    public init(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
