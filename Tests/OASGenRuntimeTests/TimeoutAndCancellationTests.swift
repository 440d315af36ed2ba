import Foundation
import HTTPTypes
import LoopbackServer
import OpenAPIRuntime
import Testing

@testable import OASGenRuntime

@Suite("Timeouts, cancellation and middlewares")
struct TimeoutAndCancellationTests {
    let get = APIRequest(method: .get, path: "/slow", operationID: "get_slow")

    @Test("An attempt that outlasts the timeout fails with .timedOut")
    func timeout() async throws {
        try await withServer { server in
            // The server would answer after 30 s; the call must give up long before. The bound is
            // loose because every suite starts at once on two cores, which can stall a test for seconds.
            server.enqueue(.delay(.seconds(30), then: .json("{}")))
            let core = makeCore(server, retry: .none, timeout: .milliseconds(200))
            let clock = ContinuousClock()
            let start = clock.now
            let error = await expectAPIError { () throws(TestError) in try await core.send(get) }
            #expect(error?.timeoutPayload == TimeoutError(operationID: "get_slow", attempts: 1, timeout: .milliseconds(200)))
            #expect(error?.description == "get_slow: timed out after 1 attempt of at most 0.2 s each")
            #expect(clock.now - start < .seconds(15))
        }
    }

    @Test("A timed-out attempt is retried, and the per-call timeout overrides the client's")
    func timeoutRetried() async throws {
        try await withServer { server in
            server.enqueue(.delay(.seconds(3), then: .json("{}")), .json(#"{"ok":true}"#))
            let core = makeCore(server, timeout: .seconds(30))
            let response = try await core.send(get, options: RequestOptions(timeout: .milliseconds(200)))
            #expect(response.attempts == 2)
            #expect(String(decoding: response.body, as: UTF8.self) == #"{"ok":true}"#)
        }
    }

    @Test("Cancelling the calling task ends the call with .cancelled")
    func cancellation() async throws {
        try await withServer { server in
            server.enqueue(.delay(.seconds(30), then: .json("{}")))
            let core = makeCore(server, timeout: .seconds(60))
            let clock = ContinuousClock()
            let start = clock.now
            let task = Task { () async -> TestError? in
                await expectAPIError { () throws(TestError) in try await core.send(get) }
            }
            try await Task.sleep(for: .milliseconds(150))
            task.cancel()
            let error = await task.value
            #expect(error?.isCancelled == true)
            #expect(error?.description == "The request was cancelled.")
            #expect(clock.now - start < .seconds(15))
        }
    }

    @Test("Cancellation during the wait before a retry stops retrying")
    func cancellationDuringBackoff() async throws {
        try await withServer { server in
            server.handle { _ in .status(503, headers: ["Retry-After": "30"]) }
            let core = makeCore(server)
            let task = Task { () async -> TestError? in
                await expectAPIError { () throws(TestError) in try await core.send(get) }
            }
            // Cancel once the first attempt was answered and the client is waiting out Retry-After.
            #expect(await server.waitForRequests(1))
            try await Task.sleep(for: .milliseconds(100))
            task.cancel()
            let error = await task.value
            #expect(error?.isCancelled == true)
            #expect(server.requests.count == 1)
        }
    }

    @Test("Middlewares run around each attempt, first one outermost, and see the operation")
    func middlewareOrder() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 500, "{}"), .json("{}"))
            let log = EventLog()
            let core = makeCore(server, middlewares: [Recorder(name: "A", log: log), Recorder(name: "B", log: log)])
            _ = try await core.send(get)
            #expect(log.events == [
                "A in get_slow", "B in get_slow", "B out 500", "A out 500",
                "A in get_slow", "B in get_slow", "B out 200", "A out 200",
            ])
            #expect(server.requests.map { $0.headers(named: "X-Seen-By") } == [["A,B"], ["A,B"]])
        }
    }

    @Test("An error thrown by a middleware is a transport error")
    func middlewareError() async throws {
        try await withServer { server in
            let core = makeCore(server, retry: .none, middlewares: [Failing()])
            let error = await expectAPIError { () throws(TestError) in try await core.send(get) }
            let transport = try #require(error?.transportPayload)
            #expect(transport.kind == .other)
            #expect(transport.message == "refused by policy")
            #expect(transport.underlyingError is Failing.Refusal)
            #expect(server.requests.isEmpty)
        }
    }
}

/// Thread-safe list of strings.
final class EventLog: @unchecked Sendable {
    private let lock = NSLock()
    private var recorded: [String] = []

    var events: [String] { lock.withLock { recorded } }

    func append(_ event: String) { lock.withLock { recorded.append(event) } }
}

/// Logs entry and exit and adds its name to `X-Seen-By`.
struct Recorder: ClientMiddleware {
    let name: String
    let log: EventLog

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        log.append("\(name) in \(operationID)")
        var request = request
        let seen = HTTPField.Name("X-Seen-By")!
        request.headerFields[seen] = request.headerFields[seen].map { $0 + "," + name } ?? name
        let (response, responseBody) = try await next(request, body, baseURL)
        log.append("\(name) out \(response.status.code)")
        return (response, responseBody)
    }
}

/// Refuses every request.
struct Failing: ClientMiddleware {
    struct Refusal: Error, CustomStringConvertible {
        var description: String { "refused by policy" }
    }

    func intercept(
        _ request: HTTPRequest, body: HTTPBody?, baseURL: URL, operationID: String,
        next: @Sendable (HTTPRequest, HTTPBody?, URL) async throws -> (HTTPResponse, HTTPBody?)
    ) async throws -> (HTTPResponse, HTTPBody?) {
        throw Refusal()
    }
}
