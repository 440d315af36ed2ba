import Foundation
import LoopbackServer
import OASGenRuntime
import Testing

/// Backoffs small enough that retry tests take milliseconds; Retry-After is still honoured.
let quickRetry = RetryPolicy(maxRetries: 2, initialBackoff: .milliseconds(5), maxBackoff: .milliseconds(20), jitter: 0)

/// Runs `body` on a fresh loopback server and always shuts it down.
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
func expectError<Failure: Error, Value>(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws(Failure) -> Value
) async -> Failure? {
    do throws(Failure) {
        let value = try await body()
        Issue.record("expected an error, got \(value)", sourceLocation: sourceLocation)
        return nil
    } catch {
        return error
    }
}

/// A JSON body as an object graph, so tests compare meaning rather than key order or spacing.
func jsonObject(_ data: Data) throws -> NSDictionary {
    try #require(try JSONSerialization.jsonObject(with: data) as? NSDictionary)
}

func jsonObject(_ text: String) throws -> NSDictionary {
    try jsonObject(Data(text.utf8))
}

/// `Wed, 21 Oct 2015 07:28:00 GMT`, as servers send in `Retry-After`.
func httpDate(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "GMT")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
    return formatter.string(from: date)
}

/// `2024-05-01T10:00:00.250Z` → the date, for comparing decoded timestamps.
func date(_ text: String) throws -> Date {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    if let value = formatter.date(from: text) { return value }
    formatter.formatOptions = [.withInternetDateTime]
    return try #require(formatter.date(from: text))
}

extension APIError {
    var statusPayload: StatusError<ErrorBody>? {
        if case .status(let error) = self { return error }
        return nil
    }

    var validationPayload: RequestValidationError? {
        if case .invalidRequest(let error) = self { return error }
        return nil
    }

    var decodingPayload: ResponseDecodingError? {
        if case .decoding(let error) = self { return error }
        return nil
    }

    var transportPayload: TransportError? {
        if case .transport(let error) = self { return error }
        return nil
    }

    var timeoutPayload: TimeoutError? {
        if case .timedOut(let error) = self { return error }
        return nil
    }
}

/// Records the base URL each request was going to, then sends it to `target` instead: how a
/// test sees that an operation picked its own server without a DNS name for it.
final class RedirectingMiddleware: ClientMiddleware, Sendable {
    private let target: URL
    private let recorder = Recorder<String>()

    init(to target: URL) {
        self.target = target
    }

    var destinations: [String] { recorder.values }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        recorder.append(baseURL.absoluteString)
        return try await next(request, body, target)
    }
}

/// Collects values handed to a `@Sendable` callback.
final class Recorder<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [Value] = []

    var values: [Value] { lock.withLock { recorded } }

    func append(_ value: Value) {
        lock.withLock { recorded.append(value) }
    }
}
