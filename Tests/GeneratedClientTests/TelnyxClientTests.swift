import Foundation
import HTTPTypes
import LoopbackServer
import OASGenRuntime
import TelnyxAI
import Testing

/// The generated Telnyx client, over real HTTP to a loopback server: what goes on the wire for
/// each operation, and what comes back for each kind of answer.
@Suite("Generated Telnyx client over HTTP")
struct TelnyxClientTests {
    static let responseJSON = #"""
        {
          "assistant_id": "asst_123",
          "rules": [
            {"match": [{"attribute": "country", "operator": "in", "values": ["DE", "FR"]}],
             "serve": {"rollout": [{"version_id": "v1", "weight": 90}, {"version_id": "v2", "weight": 10}]}},
            {"serve": {"version_id": "v1"}}
          ],
          "created_at": "2025-03-01T10:00:00Z",
          "updated_at": "2025-03-01T10:00:00.250Z"
        }
        """#

    static let request = CanaryDeployRequest(rules: [
        RuleInput(
            match: [Clause(attribute: "country", operator: .in, values: ["DE", "FR"])],
            serve: Serve(rollout: [RolloutSlot(versionID: "v1", weight: 90), RolloutSlot(versionID: "v2", weight: 10)])),
        RuleInput(serve: Serve(versionID: "v1")),
    ])

    /// What `request` must look like on the wire.
    static let requestJSON = #"""
        {"rules": [
          {"match": [{"attribute": "country", "operator": "in", "values": ["DE", "FR"]}],
           "serve": {"rollout": [{"version_id": "v1", "weight": 90}, {"version_id": "v2", "weight": 10}]}},
          {"serve": {"version_id": "v1"}}
        ]}
        """#

    func client(_ server: LoopbackServer, retry: RetryPolicy = quickRetry, timeout: Duration = .seconds(5)) -> TelnyxClient {
        TelnyxClient(apiKey: "KEY_test_123", server: .custom(server.baseURL), retry: retry, timeout: timeout)
    }

    @Test("create sends POST with the bearer key and the JSON body, and decodes the response")
    func create() async throws {
        try await withServer { server in
            server.enqueue(.json(Self.responseJSON))
            let deploy = try await client(server).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: Self.request)

            let received = try #require(server.requests.first)
            #expect(server.requests.count == 1)
            #expect(received.method == "POST")
            #expect(received.uri == "/ai/assistants/asst_123/canary-deploys")
            #expect(received.header("Authorization") == "Bearer KEY_test_123")
            #expect(received.header("Content-Type") == "application/json")
            #expect(received.header("Accept") == "application/json")
            #expect(received.header("User-Agent")?.hasPrefix("TelnyxAI/2.0.0 oasgen") == true)
            #expect(received.header("Idempotency-Key") == nil)
            #expect(try jsonObject(received.body) == jsonObject(Self.requestJSON))

            #expect(deploy.assistantID == "asst_123")
            #expect(deploy.rules.count == 2)
            #expect(deploy.rules[0].match?.first?.operator == .in)
            #expect(deploy.rules[0].serve.rollout?.map(\.weight) == [90, 10])
            #expect(deploy.rules[1].match == nil)
            #expect(deploy.rules[1].serve.versionID == "v1")
            #expect(deploy.createdAt == (try date("2025-03-01T10:00:00Z")))
            #expect(deploy.updatedAt.timeIntervalSince(deploy.createdAt) == 0.25)
        }
    }

    @Test("update sends PUT to the same path and decodes the response")
    func update() async throws {
        try await withServer { server in
            server.enqueue(.json(Self.responseJSON))
            let deploy = try await client(server).ai.assistants.canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            let received = try #require(server.requests.first)
            #expect(received.method == "PUT")
            #expect(received.uri == "/ai/assistants/asst_123/canary-deploys")
            #expect(received.header("Authorization") == "Bearer KEY_test_123")
            #expect(try jsonObject(received.body) == jsonObject(Self.requestJSON))
            #expect(deploy.rules[0].serve.rollout?.first?.versionID == "v1")
        }
    }

    @Test("An assistant ID with '/', '..', '?' or spaces stays one path segment")
    func pathParametersAreEncoded() async throws {
        try await withServer { server in
            server.enqueue(.json(Self.responseJSON), .json(Self.responseJSON))
            let canaryDeploys = client(server).ai.assistants.canaryDeploys
            _ = try await canaryDeploys.create(assistantID: "../../admin?x=1#y", body: Self.request)
            _ = try await canaryDeploys.update(assistantID: "a b/ü", body: Self.request)
            #expect(server.requests.map(\.uri) == [
                "/ai/assistants/..%2F..%2Fadmin%3Fx%3D1%23y/canary-deploys",
                "/ai/assistants/a%20b%2F%C3%BC/canary-deploys",
            ])
        }
    }

    @Test("A documented 422 throws TelnyxError.status with the decoded body and the raw body")
    func validationErrorResponse() async throws {
        try await withServer { server in
            let body = #"{"detail": [{"loc": ["body", "rules", 0], "msg": "field required", "type": "value_error.missing"}]}"#
            server.enqueue(.json(status: 422, body))
            let error = await expectError { () throws(TelnyxError) in
                try await client(server).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: Self.request)
            }
            let status = try #require(error?.statusPayload)
            #expect(status.statusCode == 422)
            #expect(status.attempts == 1)
            #expect(status.rawBody == Data(body.utf8))
            guard case .httpValidationError(let details)? = status.body else {
                Issue.record("no decoded 422 body: \(String(describing: status.body))")
                return
            }
            #expect(details.detail?.first?.loc == [.string("body"), .string("rules"), .integer(0)])
            #expect(details.detail?.first?.msg == "field required")
            #expect(server.requests.count == 1)
        }
    }

    @Test("An undocumented error status throws without a decoded body, keeping the raw one")
    func undocumentedStatus() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 404, #"{"errors": [{"code": "not_found"}]}"#))
            let error = await expectError { () throws(TelnyxError) in
                try await client(server).ai.assistants.canaryDeploys.update(assistantID: "asst_404", body: Self.request)
            }
            #expect(error?.statusCode == 404)
            #expect(error?.errorBody == nil)
            #expect(error?.rawBody == Data(#"{"errors": [{"code": "not_found"}]}"#.utf8))
        }
    }

    @Test("A weight over 100 is refused before anything is sent, naming the field path")
    func constraintsAreCheckedBeforeSending() async throws {
        try await withServer { server in
            let bad = CanaryDeployRequest(rules: [
                RuleInput(serve: Serve(rollout: [RolloutSlot(versionID: "v1", weight: 50)])),
                RuleInput(
                    match: [Clause(attribute: "country", operator: .in, values: [])],
                    serve: Serve(rollout: [RolloutSlot(versionID: "v1", weight: -1), RolloutSlot(versionID: "v2", weight: 120)])),
            ])
            let error = await expectError { () throws(TelnyxError) in
                try await client(server).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: bad)
            }
            #expect(error?.validationPayload?.violations.map(\.description) == [
                "rules[1].match[0].values: has 0 items, fewer than minItems 1",
                "rules[1].serve.rollout[0].weight: -1 is less than minimum 0",
                "rules[1].serve.rollout[1].weight: 120 is greater than maximum 100",
            ])
            #expect(server.requests.isEmpty)
        }
    }

    @Test("PUT is retried after a 500; POST is not, unless it carries an idempotency key")
    func retriesFollowIdempotency() async throws {
        try await withServer { server in
            let canaryDeploys = client(server).ai.assistants.canaryDeploys
            server.enqueue(.json(status: 500, #"{"error": "boom"}"#), .json(Self.responseJSON))
            let updated = try await canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            #expect(updated.assistantID == "asst_123")
            #expect(server.requests.count == 2)

            server.enqueue(.json(status: 503, "{}"))
            let error = await expectError { () throws(TelnyxError) in
                try await canaryDeploys.create(assistantID: "asst_123", body: Self.request)
            }
            #expect(error?.statusCode == 503)
            #expect(server.requests.count == 3)

            server.enqueue(.json(status: 503, "{}"), .json(Self.responseJSON))
            _ = try await canaryDeploys.create(
                assistantID: "asst_123", body: Self.request, options: RequestOptions(idempotencyKey: "deploy-42"))
            #expect(server.requests.count == 5)
            #expect(server.requests.suffix(2).map { $0.header("Idempotency-Key") } == ["deploy-42", "deploy-42"])
            #expect(server.requests[3].body == server.requests[4].body)
        }
    }

    @Test("429 with Retry-After in seconds waits that long, then succeeds")
    func retryAfterSeconds() async throws {
        try await withServer { server in
            server.enqueue(.status(429, headers: ["Retry-After": "1"]), .json(Self.responseJSON))
            let start = ContinuousClock.now
            _ = try await client(server).ai.assistants.canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            #expect(ContinuousClock.now - start >= .seconds(1))
            #expect(server.requests.count == 2)
        }
    }

    @Test("onResponse sees the status and headers of the response a call ends with, once")
    func observedResponses() async throws {
        try await withServer { server in
            let seen = Recorder<ResponseInfo>()
            let options = RequestOptions(onResponse: { seen.append($0) })
            server.enqueue(
                .status(503), .json(Self.responseJSON, headers: ["X-RateLimit-Remaining": "41", "x-request-id": "req-9"]),
                .status(404, body: "{}"))
            let canary = client(server).ai.assistants.canaryDeploys
            _ = try await canary.update(assistantID: "asst_123", body: Self.request, options: options)
            #expect(seen.values.count == 1)
            #expect(seen.values.first?.statusCode == 200)
            #expect(seen.values.first?.attempts == 2)
            #expect(seen.values.first?.requestID == "req-9")
            #expect(seen.values.first?.headers[HTTPField.Name("X-RateLimit-Remaining")!] == "41")
            #expect(seen.values.first?.operationID == "update_canary_deploy_assistants__assistant_id__canary_deploys_put")

            // An error status is reported too, before it is thrown.
            _ = await expectError { () throws(TelnyxError) in
                try await canary.update(assistantID: "asst_123", body: Self.request, options: options)
            }
            #expect(seen.values.map(\.statusCode) == [200, 404])
        }
    }

    @Test("429 with Retry-After as an HTTP date waits until then, then succeeds")
    func retryAfterDate() async throws {
        try await withServer { server in
            // Whole seconds: two seconds from now is at least one second away.
            server.enqueue(.status(429, headers: ["Retry-After": httpDate(Date().addingTimeInterval(2))]), .json(Self.responseJSON))
            let start = ContinuousClock.now
            _ = try await client(server).ai.assistants.canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            #expect(ContinuousClock.now - start >= .seconds(0.9))
            #expect(server.requests.count == 2)
        }
    }

    @Test("A reset connection is retried on a new connection")
    func connectionReset() async throws {
        try await withServer { server in
            server.enqueue(.resetConnection, .json(Self.responseJSON))
            let deploy = try await client(server).ai.assistants.canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            #expect(deploy.rules.count == 2)
            #expect(server.requests.count == 2)
            #expect(server.requests[1].connection > server.requests[0].connection)
        }
    }

    @Test("Resets that never stop end in a transport error that counts the attempts")
    func connectionKeepsFailing() async throws {
        try await withServer { server in
            server.handle { _ in .resetConnection }
            let error = await expectError { () throws(TelnyxError) in
                try await client(server).ai.assistants.canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            }
            #expect(error?.transportPayload?.kind == .connection)
            #expect(error?.transportPayload?.attempts == 3)
        }
    }

    @Test("A body cut short is a transport error, not a half-decoded value")
    func truncatedBody() async throws {
        try await withServer { server in
            server.handle { _ in .truncatedBody(declaredLength: 400, sent: String(Self.responseJSON.prefix(60))) }
            let error = await expectError { () throws(TelnyxError) in
                try await client(server, retry: .none).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: Self.request)
            }
            #expect(error?.transportPayload?.kind == .connection)
        }
    }

    @Test("A success that is not JSON is a decoding error that keeps the raw body")
    func wrongContentType() async throws {
        try await withServer { server in
            server.enqueue(.text("<html>maintenance</html>", contentType: "text/html"))
            let error = await expectError { () throws(TelnyxError) in
                try await client(server).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: Self.request)
            }
            let decoding = try #require(error?.decodingPayload)
            #expect(decoding.statusCode == 200)
            #expect(decoding.contentType == "text/html")
            #expect(decoding.rawBody == Data("<html>maintenance</html>".utf8))
        }
    }

    @Test("Unknown enum values, extra fields, missing optionals and nulls decode tolerantly")
    func tolerantDecoding() async throws {
        try await withServer { server in
            let body = #"""
                {"assistant_id": "asst_123", "rules": [
                  {"match": [{"attribute": "plan", "operator": "regex", "values": ["^pro"], "weight": 3}],
                   "serve": {"version_id": null, "rollout": null, "sticky": true}},
                  {"match": null, "serve": {}}
                 ],
                 "created_at": "2025-03-01T10:00:00Z", "updated_at": "2025-03-01T10:00:00Z",
                 "etag": "W/1", "owner": {"id": 7}}
                """#
            server.enqueue(.json(body))
            let deploy = try await client(server).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: Self.request)
            let clause = try #require(deploy.rules[0].match?.first)
            #expect(clause.operator == .undocumented("regex"))
            #expect(clause.operator.rawValue == "regex")
            #expect(deploy.rules[0].serve.versionID == nil)
            #expect(deploy.rules[0].serve.rollout == nil)
            #expect(deploy.rules[1].match == nil)
            #expect(deploy.rules[1].serve == Serve())
            // An unknown value is sent back exactly as it came.
            let echoed = try JSONCoding.makeEncoder().encode(clause)
            #expect(try jsonObject(echoed)["operator"] as? String == "regex")
        }
    }

    @Test("A response missing a required field is a decoding error that says which")
    func missingRequiredField() async throws {
        try await withServer { server in
            server.enqueue(.json(#"{"assistant_id": "asst_123", "rules": [], "created_at": "2025-03-01T10:00:00Z"}"#))
            let error = await expectError { () throws(TelnyxError) in
                try await client(server).ai.assistants.canaryDeploys.create(assistantID: "asst_123", body: Self.request)
            }
            #expect(error?.decodingPayload?.reason.contains("updated_at") == true)
        }
    }

    @Test("Per-call timeout and headers apply to that call only; the key never shows in errors")
    func perCallOptions() async throws {
        try await withServer { server in
            server.enqueue(.delay(.seconds(2), then: .json(Self.responseJSON)))
            let canaryDeploys = client(server, retry: .none).ai.assistants.canaryDeploys
            let error = await expectError { () throws(TelnyxError) in
                try await canaryDeploys.update(
                    assistantID: "asst_123", body: Self.request,
                    options: RequestOptions(timeout: .milliseconds(200), headers: [HTTPField.Name("X-Trace")!: "t-1"]))
            }
            #expect(error?.timeoutPayload?.timeout == .milliseconds(200))
            #expect(server.requests.first?.header("X-Trace") == "t-1")
            #expect(error.map { "\($0)" }?.contains("KEY_test_123") == false)

            server.enqueue(.json(status: 500, #"{"echo": "Bearer KEY_test_123"}"#))
            let status = await expectError { () throws(TelnyxError) in
                try await canaryDeploys.update(assistantID: "asst_123", body: Self.request)
            }
            #expect(server.requests.last?.header("X-Trace") == nil)
            #expect(status.map { "\($0)" }?.contains("KEY_test_123") == false)
            #expect("\(client(server))".contains("KEY_test_123") == false)
        }
    }

    @Test("The API key defaults to TELNYX_API_KEY, and without one no Authorization is sent")
    func apiKeyFromEnvironment() async throws {
        try await withServer { server in
            server.enqueue(.json(Self.responseJSON), .json(Self.responseJSON))
            setenv("TELNYX_API_KEY", "KEY_from_env", 1)
            let fromEnvironment = TelnyxClient(server: .custom(server.baseURL))
            unsetenv("TELNYX_API_KEY")
            _ = try await fromEnvironment.ai.assistants.canaryDeploys.update(assistantID: "a", body: Self.request)
            _ = try await TelnyxClient(apiKey: nil, server: .custom(server.baseURL)).ai.assistants.canaryDeploys.update(assistantID: "a", body: Self.request)
            #expect(server.requests.map { $0.header("Authorization") } == ["Bearer KEY_from_env", nil])
        }
    }

    @Test("The production server is the spec's")
    func servers() {
        #expect(TelnyxClient.Server.production.url.absoluteString == "https://api.telnyx.com/v2")
    }
}
