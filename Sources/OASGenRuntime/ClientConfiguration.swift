import Foundation
import HTTPTypes
import OpenAPIRuntime
import OpenAPIURLSession

/// How a generated client talks to its API: where, with what credentials, and how patiently.
///
/// Descriptions and reflection (`print`, `dump`, debuggers) never show credential values or
/// header values.
public struct ClientConfiguration: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The server URL that operation paths are appended to (`https://api.example.com/v2`).
    public var baseURL: URL
    /// Sends the HTTP requests.
    public var transport: any ClientTransport
    /// Run around every attempt, first one outermost.
    public var middlewares: [any ClientMiddleware]
    /// When and how often failed requests are retried.
    public var retry: RetryPolicy
    /// Longest wait for one attempt, response body included.
    public var timeout: Duration
    /// Headers sent with every request.
    public var headers: HTTPFields
    /// Credentials sent with every request that the API says needs authentication.
    public var credentials: [Credential]
    /// The `User-Agent` header.
    public var userAgent: String
    /// Largest response body accepted; larger ones fail with ``TransportError/Kind/responseTooLarge``.
    public var maxResponseBytes: Int
    /// Whether operations the API documents at a server of their own (an upload host) are sent
    /// there rather than to ``baseURL``. Generated clients turn it off for a custom server, so a
    /// proxy or mock server receives every request.
    public var usesOperationServers = true

    /// Creates a configuration.
    public init(
        baseURL: URL,
        transport: any ClientTransport = URLSessionTransport(),
        middlewares: [any ClientMiddleware] = [],
        retry: RetryPolicy = .default,
        timeout: Duration = .seconds(60),
        headers: HTTPFields = [:],
        credentials: [Credential] = [],
        userAgent: String = "oasgen",
        maxResponseBytes: Int = 64 * 1024 * 1024
    ) {
        self.baseURL = baseURL
        self.transport = transport
        self.middlewares = middlewares
        self.retry = retry
        self.timeout = timeout
        self.headers = headers
        self.credentials = credentials
        self.userAgent = userAgent
        self.maxResponseBytes = maxResponseBytes
    }

    /// The settings, with header names but no header values and no credential values.
    public var description: String {
        "ClientConfiguration(baseURL: \(baseURL.absoluteString), transport: \(type(of: transport)), "
            + "middlewares: \(middlewares.count), retry: \(retry), timeout: \(DurationText.seconds(timeout)), "
            + "headers: \(Redaction.headerNames(headers)), credentials: \(credentials), "
            + "userAgent: \(QuotedText.quote(userAgent, limit: .max)), maxResponseBytes: \(maxResponseBytes), "
            + "usesOperationServers: \(usesOperationServers))"
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Reflection without secrets: header names only, credentials redacted.
    public var customMirror: Mirror {
        Mirror(self, children: [
            "baseURL": baseURL, "transport": String(describing: type(of: transport)),
            "middlewares": middlewares.map { String(describing: type(of: $0)) }, "retry": retry,
            "timeout": timeout, "headers": Redaction.headerNames(headers), "credentials": credentials,
            "userAgent": userAgent, "maxResponseBytes": maxResponseBytes, "usesOperationServers": usesOperationServers,
        ], displayStyle: .struct)
    }

    /// Every value that must not appear in logs: credentials, and the values of headers whose
    /// names suggest secrets.
    var secrets: [String] {
        credentials.flatMap(\.secrets) + Redaction.sensitiveValues(headers)
    }
}

