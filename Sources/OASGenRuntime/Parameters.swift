import Foundation
import HTTPTypes

/// A value that can be sent as a path segment, query item, header or cookie.
///
/// The standard scalar types, `Date` (RFC 3339), `UUID`, `Decimal`, ``JSONValue`` and the
/// generated open enums conform. Any other `LosslessStringConvertible` or `RawRepresentable`
/// type can conform with an empty extension: `extension AccountID: ParameterValue {}`.
public protocol ParameterValue {
    /// The value as text, before any percent-encoding.
    var parameterText: String { get }
}

extension ParameterValue where Self: LosslessStringConvertible {
    /// The value's `description`.
    public var parameterText: String { description }
}

extension ParameterValue where Self: RawRepresentable, RawValue: ParameterValue {
    /// The raw value's text.
    public var parameterText: String { rawValue.parameterText }
}

extension String: ParameterValue {}
extension Substring: ParameterValue {}
extension Bool: ParameterValue {}
extension Int: ParameterValue {}
extension Int8: ParameterValue {}
extension Int16: ParameterValue {}
extension Int32: ParameterValue {}
extension Int64: ParameterValue {}
extension UInt: ParameterValue {}
extension UInt8: ParameterValue {}
extension UInt16: ParameterValue {}
extension UInt32: ParameterValue {}
extension UInt64: ParameterValue {}

extension Double: ParameterValue {
    /// `120`, `0.5`: no trailing `.0` on integral values.
    public var parameterText: String { NumberText.format(self) }
}

extension Float: ParameterValue {
    /// `120`, `0.5`: no trailing `.0` on integral values.
    public var parameterText: String { NumberText.format(Double(self)) }
}

extension Decimal: ParameterValue {
    /// The decimal's exact text.
    public var parameterText: String { description }
}

extension Date: ParameterValue {
    /// RFC 3339 in UTC: `2024-05-01T12:00:00Z`.
    public var parameterText: String { RFC3339.string(from: self) }
}

extension UUID: ParameterValue {
    /// The lowercase form APIs usually print: `8f2c…`.
    public var parameterText: String { uuidString.lowercased() }
}

extension JSONValue: ParameterValue {
    /// Strings as they are, numbers and booleans as JSON text, arrays and objects as compact JSON.
    public var parameterText: String {
        if case .string(let value) = self { return value }
        return description
    }
}

// MARK: - Path

/// The path of a request, relative to the client's base URL, built from a string literal
/// whose interpolations are percent-encoded as single path segments:
///
/// ```swift
/// let path: RequestPath = "/ai/assistants/\(assistantID)/canary-deploys"
/// ```
///
/// An interpolated value can never change the path's shape: only RFC 3986 unreserved characters
/// stay as they are, so `/`, `?`, `#`, `%` and spaces are encoded, and a value of exactly `.`
/// or `..` becomes `%2E` or `%2E%2E`.
public struct RequestPath: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The path as sent, percent-encoded.
    public let encodedPath: String

    /// A path without parameters. Characters a path cannot hold (spaces, non-ASCII) are encoded.
    public init(stringLiteral value: String) {
        encodedPath = PercentEncoding.encode(value, keeping: PercentEncoding.isPathCharacter)
    }

    /// A path with parameters.
    public init(stringInterpolation: StringInterpolation) {
        encodedPath = stringInterpolation.encodedPath
    }

    /// The percent-encoded path.
    public var description: String { encodedPath }

    /// Builds a ``RequestPath`` from literal parts and encoded segments.
    public struct StringInterpolation: StringInterpolationProtocol {
        var encodedPath = ""

        /// Prepares for a literal of the given size.
        public init(literalCapacity: Int, interpolationCount: Int) {
            encodedPath.reserveCapacity(literalCapacity + interpolationCount * 16)
        }

        /// Appends a literal part of the path.
        public mutating func appendLiteral(_ literal: String) {
            encodedPath += PercentEncoding.encode(literal, keeping: PercentEncoding.isPathCharacter)
        }

        /// Appends one value as one path segment.
        public mutating func appendInterpolation(_ value: some ParameterValue) {
            encodedPath += PercentEncoding.segment(value.parameterText)
        }

        /// Appends an array as one segment, its elements separated by commas (the `simple` style).
        public mutating func appendInterpolation(_ values: [some ParameterValue]) {
            encodedPath += values.map { PercentEncoding.segment($0.parameterText) }.joined(separator: ",")
        }
    }
}

// MARK: - Query and cookies

/// One parameter name and its text value, before percent-encoding.
public struct ParameterItem: Sendable, Hashable {
    /// The parameter name.
    public var name: String
    /// The value's text.
    public var value: String

    /// Creates an item.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// Parameters serialized in the OpenAPI `form` style: query items and cookies.
///
/// `nil` values are skipped, so optional parameters can be appended unconditionally.
public protocol FormStyleParameters {
    /// The items, in the order they are sent.
    var items: [ParameterItem] { get set }
}

extension FormStyleParameters {
    /// Appends `name=value`; does nothing for `nil`.
    public mutating func append(_ name: String, _ value: (some ParameterValue)?) {
        guard let value else { return }
        items.append(ParameterItem(name: name, value: value.parameterText))
    }

    /// Appends `name=a&name=b`, one item per element (`explode: true`).
    public mutating func append(_ name: String, _ values: [some ParameterValue]?) {
        guard let values else { return }
        items += values.map { ParameterItem(name: name, value: $0.parameterText) }
    }

