import Foundation
import HTTPTypes
import OpenAPIRuntime

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The engine behind a generated client: sends ``APIRequest``s with the configuration's
/// defaults, credentials, middlewares, timeout and retries, and turns responses into values
/// or typed errors.
///
/// `ErrorBody` is the API's enum of documented error bodies.
public struct APIClientCore<ErrorBody: Sendable>: Sendable, CustomStringConvertible, CustomDebugStringConvertible,
    CustomReflectable
{
    /// The client's settings.
    public let configuration: ClientConfiguration
    /// The base URL without a trailing slash: transports append the path to it verbatim.
    private let baseURL: URL
    private let redactor: Redactor
    /// Waits between attempts; tests replace it to observe delays without waiting.
    private let sleep: @Sendable (Duration) async throws -> Void

    /// Creates a core for a generated client.
    public init(configuration: ClientConfiguration) {
        self.init(configuration: configuration, sleep: { try await Task.sleep(for: $0) })
    }

    init(configuration: ClientConfiguration, sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.configuration = configuration
        self.baseURL = Self.trimmingTrailingSlash(configuration.baseURL)
        self.redactor = Redactor(secrets: configuration.secrets)
        self.sleep = sleep
    }

    // MARK: Validation

    /// Validates a request body or parameter model before anything is sent.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` with every violation.
    public func validate(_ value: some Validatable) throws(APIError<ErrorBody>) {
        var context = ValidationContext()
        value.validate(in: &context)
        try throwIfInvalid(context)
    }

    /// Runs parameter checks (`context.check(limit, at: "limit", minimum: 1)`) before anything is sent.
    ///
    /// - Throws: ``APIError/invalidRequest(_:)`` with every violation.
    public func validate(_ checks: (inout ValidationContext) -> Void) throws(APIError<ErrorBody>) {
        var context = ValidationContext()
        checks(&context)
        try throwIfInvalid(context)
    }

    private func throwIfInvalid(_ context: ValidationContext) throws(APIError<ErrorBody>) {
        if !context.violations.isEmpty { throw .invalidRequest(RequestValidationError(violations: context.violations)) }
    }

    // MARK: Sending

    /// Sends a request, retrying as the policy allows, and returns the response whatever its
    /// status; the caller decides which statuses are errors.
    ///
    /// - Throws: ``APIError/transport(_:)``, ``APIError/timedOut(_:)`` or ``APIError/cancelled``
    ///   when no usable response arrived.
    public func send(_ request: APIRequest, options: RequestOptions = RequestOptions()) async throws(APIError<ErrorBody>)
        -> APIResponse
    {
        guard case .response(let response) = try await perform(request, options: options, streaming: false) else {
            preconditionFailure("a request sent without streaming was streamed")
        }
        return response
    }

    /// Sends a request whose success response is a `text/event-stream`, retrying as the policy
    /// allows until a response arrives. A 2xx response is returned as its events, read as they
    /// arrive (the timeout covers only the wait for the response to start); any other status is
    /// read whole, for the caller to turn into an error.
    ///
    /// - Throws: as ``send(_:options:)``.
    public func openEventStream(_ request: APIRequest, options: RequestOptions = RequestOptions()) async throws(APIError<ErrorBody>)
        -> StreamedResponse<ErrorBody>
    {
        var request = request
        request.headers["Accept"] = "text/event-stream"
        return try await perform(request, options: options, streaming: true)
    }

    /// The retry loop behind ``send(_:options:)`` and ``openEventStream(_:options:)``.
    private func perform(_ request: APIRequest, options: RequestOptions, streaming: Bool) async throws(APIError<ErrorBody>)
        -> StreamedResponse<ErrorBody>
    {
        let policy = options.retry ?? configuration.retry
        let timeout = options.timeout ?? configuration.timeout
        let redactor = Redactor(secrets: configuration.secrets + Redaction.sensitiveValues(options.headers))
        let httpRequest = makeHTTPRequest(request, options: options)
        let destination = baseURL(for: request)
        let mayRetry = policy.allowsRetry(of: request.method, hasIdempotencyKey: options.idempotencyKey != nil)
        var attempts = 0
        while true {
            if Task.isCancelled { throw .cancelled }
            attempts += 1
            let outcome = await attempt(
                httpRequest, body: request.body?.data, baseURL: destination, operationID: request.operationID,
                timeout: timeout, streaming: streaming)
            let canRetry = mayRetry && attempts <= policy.maxRetries
            switch outcome {
            case .streaming(let response, let body):
                report(response, attempts: attempts, to: options, operationID: request.operationID)
                let context = StreamContext(
                    statusCode: response.status.code, headers: response.headerFields, operationID: request.operationID,
                    attempts: attempts, redactor: redactor)
                return .events(EventStream(body: body, context: context) { (event, _) throws(APIError<ErrorBody>) in event })
            case .response(let response, let body):
                if canRetry, policy.retryableStatusCodes.contains(response.status.code) {
                    try await pause(policy.delay(beforeRetry: attempts, responseHeaders: response.headerFields))
                    continue
                }
                report(response, attempts: attempts, to: options, operationID: request.operationID)
                return .response(APIResponse(
                    statusCode: response.status.code, headers: response.headerFields, body: body,
                    operationID: request.operationID, attempts: attempts, redactor: redactor))
            case .timedOut:
                if canRetry {
                    try await pause(policy.delay(beforeRetry: attempts, responseHeaders: nil))
                    continue
                }
                throw .timedOut(TimeoutError(operationID: request.operationID, attempts: attempts, timeout: timeout))
            case .failed(let error):
                let failure = TransportFailure(error)
                if failure == .cancelled || Task.isCancelled { throw .cancelled }
                if failure == .timedOut {
                    if canRetry {
                        try await pause(policy.delay(beforeRetry: attempts, responseHeaders: nil))
                        continue
                    }
                    throw .timedOut(TimeoutError(operationID: request.operationID, attempts: attempts, timeout: timeout))
                }
                if canRetry, failure.isRetryable {
                    try await pause(policy.delay(beforeRetry: attempts, responseHeaders: nil))
                    continue
                }
                throw .transport(TransportError(
                    kind: failure.kind, operationID: request.operationID, attempts: attempts,
                    message: redactor(TransportFailure.message(for: error)), underlyingError: error))
            case .tooLarge:
                throw .transport(TransportError(
                    kind: .responseTooLarge, operationID: request.operationID, attempts: attempts,
                    message: "the response body is larger than \(configuration.maxResponseBytes) bytes"))
            }
        }
    }

    private func report(_ response: HTTPResponse, attempts: Int, to options: RequestOptions, operationID: String) {
        options.onResponse?(ResponseInfo(
            statusCode: response.status.code, headers: response.headerFields, operationID: operationID, attempts: attempts))
    }

    /// What one attempt produced.
    private enum Outcome: Sendable {
        case response(HTTPResponse, Data)
        /// A 2xx response to a streaming request, its body not read yet.
        case streaming(HTTPResponse, HTTPBody?)
        case failed(any Error)
        case timedOut
        case tooLarge
    }

    /// The operation's own server when the API documents one and the client was not pointed
    /// somewhere else; otherwise the client's.
    private func baseURL(for request: APIRequest) -> URL {
        guard configuration.usesOperationServers, let server = request.server else { return baseURL }
        return Self.trimmingTrailingSlash(server)
    }

    /// One attempt, raced against the timeout; the loser is cancelled.
    private func attempt(
        _ request: HTTPRequest, body: Data?, baseURL: URL, operationID: String, timeout: Duration, streaming: Bool
    ) async -> Outcome {
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                await self.exchange(request, body: body, baseURL: baseURL, operationID: operationID, streaming: streaming)
            }
            group.addTask {
                do {
                    try await Task.sleep(for: timeout)
                } catch {
                    return nil  // cancelled: the exchange finished first, or the caller gave up
                }
                return .timedOut
            }
            while let result = await group.next() {
                if let outcome = result {
                    group.cancelAll()
                    return outcome
                }
            }
            return .failed(CancellationError())
        }
    }

    /// The middleware chain and transport, then the whole response body (unless it is a
    /// successful stream).
    private func exchange(_ request: HTTPRequest, body: Data?, baseURL: URL, operationID: String, streaming: Bool) async -> Outcome {
        let transport = configuration.transport
        var next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?) = {
            try await transport.send($0, body: $1, baseURL: $2, operationID: operationID)
        }
        // Wrapped from the last middleware inwards, so the first one runs outermost.
        for middleware in configuration.middlewares.reversed() {
            let inner = next
            next = { try await middleware.intercept($0, body: $1, baseURL: $2, operationID: operationID, next: inner) }
        }
        do {
            let (response, responseBody) = try await next(request, body.map { HTTPBody($0) }, baseURL)
            if streaming, (200..<300).contains(response.status.code) { return .streaming(response, responseBody) }
            guard let data = try await collect(responseBody) else { return .tooLarge }
            return .response(response, data)
        } catch {
            return .failed(error)
        }
    }

    /// The body's bytes, or `nil` when it is larger than allowed.
    private func collect(_ body: HTTPBody?) async throws -> Data? {
        guard let body else { return Data() }
        let limit = configuration.maxResponseBytes
        if case .known(let length) = body.length, length > limit { return nil }
        var data = Data()
        for try await chunk in body {
            guard data.count + chunk.count <= limit else { return nil }
            data.append(contentsOf: chunk)
        }
        return data
    }

    /// Waits before a retry.
    private func pause(_ delay: Duration) async throws(APIError<ErrorBody>) {
        do {
            try await sleep(delay)
        } catch {
            throw .cancelled
        }
        if Task.isCancelled { throw .cancelled }
    }

    /// The HTTP request: defaults, then the configuration's headers, credentials, the
    /// operation's parameters and body, and the call's options, each overriding the ones before.
    func makeHTTPRequest(_ request: APIRequest, options: RequestOptions) -> HTTPRequest {
        var fields: HTTPFields = [.accept: "application/json", .userAgent: configuration.userAgent]
        fields.override(with: configuration.headers)
        var query = request.query
        if request.isAuthenticated {
            for credential in configuration.credentials {
                if let field = credential.headerField {
                    fields[field.name] = field.value
                } else if case .query(let name, let value) = credential {
                    query.append(name, value)
                }
            }
        }
        fields.override(with: request.headers.fields)
        if let cookie = request.cookies.headerValue {
            // Cookies from the configuration's headers stay; the operation's are added.
            fields[.cookie] = fields[.cookie].map { $0 + "; " + cookie } ?? cookie
        }
        if let body = request.body { fields[.contentType] = body.contentType }
        if let key = options.idempotencyKey, let name = HTTPField.Name("Idempotency-Key") { fields[name] = key }
        fields.override(with: options.headers)
        let path = request.path.encodedPath + (query.isEmpty ? "" : "?" + query.encodedQuery)
        return HTTPRequest(method: request.method, scheme: nil, authority: nil, path: path, headerFields: fields)
    }

    private static func trimmingTrailingSlash(_ url: URL) -> URL {
        guard var components = URLComponents(url: url, resolvingAgainstBaseURL: false),
            components.percentEncodedPath.hasSuffix("/")
        else { return url }
        while components.percentEncodedPath.hasSuffix("/") { components.percentEncodedPath.removeLast() }
        return components.url ?? url
    }

    // MARK: Responses

    /// Decodes a JSON success body.
    ///
    /// An empty body decodes as `nil` for optional types and as `null` for ``JSONValue``.
    ///
    /// - Throws: ``APIError/decoding(_:)`` when the content type is not JSON or the body does
    ///   not decode, with the raw body and the decoder's explanation.
    public func decode<Value: Decodable>(_ type: Value.Type, from response: APIResponse) throws(APIError<ErrorBody>)
        -> Value
    {
        if response.body.isEmpty, let empty = (Value.self as? any EmptyBodyDecodable.Type)?.emptyBodyValue as? Value {
            return empty
        }
        if let contentType = response.contentType, !MediaType.isJSON(contentType) {
            throw decodingError(response, reason: "expected a JSON content type")
        }
        if response.body.isEmpty { throw decodingError(response, reason: "the body is empty") }
        do {
            return try JSONCoding.makeDecoder().decode(type, from: response.body)
        } catch {
            throw decodingError(response, reason: UnionDecoding.reason(error))
        }
    }

    /// Decodes a documented error body, or `nil` when it does not decode (the raw body stays
    /// available in the ``StatusError``). The content type is not checked: error bodies are
    /// often JSON under another label.
    public func decodeErrorBody<Value: Decodable>(_ type: Value.Type, from response: APIResponse) -> Value? {
        try? JSONCoding.makeDecoder().decode(type, from: response.body)
    }

    /// The body as text, in the charset the content type names (UTF-8 when it names none).
    ///
    /// - Throws: ``APIError/decoding(_:)`` when the bytes are not valid in that charset.
    public func decodeText(from response: APIResponse) throws(APIError<ErrorBody>) -> String {
        let encoding = response.contentType.flatMap(MediaType.charset).flatMap(MediaType.encoding) ?? .utf8
        guard let text = String(data: response.body, encoding: encoding) else {
            throw decodingError(response, reason: "the body is not valid \(encoding == .utf8 ? "UTF-8" : "text in its charset")")
        }
        return text
    }

    /// The body's bytes, for binary responses.
    public func decodeData(from response: APIResponse) -> Data {
        response.body
    }

    /// Accepts a response without content (`204 No Content`), ignoring any body.
    public func empty(from response: APIResponse) {}

    /// The error for a status the operation does not treat as success, with the decoded
    /// documented error body when there is one.
    public func statusError(_ response: APIResponse, body: ErrorBody?) -> APIError<ErrorBody> {
        .status(StatusError(
            statusCode: response.statusCode, headers: response.headers, body: body, rawBody: response.body,
            operationID: response.operationID, attempts: response.attempts, redactor: response.redactor))
    }

    private func decodingError(_ response: APIResponse, reason: String) -> APIError<ErrorBody> {
        .decoding(ResponseDecodingError(
            statusCode: response.statusCode, contentType: response.contentType, rawBody: response.body,
            operationID: response.operationID, reason: reason, redactor: response.redactor))
    }

    // MARK: Descriptions

    /// The configuration's description, without secrets.
    public var description: String { "APIClientCore(\(configuration))" }

    /// Same as `description`.
    public var debugDescription: String { description }

    /// Reflection without secrets.
    public var customMirror: Mirror { Mirror(self, children: ["configuration": configuration], displayStyle: .struct) }
}

