import Foundation
import HTTPTypes

/// How a parameter that is not a plain value (an object, a union, an array of objects, or any
/// value with a `deepObject` or delimited style) is written: OpenAPI's `style`.
public enum ParameterStyle: Sendable, Hashable {
    /// `name=a&name=b`, or objects as `key=value` items (`explode`), or `name=k1,v1,k2,v2`.
    case form
    /// `name[key]=value`, nesting for nested objects: `filter[created_at][gte]=…`.
    case deepObject
    /// Array elements joined by spaces: `name=a%20b`.
    case spaceDelimited
    /// Array elements joined by pipes: `name=a%7Cb`.
    case pipeDelimited
}

extension APIRequest {
    /// Appends a query parameter of any type, serialized through its JSON form in `style`.
    /// `nil`, and `null` members, are left out.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` when the value cannot be encoded (a non-finite number).
    public mutating func appendQuery<ErrorBody>(
        _ name: String, encoding value: (some Encodable)?, style: ParameterStyle = .form, explode: Bool = true,
        using core: APIClientCore<ErrorBody>
    ) throws(APIError<ErrorBody>) {
        guard let value else { return }
        query.items += try Self.json(value, at: name, core: core).styledItems(name: name, style: style, explode: explode)
    }

    /// Appends a cookie of any type, serialized through its JSON form in the `form` style.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` when the value cannot be encoded.
    public mutating func appendCookie<ErrorBody>(
        _ name: String, encoding value: (some Encodable)?, explode: Bool = true, using core: APIClientCore<ErrorBody>
    ) throws(APIError<ErrorBody>) {
        guard let value else { return }
        cookies.items += try Self.json(value, at: name, core: core).styledItems(name: name, style: .form, explode: explode)
    }

    /// Appends a header of any type in the `simple` style: arrays as `a,b`, objects as
    /// `k1,v1,k2,v2`, or `k1=v1,k2=v2` with `explode`.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` when the value cannot be encoded.
    public mutating func appendHeader<ErrorBody>(
        _ name: String, encoding value: (some Encodable)?, explode: Bool = false, using core: APIClientCore<ErrorBody>
    ) throws(APIError<ErrorBody>) {
        guard let value else { return }
        let json = try Self.json(value, at: name, core: core)
        guard !json.isNull else { return }
        headers.append(name, json.simpleStyleText(explode: explode))
    }

    private static func json<ErrorBody>(_ value: some Encodable, at name: String, core: APIClientCore<ErrorBody>) throws(APIError<ErrorBody>) -> JSONValue {
        do {
            return try JSONValue(encoding: value)
        } catch {
            let failure = RequestValidationError(encodingFailure: error)
            throw .invalidRequest(RequestValidationError(violations: failure.violations.map {
                .init(path: $0.path.isEmpty ? name : name + "." + $0.path, message: $0.message)
            }))
        }
    }
}

extension JSONValue {
    /// The query or cookie items for this value as parameter `name`. Object members come in key
    /// order, so the same value always gives the same URL.
    func styledItems(name: String, style: ParameterStyle, explode: Bool) -> [ParameterItem] {
        switch self {
        case .null:
            return []
        case .array(let elements):
            let texts = elements.filter { !$0.isNull }.map(\.parameterText)
            switch style {
            case .spaceDelimited: return [ParameterItem(name: name, value: texts.joined(separator: " "))]
            case .pipeDelimited: return [ParameterItem(name: name, value: texts.joined(separator: "|"))]
            case .deepObject: return texts.map { ParameterItem(name: name, value: $0) }
            case .form: return explode ? texts.map { ParameterItem(name: name, value: $0) } : [ParameterItem(name: name, value: texts.joined(separator: ","))]
            }
        case .object(let members):
            let present = members.filter { !$0.value.isNull }.sorted { $0.key < $1.key }
            switch style {
            case .deepObject:
                return present.flatMap { $0.value.styledItems(name: name + "[" + $0.key + "]", style: .deepObject, explode: true) }
            case .form where explode:
                return present.flatMap { $0.value.styledItems(name: $0.key, style: .form, explode: true) }
            default:
                return [ParameterItem(name: name, value: present.flatMap { [$0.key, $0.value.parameterText] }.joined(separator: ","))]
            }
        default:
            return [ParameterItem(name: name, value: parameterText)]
        }
    }

    /// The `simple` style, used for headers: `a,b`; `k1,v1,k2,v2`; `k1=v1,k2=v2` when exploded.
    func simpleStyleText(explode: Bool) -> String {
        switch self {
        case .array(let elements):
            return elements.filter { !$0.isNull }.map(\.parameterText).joined(separator: ",")
        case .object(let members):
            let present = members.filter { !$0.value.isNull }.sorted { $0.key < $1.key }
            return present.map { explode ? $0.key + "=" + $0.value.parameterText : $0.key + "," + $0.value.parameterText }
                .joined(separator: ",")
        default:
            return parameterText
        }
    }
}
