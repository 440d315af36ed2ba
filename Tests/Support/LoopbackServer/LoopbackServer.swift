import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// A real HTTP/1.1 server on 127.0.0.1 with an ephemeral port, for testing clients over the
/// network stack they really use.
///
/// Requests are parsed with NIOHTTP1; responses are written as raw bytes, so a test controls
/// exactly what the client receives, broken responses included:
///
/// ```swift
/// let server = try await LoopbackServer.start()
/// server.enqueue(.json(status: 500, #"{"error":"busy"}"#), .json(#"{"ok":true}"#))
/// // … point the client at server.baseURL …
/// #expect(server.requests.count == 2)
/// try await server.shutdown()
/// ```
///
/// Each request takes the next enqueued action; when none is left, the ``handle(_:)`` closure
/// decides; without one, the server answers `418` with a note that nothing was scripted.
public final class LoopbackServer: Sendable {
    /// The port the server listens on.
    public let port: Int
    private let channel: any Channel
    private let state: LockedState

    private init(port: Int, channel: any Channel, state: LockedState) {
        self.port = port
        self.channel = channel
        self.state = state
    }

    /// `http://127.0.0.1:<port>`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// Starts a server on an ephemeral port of 127.0.0.1.
    public static func start() async throws -> LoopbackServer {
        let state = LockedState()
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    let connection = state.register(channel)
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(HTTPRequestDecoder()))
                    try channel.pipeline.syncOperations.addHandler(ConnectionHandler(state: state, connection: connection))
                }
            }
            .bind(host: "127.0.0.1", port: 0)
            .get()
        guard let port = channel.localAddress?.port else {
            try await channel.close()
            throw LoopbackServerError.noPort
        }
        return LoopbackServer(port: port, channel: channel, state: state)
    }

    /// Scripts the next responses, in order, one per request.
    public func enqueue(_ actions: Action...) {
        state.withLock { $0.queue += actions }
    }

    /// Decides the response to every request that finds the queue empty.
    public func handle(_ handler: @escaping @Sendable (RecordedRequest) -> Action) {
        state.withLock { $0.handler = handler }
    }

    /// Every request received so far, in order.
    public var requests: [RecordedRequest] {
        state.withLock { $0.requests }
    }

    /// Waits until at least `count` requests have arrived (polling; tests run under load, so a
    /// fixed sleep is not enough). Returns false after `timeout`.
    public func waitForRequests(_ count: Int, timeout: Duration = .seconds(10)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while requests.count < count {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return true
    }

    /// How many connections clients have opened.
    public var connectionCount: Int {
        state.withLock { $0.connectionCount }
    }

    /// Closes the listening socket and every open connection.
    public func shutdown() async throws {
        let open = state.withLock { state in
            defer { state.connections = [:] }
            return Array(state.connections.values)
        }
        for connection in open {
            try? await connection.close()
        }
        try await channel.close()
    }
}

/// Errors starting the server.
public enum LoopbackServerError: Error {
    /// The socket has no port after binding.
    case noPort
}

// MARK: - Scripted responses

extension LoopbackServer {
    /// A header name and value, sent exactly as given.
    public struct Header: Sendable, Hashable {
        /// The name, with the case it is sent in.
        public var name: String
        /// The value.
        public var value: String

        /// Creates a header.
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    /// A complete response.
    public struct Response: Sendable {
        /// The status code.
        public var status: Int
        /// The reason phrase; a standard one when `nil`.
        public var reason: String?
        /// The headers, in order.
        public var headers: [Header]
        /// The body.
        public var body: Data
        /// Whether `Content-Length` is added (when the headers do not have one).
        public var addsContentLength: Bool

        /// Creates a response.
        public init(status: Int, reason: String? = nil, headers: [Header] = [], body: Data = Data(), addsContentLength: Bool = true) {
            self.status = status
            self.reason = reason
            self.headers = headers
            self.body = body
            self.addsContentLength = addsContentLength
        }

