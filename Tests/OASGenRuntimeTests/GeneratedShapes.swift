// Code shaped exactly like what the emitters generate (Templates/Swift), so these tests fail
// when the runtime stops accepting generated code. Only `import OASGenRuntime` is needed.
import Foundation
import OASGenRuntime

// MARK: - Client

/// A client as `Client.swift.mustache` renders it.
struct CanaryClient: Sendable {
    enum Server: Hashable, Sendable {
        case production
        case regional(region: String = "us")
        case custom(URL)

        var url: URL {
            switch self {
            case .production: URL(string: "https://api.example.com/v2")!
            case .regional(let region): URL(serverTemplate: "https://{region}.api.example.com/v2", variables: ["region": region])
            case .custom(let url): url
            }
        }
    }

    let core: APIClientCore<CanaryErrorBody>

    init(
        apiKey: String? = ProcessInfo.processInfo.environment["CANARY_API_KEY"],
        server: Server = .production,
        transport: any ClientTransport = URLSessionTransport(),
        middlewares: [any ClientMiddleware] = [],
        retry: RetryPolicy = .default,
        timeout: Duration = .seconds(60),
        headers: HTTPFields = [:]
    ) {
        var configuration = ClientConfiguration(
            baseURL: server.url, transport: transport, middlewares: middlewares, retry: retry, timeout: timeout,
            headers: headers, userAgent: "CanaryAPI/2.0.0 oasgen")
        if let apiKey { configuration.credentials.append(.bearer(apiKey)) }
        self.core = APIClientCore(configuration: configuration)
    }

    /// Creates a canary deploy.
    func create(
        assistantID: String,
        body: CanaryDeployRequest,
        limit: Int? = nil,
        tags: [String]? = nil,
        ids: [Int]? = nil,
        traceHeader: String? = nil,
        session: String? = nil,
        options: RequestOptions = RequestOptions()
    ) async throws(CanaryError) -> CanaryDeployResponse {
        try core.validate(body)
        try core.validate { context in
            context.check(limit, at: "limit", minimum: 1, maximum: 100)
            context.check(tags, at: "tags", maxItems: 3)
            context.checkEach(tags, at: "tags", minLength: 1)
        }
        var request = APIRequest(method: .post, path: "/ai/assistants/\(assistantID)/canary-deploys", operationID: "create_canary_deploy")
        request.query.append("limit", limit)
        request.query.append("tags", tags)
        request.query.appendJoined("ids", ids)
        request.headers.append("X-Trace", traceHeader)
        request.cookies.append("session", session)
        try request.setJSONBody(body, using: core)
        let response = try await core.send(request, options: options)
        switch response.statusCode {
        case 200:
            return try core.decode(CanaryDeployResponse.self, from: response)
        case 422:
            throw core.statusError(response, body: core.decodeErrorBody(HTTPValidationError.self, from: response).map(CanaryErrorBody.httpValidationError))
        case 200..<300:
            return try core.decode(CanaryDeployResponse.self, from: response)
        default:
            throw core.statusError(response, body: nil)
        }
    }

    /// Deletes a canary deploy; no content.
    func delete(assistantID: String, options: RequestOptions = RequestOptions()) async throws(CanaryError) {
        let request = APIRequest(method: .delete, path: "/ai/assistants/\(assistantID)/canary-deploys", operationID: "delete_canary_deploy")
        let response = try await core.send(request, options: options)
        switch response.statusCode {
        case 204:
            return
        case 200..<300:
            return
        default:
            throw core.statusError(response, body: nil)
        }
    }

    /// A public, unauthenticated text endpoint.
    func health(options: RequestOptions = RequestOptions()) async throws(CanaryError) -> String {
        var request = APIRequest(method: .get, path: "/health", operationID: "health")
        request.isAuthenticated = false
        let response = try await core.send(request, options: options)
        switch response.statusCode {
        case 200..<300:
            return try core.decodeText(from: response)
        default:
            throw core.statusError(response, body: nil)
        }
    }
}

/// Errors from `CanaryClient`.
typealias CanaryError = APIError<CanaryErrorBody>

/// Bodies of the error responses the API documents.
enum CanaryErrorBody: Sendable, Hashable {
    case httpValidationError(HTTPValidationError)
}

// MARK: - Models

struct HTTPValidationError: Codable, Hashable, Sendable {
    var detail: [ValidationErrorDetail]?

    init(detail: [ValidationErrorDetail]? = nil) {
        self.detail = detail
    }
}

struct ValidationErrorDetail: Codable, Hashable, Sendable {
    var loc: [String]
    var msg: String
}

struct CanaryDeployRequest: Codable, Hashable, Sendable {
    var name: String
    var rules: [Rule]
    var labels: [String: Rule]?
    var stage: Stage?

    init(name: String, rules: [Rule], labels: [String: Rule]? = nil, stage: Stage? = nil) {
        self.name = name
        self.rules = rules
        self.labels = labels
        self.stage = stage
    }
}

struct Rule: Codable, Hashable, Sendable {
    var serve: Serve

    init(serve: Serve) {
        self.serve = serve
    }
}

struct Serve: Codable, Hashable, Sendable {
    var rollout: [Rollout]

    init(rollout: [Rollout]) {
        self.rollout = rollout
    }
}

struct Rollout: Codable, Hashable, Sendable {
    var variant: String
    var weight: Int

    init(variant: String, weight: Int) {
        self.variant = variant
        self.weight = weight
    }
}

struct CanaryDeployResponse: Codable, Hashable, Sendable {
    var id: String
    var stage: Stage
    var createdAt: Date
    var metadata: JSONValue?