/// A response as received, whatever its status.
/// What ``APIClientCore/openEventStream(_:options:)`` received.
public enum StreamedResponse<ErrorBody: Sendable>: Sendable {
    /// A 2xx response: its events, read as they arrive.
    case events(EventStream<ServerSentEvent, ErrorBody>)
    /// Any other status, read whole.
    case response(APIResponse)
}

public struct APIResponse: Sendable, Hashable {
    /// The HTTP status code.
    public let statusCode: Int
    /// The response headers.
    public let headers: HTTPFields
    /// The whole body.
    public let body: Data
    /// The operation that was called.
    public let operationID: String
    /// How many times the request was sent.
    public let attempts: Int
    /// Scrubs this call's credentials from the errors made from this response.
    let redactor: Redactor

    /// Creates a response, for tests of code that handles responses.
    public init(statusCode: Int, headers: HTTPFields = [:], body: Data = Data(), operationID: String = "", attempts: Int = 1) {
        self.init(statusCode: statusCode, headers: headers, body: body, operationID: operationID, attempts: attempts,
                  redactor: Redactor())
    }

    init(statusCode: Int, headers: HTTPFields, body: Data, operationID: String, attempts: Int, redactor: Redactor) {
        self.statusCode = statusCode
        self.headers = headers
        self.body = body
        self.operationID = operationID
        self.attempts = attempts
        self.redactor = redactor
    }