/// A credential sent with authenticated requests.
///
/// Its description is `.bearer(<redacted>)` and the like, wherever it is printed.
public enum Credential: Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `Authorization: Bearer <token>`.
    case bearer(String)
    /// A header carrying an API key, such as `xi-api-key: <value>`. A name that is not a valid
    /// header name is not sent.
    case header(name: String, value: String)
    /// `Authorization: Basic <base64(username:password)>`.
    case basic(username: String, password: String)
    /// A query item carrying an API key, such as `?api_key=<value>`.
    case query(name: String, value: String)

    /// The kind of credential and where it goes, without its value.
    public var description: String {
        switch self {
        case .bearer: ".bearer(<redacted>)"
        case .header(let name, _): ".header(name: \(QuotedText.quote(name, limit: .max)), value: <redacted>)"
        case .basic: ".basic(username: <redacted>, password: <redacted>)"
        case .query(let name, _): ".query(name: \(QuotedText.quote(name, limit: .max)), value: <redacted>)"
        }
    }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Reflection without the value.
    public var customMirror: Mirror {
        Mirror(self, children: ["credential": description], displayStyle: .enum)
    }

    /// The header this credential adds, if it is sent as a header.
    var headerField: HTTPField? {
        switch self {
        case .bearer(let token):
            return HTTPField(name: .authorization, value: "Bearer \(token)")
        case .header(let name, let value):
            return HTTPField.Name(name).map { HTTPField(name: $0, value: value) }
        case .basic(let username, let password):
            return HTTPField(name: .authorization, value: "Basic " + Data("\(username):\(password)".utf8).base64EncodedString())
        case .query:
            return nil
        }
    }

    /// The values to scrub from logs, in the forms they may appear in (raw, encoded).
    var secrets: [String] {
        switch self {
        case .bearer(let token): [token]
        case .header(_, let value): [value]
        case .basic(let username, let password):
            [username, password, Data("\(username):\(password)".utf8).base64EncodedString()]
        case .query(_, let value): [value, PercentEncoding.encode(value, keeping: PercentEncoding.isQueryValueCharacter)]
        }
    }
}

/// Per-call settings that override the client's.
public struct RequestOptions: Sendable, CustomStringConvertible {
    /// Longest wait for one attempt; `nil` uses the client's.
    public var timeout: Duration?
    /// Retry policy for this call; `nil` uses the client's. In this optional context, write
    /// `RetryPolicy.none` in full: a bare `.none` would mean `nil`.
    public var retry: RetryPolicy?
    /// Extra headers; each replaces any header of the same name the client would send.
    public var headers: HTTPFields
    /// Sent as `Idempotency-Key`; also lets the call be retried even if it is a `POST`.
    public var idempotencyKey: String?
    /// Called once with the status and headers of the response the call ends with, success or
    /// error: for rate limits, request IDs, ETags or pagination links that the return value
    /// does not carry.
    public var onResponse: (@Sendable (ResponseInfo) -> Void)?

    /// Creates options; the defaults change nothing.
    public init(
        timeout: Duration? = nil, retry: RetryPolicy? = nil, headers: HTTPFields = [:], idempotencyKey: String? = nil,
        onResponse: (@Sendable (ResponseInfo) -> Void)? = nil
    ) {
        self.timeout = timeout
        self.retry = retry
        self.headers = headers
        self.idempotencyKey = idempotencyKey
        self.onResponse = onResponse
    }

    /// The options with header names but not header values.
    public var description: String {
        "RequestOptions(timeout: \(timeout.map(DurationText.seconds) ?? "default"), retry: \(retry.map(String.init(describing:)) ?? "default"), "
            + "headers: \(Redaction.headerNames(headers)), idempotencyKey: \(idempotencyKey == nil ? "none" : "set")"
            + (onResponse == nil ? "" : ", onResponse: set") + ")"
    }
}

/// What a response said besides its body, for ``RequestOptions/onResponse``.
public struct ResponseInfo: Sendable, Hashable {
    /// The HTTP status code.
    public let statusCode: Int
    /// The response headers.
    public let headers: HTTPFields
    /// The operation that was called.
    public let operationID: String
    /// How many times the request was sent.
    public let attempts: Int

    /// Creates the information, for tests of code that observes responses.
    public init(statusCode: Int, headers: HTTPFields = [:], operationID: String = "", attempts: Int = 1) {
        self.statusCode = statusCode
        self.headers = headers
        self.operationID = operationID
        self.attempts = attempts
    }

    /// The server's identifier for the request (`x-request-id` or `request-id`).
    public var requestID: String? { headers.requestID }
}

/// Keeps header values out of descriptions and error messages.
enum Redaction {
    /// `[Authorization, X-Trace]`.
    static func headerNames(_ fields: HTTPFields) -> String {
        "[" + fields.map(\.name.rawName).joined(separator: ", ") + "]"
    }

    /// Values of headers whose names suggest a secret (`Authorization`, `X-Api-Key`, `Cookie`…).
    static func sensitiveValues(_ fields: HTTPFields) -> [String] {
        let markers = ["auth", "key", "token", "secret", "cookie", "password", "signature", "session"]
        return fields.filter { field in
            let name = field.name.canonicalName
            return markers.contains { name.contains($0) }
        }.flatMap { field -> [String] in
            // `Bearer abc`: the token alone may also show up elsewhere.
            let parts = field.value.split(separator: " ", maxSplits: 1).map(String.init)
            return [field.value] + (parts.count == 2 ? [parts[1]] : [])
        }
    }
}