    init(id: String, stage: Stage, createdAt: Date, metadata: JSONValue? = nil) {
        self.id = id
        self.stage = stage
        self.createdAt = createdAt
        self.metadata = metadata
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        self.id = try container.decode(named: "id")
        self.stage = try container.decode(named: "stage")
        self.createdAt = try container.decode(named: "created_at")
        self.metadata = try container.decodeIfPresent(named: "metadata")
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(self.id, named: "id")
        try container.encode(self.stage, named: "stage")
        try container.encode(self.createdAt, named: "created_at")
        try container.encodeIfPresent(self.metadata, named: "metadata")
    }
}

/// `enum.mustache`.
enum Stage: OpenStringEnum, CaseIterable {
    case draft
    case live
    /// A value this version of the API description does not list, kept as received.
    case undocumented(String)

    init(rawValue: String) {
        switch rawValue {
        case "draft": self = .draft
        case "live": self = .live
        default: self = .undocumented(rawValue)
        }
    }

    var rawValue: String {
        switch self {
        case .draft: "draft"
        case .live: "live"
        case .undocumented(let value): value
        }
    }

    static let allCases: [Self] = [.draft, .live]
}

/// An integer enum.
enum Priority: OpenIntEnum, CaseIterable {
    case low
    case high
    case undocumented(Int)

    init(rawValue: Int) {
        switch rawValue {
        case 1: self = .low
        case 5: self = .high
        default: self = .undocumented(rawValue)
        }
    }

    var rawValue: Int {
        switch self {
        case .low: 1
        case .high: 5
        case .undocumented(let value): value
        }
    }

    static let allCases: [Self] = [.low, .high]
}

/// `struct.mustache` with an indirect property and additional properties.
struct TreeNode: Codable, Hashable, Sendable {
    var name: String
    @Indirect var parent: TreeNode?
    /// Members the schema does not declare, by name.
    var additionalProperties: [String: Int]

    init(name: String, parent: TreeNode? = nil, additionalProperties: [String: Int] = [:]) {
        self.name = name
        self.parent = parent
        self.additionalProperties = additionalProperties
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        self.name = try container.decode(named: "name")
        self.parent = try container.decodeIfPresent(named: "parent")
        self.additionalProperties = try AdditionalProperties.decode(Int.self, from: decoder, excluding: ["name", "parent"])
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyCodingKey.self)
        try container.encode(self.name, named: "name")
        try container.encodeIfPresent(self.parent, named: "parent")
        try AdditionalProperties.encode(self.additionalProperties, to: encoder)
    }
}

/// `union.mustache` with a discriminator.
indirect enum Shape: Codable, Hashable, Sendable {
    case circle(Circle)
    case square(Square)
    /// A value that matches none of the documented variants, kept as raw JSON.
    case undocumented(JSONValue)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        switch try decoder.discriminator(forKey: "type") {
        case "circle":
            self = .circle(try container.decode(Circle.self))
        case "square", "box":
            self = .square(try container.decode(Square.self))
        default:
            self = .undocumented(try container.decode(JSONValue.self))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .circle(let value): try container.encode(value)
        case .square(let value): try container.encode(value)
        case .undocumented(let value): try container.encode(value)
        }
    }
}

struct Circle: Codable, Hashable, Sendable {
    var type: String = "circle"
    var radius: Double
}

struct Square: Codable, Hashable, Sendable {
    var type: String = "square"
    var side: Double
}

/// `union.mustache` without a discriminator.
enum StringOrNumber: Codable, Hashable, Sendable {
    case string(String)
    case double(Double)
    case undocumented(JSONValue)

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(String.self) {
            self = .string(value)
            return
        }
        if let value = try? container.decode(Double.self) {
            self = .double(value)
            return
        }
        self = .undocumented(try container.decode(JSONValue.self))
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .double(let value): try container.encode(value)
        case .undocumented(let value): try container.encode(value)
        }
    }
}

// MARK: - Validation (`validation.mustache`)

extension CanaryDeployRequest: Validatable {
    func validate(in context: inout ValidationContext) {
        context.check(name, at: "name", minLength: 1, maxLength: 20, pattern: "^[a-z][a-z0-9-]*$")
        context.check(rules, at: "rules", minItems: 1, maxItems: 5)
        context.validate(rules, at: "rules")
        context.check(labels, at: "labels", maxProperties: 2)
        context.validate(labels, at: "labels")
    }
}

extension Rule: Validatable {
    func validate(in context: inout ValidationContext) {
        context.validate(serve, at: "serve")
    }
}

extension Serve: Validatable {
    func validate(in context: inout ValidationContext) {
        context.check(rollout, at: "rollout", minItems: 1, uniqueItems: true)
        context.validate(rollout, at: "rollout")
    }
}

extension Rollout: Validatable {
    func validate(in context: inout ValidationContext) {
        context.check(variant, at: "variant", minLength: 1)
        context.check(weight, at: "weight", minimum: 0, maximum: 100)
    }
}

extension TreeNode: Validatable {
    func validate(in context: inout ValidationContext) {
        context.checkPropertyCount(self, maxProperties: 3)
        context.check(name, at: "name", minLength: 1)
        context.validate(parent, at: "parent")
        context.checkEach(additionalProperties, at: "", minimum: 0)
    }
}

extension Shape: Validatable {
    func validate(in context: inout ValidationContext) {
        switch self {
        case .circle(let value): value.validate(in: &context)
        default: break
        }
    }
}

extension Circle: Validatable {
    func validate(in context: inout ValidationContext) {
        context.check(radius, at: "radius", exclusiveMinimum: 0)
    }
}
