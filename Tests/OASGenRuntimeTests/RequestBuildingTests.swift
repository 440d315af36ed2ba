import Foundation
import HTTPTypes
import LoopbackServer
import Testing

@testable import OASGenRuntime

@Suite("Request building, as the server receives it")
struct RequestBuildingTests {
    @Test("Path parameters are each encoded as one segment")
    func pathSegments() async throws {
        try await withServer { server in
            server.enqueue(.json("{}"))
            let core = makeCore(server)
            let request = APIRequest(
                method: .get, path: "/items/\("a/b")/\("..")/\(".")/\("é x?#%")/\(42)/\(Stage.undocumented("new/stage"))/\("~ok-._")",
                operationID: "get_item")
            _ = try await core.send(request)
            #expect(server.requests.map(\.path) == ["/items/a%2Fb/%2E%2E/%2E/%C3%A9%20x%3F%23%25/42/new%2Fstage/~ok-._"])
        }
    }

    @Test("Literal path parts keep path syntax and encode the rest")
    func pathLiterals() {
        let path: RequestPath = "/v1/files:upload/a b/ü"
        #expect(path.encodedPath == "/v1/files:upload/a%20b/%C3%BC")
        let joined: RequestPath = "/colors/\(["red", "a,b"])"
        #expect(joined.encodedPath == "/colors/red,a%2Cb")
        let dots: RequestPath = "/x/\("...")/\(".a")"
        #expect(dots.encodedPath == "/x/.../.a")
    }

    @Test("Query items: optionals skipped, arrays repeated or joined, scalars formatted")
    func query() async throws {
        try await withServer { server in
            server.enqueue(.json("{}"))
            let core = makeCore(server)
            var request = APIRequest(method: .get, path: "/search", operationID: "search")
            request.query.append("limit", 10)
            request.query.append("q", "a b+c&d=é/")
            request.query.append("missing", String?.none)
            request.query.append("flag", true)
            request.query.append("ratio", 0.5)
            request.query.append("whole", 2.0)
            request.query.append("ids", [1, 2])
            request.query.appendJoined("tags", ["x", "y"])
            request.query.append("stage", Stage.live)
            request.query.append("since", Date(timeIntervalSince1970: 1_714_564_800))
            request.query.append("filter", ["b": 2, "a": 1])
            _ = try await core.send(request)
            let received = try #require(server.requests.first)
            #expect(received.rawQuery == "limit=10&q=a%20b%2Bc%26d%3D%C3%A9%2F&flag=true&ratio=0.5&whole=2&ids=1&ids=2&tags=x,y&stage=live&since=2024-05-01T12%3A00%3A00Z&a=1&b=2")
            #expect(received.queryItems[1] == LoopbackServer.Header("q", "a b+c&d=é/"))
        }
    }

    @Test("Default headers, configuration headers, credentials, parameters and options, in that order of precedence")
    func headers() async throws {
        try await withServer { server in
            server.enqueue(.json("{}"))
            let core = makeCore(
                server, headers: [HTTPField.Name("X-Team")!: "blue", HTTPField.Name("X-Trace")!: "from-config", .cookie: "tracking=1"],
                credentials: [.bearer("sk-test-123"), .header(name: "xi-api-key", value: "xi-456")])
            var request = APIRequest(method: .post, path: "/things", operationID: "create_thing")
            request.headers.append("X-Trace", "from-parameter")
            request.headers.append("X-List", [1, 2, 3])
            request.headers.append("X-Absent", Int?.none)
            request.cookies.append("session", "a b;c")
            request.cookies.append("theme", "dark")
            request.setBody(Data("hi".utf8), contentType: "text/plain")
            let options = RequestOptions(headers: [.accept: "text/plain", HTTPField.Name("X-Team")!: "red"], idempotencyKey: "key-1")
            _ = try await core.send(request, options: options)
            let received = try #require(server.requests.first)
            #expect(received.method == "POST")
            #expect(received.header("Accept") == "text/plain")
            #expect(received.header("User-Agent") == "TestAPI/1.0 oasgen")
            #expect(received.header("Authorization") == "Bearer sk-test-123")
            #expect(received.header("xi-api-key") == "xi-456")
            #expect(received.headers(named: "X-Team") == ["red"])
            #expect(received.headers(named: "X-Trace") == ["from-parameter"])
            #expect(received.header("X-List") == "1,2,3")
            #expect(received.header("X-Absent") == nil)
            #expect(received.header("Cookie") == "tracking=1; session=a%20b%3Bc; theme=dark")
            #expect(received.header("Idempotency-Key") == "key-1")
            #expect(received.header("Content-Type") == "text/plain")
            #expect(received.bodyText == "hi")
        }
    }

