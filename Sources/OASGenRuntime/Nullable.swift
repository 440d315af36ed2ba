/// A member of a request body that the API allows to be `null`, said apart from one left out.
///
/// Such a member is `Nullable<Value>?`: `nil` leaves it out of the JSON (the server keeps what it
/// has), `.null` sends `null` (to clear it, as a PATCH does), `.value(x)` sends `x`:
///
/// ```swift
/// var patch = GuildPatchRequest()
/// patch.name = .value("Lounge")   // "name": "Lounge"
/// patch.icon = .null              // "icon": null
///                                 // "banner" left out
/// ```
public enum Nullable<Wrapped> {
    /// `null` on the wire.
    case null
    /// A value.
    case value(Wrapped)

    /// The value; nil for `.null`.
    public var value: Wrapped? {
        if case .value(let wrapped) = self { return wrapped }
        return nil
    }

    /// `.value(wrapped)`, or `.null` for nil.
    public init(_ wrapped: Wrapped?) {
        self = wrapped.map(Nullable.value) ?? .null
    }
}

extension Nullable: Equatable where Wrapped: Equatable {}
extension Nullable: Hashable where Wrapped: Hashable {}
extension Nullable: Sendable where Wrapped: Sendable {}

extension Nullable: Encodable where Wrapped: Encodable {
    /// `null`, or the value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .null: try container.encodeNil()
        case .value(let wrapped): try container.encode(wrapped)
        }
    }
}

extension Nullable: Decodable where Wrapped: Decodable {
    /// `.null` for `null`, else the value.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        self = container.decodeNil() ? .null : .value(try container.decode(Wrapped.self))
    }
}

extension KeyedDecodingContainer where Key == AnyCodingKey {
    /// The member `name`: nil when it is absent, `.null` when it is null.
    ///
    /// - Throws: `DecodingError` when it is present but not a `Wrapped`.
    public func decodeNullable<Wrapped: Decodable>(named name: String) throws -> Nullable<Wrapped>? {
        let key = AnyCodingKey(name)
        guard contains(key) else { return nil }
        return try decodeNil(forKey: key) ? .null : .value(decode(Wrapped.self, forKey: key))
    }
}
