import Foundation
import HTTPTypes
import LoopbackServer
import Testing

@testable import OASGenRuntime

@Suite("Responses: decoding and typed errors")
struct ResponseTests {
    let body = CanaryDeployRequest(name: "canary", rules: [Rule(serve: Serve(rollout: [Rollout(variant: "a", weight: 50)]))])

    @Test("A 200 decodes as the documented type, dates and unknown enum values included")
    func success() async throws {
        try await withServer { server in
            server.enqueue(.json(#"{"id":"cd_1","stage":"paused","created_at":"2024-05-01T12:00:00.250+02:00","metadata":{"n":1}}"#))
            let client = CanaryClient(apiKey: "sk-test", server: .custom(server.baseURL), retry: .none)
            let response = try await client.create(assistantID: "asst 1", body: body, limit: 5, tags: ["x", "y"], ids: [1, 2],
                                                   traceHeader: "t-1", session: "s1")
            #expect(response == CanaryDeployResponse(
                id: "cd_1", stage: .undocumented("paused"), createdAt: Date(timeIntervalSince1970: 1_714_557_600.25),
                metadata: ["n": 1]))
            let received = try #require(server.requests.first)
            #expect(received.uri == "/ai/assistants/asst%201/canary-deploys?limit=5&tags=x&tags=y&ids=1,2")
            #expect(received.header("X-Trace") == "t-1")
            #expect(received.header("Cookie") == "session=s1")
            #expect(received.header("Authorization") == "Bearer sk-test")
            #expect(received.header("User-Agent") == "CanaryAPI/2.0.0 oasgen")
            #expect(received.bodyText == #"{"name":"canary","rules":[{"serve":{"rollout":[{"variant":"a","weight":50}]}}]}"#)
        }
    }

    @Test("A documented 422 throws a status error with the decoded and the raw body")
    func documentedError() async throws {
        try await withServer { server in
            let raw = #"{"detail":[{"loc":["body","name"],"msg":"taken"}]}"#
            server.enqueue(.json(status: 422, raw, headers: ["x-request-id": "req_42"]))
            let client = CanaryClient(apiKey: "sk-test", server: .custom(server.baseURL), retry: .none)
            let error = await expectAPIError { () throws(CanaryError) in try await client.create(assistantID: "a", body: body) }
            let status = try #require(error?.statusPayload)
            #expect(status.statusCode == 422)
            #expect(status.body == .httpValidationError(HTTPValidationError(detail: [ValidationErrorDetail(loc: ["body", "name"], msg: "taken")])))
            #expect(status.rawBody == Data(raw.utf8))
            #expect(status.requestID == "req_42")
            #expect(status.attempts == 1)
            #expect(status.operationID == "create_canary_deploy")
            #expect(status.headers[.contentType] == "application/json")
            #expect(error?.statusCode == 422)
            #expect(error?.rawBody == Data(raw.utf8))
            #expect(error?.description == #"create_canary_deploy: HTTP 422 after 1 attempt (request ID req_42): {"detail":[{"loc":["body","name"],"msg":"taken"}]}"#)
        }
    }

    @Test("An undocumented status throws a status error without a decoded body")
    func undocumentedStatus() async throws {
        try await withServer { server in
            server.enqueue(.text(status: 404, "<html>not here</html>", contentType: "text/html"))
            let client = CanaryClient(apiKey: nil, server: .custom(server.baseURL), retry: .none)
            let error = await expectAPIError { () throws(CanaryError) in try await client.delete(assistantID: "a") }
            let status = try #require(error?.statusPayload)
            #expect(status.statusCode == 404)
            #expect(status.body == nil)
            #expect(String(decoding: status.rawBody, as: UTF8.self) == "<html>not here</html>")
            #expect(status.description == "delete_canary_deploy: HTTP 404 after 1 attempt: <html>not here</html>")
        }
    }