    @Test("Accept defaults to JSON; basic and query credentials; unauthenticated operations send none")
    func credentials() async throws {
        try await withServer { server in
            server.handle { _ in .json("{}") }
            let core = makeCore(server, credentials: [.basic(username: "ann", password: "pa:ss"), .query(name: "api_key", value: "q s")])
            var request = APIRequest(method: .get, path: "/me", operationID: "me")
            request.query.append("x", 1)
            _ = try await core.send(request)
            request.isAuthenticated = false
            _ = try await core.send(request)
            let requests = server.requests
            #expect(requests[0].header("Accept") == "application/json")
            #expect(requests[0].header("Authorization") == "Basic " + Data("ann:pa:ss".utf8).base64EncodedString())
            #expect(requests[0].rawQuery == "x=1&api_key=q%20s")
            #expect(requests[1].header("Authorization") == nil)
            #expect(requests[1].rawQuery == "x=1")
        }
    }

    @Test("JSON bodies: sorted keys, unescaped slashes, RFC 3339 dates")
    func jsonBody() async throws {
        try await withServer { server in
            server.enqueue(.json("{}"))
            let core = makeCore(server)
            var request = APIRequest(method: .put, path: "/items/1", operationID: "put_item")
            try request.setJSONBody(Item(id: "a/b", count: 3, createdAt: Date(timeIntervalSince1970: 1_714_564_800.5)), using: core)
            _ = try await core.send(request)
            let received = try #require(server.requests.first)
            #expect(received.bodyText == #"{"count":3,"created_at":"2024-05-01T12:00:00.5Z","id":"a/b"}"#)
            #expect(received.header("Content-Type") == "application/json")
        }
    }

    @Test("A body that cannot be encoded is an invalid request, with the offending path")
    func unencodableBody() async {
        let core = APIClientCore<TestErrorBody>(configuration: ClientConfiguration(baseURL: URL(string: "http://127.0.0.1:9")!))
        var request = APIRequest(method: .post, path: "/x", operationID: "x")
        let error = await expectAPIError { () throws(TestError) in
            try request.setJSONBody(["values": [1.0, .nan]], using: core)
        }
        let violation = try? #require(error?.validationPayload?.violations.first)
        #expect(violation?.path == "values[1]")
        #expect(violation?.message.hasPrefix("cannot be encoded: ") == true)
    }

    @Test("Form bodies from pairs and from models")
    func formBody() throws {
        var request = APIRequest(method: .post, path: "/token", operationID: "token")
        request.setFormBody([("grant type", "client credentials"), ("scope", nil), ("name", "é&=+")])
        #expect(request.body == RequestBody(data: Data("grant+type=client+credentials&name=%C3%A9%26%3D%2B".utf8), contentType: "application/x-www-form-urlencoded"))

        struct Form: Encodable {
            var name = "a b"
            var tags = ["x", "y"]
            var count = 2
            var note: String? = nil
            var nested = ["k": 1]
        }
        let core = APIClientCore<TestErrorBody>(configuration: ClientConfiguration(baseURL: URL(string: "http://127.0.0.1:9")!))
        try request.setFormBody(Form(), using: core)
        #expect(String(decoding: request.body!.data, as: UTF8.self) == "count=2&name=a+b&nested=%7B%22k%22%3A1%7D&tags=x&tags=y")
    }

    @Test("A base URL's path prefixes operation paths, with or without a trailing slash")
    func basePath() async throws {
        try await withServer { server in
            server.handle { _ in .json("{}") }
            for base in ["v2", "v2/"] {
                let configuration = ClientConfiguration(baseURL: server.baseURL.appendingPathComponent(base), retry: .none)
                let core = APIClientCore<TestErrorBody>(configuration: configuration)
                _ = try await core.send(APIRequest(method: .get, path: "/items", operationID: "list"))
            }
            #expect(server.requests.map(\.path) == ["/v2/items", "/v2/items"])
        }
    }

    @Test("Server templates substitute variables")
    func serverTemplate() {
        #expect(URL(serverTemplate: "https://{region}.api.example.com/{version}", variables: ["region": "eu", "version": "v2"]).absoluteString
            == "https://eu.api.example.com/v2")
        #expect(CanaryClient.Server.regional(region: "ap").url.absoluteString == "https://ap.api.example.com/v2")
        #expect(URL(serverTemplate: "https://api.example.com/{base path}", variables: ["base path": "a b"]).absoluteString
            == "https://api.example.com/a%20b")
    }
}
