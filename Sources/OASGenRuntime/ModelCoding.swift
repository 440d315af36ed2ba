/// What generated models' `init(from:)` and `encode(to:)` call: members by their name on the wire.
/// (Their `==` and `hash(into:)` call ``Memberwise``.)
///
/// Every model is keyed by the one shared ``AnyCodingKey`` instead of a `CodingKeys` enum of its
/// own. Such an enum brings half a dozen conformances (CodingKey, Hashable, RawRepresentable,
/// descriptions) and their witness tables to every model, which in a large API is a fifth of the
/// generated module's functions and of its release build time, for no behaviour of its own.
extension KeyedDecodingContainer where Key == AnyCodingKey {
    // The value's type comes from the property it is assigned to: generated code never spells
    // it, since a nested type can share its name with a property (`_0` for a member "0").

    /// The member `name`, which must be present. A number may come as a string of digits
    /// (Twilio sends `"price": "-0.00750"` where its description says `type: number`).
    ///
    /// - Throws: `DecodingError` when it is absent, null or not a `Value`.
    @inlinable
    public func decode<Value: Decodable>(named name: String) throws -> Value {
        do {
            return try decode(Value.self, forKey: AnyCodingKey(name))
        } catch DecodingError.typeMismatch(let type, let context) {
            return try number(named: name, orRethrow: .typeMismatch(type, context))
        }
    }

    /// The member `name`, or nil when it is absent or null. A number may come as a string.
    ///
    /// - Throws: `DecodingError` when it is present but not a `Value`.
    @inlinable
    public func decodeIfPresent<Value: Decodable>(named name: String) throws -> Value? {
        do {
            return try decodeIfPresent(Value.self, forKey: AnyCodingKey(name))
        } catch DecodingError.typeMismatch(let type, let context) {
            let value: Value = try number(named: name, orRethrow: .typeMismatch(type, context))
            return value
        }
    }

    /// The member as a number of type `Value` written as a JSON string; `error`, the one decoding
    /// it as `Value` gave, when `Value` is not a number or the member is not such a string.
    @usableFromInline
    func number<Value>(named name: String, orRethrow error: DecodingError) throws -> Value {
        guard let numeric = Value.self as? any NumberFromText.Type,
            let text = try? decode(String.self, forKey: AnyCodingKey(name)),
            let value = numeric.init(numberText: text.trimmingWhitespace) as? Value
        else { throw error }
        return value
    }
}

/// The number types a member may arrive as text for (see `decode(named:)`).
@usableFromInline
protocol NumberFromText {
    init?(numberText: String)
}

extension Double: NumberFromText {
    @usableFromInline init?(numberText: String) { self.init(numberText) }
}

extension Float: NumberFromText {
    @usableFromInline init?(numberText: String) { self.init(numberText) }
}

extension Int: NumberFromText {
    @usableFromInline init?(numberText: String) { self.init(numberText) }
}

extension Int32: NumberFromText {
    @usableFromInline init?(numberText: String) { self.init(numberText) }
}

extension Int64: NumberFromText {
    @usableFromInline init?(numberText: String) { self.init(numberText) }
}

extension String {
    /// Without leading and trailing spaces, tabs and line breaks.
    @usableFromInline var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }
        return String(drop(while: isSpace).reversed().drop(while: isSpace).reversed())
    }
}

extension KeyedEncodingContainer where Key == AnyCodingKey {
    /// Encodes `value` as the member `name`; an optional that is nil is written as null.
    @inlinable
    public mutating func encode<Value: Encodable>(_ value: Value, named name: String) throws {
        try encode(value, forKey: AnyCodingKey(name))
    }

    /// Encodes `value` as the member `name`, or leaves the member out when `value` is nil.
    @inlinable
    public mutating func encodeIfPresent<Value: Encodable>(_ value: Value?, named name: String) throws {
        try encodeIfPresent(value, forKey: AnyCodingKey(name))
    }
}

/// What generated models' `==` and `hash(into:)` call, once for each stored property.
///
/// Models write these two out instead of letting the compiler synthesize them. A synthesized `==`
/// or `hash(into:)` is compiled member by member, and the optimizer then inlines each member's
/// own comparison (a nested model's, a string's, an array's) into every model that holds it. In
/// a large API that is a quarter of the release build of the generated module. These calls stay
/// calls: each goes through the member type's conformance, which is compiled once. Behaviour is
/// that of the synthesized code: every stored property, in declaration order.
public enum Memberwise {
    /// `lhs == rhs`, left neither inlined nor specialized (see the type's documentation).
    @inline(never) @_semantics("optimize.sil.specialize.generic.never")
    public static func equal<Value: Equatable>(_ lhs: Value, _ rhs: Value) -> Bool {
        lhs == rhs
    }

    /// `hasher.combine(value)`, left neither inlined nor specialized.
    @inline(never) @_semantics("optimize.sil.specialize.generic.never")
    public static func combine<Value: Hashable>(_ value: Value, into hasher: inout Hasher) {
        hasher.combine(value)
    }
}