    @Test("A documented error body that does not decode leaves the raw body")
    func undecodableErrorBody() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 422, #"{"detail":"a string, not a list"}"#))
            let client = CanaryClient(apiKey: nil, server: .custom(server.baseURL), retry: .none)
            let error = await expectAPIError { () throws(CanaryError) in try await client.create(assistantID: "a", body: body) }
            #expect(error?.statusPayload?.body == nil)
            #expect(error?.rawBody == Data(#"{"detail":"a string, not a list"}"#.utf8))
        }
    }

    @Test("A success with a non-JSON content type is a decoding error with the raw body")
    func wrongContentType() async throws {
        try await withServer { server in
            server.enqueue(.text("<html>maintenance</html>", contentType: "text/html; charset=utf-8"))
            let client = CanaryClient(apiKey: nil, server: .custom(server.baseURL), retry: .none)
            let error = await expectAPIError { () throws(CanaryError) in try await client.create(assistantID: "a", body: body) }
            let decoding = try #require(error?.decodingPayload)
            #expect(decoding.statusCode == 200)
            #expect(decoding.contentType == "text/html; charset=utf-8")
            #expect(decoding.rawBody == Data("<html>maintenance</html>".utf8))
            #expect(decoding.reason == "expected a JSON content type")
            #expect(decoding.description == "create_canary_deploy: cannot decode the HTTP 200 response (text/html; charset=utf-8, 24 bytes): expected a JSON content type. Body: <html>maintenance</html>")
        }
    }

    @Test("A JSON body of the wrong shape is a decoding error that says where")
    func wrongShape() async throws {
        try await withServer { server in
            server.enqueue(.json(#"{"id":"cd_1","stage":"live","created_at":"yesterday"}"#), .json(#"{"id":"cd_1","stage":"live"}"#))
            let client = CanaryClient(apiKey: nil, server: .custom(server.baseURL), retry: .none)
            let badDate = await expectAPIError { () throws(CanaryError) in try await client.create(assistantID: "a", body: body) }
            #expect(badDate?.decodingPayload?.reason == #"at created_at: Expected an RFC 3339 date-time, found "yesterday"."#)
            let missing = await expectAPIError { () throws(CanaryError) in try await client.create(assistantID: "a", body: body) }
            #expect(missing?.decodingPayload?.reason.hasPrefix(#"missing key "created_at""#) == true)
        }
    }

    @Test("A body cut short by the server is a transport error")
    func truncatedBody() async throws {
        try await withServer { server in
            server.enqueue(.truncatedBody(declaredLength: 200, sent: #"{"id":"cd_1","#))
            let client = CanaryClient(apiKey: nil, server: .custom(server.baseURL), retry: .none)
            let error = await expectAPIError { () throws(CanaryError) in try await client.create(assistantID: "a", body: body) }
            let transport = try #require(error?.transportPayload)
            #expect(transport.kind == .connection)
            #expect(transport.attempts == 1)
            #expect(transport.operationID == "create_canary_deploy")
            #expect(server.requests.count == 1)
        }
    }

    @Test("A body larger than the limit is refused")
    func tooLarge() async throws {
        try await withServer { server in
            server.enqueue(.json(String(repeating: " ", count: 2000) + "{}"))
            let core = makeCore(server, maxResponseBytes: 1000)
            let error = await expectAPIError { () throws(TestError) in try await core.send(APIRequest(method: .get, path: "/big", operationID: "big")) }
            #expect(error?.transportPayload?.kind == .responseTooLarge)
            #expect(error?.description == "big: response too large after 1 attempt: the response body is larger than 1000 bytes")
        }
    }

    @Test("No content, text and binary responses")
    func otherBodies() async throws {
        try await withServer { server in
            server.enqueue(.status(204), .text("ok ✓"), .text("caf\u{E9}", contentType: "text/plain; charset=iso-8859-1"))
            let client = CanaryClient(apiKey: "sk-test", server: .custom(server.baseURL), retry: .none)
            try await client.delete(assistantID: "a")
            #expect(try await client.health() == "ok ✓")
            // The server sends UTF-8 bytes but labels them Latin-1: each byte becomes one character.
            #expect(try await client.health() == "cafÃ©")
            #expect(server.requests.map(\.method) == ["DELETE", "GET", "GET"])
            #expect(server.requests[1].header("Authorization") == nil)

            let core = makeCore(server)
            let response = APIResponse(statusCode: 200, headers: [.contentType: "application/octet-stream"], body: Data([0, 255]))
            #expect(core.decodeData(from: response) == Data([0, 255]))
            core.empty(from: response)
            let empty = APIResponse(statusCode: 200, headers: [.contentType: "application/json"])
            #expect(try core.decode(Item?.self, from: empty) == nil)
            #expect(try core.decode(JSONValue.self, from: empty) == .null)
            #expect(try core.decode(Item?.self, from: APIResponse(statusCode: 200, body: Data("null".utf8))) == nil)
            #expect(try core.decode([Int].self, from: APIResponse(statusCode: 200, headers: [.contentType: "application/problem+json"], body: Data("[1]".utf8))) == [1])
            let error = await expectAPIError { () throws(TestError) in try core.decode(Item.self, from: empty) }
            #expect(error?.decodingPayload?.reason == "the body is empty")
            let invalidText = await expectAPIError { () throws(TestError) in
                try core.decodeText(from: APIResponse(statusCode: 200, headers: [.contentType: "text/plain"], body: Data([0xFF, 0xFE, 0x41])))
            }
            #expect(invalidText?.decodingPayload?.reason == "the body is not valid UTF-8")
        }
    }
}
