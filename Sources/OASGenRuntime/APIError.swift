import Foundation
import HTTPTypes

/// Everything that can go wrong when a generated client calls an operation.
///
/// `ErrorBody` is the API's enum of documented error bodies; ``StatusError/body`` holds the
/// decoded one when the server answered with a documented error status.
///
/// Descriptions are meant for logs: they name the operation, the status and a short, truncated
/// preview of the body, and never include request headers or credentials.
public enum APIError<ErrorBody: Sendable>: Error, Sendable, CustomStringConvertible {
    /// The request broke the API's documented constraints and was not sent.
    case invalidRequest(RequestValidationError)
    /// The server answered with a status the operation does not treat as success.
    case status(StatusError<ErrorBody>)
    /// No response arrived: the connection failed or broke, after any retries.
    case transport(TransportError)
    /// Every attempt ran past its timeout.
    case timedOut(TimeoutError)
    /// A success response whose body could not be read as the documented type.
    case decoding(ResponseDecodingError)
    /// The calling task was cancelled.
    case cancelled

    /// The HTTP status code, when a response arrived.
    public var statusCode: Int? {
        switch self {
        case .status(let error): error.statusCode
        case .decoding(let error): error.statusCode
        default: nil
        }
    }

    /// The raw response body, when a response arrived.
    public var rawBody: Data? {
        switch self {
        case .status(let error): error.rawBody
        case .decoding(let error): error.rawBody
        default: nil
        }
    }

    /// The decoded error body of a documented error response.
    public var errorBody: ErrorBody? {
        if case .status(let error) = self { return error.body }
        return nil
    }

    /// A one-line summary for logs, free of credentials.
    public var description: String {
        switch self {
        case .invalidRequest(let error): error.description
        case .status(let error): error.description
        case .transport(let error): error.description
        case .timedOut(let error): error.description
        case .decoding(let error): error.description
        case .cancelled: "The request was cancelled."
        }
    }
}

extension APIError: LocalizedError {
    /// The same text as `description`, so `localizedDescription` is useful too.
    public var errorDescription: String? { description }
}

extension APIError: Equatable where ErrorBody: Equatable {}
extension APIError: Hashable where ErrorBody: Hashable {}

/// An error status from the server, with the decoded documented error body when there is one.
public struct StatusError<Body: Sendable>: Error, Sendable, CustomStringConvertible {
    /// The HTTP status code.
    public let statusCode: Int
    /// The response headers.
    public let headers: HTTPFields
    /// The decoded error body, when the API documents one for this status and it decoded.
    public let body: Body?
    /// The response body as received.
    public let rawBody: Data
    /// The operation that failed.
    public let operationID: String
    /// How many times the request was sent.
    public let attempts: Int
    /// The body preview for `description`, with credentials already removed.
    private let preview: String

    /// Creates a status error.
    public init(statusCode: Int, headers: HTTPFields, body: Body?, rawBody: Data, operationID: String, attempts: Int) {
        self.init(statusCode: statusCode, headers: headers, body: body, rawBody: rawBody, operationID: operationID,
                  attempts: attempts, redactor: Redactor())
    }

    init(statusCode: Int, headers: HTTPFields, body: Body?, rawBody: Data, operationID: String, attempts: Int,
         redactor: Redactor) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.rawBody = rawBody
        self.operationID = operationID
        self.attempts = attempts
        self.preview = BodyPreview.text(rawBody, redactor: redactor)
    }

    /// The server's identifier for the request (`x-request-id` or `request-id`), for support tickets.
    public var requestID: String? { headers.requestID }

    /// The response's `Content-Type`.
    public var contentType: String? { headers[.contentType] }

    /// `create_canary_deploy: HTTP 422 after 1 attempt (request ID req_1): {"detail":…}`
    public var description: String {
        var text = "\(operationID): HTTP \(statusCode) after \(Plural.count(attempts, "attempt"))"
        if let requestID { text += " (request ID \(requestID))" }
        return text + (preview.isEmpty ? "" : ": " + preview)
    }
}

extension StatusError: Equatable where Body: Equatable {
    /// Equal when every public property is equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.headers == rhs.headers && lhs.body == rhs.body
            && lhs.rawBody == rhs.rawBody && lhs.operationID == rhs.operationID && lhs.attempts == rhs.attempts
    }
}

extension StatusError: Hashable where Body: Hashable {
    /// Hashes the public properties.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(statusCode)
        hasher.combine(headers)
        hasher.combine(body)
        hasher.combine(rawBody)
        hasher.combine(operationID)
        hasher.combine(attempts)
    }
}

/// The request never got a response: the connection could not be made, broke, or the response
/// was unusable (too large, malformed).
///
/// The underlying error is kept for inspection, but descriptions and reflection show only
/// ``message``, from which credentials have been removed (a `URLError` mentions the full URL,
/// query credentials included).
public struct TransportError: Error, Sendable, Hashable, CustomStringConvertible, CustomReflectable {
    /// What kind of failure it was.
    public enum Kind: String, Sendable, Hashable {
        /// The connection could not be made or broke before the response was complete.
        case connection
        /// The response body was larger than ``ClientConfiguration/maxResponseBytes``.
        case responseTooLarge
        /// Anything else the transport or a middleware threw.
        case other
    }

