/// Stores a value out of line, so a struct can contain itself (`Node.parent: Node?`) and still
/// have a finite size. Generated models mark the properties that close a reference cycle:
///
/// ```swift
/// public struct Node: Codable, Hashable, Sendable {
///     @Indirect public var parent: Node?
/// }
/// ```
///
/// The wrapper is invisible on the wire (it encodes and decodes as `Value`) and has value
/// semantics: the box is immutable and replaced on every write.
@propertyWrapper
public struct Indirect<Value> {
    private final class Box {
        let value: Value
        init(_ value: Value) { self.value = value }
    }

    private var box: Box

    /// Wraps a value.
    public init(wrappedValue: Value) {
        box = Box(wrappedValue)
    }

    /// The stored value.
    public var wrappedValue: Value {
        get { box.value }
        set { box = Box(newValue) }
    }
}

// The box never changes after creation, so sharing it is as safe as sharing `Value`.
extension Indirect: @unchecked Sendable where Value: Sendable {}

extension Indirect: Equatable where Value: Equatable {
    /// Compares the stored values.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.box === rhs.box || lhs.wrappedValue == rhs.wrappedValue
    }
}

extension Indirect: Hashable where Value: Hashable {
    /// Hashes the stored value.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(wrappedValue)
    }
}

extension Indirect: Encodable where Value: Encodable {
    /// Encodes the stored value as if it were not wrapped.
    public func encode(to encoder: any Encoder) throws {
        try wrappedValue.encode(to: encoder)
    }
}

extension Indirect: Decodable where Value: Decodable {
    /// Decodes the value as if it were not wrapped.
    public init(from decoder: any Decoder) throws {
        self.init(wrappedValue: try Value(from: decoder))
    }
}

extension Indirect: CustomStringConvertible {
    /// The stored value's description.
    public var description: String { String(describing: wrappedValue) }
}

// Synthesized `Codable` calls these for `@Indirect var x: T?`, so an absent key decodes as
// `nil` and `nil` is left out, as for a plain optional property.
extension KeyedDecodingContainer {
    /// Decodes an optional indirect property, treating a missing key as `nil`.
    public func decode<Wrapped: Decodable>(_ type: Indirect<Wrapped?>.Type, forKey key: Key) throws -> Indirect<Wrapped?> {
        Indirect(wrappedValue: try decodeIfPresent(Wrapped.self, forKey: key))
    }
}

extension KeyedEncodingContainer {
    /// Encodes an optional indirect property, leaving the key out when it is `nil`.
    public mutating func encode<Wrapped: Encodable>(_ value: Indirect<Wrapped?>, forKey key: Key) throws {
        try encodeIfPresent(value.wrappedValue, forKey: key)
    }
}
