import FeatureOperations
import Foundation
import LoopbackServer
import OASGenRuntime
import Testing

/// Streaming operations of the operations fixture, over HTTP: `text/event-stream` responses
/// read as typed events or raw ones, and errors before the stream starts.
@Suite("Generated client: server-sent events")
struct EventStreamTests {
    func client(_ server: LoopbackServer) -> OperationsClient {
        OperationsClient(apiKey: "op-key", server: .custom(server.baseURL), retry: quickRetry)
    }

    static func sse(_ text: String) -> LoopbackServer.Action {
        .text(text, contentType: "text/event-stream")
    }

    @Test("The stream method asks for events and decodes each one; [DONE] ends the stream")
    func typedEvents() async throws {
        try await withServer { server in
            server.enqueue(Self.sse(": keep-alive\n\ndata: {\"delta\": \"Hel\", \"index\": 0}\n\ndata: {\"delta\": \"lo\",\ndata:  \"index\": 1}\r\n\r\nevent: ping\ndata: {\"delta\": \"\"}\n\ndata: [DONE]\n\ndata: {\"delta\": \"never\"}\n\n"))
            let stream = try await client(server).completions.createStream(body: CreateCompletionRequest(prompt: "Hi", stream: true))
            var deltas: [String] = []
            for try await chunk in stream { deltas.append(chunk.delta) }
            #expect(deltas == ["Hel", "lo", ""])
            #expect(stream.statusCode == 200)
            let received = try #require(server.requests.first)
            #expect(received.header("Accept") == "text/event-stream")
            #expect(try jsonObject(received.body) == jsonObject(#"{"prompt": "Hi", "stream": true}"#))
        }
    }

    @Test("The same operation without streaming returns the JSON body")
    func wholeResponse() async throws {
        try await withServer { server in
            server.enqueue(.json(#"{"text": "Hello"}"#))
            let completion = try await client(server).completions.create(body: CreateCompletionRequest(prompt: "Hi"))
            #expect(completion.text == "Hello")
            #expect(server.requests.first?.header("Accept") == "application/json")
        }
    }

    @Test("An error status before the stream starts is the documented typed error; retries still apply")
    func errorsBeforeTheStream() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 429, #"{"message": "slow down"}"#))
            let error = await expectError { () throws(OperationsError) in
                try await client(server).completions.createStream(body: CreateCompletionRequest(prompt: "Hi"))
            }
            guard case .errorModel(let model)? = error?.errorBody else {
                Issue.record("no decoded 429 body: \(String(describing: error))")
                return
            }
            #expect(model.message == "slow down")

            // Idempotent GET: a 503 is retried, then the stream opens.
            server.enqueue(.status(503), Self.sse("id: 7\nevent: created\ndata: one\ndata: two\nretry: 1500\n\n"))
            var events: [ServerSentEvent] = []
            for try await event in try await client(server).events.retrieve() { events.append(event) }
            #expect(events == [ServerSentEvent(id: "7", event: "created", data: "one\ntwo", retry: 1500)])
            #expect(server.requests.count == 3)
        }
    }

    @Test("An event that does not decode is a decoding error naming the event's data")
    func undecodableEvent() async throws {
        try await withServer { server in
            server.enqueue(Self.sse("data: {\"delta\": \"ok\"}\n\ndata: {\"index\": 2}\n\n"))
            let stream = try await client(server).completions.createStream(body: CreateCompletionRequest(prompt: "Hi"))
            var iterator = stream.makeAsyncIterator()
            #expect(try await iterator.next()?.delta == "ok")
            let error = await expectError { () throws(OperationsError) in try await iterator.next() }
            #expect(error?.decodingPayload?.rawBody == Data(#"{"index": 2}"#.utf8))
            #expect(error?.decodingPayload?.reason.contains("delta") == true)
        }
    }
}