    /// Appends one item per dictionary entry, `key=value`, in key order (`explode: true` objects).
    public mutating func append(_ name: String, _ values: [String: some ParameterValue]?) {
        guard let values else { return }
        items += values.sorted { $0.key < $1.key }.map { ParameterItem(name: $0.key, value: $0.value.parameterText) }
    }

    /// Appends `name=value` (`explode: false` makes no difference for a single value).
    public mutating func appendJoined(_ name: String, _ value: (some ParameterValue)?) {
        append(name, value)
    }

    /// Appends `name=a,b`, the elements joined by commas (`explode: false`); nothing for `nil`.
    public mutating func appendJoined(_ name: String, _ values: [some ParameterValue]?) {
        guard let values else { return }
        items.append(ParameterItem(name: name, value: values.map(\.parameterText).joined(separator: ",")))
    }

    /// Appends `name=k1,v1,k2,v2` in key order (`explode: false` objects); nothing for `nil`.
    public mutating func appendJoined(_ name: String, _ values: [String: some ParameterValue]?) {
        guard let values else { return }
        let flat = values.sorted { $0.key < $1.key }.flatMap { [$0.key, $0.value.parameterText] }
        items.append(ParameterItem(name: name, value: flat.joined(separator: ",")))
    }

    /// Whether there are no items.
    public var isEmpty: Bool { items.isEmpty }

    /// `name=value` pairs, names and values percent-encoded, keeping only unreserved characters
    /// and the commas of joined values.
    func encodedItems(separator: String) -> String {
        items.map { item in
            PercentEncoding.encode(item.name, keeping: PercentEncoding.isUnreserved) + "="
                + PercentEncoding.encode(item.value, keeping: PercentEncoding.isQueryValueCharacter)
        }.joined(separator: separator)
    }
}

/// The query items of a request.
public struct QueryItems: FormStyleParameters, Sendable, Hashable {
    /// The items, in the order they are sent.
    public var items: [ParameterItem] = []

    /// An empty query.
    public init() {}

    /// `a=1&b=x%20y,z`: names and values percent-encoded, keeping only unreserved characters
    /// and the commas of joined values.
    public var encodedQuery: String { encodedItems(separator: "&") }
}

/// The cookies a request sends, as one `Cookie` header.
public struct CookieItems: FormStyleParameters, Sendable, Hashable {
    /// The cookies, in the order they are sent.
    public var items: [ParameterItem] = []

    /// No cookies.
    public init() {}

    /// `a=1; b=x%20y`, or `nil` without cookies.
    public var headerValue: String? {
        guard !items.isEmpty else { return nil }
        return encodedItems(separator: "; ")
    }
}

// MARK: - Headers

/// The header parameters of a request.
public struct RequestHeaders: Sendable, Hashable {
    /// The fields, in the order they are sent.
    public var fields: HTTPFields = [:]

    /// No headers.
    public init() {}

    /// Appends a header; does nothing for `nil`, or for a name that is not a valid header name.
    public mutating func append(_ name: String, _ value: (some ParameterValue)?) {
        guard let value, let fieldName = HTTPField.Name(name) else { return }
        fields.append(HTTPField(name: fieldName, value: value.parameterText))
    }

    /// Appends a header whose value is the elements joined by commas (the `simple` style).
    public mutating func append(_ name: String, _ values: [some ParameterValue]?) {
        guard let values, let fieldName = HTTPField.Name(name) else { return }
        fields.append(HTTPField(name: fieldName, value: values.map(\.parameterText).joined(separator: ",")))
    }

    /// The value of the first field named `name`; setting replaces every field with that name.
    public subscript(name: String) -> String? {
        get { HTTPField.Name(name).flatMap { fields[$0] } }
        set {
            guard let fieldName = HTTPField.Name(name) else { return }
            fields[fieldName] = newValue
        }
    }
}

// MARK: - Percent-encoding

enum PercentEncoding {
    /// RFC 3986 unreserved: `A-Z a-z 0-9 - . _ ~`.
    static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            true
        default: false
        }
    }

    /// What a literal path may hold unencoded: `pchar` and `/`.
    static func isPathCharacter(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || "!$&'()*+,;=:@/".utf8.contains(byte)
    }

    /// Unreserved characters, and commas, which separate joined values.
    static func isQueryValueCharacter(_ byte: UInt8) -> Bool {
        isUnreserved(byte) || byte == UInt8(ascii: ",")
    }

    /// Every byte of the UTF-8 form that `keeping` rejects becomes `%XX`.
    static func encode(_ text: String, keeping allowed: (UInt8) -> Bool) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for byte in text.utf8 {
            if allowed(byte) {
                result.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                result += "%" + String(byte >> 4, radix: 16, uppercase: true) + String(byte & 0xF, radix: 16, uppercase: true)
            }
        }
        return result
    }

    /// One path segment: unreserved characters only, and never a bare `.` or `..`, which
    /// would move up the path.
    static func segment(_ text: String) -> String {
        if text == "." || text == ".." { return String(repeating: "%2E", count: text.count) }
        return encode(text, keeping: isUnreserved)
    }

    /// `application/x-www-form-urlencoded`: unreserved characters kept, spaces as `+`.
    static func formComponent(_ text: String) -> String {
        encode(text, keeping: { isUnreserved($0) || $0 == UInt8(ascii: " ") }).replacingOccurrences(of: " ", with: "+")
    }
}