    /// The `Content-Type` header.
    public var contentType: String? { headers[.contentType] }

    /// Equal when every public property is equal.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        lhs.statusCode == rhs.statusCode && lhs.headers == rhs.headers && lhs.body == rhs.body
            && lhs.operationID == rhs.operationID && lhs.attempts == rhs.attempts
    }

    /// Hashes the public properties.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(statusCode)
        hasher.combine(headers)
        hasher.combine(body)
        hasher.combine(operationID)
        hasher.combine(attempts)
    }
}

/// Types with a natural value for an empty response body.
protocol EmptyBodyDecodable {
    static var emptyBodyValue: Self { get }
}

extension Optional: EmptyBodyDecodable {
    static var emptyBodyValue: Self { nil }
}

extension JSONValue: EmptyBodyDecodable {
    static var emptyBodyValue: Self { .null }
}

/// How a failed exchange is treated.
enum TransportFailure: Equatable {
    case cancelled
    case timedOut
    /// Worth retrying: refused, reset, lost, DNS.
    case connection
    /// Another error from a transport or middleware, retried in case it is transient.
    case other
    /// Retrying cannot help: a bad URL, a certificate problem.
    case permanent

    init(_ error: any Error) {
        if error is CancellationError {
            self = .cancelled
            return
        }
        if let error = error as? URLError {
            switch error.code {
            case .cancelled: self = .cancelled
            case .timedOut: self = .timedOut
            case .badURL, .unsupportedURL, .userCancelledAuthentication, .userAuthenticationRequired,
                .serverCertificateUntrusted, .serverCertificateHasBadDate, .serverCertificateNotYetValid,
                .serverCertificateHasUnknownRoot, .clientCertificateRejected, .clientCertificateRequired,
                .appTransportSecurityRequiresSecureConnection, .dataLengthExceedsMaximum, .fileDoesNotExist,
                .fileIsDirectory, .noPermissionsToReadFile:
                self = .permanent
            default: self = .connection
            }
            return
        }
        if error is EncodingError || error is DecodingError {
            self = .permanent
            return
        }
        self = .other
    }

