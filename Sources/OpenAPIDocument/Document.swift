import Diagnostics
import OrderedCollections
import YAMLReader

/// `x-` extensions of an object, in document order.
public typealias Extensions = OrderedDictionary<String, JSONValue>

/// Which OpenAPI version a document declares. Both are read into the same model;
/// the differences (nullable, exclusive bounds, `type` arrays) are normalised while decoding.
public enum SpecVersion: Sendable, Hashable {
    case v3_0
    case v3_1
}

/// A decoded OpenAPI 3.0.x or 3.1.x document.
public struct OpenAPI: Sendable {
    public var version: SpecVersion
    /// The `openapi` field as written, e.g. `3.1.0`.
    public var versionText: String
    public var info: Info
    public var servers: [Server]
    public var paths: OrderedDictionary<String, Referenceable<PathItem>>
    public var webhooks: OrderedDictionary<String, Referenceable<PathItem>>
    public var components: Components
    public var security: [SecurityRequirement]?
    public var tags: [Tag]
    public var extensions: Extensions
    /// The file the document came from: `$ref`s in it resolve against it.
    public var source: SourceFile
    /// The file the document came from, as diagnostics show it.
    public var file: String { source.path }
}

public struct Info: Sendable, Hashable {
    public var title: String
    public var version: String
    public var summary: String?
    public var description: String?
    public var termsOfService: String?
    public var contactEmail: String?
    public var extensions: Extensions
}

public struct Server: Sendable, Hashable {
    public var url: String
    public var description: String?
    public var variables: OrderedDictionary<String, ServerVariable>
    public var extensions: Extensions
    public var location: SourceLocation
}

public struct ServerVariable: Sendable, Hashable {
    public var defaultValue: String
    public var enumValues: [String]?
    public var description: String?
}

public struct Tag: Sendable, Hashable {
    public var name: String
    public var description: String?
    public var extensions: Extensions
}

/// A `$ref` as written, with where it was written.
///
/// A reference type: every `Schema` has room for two of these (`$ref` and `$dynamicRef`), and
/// inline they would make up a third of each schema's size, though most schemas have neither.
public final class Reference: Sendable, Hashable {
    /// The reference text, e.g. `#/components/schemas/Pet` or `common.yaml#/Pet`.
    public let ref: String
    /// `summary`/`description` written beside the `$ref` (3.1 lets them override the target's).
    public let summary: String?
    public let description: String?
    /// The mapping that holds the `$ref`; relative file refs resolve against its file.
    public let node: SourceNode
    /// Where the `$ref` value is, for diagnostics.
    public let location: SourceLocation
    /// `ref`'s hash, made once where the reference is decoded (on every core): the tables that
    /// look references up (resolving them, then again in the graph) hash this, not the text.
    public let refHash: Int

    public init(ref: String, summary: String?, description: String?, node: SourceNode, location: SourceLocation) {
        self.ref = ref
        refHash = ref.hashValue
        self.summary = summary
        self.description = description
        self.node = node
        self.location = location
    }

    /// Equal when written alike at the same place, as for a value.
    public static func == (lhs: Reference, rhs: Reference) -> Bool {
        lhs === rhs
            || (lhs.ref == rhs.ref && lhs.summary == rhs.summary && lhs.description == rhs.description
                && lhs.node == rhs.node && lhs.location == rhs.location)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ref)
        hasher.combine(node)
        hasher.combine(location)
    }
}

/// Either a `$ref` or an inline value.
public enum Referenceable<Value: Sendable>: Sendable {
    case reference(Reference)
    case value(Value)

    public var value: Value? {
        if case .value(let value) = self { return value }
        return nil
    }

    public var reference: Reference? {
        if case .reference(let reference) = self { return reference }
        return nil
    }
}

public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get, put, post, delete, options, head, patch, trace

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 §9.2.2).
    public var isIdempotent: Bool {
        switch self {
        case .post, .patch: false
        default: true
        }
    }
}

