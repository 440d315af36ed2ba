/// A generated string enum that keeps values it does not know, so a server that adds a value
/// does not break decoding:
///
/// ```swift
/// public enum Status: OpenStringEnum, CaseIterable {
///     case active
///     case undocumented(String)
///
///     public init(rawValue: String) {
///         switch rawValue {
///         case "active": self = .active
///         default: self = .undocumented(rawValue)
///         }
///     }
///
///     public var rawValue: String {
///         switch self {
///         case .active: "active"
///         case .undocumented(let value): value
///         }
///     }
/// }
/// ```
///
/// The protocol supplies `Codable` (a bare JSON string), `Hashable` by raw value (so
/// `.undocumented("active") == .active`) and use as a path, query or header parameter.
public protocol OpenStringEnum: OpenEnum where RawValue == String {}

/// A generated integer enum that keeps values it does not know; see ``OpenStringEnum``.
public protocol OpenIntEnum: OpenEnum where RawValue == Int {}

/// What ``OpenStringEnum`` and ``OpenIntEnum`` share: a case for every raw value.
public protocol OpenEnum: RawRepresentable, Codable, Hashable, Sendable, ParameterValue
where RawValue: Codable & Hashable & Sendable & ParameterValue {
    /// Creates the case for `rawValue`, or the catch-all case for a value the API does not list.
    init(rawValue: RawValue)
}

extension OpenEnum {
    /// Decodes any raw value: a JSON string or integer.
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(RawValue.self))
    }

    /// Encodes the raw value.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// Equal when the raw values are.
    public static func == (lhs: Self, rhs: Self) -> Bool { lhs.rawValue == rhs.rawValue }

    /// Hashes the raw value.
    public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }
}
