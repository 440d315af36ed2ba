import Foundation
import HTTPTypes
import LoopbackServer
import Testing

@testable import OASGenRuntime

@Suite("Retries")
struct RetryTests {
    let get = APIRequest(method: .get, path: "/items", operationID: "list_items")
    let post = APIRequest(method: .post, path: "/items", operationID: "create_item")

    @Test("A 500 then a 200 succeeds on the second attempt, after the computed backoff")
    func serverErrorThenSuccess() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 500, #"{"error":"boom"}"#), .json(#"{"ok":true}"#))
            let sleeps = SleepRecorder()
            let core = makeCore(server, sleep: sleeps.sleep)
            let response = try await core.send(get)
            #expect(response.statusCode == 200)
            #expect(response.attempts == 2)
            #expect(server.requests.count == 2)
            #expect(sleeps.delays == [.milliseconds(5)])
        }
    }

    @Test("Retry-After in seconds is honoured")
    func retryAfterSeconds() async throws {
        try await withServer { server in
            server.enqueue(.status(429, headers: ["Retry-After": "3"]), .json("{}"))
            let sleeps = SleepRecorder()
            let response = try await makeCore(server, sleep: sleeps.sleep).send(get)
            #expect(response.statusCode == 200)
            #expect(sleeps.delays == [.seconds(3)])
        }
    }

    @Test("Retry-After as an HTTP date is honoured")
    func retryAfterDate() async throws {
        try await withServer { server in
            let start = Date()
            server.enqueue(.status(503, headers: ["Retry-After": httpDate(start.addingTimeInterval(30))]), .json("{}"))
            let sleeps = SleepRecorder()
            _ = try await makeCore(server, sleep: sleeps.sleep).send(get)
            // The date has whole seconds, so the wait is at most 30 s, and at least 30 s less the
            // time the exchange took (seconds, on a loaded machine) and the second cut off.
            let elapsed = Date().timeIntervalSince(start)
            let delay = try #require(sleeps.delays.first)
            #expect(delay > .milliseconds(Int((29 - elapsed) * 1000)) && delay <= .seconds(30))
        }
    }

    @Test("retry-after-ms is honoured, and the wait really happens")
    func retryAfterMilliseconds() async throws {
        try await withServer { server in
            server.enqueue(.status(503, headers: ["retry-after-ms": "250"]), .json("{}"))
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await makeCore(server).send(get)
            #expect(response.attempts == 2)
            #expect(clock.now - start >= .milliseconds(250))
        }
    }

    @Test("A Retry-After beyond the policy's limit falls back to the computed backoff")
    func retryAfterTooLong() async throws {
        try await withServer { server in
            server.enqueue(.status(429, headers: ["Retry-After": "120"]), .json("{}"))
            let sleeps = SleepRecorder()
            _ = try await makeCore(server, sleep: sleeps.sleep).send(get)
            #expect(sleeps.delays == [.milliseconds(5)])
        }
    }

    @Test("A reset connection is retried on a new one")
    func resetThenSuccess() async throws {
        try await withServer { server in
            server.enqueue(.resetConnection, .json(#"{"ok":true}"#))
            let response = try await makeCore(server).send(get)
            #expect(response.statusCode == 200)
            #expect(response.attempts == 2)
            #expect(server.requests.map(\.connection) == [0, 1])
        }
    }

    @Test("POST is not retried without an idempotency key")
    func postNotRetried() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 500, "{}"), .json("{}"))
            let error = await expectAPIError { () throws(TestError) in try await makeCore(server).call(post) }
            #expect(error?.statusPayload?.statusCode == 500)
            #expect(error?.statusPayload?.attempts == 1)
            #expect(server.requests.count == 1)
        }
    }

    @Test("POST with an idempotency key is retried, sending the same key each time")
    func postRetriedWithKey() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 503, "{}"), .json("{}"))
            let response = try await makeCore(server).send(post, options: RequestOptions(idempotencyKey: "idem-1"))
            #expect(response.attempts == 2)
            #expect(server.requests.map { $0.header("Idempotency-Key") } == ["idem-1", "idem-1"])
        }
    }

    @Test("POST is retried when the policy allows it")
    func postRetriedByPolicy() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 503, "{}"), .json("{}"))
            var policy = quickRetry
            policy.retriesNonIdempotentRequests = true
            let response = try await makeCore(server, retry: policy).send(post)
            #expect(response.attempts == 2)
        }
    }

    @Test("When retries run out, the last status is thrown with the attempt count")
    func exhaustion() async throws {
        try await withServer { server in
            server.handle { _ in .json(status: 503, #"{"error":"overloaded"}"#) }
            let sleeps = SleepRecorder()
            let error = await expectAPIError { () throws(TestError) in try await makeCore(server, sleep: sleeps.sleep).call(get) }
            #expect(error?.statusPayload?.statusCode == 503)
            #expect(error?.statusPayload?.attempts == 3)
            #expect(server.requests.count == 3)
            // Doubling from 5 ms, capped at 20 ms.
            #expect(sleeps.delays == [.milliseconds(5), .milliseconds(10)])
        }
    }

    @Test("When connections keep failing, a transport error is thrown with the attempt count")
    func transportExhaustion() async throws {
        try await withServer { server in
            server.handle { _ in .closeWithoutResponse }
            let error = await expectAPIError { () throws(TestError) in try await makeCore(server).send(get) }
            let transport = try #require(error?.transportPayload)
            #expect(transport.kind == .connection)
            #expect(transport.attempts == 3)
            #expect(transport.description.hasPrefix("list_items: connection failed after 3 attempts: "))
            #expect(server.requests.count == 3)
        }
    }

    @Test("Statuses outside the retryable set and RetryPolicy.none are not retried")
    func notRetried() async throws {
        try await withServer { server in
            server.handle { _ in .json(status: 500, "{}") }
            let options = RequestOptions(retry: RetryPolicy.none)
            let error = await expectAPIError { () throws(TestError) in try await makeCore(server).call(get, options: options) }
            #expect(error?.statusPayload?.attempts == 1)
            server.enqueue(.json(status: 400, "{}"))
            let badRequest = await expectAPIError { () throws(TestError) in try await makeCore(server).call(get) }
            #expect(badRequest?.statusPayload?.attempts == 1)
            #expect(server.requests.count == 2)
        }
    }

    @Test("Backoff doubles, is capped, and jitter only shortens it")
    func backoff() {
        let policy = RetryPolicy(initialBackoff: .milliseconds(500), maxBackoff: .seconds(8), jitter: 0.25)
        #expect(policy.delay(beforeRetry: 1, responseHeaders: nil, random: 0) == .milliseconds(500))
        #expect(policy.delay(beforeRetry: 2, responseHeaders: nil, random: 0) == .seconds(1))
        #expect(policy.delay(beforeRetry: 3, responseHeaders: nil, random: 1) == .milliseconds(1500))
        #expect(policy.delay(beforeRetry: 10, responseHeaders: nil, random: 0) == .seconds(8))
        let now = Date(timeIntervalSince1970: 1_445_412_480)  // Wed, 21 Oct 2015 07:28:00 GMT
        let dated: HTTPFields = [HTTPField.Name("Retry-After")!: "Wed, 21 Oct 2015 07:28:30 GMT"]
        #expect(policy.delay(beforeRetry: 1, responseHeaders: dated, now: now) == .seconds(30))
        let past: HTTPFields = [HTTPField.Name("Retry-After")!: "Wed, 21 Oct 2015 07:27:00 GMT"]
        #expect(policy.delay(beforeRetry: 1, responseHeaders: past, now: now) == .zero)
        let garbage: HTTPFields = [HTTPField.Name("Retry-After")!: "soon"]
        #expect(policy.delay(beforeRetry: 1, responseHeaders: garbage, random: 0) == .milliseconds(500))
        #expect(httpDate(now) == "Wed, 21 Oct 2015 07:28:00 GMT")
    }
}