    var isRetryable: Bool { self == .connection || self == .other }

    var kind: TransportError.Kind { self == .connection ? .connection : .other }

    /// A readable account of the error; callers remove credentials from it.
    static func message(for error: any Error) -> String {
        if let error = error as? URLError {
            return "URLError \(error.code.rawValue): \(error.localizedDescription)"
        }
        return String(describing: error)
    }
}

/// Media type checks on `Content-Type` values.
enum MediaType {
    /// `application/json`, `application/problem+json`, `text/json`, with any parameters.
    static func isJSON(_ contentType: String) -> Bool {
        let type = essence(contentType)
        return type == "application/json" || type == "text/json" || (type.hasPrefix("application/") && type.hasSuffix("+json"))
    }

    /// The `charset` parameter, lowercased.
    static func charset(_ contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let parts = parameter.split(separator: "=", maxSplits: 1)
            if parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces).lowercased() == "charset" {
                return parts[1].trimmingCharacters(in: CharacterSet(charactersIn: " \"")).lowercased()
            }
        }
        return nil
    }

    static func encoding(_ charset: String) -> String.Encoding? {
        switch charset {
        case "utf-8", "utf8": .utf8
        case "iso-8859-1", "latin1", "iso8859-1": .isoLatin1
        case "us-ascii", "ascii": .ascii
        case "utf-16": .utf16
        default: nil
        }
    }

    private static func essence(_ contentType: String) -> String {
        String(contentType.split(separator: ";", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces).lowercased()
    }
}

extension HTTPFields {
    /// Replaces every field whose name appears in `other` with `other`'s fields of that name.
    mutating func override(with other: HTTPFields) {
        for name in Set(other.map(\.name)) {
            self[fields: name] = other[fields: name]
        }
    }
}