        /// The bytes on the wire.
        var bytes: [UInt8] {
            var head = "HTTP/1.1 \(status) \(reason ?? Self.reasonPhrase(status))\r\n"
            var headers = headers
            if addsContentLength, !headers.contains(where: { $0.name.lowercased() == "content-length" }) {
                headers.append(Header("Content-Length", String(body.count)))
            }
            for header in headers { head += "\(header.name): \(header.value)\r\n" }
            return Array((head + "\r\n").utf8) + Array(body)
        }

        static func reasonPhrase(_ status: Int) -> String {
            HTTPResponseStatus(statusCode: status).reasonPhrase
        }
    }

    /// What the server does with one request.
    public indirect enum Action: Sendable {
        /// Sends a complete response and keeps the connection open (unless it says `Connection: close`).
        case respond(Response)
        /// Resets the connection (`SO_LINGER` 0, then close): the client sees a reset, no response.
        case resetConnection
        /// Closes the connection cleanly without answering.
        case closeWithoutResponse
        /// Sends a head with `Content-Length: declaredLength`, then fewer bytes, then closes.
        case truncatedBody(status: Int, headers: [Header], declaredLength: Int, sent: Data)
        /// Waits, then does the next action.
        case delay(Duration, then: Action)
        /// Sends bytes exactly as given, then optionally closes.
        case raw(Data, thenClose: Bool)

        /// A JSON response.
        public static func json(status: Int = 200, _ body: String, headers: KeyValuePairs<String, String> = [:]) -> Action {
            .respond(Response(status: status, headers: [Header("Content-Type", "application/json")] + headers.map(Header.init), body: Data(body.utf8)))
        }

        /// A text response with any content type.
        public static func text(status: Int = 200, _ body: String, contentType: String = "text/plain; charset=utf-8",
                                headers: KeyValuePairs<String, String> = [:]) -> Action {
            .respond(Response(status: status, headers: [Header("Content-Type", contentType)] + headers.map(Header.init), body: Data(body.utf8)))
        }

        /// A response with a status, headers and an optional body.
        public static func status(_ status: Int, headers: KeyValuePairs<String, String> = [:], body: String = "") -> Action {
            .respond(Response(status: status, headers: headers.map(Header.init), body: Data(body.utf8)))
        }

        /// A JSON response cut short: `declaredLength` announced, `sent` delivered, then the connection closes.
        public static func truncatedBody(status: Int = 200, declaredLength: Int, sent: String) -> Action {
            .truncatedBody(status: status, headers: [Header("Content-Type", "application/json")], declaredLength: declaredLength,
                           sent: Data(sent.utf8))
        }
    }
}

// MARK: - Recorded requests

/// A request as the server received it.
public struct RecordedRequest: Sendable {
    /// The method: `GET`, `POST`…
    public let method: String
    /// The request target as sent: path and query, still percent-encoded.
    public let uri: String
    /// The headers, in order, names as sent.
    public let headers: [LoopbackServer.Header]
    /// The body bytes.
    public let body: Data
    /// Which connection it came on: 0 for the first the server accepted.
    public let connection: Int

    /// The path as sent, still percent-encoded.
    public var path: String {
        String(uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
    }

    /// The query as sent, still percent-encoded; `nil` without a `?`.
    public var rawQuery: String? {
        let parts = uri.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        return parts.count == 2 ? String(parts[1]) : nil
    }

    /// The query items, percent-decoded (`+` stays `+`).
    public var queryItems: [LoopbackServer.Header] {
        guard let rawQuery, !rawQuery.isEmpty else { return [] }
        return rawQuery.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count == 2 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return LoopbackServer.Header(name, value)
        }
    }

    /// The first header with this name, compared without case.
    public func header(_ name: String) -> String? {
        headers(named: name).first
    }

