import Foundation
import HTTPTypes

/// One operation's request as generated code builds it, before the client adds its defaults,
/// credentials and per-call options.
public struct APIRequest: Sendable {
    /// The HTTP method.
    public var method: HTTPRequest.Method
    /// The path below the base URL, with parameters already encoded.
    public var path: RequestPath
    /// The OpenAPI `operationId`, passed to middlewares and named in errors.
    public var operationID: String
    /// Query parameters, `form` style.
    public var query = QueryItems()
    /// Header parameters.
    public var headers = RequestHeaders()
    /// Cookie parameters, sent as one `Cookie` header.
    public var cookies = CookieItems()
    /// The body and its content type.
    public var body: RequestBody?
    /// Whether the client's credentials are sent; `false` for operations with `security: []`.
    public var isAuthenticated = true
    /// The server this operation is documented at when it is not one of the API's own
    /// (`https://upload.example.com/2.0` for uploads). The client sends the request there unless
    /// it was given a custom server (``ClientConfiguration/usesOperationServers``).
    public var server: URL?

    /// Creates a request without parameters or body.
    public init(method: HTTPRequest.Method, path: RequestPath, operationID: String) {
        self.method = method
        self.path = path
        self.operationID = operationID
    }

    /// Sets a body of any content type.
    public mutating func setBody(_ data: Data, contentType: String) {
        body = RequestBody(data: data, contentType: contentType)
    }

    /// Sets an `application/x-www-form-urlencoded` body; `nil` values are left out.
    public mutating func setFormBody(_ fields: [(String, String?)]) {
        let encoded = fields.compactMap { name, value in
            value.map { PercentEncoding.formComponent(name) + "=" + PercentEncoding.formComponent($0) }
        }
        setBody(Data(encoded.joined(separator: "&").utf8), contentType: "application/x-www-form-urlencoded")
    }

    /// Sets a JSON body, encoded as ``JSONCoding`` does (sorted keys, RFC 3339 dates).
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` when the value cannot be encoded (a non-finite number).
    public mutating func setJSONBody<ErrorBody>(_ value: some Encodable, using core: APIClientCore<ErrorBody>)
        throws(APIError<ErrorBody>)
    {
        do {
            setBody(try JSONCoding.makeEncoder().encode(value), contentType: "application/json")
        } catch {
            throw .invalidRequest(RequestValidationError(encodingFailure: error))
        }
    }

    /// Sets an `application/x-www-form-urlencoded` body from a model: one field per property,
    /// in name order; arrays repeat the name; nested objects are sent as JSON text.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` when the value is not an object or cannot be encoded.
    public mutating func setFormBody<ErrorBody>(_ value: some Encodable, using core: APIClientCore<ErrorBody>)
        throws(APIError<ErrorBody>)
    {
        let json: JSONValue
        do {
            json = try JSONValue(encoding: value)
        } catch {
            throw .invalidRequest(RequestValidationError(encodingFailure: error))
        }
        guard case .object(let members) = json else {
            throw .invalidRequest(RequestValidationError(violations: [
                .init(path: "", message: "a form body must be an object, not \(json.description.prefix(40))")
            ]))
        }
        var fields: [(String, String?)] = []
        for (name, member) in members.sorted(by: { $0.key < $1.key }) {
            switch member {
            case .null: continue
            case .array(let elements): fields += elements.map { (name, $0.isNull ? nil : $0.parameterText) }
            default: fields.append((name, member.parameterText))
            }
        }
        setFormBody(fields)
    }
}

/// A request body and its media type.
public struct RequestBody: Sendable, Hashable {
    /// The bytes sent.
    public var data: Data
    /// The `Content-Type` header.
    public var contentType: String

    /// Creates a body.
    public init(data: Data, contentType: String) {
        self.data = data
        self.contentType = contentType
    }
}

extension RequestValidationError {
    /// A body that the encoder rejected, as a violation at the offending value's path.
    init(encodingFailure error: any Error) {
        guard case EncodingError.invalidValue(_, let context) = error else {
            self.init(violations: [.init(path: "", message: "cannot be encoded: \(error)")])
            return
        }
        self.init(violations: [
            .init(path: PathComponent.render(context.codingPath), message: "cannot be encoded: \(context.debugDescription)")
        ])
    }
}