public struct PathItem: Sendable {
    public var summary: String?
    public var description: String?
    /// The operations in the order the spec lists them.
    public var operations: [(method: HTTPMethod, operation: Operation)]
    public var parameters: [Referenceable<Parameter>]
    public var servers: [Server]?
    public var extensions: Extensions
    public var location: SourceLocation
}

public struct Operation: Sendable {
    public var operationID: String?
    public var operationIDLocation: SourceLocation?
    public var summary: String?
    public var description: String?
    public var tags: [String]
    public var parameters: [Referenceable<Parameter>]
    public var requestBody: Referenceable<RequestBody>?
    /// Keyed by status code as written: `200`, `4XX`, `default`.
    public var responses: OrderedDictionary<String, Referenceable<Response>>
    public var deprecated: Bool
    public var security: [SecurityRequirement]?
    public var servers: [Server]?
    public var extensions: Extensions
    public var location: SourceLocation
}

public enum ParameterLocation: String, Sendable, Hashable, CaseIterable {
    case path, query, header, cookie
}

public struct Parameter: Sendable {
    public var name: String
    public var location: ParameterLocation
    public var description: String?
    public var required: Bool
    public var deprecated: Bool
    public var allowEmptyValue: Bool
    public var style: String?
    public var explode: Bool?
    public var allowReserved: Bool
    /// The schema, or the schema of the single media type in `content`.
    public var schema: Schema?
    public var content: OrderedDictionary<String, MediaType>
    public var extensions: Extensions
    public var node: SourceNode
    public var sourceLocation: SourceLocation { node.location }
}

public struct RequestBody: Sendable {
    public var description: String?
    public var content: OrderedDictionary<String, MediaType>
    public var required: Bool
    public var extensions: Extensions
    public var node: SourceNode
}

public struct MediaType: Sendable {
    public var schema: Schema?
    public var encoding: OrderedDictionary<String, Encoding>
    public var extensions: Extensions
    public var location: SourceLocation
}

public struct Encoding: Sendable {
    public var contentType: String?
    public var style: String?
    public var explode: Bool?
    public var headers: OrderedDictionary<String, Referenceable<Header>>
}

public struct Response: Sendable {
    public var description: String?
    public var headers: OrderedDictionary<String, Referenceable<Header>>
    public var content: OrderedDictionary<String, MediaType>
    public var extensions: Extensions
    public var node: SourceNode
}

public struct Header: Sendable {
    public var description: String?
    public var required: Bool
    public var deprecated: Bool
    public var schema: Schema?
    public var node: SourceNode
}

public struct Components: Sendable {
    public var schemas: OrderedDictionary<String, Schema> = [:]
    public var responses: OrderedDictionary<String, Referenceable<Response>> = [:]
    public var parameters: OrderedDictionary<String, Referenceable<Parameter>> = [:]
    public var requestBodies: OrderedDictionary<String, Referenceable<RequestBody>> = [:]
    public var headers: OrderedDictionary<String, Referenceable<Header>> = [:]
    public var securitySchemes: OrderedDictionary<String, Referenceable<SecurityScheme>> = [:]
    public var pathItems: OrderedDictionary<String, Referenceable<PathItem>> = [:]
    public var extensions: Extensions = [:]

    public init() {}
}

public struct SecurityScheme: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `type: apiKey`: a key sent in a header, query parameter or cookie.
        case apiKey(name: String, location: ParameterLocation)
        /// `type: http`: `bearer`, `basic`, or another scheme.
        case http(scheme: String, bearerFormat: String?)
        case oauth2
        case openIDConnect(url: String)
        case mutualTLS
        case unknown(String)
    }

    public var kind: Kind
    public var description: String?
    public var extensions: Extensions
    public var location: SourceLocation
}

/// One alternative of a `security` list: every named scheme in it applies together.
public struct SecurityRequirement: Sendable, Hashable {
    public var schemes: OrderedDictionary<String, [String]>
}