    /// Every value of the headers with this name, compared without case.
    public func headers(named name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

// MARK: - Connection handling

/// The server's shared state, behind a lock: NIO threads and tests both touch it.
final class LockedState: @unchecked Sendable {
    struct State {
        var queue: [LoopbackServer.Action] = []
        var handler: (@Sendable (RecordedRequest) -> LoopbackServer.Action)?
        var requests: [RecordedRequest] = []
        var connections: [Int: any Channel] = [:]
        var connectionCount = 0
    }

    private let lock = NSLock()
    private var state = State()

    func withLock<Result>(_ body: (inout State) -> Result) -> Result {
        lock.lock()
        defer { lock.unlock() }
        return body(&state)
    }

    /// Tracks a new connection until it closes; returns its number.
    func register(_ channel: any Channel) -> Int {
        let number = withLock { state in
            defer { state.connectionCount += 1 }
            state.connections[state.connectionCount] = channel
            return state.connectionCount
        }
        channel.closeFuture.whenComplete { _ in
            self.withLock { _ = $0.connections.removeValue(forKey: number) }
        }
        return number
    }

    /// Records a request and picks its action: the queue first, then the handler.
    func receive(_ request: RecordedRequest) -> LoopbackServer.Action {
        let (queued, handler): (LoopbackServer.Action?, (@Sendable (RecordedRequest) -> LoopbackServer.Action)?) = withLock { state in
            state.requests.append(request)
            if !state.queue.isEmpty { return (state.queue.removeFirst(), nil) }
            return (nil, state.handler)
        }
        if let queued { return queued }
        if let handler { return handler(request) }
        return .text(status: 418, "LoopbackServer: no response scripted for \(request.method) \(request.uri)")
    }
}

/// Collects one request at a time and performs its action with raw writes.
final class ConnectionHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = ByteBuffer

    private let state: LockedState
    private let connection: Int
    private var head: HTTPRequestHead?
    private var body = Data()

    init(state: LockedState, connection: Int) {
        self.state = state
        self.connection = connection
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            self.head = head
            body = Data()
            if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                write(Array("HTTP/1.1 100 Continue\r\n\r\n".utf8), context: context)
            }
        case .body(var buffer):
            body += buffer.readBytes(length: buffer.readableBytes) ?? []
        case .end:
            guard let head else { return }
            self.head = nil
            let request = RecordedRequest(
                method: head.method.rawValue, uri: head.uri, headers: head.headers.map { LoopbackServer.Header($0.name, $0.value) },
                body: body, connection: connection)
            perform(state.receive(request), context: context)
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }

    private func perform(_ action: LoopbackServer.Action, context: ChannelHandlerContext) {
        switch action {
        case .respond(let response):
            write(response.bytes, context: context)
            if response.headers.contains(where: { $0.name.lowercased() == "connection" && $0.value.lowercased() == "close" }) {
                context.close(promise: nil)
            }
        case .resetConnection:
            // A zero linger time makes close() send RST instead of FIN.
            // On the event loop the option is set at once, before the close below.
            _ = (context.channel as? any SocketOptionProvider)?.setSoLinger(linger(l_onoff: 1, l_linger: 0))
            context.close(promise: nil)
        case .closeWithoutResponse:
            context.close(promise: nil)
        case .truncatedBody(let status, let headers, let declaredLength, let sent):
            let response = LoopbackServer.Response(
                status: status, headers: headers + [LoopbackServer.Header("Content-Length", String(declaredLength))], body: sent)
            write(response.bytes, context: context)
            context.close(promise: nil)
        case .delay(let duration, let next):
            let nanoseconds = duration.components.seconds * 1_000_000_000 + duration.components.attoseconds / 1_000_000_000
            context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(nanoseconds)) {
                guard context.channel.isActive else { return }
                self.perform(next, context: context)
            }
        case .raw(let bytes, let thenClose):
            write(Array(bytes), context: context)
            if thenClose { context.close(promise: nil) }
        }
    }

    private func write(_ bytes: [UInt8], context: ChannelHandlerContext) {
        context.writeAndFlush(wrapOutboundOut(context.channel.allocator.buffer(bytes: bytes)), promise: nil)
    }
}
