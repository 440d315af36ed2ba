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

    @Test("An operation documented at its own server goes there; a custom server takes everything")
    func operationServers() async throws {
        try await withServer { server in
            server.handle { _ in .json(status: 201, #"{"id": "f4", "bytes": 1, "created_at": "2024-05-01T10:00:00Z"}"#) }
            let upload = UploadDocumentRequest(file: FileUpload(Data("x".utf8)), purpose: .batch)

            // With a server the spec lists, the upload goes to the uploads host and the message to
            // the chosen server. The middleware sees where each was going, then sends it here.
            let redirect = RedirectingMiddleware(to: server.baseURL)
            let listed = OperationsClient(apiKey: "k", server: .sandbox(version: .v2Beta), middlewares: [redirect], retry: quickRetry)
            _ = try await listed.files.uploads.create(body: upload)
            try await listed.messages.create(body: SendMessageRequest(to: "+1", body: "hi"))
            #expect(redirect.destinations == ["https://uploads.example.com/v1", "https://sandbox.example.com/v2-beta"])
            #expect(server.requests.map(\.path) == ["/v1/files/uploads", "/v1/messages"])

            // A custom server receives the upload too.
            _ = try await client(server).files.uploads.create(body: upload)
            #expect(server.requests.count == 3)
            #expect(server.requests[2].path == "/v1/files/uploads")
        }
    }

    @Test("Server variables default as the spec says, and listed values are typed choices")
    func serverChoices() {
        #expect(OperationsClient.Server.api().url.absoluteString == "https://eu.api.example.com/v1")
        #expect(OperationsClient.Server.api(region: .us).url.absoluteString == "https://us.api.example.com/v1")
        #expect(OperationsClient.Server.sandbox(version: .v2Beta).url.absoluteString == "https://sandbox.example.com/v2-beta")
        #expect(OperationsClient.Server.Region.allCases.map(\.rawValue) == ["eu", "us"])
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

    @Test("A member that may be null is sent as null, as a value, or left out, as the caller says")
    func nullableMembers() async throws {
        try await withServer { server in
            let file = #"{"id": "f1", "bytes": 1, "created_at": "2024-05-01T10:00:00Z", "name": null}"#
            server.enqueue(.json(file), .json(file), .json(file))
            let files = client(server).files
            // Clearing the name: `null` on the wire, which `nil` could not say.
            let cleared = try await files.update(fileID: "f1", body: UpdateFileRequest(name: .null, purpose: "p"))
            #expect(cleared.name == nil)
            _ = try await files.update(fileID: "f1", body: UpdateFileRequest(name: .value("new"), expiresAfter: .value(Expiry(days: 2))))
            _ = try await files.update(fileID: "f1", body: UpdateFileRequest(expiresAfter: .null))
            let bodies = try server.requests.map { try #require(try JSONSerialization.jsonObject(with: $0.body) as? NSDictionary) }
            #expect(bodies == [
                ["name": NSNull(), "purpose": "p"],
                ["name": "new", "expires_after": ["days": 2]],
                ["expires_after": NSNull()],
            ])
            #expect(server.requests.allSatisfy { $0.method == "PATCH" })
            // The value's constraints are checked, and nothing is sent when one is broken.
            await #expect(throws: OperationsError.self) {
                try await files.update(fileID: "f1", body: UpdateFileRequest(name: .value("far too long")))
            }
            #expect(server.requests.count == 3)
            // Decoding tells the three apart too.
            let decoded = try JSONCoding.makeDecoder().decode(UpdateFileRequest.self, from: Data(#"{"name": null, "purpose": "p"}"#.utf8))
            #expect(decoded == UpdateFileRequest(name: .null, purpose: "p"))
        }
    }

    @Test("Multipart bodies: file parts with names and types, text, repeated and JSON parts")
    func multipartBody() async throws {
        try await withServer { server in
            server.enqueue(.json(status: 201, #"{"id": "f3", "bytes": 5, "created_at": "2024-05-01T10:00:00Z"}"#))
            let upload = UploadDocumentRequest(
                file: FileUpload(Data("%PDF\r\n--x".utf8), filename: "report \"Q1\".pdf", contentType: "application/pdf"),
                purpose: .assistants, pages: [1, 3],
                attachments: [FileUpload(Data([0, 255])), FileUpload(Data("b".utf8), filename: "b.txt")],
                metadata: .init(source: "scanner"))
            let created = try await client(server).files.uploads.create(body: upload)
            #expect(created.id == "f3")

            let received = try #require(server.requests.first)
            let contentType = try #require(received.header("Content-Type"))
            #expect(contentType.hasPrefix("multipart/form-data; boundary="))
            let boundary = String(contentType.dropFirst("multipart/form-data; boundary=".count))
            let parts = try MultipartParts.parse(received.body, boundary: boundary)
            #expect(parts.map(\.disposition) == [
                #"form-data; name="file"; filename="report %22Q1%22.pdf""#,
                #"form-data; name="purpose""#,
                #"form-data; name="pages""#,
                #"form-data; name="pages""#,
                #"form-data; name="attachments"; filename="attachments""#,
                #"form-data; name="attachments"; filename="b.txt""#,
                #"form-data; name="metadata""#,
            ])
            #expect(parts.map(\.contentType) == ["application/pdf", nil, nil, nil, "application/octet-stream", "application/octet-stream", "application/json"])
            #expect(parts[0].body == Data("%PDF\r\n--x".utf8))
            #expect(parts[1].body == Data("assistants".utf8))
            #expect(parts.dropFirst(2).prefix(2).map { String(decoding: $0.body, as: UTF8.self) } == ["1", "3"])
            #expect(parts[4].body == Data([0, 255]))
            #expect(parts[6].body == Data(#"{"source":"scanner"}"#.utf8))
        }
    }

    @Test("A multipart body that is a union sends the chosen variant's properties")
    func multipartUnion() async throws {
        try await withServer { server in
            server.enqueue(.status(204), .status(204))
            let voices = client(server).voices
            try await voices.create(body: .upload(.init(file: FileUpload(Data("RIFF".utf8), filename: "a.wav"))))
            try await voices.create(body: .link(.init(url: "https://example.com/a.wav")))
            let parts = try server.requests.map { request in
                let contentType = try #require(request.header("Content-Type"))
                return try MultipartParts.parse(request.body, boundary: String(contentType.dropFirst("multipart/form-data; boundary=".count)))
            }
            #expect(parts[0].map(\.disposition) == [#"form-data; name="source""#, #"form-data; name="file"; filename="a.wav""#])
            #expect(parts[0].first?.body == Data("upload".utf8))
            #expect(parts[1].map { String(decoding: $0.body, as: UTF8.self) } == ["link", "https://example.com/a.wav"])
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
}

/// A minimal multipart/form-data reader for the assertions above.
enum MultipartParts {
    struct Part {
        var disposition: String?
        var contentType: String?
        var body: Data
    }

    static func parse(_ data: Data, boundary: String) throws -> [Part] {
        let delimiter = Data("--\(boundary)".utf8)
        var parts: [Part] = []
        var rest = data[...]
        guard let first = rest.firstRange(of: delimiter) else { return [] }
        rest = rest[first.upperBound...]
        while !rest.starts(with: Data("--".utf8)) {
            rest = rest.dropFirst(2)  // CRLF after the delimiter
            let headEnd = try #require(rest.firstRange(of: Data("\r\n\r\n".utf8)))
            let head = String(decoding: rest[..<headEnd.lowerBound], as: UTF8.self)
            rest = rest[headEnd.upperBound...]
            let next = try #require(rest.firstRange(of: Data("\r\n".utf8) + delimiter))
            var part = Part(body: Data(rest[..<next.lowerBound]))
            for line in head.components(separatedBy: "\r\n") {
                if line.hasPrefix("Content-Disposition: ") { part.disposition = String(line.dropFirst("Content-Disposition: ".count)) }
                if line.hasPrefix("Content-Type: ") { part.contentType = String(line.dropFirst("Content-Type: ".count)) }
            }
            parts.append(part)
            rest = rest[next.upperBound...]
        }
        return parts
    }
}
