import Foundation
import HTTPTypes
import LoopbackServer
import OpenAPIRuntime
import Testing

@testable import OASGenRuntime

/// The documented error bodies of the test API, as a generated client declares them.
enum TestErrorBody: Sendable, Hashable {
    case validation(ValidationProblem)
}

typealias TestError = APIError<TestErrorBody>

/// A documented 422 body.
struct ValidationProblem: Codable, Hashable, Sendable {
    var detail: [Detail]

    struct Detail: Codable, Hashable, Sendable {
        var loc: [String]
        var msg: String
    }
}

/// A small response model.
struct Item: Codable, Hashable, Sendable {
    var id: String
    var count: Int
    var createdAt: Date?

    enum CodingKeys: String, CodingKey {
        case id
        case count
        case createdAt = "created_at"
    }
}

/// Backoffs small enough that retry tests take milliseconds.
let quickRetry = RetryPolicy(maxRetries: 2, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(20), jitter: 0)

/// A core that talks to `server` over real HTTP with `URLSessionTransport`.
func makeCore(
    _ server: LoopbackServer, retry: RetryPolicy = quickRetry, timeout: Duration = .seconds(5),
    headers: HTTPFields = [:], credentials: [Credential] = [], middlewares: [any ClientMiddleware] = [],
    maxResponseBytes: Int = 1 << 20, sleep: (@Sendable (Duration) async throws -> Void)? = nil
) -> APIClientCore<TestErrorBody> {
    let configuration = ClientConfiguration(
        baseURL: server.baseURL, transport: URLSessionTransport(), middlewares: middlewares, retry: retry,
        timeout: timeout, headers: headers, credentials: credentials, userAgent: "TestAPI/1.0 oasgen",
        maxResponseBytes: maxResponseBytes)
    if let sleep { return APIClientCore(configuration: configuration, sleep: sleep) }
    return APIClientCore(configuration: configuration)
}

/// Runs `body` on a fresh server and always shuts it down.
func withServer<Result>(_ body: (LoopbackServer) async throws -> Result) async throws -> Result {
    let server = try await LoopbackServer.start()
    do {
        let result = try await body(server)
        try await server.shutdown()
        return result
    } catch {
        try? await server.shutdown()
        throw error
    }
}

/// The error `body` throws; records an issue when it returns instead.
func expectAPIError<ErrorBody, Value>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(APIError<ErrorBody>) -> Value
) async -> APIError<ErrorBody>? {
    do throws(APIError<ErrorBody>) {
        let value = try await body()
        Issue.record("Expected an error, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// Records the waits a core asks for instead of waiting.
final class SleepRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Duration] = []

    var delays: [Duration] { lock.withLock { recorded } }

    var sleep: @Sendable (Duration) async throws -> Void {
        { duration in self.lock.withLock { self.recorded.append(duration) } }
    }
}

/// `Wed, 21 Oct 2015 07:28:00 GMT` for a date, as servers send in `Retry-After`.
func httpDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: date)
}

extension APIError {
    /// The payload of `.status`, for assertions.
    var statusPayload: StatusError<ErrorBody>? {
        if case .status(let error) = self { return error }
        return nil
    }

    /// The payload of `.transport`, for assertions.
    var transportPayload: TransportError? {
        if case .transport(let error) = self { return error }
        return nil
    }

    /// The payload of `.decoding`, for assertions.
    var decodingPayload: ResponseDecodingError? {
        if case .decoding(let error) = self { return error }
        return nil
    }

    /// The payload of `.timedOut`, for assertions.
    var timeoutPayload: TimeoutError? {
        if case .timedOut(let error) = self { return error }
        return nil
    }

    /// The payload of `.invalidRequest`, for assertions.
    var validationPayload: RequestValidationError? {
        if case .invalidRequest(let error) = self { return error }
        return nil
    }

    var isCancelled: Bool {
        if case .cancelled = self { return true }
        return false
    }
}

/// Everything `dump` prints for a value, the way a debugger or a log of a whole object would.
func dumped(_ value: Any) -> String {
    var text = ""
    dump(value, to: &text)
    return text
}

extension APIClientCore {
    /// Sends like a generated operation: 2xx is success, anything else a status error.
    func call(_ request: APIRequest, options: RequestOptions = RequestOptions()) async throws(APIError<ErrorBody>) -> APIResponse {
        let response = try await send(request, options: options)
        switch response.statusCode {
        case 200..<300: return response
        default: throw statusError(response, body: nil)
        }
    }
}
