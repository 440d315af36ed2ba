/// What generated models' `init(from:)` and `encode(to:)` call: members by their name on the wire.
///
/// Every model is keyed by the one shared ``AnyCodingKey`` instead of a `CodingKeys` enum of its
/// own. Such an enum brings half a dozen conformances (CodingKey, Hashable, RawRepresentable,
/// descriptions) and their witness tables to every model, which in a large API is a fifth of the
/// generated module's functions and of its release build time, for no behaviour of its own.
extension KeyedDecodingContainer where Key == AnyCodingKey {
    // The value's type comes from the property it is assigned to: generated code never spells
    // it, since a nested type can share its name with a property (`_0` for a member "0").

    /// The member `name`, which must be present.
    ///
    /// - Throws: `DecodingError` when it is absent, null or not a `Value`.
    @inlinable
    public func decode<Value: Decodable>(named name: String) throws -> Value {
        try decode(Value.self, forKey: AnyCodingKey(name))
    }

    /// The member `name`, or nil when it is absent or null.
    ///
    /// - Throws: `DecodingError` when it is present but not a `Value`.
    @inlinable
    public func decodeIfPresent<Value: Decodable>(named name: String) throws -> Value? {
        try decodeIfPresent(Value.self, forKey: AnyCodingKey(name))
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
