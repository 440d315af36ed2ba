import Foundation
import HTTPTypes

/// When and how failed requests are retried.
///
/// A request is retried when the server answers with one of ``retryableStatusCodes`` or the
/// connection fails or times out, up to ``maxRetries`` times, after an exponential backoff
/// with jitter, or after the server's `Retry-After` (seconds or an HTTP date) or
/// `retry-after-ms` when that is at most ``maxRetryAfter``.
///
/// Methods that are not idempotent (`POST`, `PATCH`) are retried only when the call has an
/// idempotency key or ``retriesNonIdempotentRequests`` is set, since a lost response does
/// not tell whether the server acted. A cancelled call is never retried.
public struct RetryPolicy: Sendable, Hashable, CustomStringConvertible {
    /// Retries after the first attempt; `0` disables retrying.
    public var maxRetries: Int
    /// The wait before the first retry; each later one doubles it.
    public var initialBackoff: Duration
    /// The longest computed wait.
    public var maxBackoff: Duration
    /// The fraction by which each wait is randomly shortened, from 0 to 1, so that clients
    /// failing together do not retry together.
    public var jitter: Double
    /// The statuses worth another try.
    public var retryableStatusCodes: Set<Int>
    /// Whether `POST`, `PATCH` and other non-idempotent requests are retried without an idempotency key.
    public var retriesNonIdempotentRequests: Bool
    /// The longest server-requested wait honoured; a longer one falls back to the computed backoff.
    public var maxRetryAfter: Duration

    /// 408 Request Timeout, 409 Conflict, 429 Too Many Requests, and every 5xx.
    public static let defaultRetryableStatusCodes: Set<Int> = Set([408, 409, 429]).union(500...599)

    /// Creates a policy.
    public init(
        maxRetries: Int = 2,
        initialBackoff: Duration = .milliseconds(500),
        maxBackoff: Duration = .seconds(8),
        jitter: Double = 0.25,
        retryableStatusCodes: Set<Int> = RetryPolicy.defaultRetryableStatusCodes,
        retriesNonIdempotentRequests: Bool = false,
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxRetries = maxRetries
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.jitter = jitter
        self.retryableStatusCodes = retryableStatusCodes
        self.retriesNonIdempotentRequests = retriesNonIdempotentRequests
        self.maxRetryAfter = maxRetryAfter
    }

    /// Two retries, from 0.5 s doubling up to 8 s, with 25 % jitter.
    public static let `default` = RetryPolicy()

    /// No retries. Where a `RetryPolicy?` is expected, write `RetryPolicy.none`.
    public static let none = RetryPolicy(maxRetries: 0)

    /// `RetryPolicy(maxRetries: 2, backoff: 0.5 s…8 s, jitter: 0.25, statuses: 408, 409, 429, 500–599)`.
    public var description: String {
        "RetryPolicy(maxRetries: \(maxRetries), backoff: \(DurationText.seconds(initialBackoff))…\(DurationText.seconds(maxBackoff)), "
            + "jitter: \(NumberText.format(jitter)), statuses: \(Self.ranges(retryableStatusCodes))"
            + (retriesNonIdempotentRequests ? ", retries non-idempotent requests" : "") + ")"
    }

    /// `408, 409, 500–599`: runs of consecutive codes shortened.
    private static func ranges(_ codes: Set<Int>) -> String {
        var parts: [String] = []
        var sorted = codes.sorted()[...]
        while let first = sorted.popFirst() {
            var last = first
            while sorted.first == last + 1 { last = sorted.removeFirst() }
            parts.append(last > first + 1 ? "\(first)–\(last)" : last == first ? "\(first)" : "\(first), \(last)")
        }
        return parts.isEmpty ? "none" : parts.joined(separator: ", ")
    }

    /// Whether a request with this method may be retried.
    func allowsRetry(of method: HTTPRequest.Method, hasIdempotencyKey: Bool) -> Bool {
        guard maxRetries > 0 else { return false }
        return retriesNonIdempotentRequests || hasIdempotencyKey || method.isIdempotent
    }

    /// The wait before retry number `retry` (1 for the first): the server's `Retry-After`
    /// when usable, else the backoff for that retry.
    func delay(beforeRetry retry: Int, responseHeaders: HTTPFields?, now: Date = Date(),
               random: Double = Double.random(in: 0...1)) -> Duration {
        if let headers = responseHeaders, let requested = Self.retryAfter(headers, now: now),
            requested <= maxRetryAfter
        {
            return requested
        }
        let exponent = Double(max(0, min(retry - 1, 30)))
        let backoff = min(initialBackoff.seconds * pow(2, exponent), maxBackoff.seconds)
        let spread = min(max(jitter, 0), 1)
        return .seconds(backoff * (1 - spread * random))
    }

    /// The wait the server asks for: `retry-after-ms`, then `Retry-After` as seconds or an HTTP date.
    static func retryAfter(_ headers: HTTPFields, now: Date) -> Duration? {
        if let name = HTTPField.Name("retry-after-ms"), let text = headers[name],
            let milliseconds = Double(text.trimmingCharacters(in: .whitespaces)), milliseconds.isFinite, milliseconds >= 0
        {
            return .milliseconds(milliseconds)
        }
        guard let name = HTTPField.Name("retry-after"), let text = headers[name]?.trimmingCharacters(in: .whitespaces)
        else { return nil }
        if let seconds = Double(text), seconds.isFinite, seconds >= 0 { return .seconds(seconds) }
        if let date = HTTPDate.parse(text) { return .seconds(max(0, date.timeIntervalSince(now))) }
        return nil
    }
}

extension HTTPRequest.Method {
    /// RFC 9110's idempotent methods: repeating them has the same effect as sending them once.
    var isIdempotent: Bool {
        [.get, .head, .options, .trace, .put, .delete].contains(self)
    }
}

/// The IMF-fixdate form of HTTP dates: `Wed, 21 Oct 2015 07:28:00 GMT`.
enum HTTPDate {
    static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    static func parse(_ text: String) -> Date? {
        // Weekday, day, month, year, time, zone.
        let parts = text.split(separator: " ")
        guard parts.count == 6, parts[5] == "GMT", parts[1].count == 2, parts[3].count == 4,
            let month = months.firstIndex(of: String(parts[2]))
        else { return nil }
        let monthText = month < 9 ? "0\(month + 1)" : "\(month + 1)"
        return RFC3339.date(from: "\(parts[3])-\(monthText)-\(parts[1])T\(parts[4])Z")
    }
}
