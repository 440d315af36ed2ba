import Foundation
import HTTPTypes
import LoopbackServer
import Testing

@testable import OASGenRuntime

@Suite("Credentials never show in descriptions")
struct RedactionTests {
    static let token = "sk-live-7f3a9c"
    let credentials: [Credential] = [
        .bearer(token), .header(name: "xi-api-key", value: "xi-secret-42"),
        .basic(username: "alice-user", password: "hunter2-pw"), .query(name: "api_key", value: "q-secret-9"),
    ]
    let secrets = [
        token, "xi-secret-42", "alice-user", "hunter2-pw", "q-secret-9", "cfg-header-secret",
        Data("alice-user:hunter2-pw".utf8).base64EncodedString(),
    ]

    /// Every way a value is commonly printed.
    func renderings(_ value: Any) -> [String] {
        [String(describing: value), String(reflecting: value), dumped(value), "\(value)"]
    }

    func expectNoSecrets(_ value: Any, sourceLocation: SourceLocation = #_sourceLocation) {
        for text in renderings(value) {
            for secret in secrets {
                #expect(!text.contains(secret), "\(secret) appears in \(text)", sourceLocation: sourceLocation)
            }
        }
    }

    @Test("Configuration, credentials and the core print without secrets")
    func configuration() throws {
        let configuration = ClientConfiguration(
            baseURL: URL(string: "https://api.example.com/v1")!, retry: .none, timeout: .seconds(30),
            headers: [.authorization: "Bearer cfg-header-secret", HTTPField.Name("X-Team")!: "blue"],
            credentials: credentials, userAgent: "Example/1.0")
        expectNoSecrets(configuration)
        expectNoSecrets(APIClientCore<TestErrorBody>(configuration: configuration))
        expectNoSecrets(credentials)
        expectNoSecrets(CanaryClient(apiKey: Self.token))
        #expect(configuration.credentials[0].description == ".bearer(<redacted>)")
        #expect(configuration.credentials[1].description == #".header(name: "xi-api-key", value: <redacted>)"#)
        #expect(configuration.description == "ClientConfiguration(baseURL: https://api.example.com/v1, transport: URLSessionTransport, "
            + "middlewares: 0, retry: RetryPolicy(maxRetries: 0, backoff: 0.5 s…8 s, jitter: 0.25, statuses: 408, 409, 429, 500–599), "
            + "timeout: 30 s, headers: [Authorization, X-Team], credentials: [.bearer(<redacted>), "
            + #".header(name: "xi-api-key", value: <redacted>), .basic(username: <redacted>, password: <redacted>), "#
            + #".query(name: "api_key", value: <redacted>)], userAgent: "Example/1.0", maxResponseBytes: 67108864, usesOperationServers: true)"#)
        #expect(RequestOptions(headers: [.authorization: "Bearer \(Self.token)"]).description
            == "RequestOptions(timeout: default, retry: default, headers: [Authorization], idempotencyKey: none)")
    }

    @Test("A server that echoes the credentials does not put them in the error")
    func echoedInStatusError() async throws {
        try await withServer { server in
            server.handle { request in
                .json(status: 401, #"{"error":"bad key","got":"\#(request.header("Authorization") ?? "")","key":"\#(request.header("xi-api-key") ?? "")","query":"\#(request.rawQuery ?? "")"}"#)
            }
            let core = makeCore(server, retry: .none, credentials: credentials)
            let error = try #require(await expectAPIError { () throws(TestError) in
                try await core.call(APIRequest(method: .get, path: "/me", operationID: "me"))
            })
            // The raw body keeps what the server sent (basic, the last credential for
            // `Authorization`, wins); only the renderings are scrubbed.
            let basic = Data("alice-user:hunter2-pw".utf8).base64EncodedString()
            #expect(String(decoding: try #require(error.rawBody), as: UTF8.self).contains(basic))
            expectNoSecrets(error)
            #expect(error.description == #"me: HTTP 401 after 1 attempt: {"error":"bad key","got":"Basic <redacted>","key":"<redacted>","query":"api_key=<redacted>"}"#)
        }
    }

    @Test("Per-call credential headers are scrubbed too")
    func perCallHeaders() async throws {
        try await withServer { server in
            server.handle { request in .json(status: 403, #"{"echo":"\#(request.header("Authorization") ?? "")"}"#) }
            let core = makeCore(server, retry: .none)
            let options = RequestOptions(headers: [.authorization: "Bearer \(Self.token)"])
            let error = try #require(await expectAPIError { () throws(TestError) in
                try await core.call(APIRequest(method: .get, path: "/me", operationID: "me"), options: options)
            })
            expectNoSecrets(error)
            #expect(error.description == #"me: HTTP 403 after 1 attempt: {"echo":"<redacted>"}"#)
        }
    }

    @Test("Transport errors do not leak the query credential from the URL")
    func transportError() async throws {
        try await withServer { server in
            server.handle { _ in .resetConnection }
            let core = makeCore(server, retry: .none, credentials: credentials)
            let error = try #require(await expectAPIError { () throws(TestError) in
                try await core.send(APIRequest(method: .get, path: "/me", operationID: "me"))
            })
            let transport = try #require(error.transportPayload)
            // The underlying URLError names the URL, query credential and all.
            #expect(String(describing: try #require(transport.underlyingError)).contains("q-secret-9"))
            expectNoSecrets(error)
        }
    }

    @Test("Decoding errors are scrubbed")
    func decodingError() async throws {
        try await withServer { server in
            server.handle { _ in .text("token=\(Self.token)") }
            let core = makeCore(server, retry: .none, credentials: credentials)
            let response = try await core.send(APIRequest(method: .get, path: "/me", operationID: "me"))
            let error = try #require(await expectAPIError { () throws(TestError) in try core.decode(Item.self, from: response) })
            expectNoSecrets(error)
            #expect(error.description.hasSuffix("Body: token=<redacted>"))
        }
    }

    @Test("Long bodies are cut in descriptions")
    func preview() {
        let body = Data((String(repeating: "x", count: 400) + "\n\u{7}end").utf8)
        let error = StatusError<Never>(statusCode: 500, headers: [:], body: nil, rawBody: body, operationID: "op", attempts: 3)
        #expect(error.description == "op: HTTP 500 after 3 attempts: " + String(repeating: "x", count: 300) + "… (405 bytes)")
        let short = StatusError<Never>(statusCode: 500, headers: [:], body: nil, rawBody: Data("a\nb\u{7}c".utf8), operationID: "op", attempts: 1)
        #expect(short.description == "op: HTTP 500 after 1 attempt: a b c")
    }
}
