import Foundation
import HTTPTypes
import OpenAPIRuntime

/// The events of a streamed response, read as they arrive: swift-openapi-runtime's
/// `ServerSentEvent`s, or each event's data decoded as the documented type.
///
/// Iterating throws the API's error type: ``APIError/transport(_:)`` when the connection
/// breaks, ``APIError/decoding(_:)`` when an event's data is not the documented type,
/// ``APIError/cancelled`` when the task is cancelled.
///
/// ```swift
/// for try await chunk in try await client.chat.completions.createStream(body: request) {
///     print(chunk.choices.first?.delta.content ?? "", terminator: "")
/// }
/// ```
///
/// A `data: [DONE]` event, which several APIs send last, ends the sequence.
public struct EventStream<Event: Sendable, ErrorBody: Sendable>: AsyncSequence, Sendable {
    public typealias Element = Event
    public typealias Failure = APIError<ErrorBody>

    let body: HTTPBody?
    let context: StreamContext
    let transform: @Sendable (ServerSentEvent, StreamContext) throws(APIError<ErrorBody>) -> Event?

    /// The response's status code.
    public var statusCode: Int { context.statusCode }
    /// The response's headers.
    public var headers: HTTPFields { context.headers }

    /// Each event's data decoded as JSON into `type`.
    public func decoding<Decoded: Decodable & Sendable>(_ type: Decoded.Type) -> EventStream<Decoded, ErrorBody> {
        EventStream<Decoded, ErrorBody>(body: body, context: context) { event, context throws(APIError<ErrorBody>) in
            // Comments and keep-alives carry no data: nothing to decode.
            guard let text = event.data else { return nil }
            let data = Data(text.utf8)
            do {
                return try JSONCoding.makeDecoder().decode(Decoded.self, from: data)
            } catch {
                throw .decoding(ResponseDecodingError(
                    statusCode: context.statusCode, contentType: "text/event-stream", rawBody: data,
                    operationID: context.operationID, reason: "an event's data: " + UnionDecoding.reason(error),
                    redactor: context.redactor))
            }
        }
    }

    public func makeAsyncIterator() -> AsyncIterator {
        // swift-openapi-runtime parses the stream; `data: [DONE]` ends it.
        let events = (body ?? HTTPBody()).asDecodedServerSentEvents(while: { $0 != EventStream.done[...] })
        return AsyncIterator(events: EventSource(events.makeAsyncIterator()), context: context, transform: transform)
    }

    private static var done: [UInt8] { Array("[DONE]".utf8) }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let events: EventSource
        let context: StreamContext
        let transform: @Sendable (ServerSentEvent, StreamContext) throws(APIError<ErrorBody>) -> Event?

        public mutating func next(isolation actor: isolated (any Actor)? = #isolation) async throws(APIError<ErrorBody>) -> Event? {
            while true {
                if Task.isCancelled { throw .cancelled }
                let event: ServerSentEvent?
                do {
                    event = try await events.next()
                } catch {
                    if Task.isCancelled || error is CancellationError { throw .cancelled }
                    throw .transport(TransportError(
                        kind: .connection, operationID: context.operationID, attempts: context.attempts,
                        message: context.redactor("the event stream broke: " + TransportFailure.message(for: error)),
                        underlyingError: error))
                }
                guard let event else { return nil }
                if let value = try transform(event, context) { return value }
            }
        }

        public mutating func next() async throws(APIError<ErrorBody>) -> Event? {
            try await next(isolation: nil)
        }
    }
}

/// The event parser's iterator, in a box: an iterator is used by one task at a time, but
/// crossing into its nonisolated `next()` needs it to be sendable.
final class EventSource: @unchecked Sendable {
    private var iterator: ServerSentEventsDeserializationSequence<ServerSentEventsLineDeserializationSequence<HTTPBody>>.Iterator<ServerSentEventsLineDeserializationSequence<HTTPBody>.Iterator<HTTPBody.Iterator>>

    init(_ iterator: ServerSentEventsDeserializationSequence<ServerSentEventsLineDeserializationSequence<HTTPBody>>.Iterator<ServerSentEventsLineDeserializationSequence<HTTPBody>.Iterator<HTTPBody.Iterator>>) {
        self.iterator = iterator
    }

    func next() async throws -> ServerSentEvent? { try await iterator.next() }
}

/// What an event stream knows about the response it reads.
struct StreamContext: Sendable {
    var statusCode: Int
    var headers: HTTPFields
    var operationID: String
    var attempts: Int
    var redactor: Redactor
}