    /// What kind of failure it was.
    public let kind: Kind
    /// The operation that failed.
    public let operationID: String
    /// How many times the request was sent.
    public let attempts: Int
    /// What went wrong, without credentials.
    public let message: String
    /// The error the transport or a middleware threw, when there was one.
    public let underlyingError: (any Error)?

    /// Creates a transport error.
    public init(kind: Kind, operationID: String, attempts: Int, message: String, underlyingError: (any Error)? = nil) {
        self.kind = kind
        self.operationID = operationID
        self.attempts = attempts
        self.message = message
        self.underlyingError = underlyingError
    }

    /// `list_items: connection failed after 3 attempts: …`
    public var description: String {
        "\(operationID): \(kind.summary) after \(Plural.count(attempts, "attempt")): \(message)"
    }

    /// Reflection without the underlying error, whose own description may carry the URL.
    public var customMirror: Mirror {
        Mirror(self, children: ["kind": kind, "operationID": operationID, "attempts": attempts, "message": message])
    }

    /// Equal when kind, operation, attempts and message are; the underlying errors are not compared.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.kind == rhs.kind && lhs.operationID == rhs.operationID && lhs.attempts == rhs.attempts
            && lhs.message == rhs.message
    }

    /// Hashes what `==` compares.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(operationID)
        hasher.combine(attempts)
        hasher.combine(message)
    }
}

extension TransportError.Kind {
    fileprivate var summary: String {
        switch self {
        case .connection: "connection failed"
        case .responseTooLarge: "response too large"
        case .other: "request failed"
        }
    }
}

/// Every attempt ran past the per-attempt timeout.
public struct TimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The operation that timed out.
    public let operationID: String
    /// How many times the request was sent.
    public let attempts: Int
    /// The limit for each attempt.
    public let timeout: Duration

    /// Creates a timeout error.
    public init(operationID: String, attempts: Int, timeout: Duration) {
        self.operationID = operationID
        self.attempts = attempts
        self.timeout = timeout
    }

    /// `list_items: timed out after 3 attempts of at most 60 s each`
    public var description: String {
        "\(operationID): timed out after \(Plural.count(attempts, "attempt")) of at most \(DurationText.seconds(timeout)) each"
    }
}

/// A success response whose body is not what the operation documents: the wrong content type,
/// or content that does not decode as the documented type.
public struct ResponseDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code.
    public let statusCode: Int
    /// The response's `Content-Type`, if it had one.
    public let contentType: String?
    /// The response body as received.
    public let rawBody: Data
    /// The operation whose response failed to decode.
    public let operationID: String
    /// Why it failed: the decoder's explanation with the coding path, or the content type mismatch.
    public let reason: String
    /// The body preview for `description`, with credentials already removed.
    private let preview: String

    /// Creates a decoding error.
    public init(statusCode: Int, contentType: String?, rawBody: Data, operationID: String, reason: String) {
        self.init(statusCode: statusCode, contentType: contentType, rawBody: rawBody, operationID: operationID,
                  reason: reason, redactor: Redactor())
    }

    init(statusCode: Int, contentType: String?, rawBody: Data, operationID: String, reason: String, redactor: Redactor) {
        self.statusCode = statusCode
        self.contentType = contentType
        self.rawBody = rawBody
        self.operationID = operationID
        self.reason = redactor(reason)
        self.preview = BodyPreview.text(rawBody, redactor: redactor)
    }

    /// `get_item: cannot decode the HTTP 200 response (text/html, 12 bytes): <reason>: <preview>`
    public var description: String {
        let type = contentType ?? "no content type"
        var text = "\(operationID): cannot decode the HTTP \(statusCode) response (\(type), \(Plural.count(rawBody.count, "byte"))): \(reason)"
        if !preview.isEmpty { text += ". Body: " + preview }
        return text
    }
}

// MARK: - Text helpers

/// Removes credential values from text meant for logs.
struct Redactor: Sendable {
    /// Secrets, longest first so a secret that contains another is removed whole.
    private let secrets: [String]

    init(secrets: [String] = []) {
        // Very short values would mangle unrelated text and are no real secret.
        let usable = Set(secrets.filter { $0.count >= 3 })
        self.secrets = usable.sorted { $0.count > $1.count }
    }

    func callAsFunction(_ text: String) -> String {
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}

enum BodyPreview {
    /// Characters of body shown in descriptions.
    static let limit = 300

    /// The body as one line of text, credentials removed, truncated to `limit` characters.
    static func text(_ body: Data, redactor: Redactor) -> String {
        guard !body.isEmpty else { return "" }
        let decoded = String(decoding: body, as: UTF8.self)
        let clean = String(String.UnicodeScalarView(redactor(decoded).unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control ? " " : scalar
        }))
        guard clean.count > limit else { return clean }
        return String(clean.prefix(limit)) + "… (\(Plural.count(body.count, "byte")))"
    }
}

enum Plural {
    /// `1 attempt`, `3 attempts`.
    static func count(_ count: Int, _ noun: String, plural: String? = nil) -> String {
        "\(count) " + (count == 1 ? noun : plural ?? noun + "s")
    }
}

enum DurationText {
    /// `60 s`, `0.25 s`.
    static func seconds(_ duration: Duration) -> String {
        NumberText.format(duration.seconds) + " s"
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    var seconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}

extension HTTPFields {
    var requestID: String? {
        for name in ["x-request-id", "request-id"] {
            if let fieldName = HTTPField.Name(name), let value = self[fieldName] { return value }
        }
        return nil
    }
}
