import FeatureOperations
import Foundation
import LoopbackServer
import OASGenRuntime
import Testing

/// The operations fixture's client over HTTP: every parameter location and style, every body
/// and response kind, as the server receives and sends them.
@Suite("Generated client: parameters, bodies and responses on the wire")
struct ParameterStylesTests {
    func client(_ server: LoopbackServer) -> OperationsClient {
        OperationsClient(apiKey: "op-key", server: .custom(server.baseURL), retry: quickRetry)
    }

    @Test("Query, header and cookie parameters in every style")
    func everyParameterStyle() async throws {
        try await withServer { server in
            server.enqueue(.json(#"{"data": [{"id": "f1", "bytes": 3, "created_at": "2024-05-01T10:00:00Z"}]}"#))
            let page = try await client(server).files.list(
                limit: 10, purpose: .assistants, ids: ["a", "b"], idsCSV: ["c", "d"], xRequestID: "req-1", session: "s 1",
                filter: ListFilesFilter(status: "ready", created: .init(gte: Date(timeIntervalSince1970: 1_714_557_600))),
                page: ListFilesPage(cursor: "next&1", size: 20), tags: ["x", "y|z"], owner: .strings(["me", "you"]),
                xMeta: ListFilesXMeta(a: "1", b: 2))
            #expect(page.data?.first?.id == "f1")

            let received = try #require(server.requests.first)
            #expect(received.path == "/v1/files")
            #expect(received.rawQuery == [
                "limit=10", "purpose=assistants", "ids=a", "ids=b", "ids_csv=c,d",
                "filter%5Bcreated%5D%5Bgte%5D=2024-05-01T10%3A00%3A00Z", "filter%5Bstatus%5D=ready",
                "cursor=next%261", "size=20", "tags=x%7Cy%7Cz", "owner=me", "owner=you",
            ].joined(separator: "&"))
            #expect(received.header("X-Request-ID") == "req-1")
            #expect(received.header("X-Meta") == "a=1,b=2")
            #expect(received.header("Cookie") == "session=s%201")
            #expect(received.header("X-API-Key") == "op-key")
        }
    }

    @Test("Optional parameters left out send nothing")
    func absentParameters() async throws {
        try await withServer { server in
            server.enqueue(.json("{}"))
            _ = try await client(server).files.list()
            let received = try #require(server.requests.first)
            #expect(received.rawQuery == nil)
            #expect(received.header("Cookie") == nil)
            #expect(received.header("X-Meta") == nil)
        }
    }

    @Test("Binary upload and download, text responses, form bodies, and unauthenticated operations")
    func bodiesAndResponses() async throws {
        try await withServer { server in
            let files = client(server).files
            server.enqueue(
                .json(status: 201, #"{"id": "f2", "bytes": 4, "created_at": "2024-05-01T10:00:00Z"}"#),
                .respond(.init(status: 200, headers: [.init("Content-Type", "application/octet-stream")], body: Data([0, 1, 2, 255]))),
                .text("three lines\nof\ntext"),
                .status(204),
                .status(200))
            let created = try await files.create(body: Data("data".utf8), contentType: "application/pdf")
            #expect(created.bytes == 4)
            #expect(try await files.content.retrieve(fileID: "f2") == Data([0, 1, 2, 255]))
            #expect(try await files.summary.retrieve(fileID: "f2") == "three lines\nof\ntext")
            try await files.delete(fileID: "f2")
            try await client(server).messages.create(body: SendMessageRequest(to: "+1 555", body: "hi & bye", mediaURL: ["u1", "u2"]))

            let requests = server.requests
            #expect(requests[0].header("Content-Type") == "application/pdf")
            #expect(requests[0].bodyText == "data")
            #expect(requests[3].method == "DELETE")
            #expect(requests[3].header("X-API-Key") == nil)
            #expect(requests[4].header("Content-Type") == "application/x-www-form-urlencoded")
            #expect(requests[4].bodyText == "Body=hi+%26+bye&MediaUrl=u1&MediaUrl=u2&To=%2B1+555")
        }
    }

    @Test("The default error response is decoded for any undocumented status")
    func defaultErrorResponse() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 503, #"{"message": "down for maintenance"}"#))
            let error = await expectError { () throws(OperationsError) in try await client(server).files.list(options: RequestOptions(retry: RetryPolicy.none)) }
            guard case .errorModel(let model)? = error?.errorBody else {
                Issue.record("no decoded default error: \(String(describing: error))")
                return
            }
            #expect(model.message == "down for maintenance")
        }
    }

    @Test("Server variables have the spec's defaults")
    func serverVariables() {
        #expect(OperationsClient.Server.api().url.absoluteString == "https://eu.api.example.com/v1")
        #expect(OperationsClient.Server.api(region: "us").url.absoluteString == "https://us.api.example.com/v1")
    }
}
