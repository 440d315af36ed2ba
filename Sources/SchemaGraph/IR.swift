import Diagnostics
import OpenAPIDocument
import OrderedCollections

// The schema graph: the whole API with every `$ref` resolved, every type named and every
// operation placed in the resource tree. Emitters read only this, never the document.

/// Identifies a declared type in `SchemaGraph.types`.
public struct TypeID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public let index: Int
    public init(_ index: Int) { self.index = index }
    public static func < (lhs: TypeID, rhs: TypeID) -> Bool { lhs.index < rhs.index }
    public var description: String { "#\(index)" }
}

/// Built-in value types.
public enum Primitive: String, Sendable, Hashable {
    case string
    case int, int32, int64
    case double, float
    case bool
    /// `format: date-time`, decoded with and without fractional seconds.
    case dateTime
    /// Raw bytes: `format: binary` bodies.
    case data
    /// `format: binary` inside a structured body: bytes with an optional file name and media
    /// type, a file part in multipart bodies (`FileUpload`).
    case file
}

extension Primitive {
    /// An integer or floating-point number: where `minimum`, `maximum` and `multipleOf` apply.
    public var isNumber: Bool {
        switch self {
        case .int, .int32, .int64, .double, .float: true
        default: false
        }
    }

    /// The narrower of two scalars that can describe one value (`Date` over `String`, `Int32`
    /// over `Int`, integers over numbers), or nil when none can. The type builder takes it for
    /// an `allOf` of scalars; the emitter orders a union's variants by it.
    public static func narrower(_ first: Primitive, _ second: Primitive) -> Primitive? {
        if first == second { return first }
        // Ranks within a kind: a higher rank is more specific.
        func rank(_ primitive: Primitive) -> (kind: Int, rank: Int) {
            switch primitive {
            case .string: (0, 0)
            case .dateTime: (0, 1)
            case .file: (0, 1)
            case .data: (0, 1)
            case .double: (1, 0)
            case .float: (1, 1)
            case .int: (1, 2)
            case .int64: (1, 3)
            case .int32: (1, 4)
            case .bool: (2, 0)
            }
        }
        let (a, b) = (rank(first), rank(second))
        guard a.kind == b.kind, a.rank != b.rank else { return nil }  // two different formats of string
        return a.rank > b.rank ? first : second
    }
}

/// How a value is typed at one position: a property, an array element, a parameter, a body.
public indirect enum TypeRef: Hashable, Sendable {
    case primitive(Primitive)
    case named(TypeID)
    case array(ValueType)
    /// A JSON object used as a map: `[String: Value]`.
    case dictionary(ValueType)
    /// Any JSON value (no or unknown schema).
    case any
}

/// A type at one position, with what is known about values there.
public struct ValueType: Hashable, Sendable {
    public var type: TypeRef
    /// `null` is an allowed value here.
    public var nullable: Bool
    /// Validation keywords that apply to values at this position (merged from aliases).
    public var constraints: SchemaConstraints

    public init(_ type: TypeRef, nullable: Bool = false, constraints: SchemaConstraints = SchemaConstraints()) {
        self.type = type
        self.nullable = nullable
        self.constraints = constraints
    }
}

/// A named declaration the emitters write out.
public struct TypeDecl: Sendable {
    public enum Kind: Sendable {
        case object(ObjectType)
        case enumeration(EnumType)
        case union(UnionType)
        /// A named schema that is just another type: emitted as a `typealias`.
        case alias(ValueType)
    }

    public var id: TypeID
    /// The Swift name, unqualified (`Serve`); see `SchemaGraph.qualifiedName`.
    public var name: String
    /// The type this one is nested in (inline schemas nest in the type that uses them).
    public var parent: TypeID?
    /// Nested types, in declaration order.
    public var children: [TypeID] = []
    /// Where the schema came from, e.g. `#/components/schemas/Rule-Input`.
    public var origin: String
    public var location: SourceLocation
    public var title: String?
    public var description: String?
    public var deprecated: Bool
    public var kind: Kind
}

public struct ObjectType: Sendable {
    public var properties: [Property]
    /// Type of undeclared members kept in `additionalProperties`; nil means extra members are dropped.
    public var additionalProperties: ValueType?
    public var constraints: SchemaConstraints
    /// Named object types this one was composed from with `allOf` (documentation only; their
    /// properties are already merged in).
    public var composedOf: [TypeID]
}

public struct Property: Sendable {
    /// The name on the wire, e.g. `version_id`.
    public var name: String
    /// The Swift name, escaped if needed, e.g. `versionID`, `` `default` ``.
    public var swiftName: String
    public var type: ValueType
    public var description: String?
    public var defaultValue: JSONValue?
    public var location: SourceLocation
    // The flags last, side by side, so they pack together (a property is 112 bytes, not 136).
    public var isRequired: Bool
    public var deprecated: Bool
    public var readOnly: Bool
    public var writeOnly: Bool
    /// The property closes a cycle of stored values and must be boxed (`@Indirect`).
    public var needsIndirection: Bool
    /// Not a member but a part: a union of objects that an `allOf` composes with the other
    /// parts, coded from and into the same JSON object as the declared properties. It has no
    /// wire name and is always present.
    public var isFlattened = false

    init(
        name: String, swiftName: String, type: ValueType, isRequired: Bool, description: String?, deprecated: Bool,
        readOnly: Bool, writeOnly: Bool, defaultValue: JSONValue?, needsIndirection: Bool, location: SourceLocation
    ) {
        self.name = name
        self.swiftName = swiftName
        self.type = type
        self.description = description
        self.defaultValue = defaultValue
        self.location = location
        self.isRequired = isRequired
        self.deprecated = deprecated
        self.readOnly = readOnly
        self.writeOnly = writeOnly
        self.needsIndirection = needsIndirection
    }

    /// The Swift type is optional: not required, or `null` allowed.
    public var isOptional: Bool { !isRequired || type.nullable }
}

public struct EnumType: Sendable {
    public enum RawType: Sendable { case string, integer }

    public struct Case: Sendable {
        public var value: JSONValue
        /// Escaped Swift case name.
        public var swiftName: String
        public var description: String?
    }

    public var rawType: RawType
    public var cases: [Case]
}

/// A property that a union variant fixes to one value.
public struct ConstantTag: Sendable, Hashable {
    public var property: String
    public var value: String
}

public struct UnionType: Sendable {
    public struct Variant: Sendable {
        public var type: ValueType
        /// Escaped Swift case name.
        public var caseName: String
        /// Discriminator values that select this variant (empty without a discriminator).
        public var discriminatorValues: [String]
        /// Properties this variant fixes to one value (`type: {const: text}`), other than the
        /// discriminator. A value whose member differs is not this variant.
        public var constantTags: [ConstantTag] = []
        /// The one string this variant is, in a union without a discriminator (`oneOf: [{enum:
        /// [auto]}, {type: integer}]`): a case without a payload, `.auto`. `type` is `String`.
        /// An inline enumeration of strings is one such variant per value.
        public var constant: String? = nil
        /// The constant's description, for its case.
        public var description: String? = nil
    }

    public var variants: [Variant]
    /// The property whose value picks the variant, when the schema names one.
    public var discriminator: String?
    /// `oneOf` (exactly one matches) or `anyOf` (first that decodes wins).
    public var isExclusive: Bool
    /// A `null` alternative was listed (`oneOf: [A, B, {type: null}]`): uses of this type are optional.
    public var admitsNull: Bool
    /// A variant contains this union by value: emitted as an `indirect enum`.
    public var isIndirect: Bool = false
}

// MARK: Operations

public enum BodyEncoding: Sendable, Hashable {
    case json
    case formURLEncoded
    case multipart
    case text
    case binary
    /// `text/event-stream`
    case eventStream
    /// Another media type, carried as raw bytes.
    case other

    public static func of(contentType: String) -> BodyEncoding {
        // Nearly every body is plain JSON: no need to normalize it.
        if contentType == "application/json" { return .json }
        // The media type before any parameters, without blanks, in lowercase ASCII.
        var bytes: [UInt8] = []
        for byte in contentType.utf8 {
            if byte == UInt8(ascii: ";") { break }
            if byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") { continue }
            bytes.append((UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte)
        }
        let type = String(decoding: bytes, as: UTF8.self)
        if type == "application/json" || type.hasSuffix("+json") || type == "text/json" || type == "*/*" { return .json }
        if type == "application/x-www-form-urlencoded" { return .formURLEncoded }
        if type.hasPrefix("multipart/") { return .multipart }
        if type == "text/event-stream" { return .eventStream }
        if type.hasPrefix("text/") { return .text }
        if type == "application/octet-stream" || type.hasPrefix("audio/") || type.hasPrefix("image/")
            || type.hasPrefix("video/") || type == "application/pdf" || type == "application/zip" {
            return .binary
        }
        return .other
    }
}

/// OpenAPI's parameter serialization styles.
public enum ParameterStyleName: String, Sendable, Hashable {
    case form, simple, label, matrix, spaceDelimited, pipeDelimited, deepObject
}

public struct ParameterDecl: Sendable {
    public var name: String
    public var swiftName: String
    public var location: ParameterLocation
    public var type: ValueType
    public var isRequired: Bool
    public var description: String?
    public var deprecated: Bool
    /// The OpenAPI `style`, defaulted by location (`form` for query and cookie, `simple` otherwise).
    public var style: ParameterStyleName
    /// With `form`, `explode` repeats the key for arrays; without, joins with commas.
    public var explode: Bool
    /// Set on the client instead of per call (`ClientOptions`): the client property that supplies it.
    public var liftedTo: String?
    public var sourceLocation: SourceLocation
}

public struct RequestBodyDecl: Sendable {
    public var contentType: String
    public var encoding: BodyEncoding
    public var type: ValueType
    public var isRequired: Bool
    public var description: String?
}

public enum StatusPattern: Sendable, Hashable, Comparable, CustomStringConvertible {
    case code(Int)
    /// `2XX` → `.range(2)`
    case range(Int)
    case `default`

    public var description: String {
        switch self {
        case .code(let code): String(code)
        case .range(let hundred): "\(hundred)XX"
        case .default: "default"
        }
    }

    public var isSuccess: Bool {
        switch self {
        case .code(let code): (200..<300).contains(code)
        case .range(let hundred): hundred == 2
        case .default: false
        }
    }

    private var rank: (Int, Int) {
        switch self {
        case .code(let code): (0, code)
        case .range(let hundred): (1, hundred)
        case .default: (2, 0)
        }
    }

    public static func < (lhs: StatusPattern, rhs: StatusPattern) -> Bool { lhs.rank < rhs.rank }
}

public struct ResponseDecl: Sendable {
    public var status: StatusPattern
    public var description: String?
    public var contentType: String?
    public var encoding: BodyEncoding?
    /// The body's type; nil for responses without a body or with a non-JSON body.
    public var type: ValueType?
    /// The response is (also) offered as `text/event-stream`.
    public var eventStream: EventStreamDecl? = nil
}

/// A `text/event-stream` response.
public struct EventStreamDecl: Sendable {
    /// What each event's data decodes to, as JSON; nil when the spec gives no schema (raw events).
    public var eventType: ValueType?
}

public struct OperationDecl: Sendable {
    /// The operationId as written, or one made from method and path.
    public var operationID: String
    public var method: HTTPMethod
    /// The path template, e.g. `/ai/assistants/{assistant_id}/canary-deploys`, as the spec wrote it.
    public var path: String
    /// The template to request: without a `#fragment` or `?query` the spec may have added.
    public var requestPath: String
    /// Query items fixed by the template (`/responses/{id}?beta=true`).
    public var fixedQuery: [(name: String, value: String)]
    /// The `{name}`s of the template, in order.
    public var pathParameterNames: [String]
    /// Resource names from the root, e.g. `["ai", "assistants", "canaryDeploys"]`.
    public var resourcePath: [String]
    /// The method name within its resource, e.g. `create`.
    public var methodName: String
    /// When a success response is offered both as JSON and as an event stream: the name of the
    /// second method, which streams (`createStream`).
    public var streamMethodName: String? = nil
    public var summary: String?
    public var description: String?
    public var deprecated: Bool
    public var tags: [String]
    public var parameters: [ParameterDecl]
    public var requestBody: RequestBodyDecl?
    public var responses: [ResponseDecl]
    /// False when the operation opts out of authentication (`security: []`).
    public var requiresAuthentication: Bool
    /// The server the operation (or its path) is documented at, with its variables at their
    /// defaults, when that is not one of the API's servers: Box's `https://upload.box.com/api/2.0`.
    public var server: String? = nil
    public var location: SourceLocation
}

/// A node of the resource tree: `client.ai.assistants.canaryDeploys`.
public struct Resource: Sendable {
    /// Property name on the parent, e.g. `canaryDeploys`.
    public var name: String
    /// Swift type name, e.g. `AIAssistantsCanaryDeploysResource`.
    public var typeName: String
    public var children: [Resource]
    /// Indices into `SchemaGraph.operations`.
    public var operations: [Int]
}

// MARK: Client-level facts

public struct ServerDecl: Sendable {
    /// Case name, e.g. `production`, `euResidency`.
    public var caseName: String
    public var url: String
    public var description: String?
    public var variables: [ServerVariableDecl]
}

public struct ServerVariableDecl: Sendable {
    public var name: String
    public var swiftName: String
    public var defaultValue: String
    public var enumValues: [String]?
    public var description: String?
    /// The Swift enum offered for the variable when it lists its values and its default is one
    /// of them; otherwise the variable is a `String`.
    public var choices: ServerVariableChoices? = nil
}

/// A server variable's values as a Swift enum nested in the client's `Server`: `Region`.
public struct ServerVariableChoices: Sendable {
    /// The nested type's name, unique among the servers' variables.
    public var typeName: String
    /// Case names and the values they stand for, in the spec's order.
    public var cases: [(swiftName: String, value: String)]
    /// The case of the variable's default.
    public var defaultCase: String
}

public enum AuthDecl: Sendable, Hashable {
    case bearer
    case basic
    /// An API key sent in a header.
    case apiKeyHeader(name: String)
    /// An API key sent as a query parameter.
    case apiKeyQuery(name: String)

    /// The client's init parameters that carry this credential.
    public var parameterNames: [String] {
        switch self {
        case .bearer, .apiKeyHeader, .apiKeyQuery: ["apiKey"]
        case .basic: ["username", "password"]
        }
    }
}

/// A header every call sends, configured once on the client (`xi-api-key`).
public struct SharedHeaderDecl: Sendable, Hashable {
    public var header: String
    /// Client property / init parameter name.
    public var propertyName: String
    /// Environment variable read when the init parameter is omitted.
    public var environmentVariable: String?
    /// Secrets are redacted and never printed.
    public var isSecret: Bool
    public var description: String?
}

/// The schema graph: the emitters' only input besides configuration.
public struct SchemaGraph: Sendable {
    public var title: String
    public var apiVersion: String
    public var summary: String?
    public var description: String?
    /// The client type's name, e.g. `TelnyxClient`.
    public var clientName: String
    /// The API's error type, e.g. `TelnyxError`.
    public var errorTypeName: String
    /// The enum of documented error bodies, e.g. `TelnyxErrorBody`.
    public var errorBodyTypeName: String
    /// Every declared type, indexed by `TypeID.index`.
    public var types: [TypeDecl]
    /// Top-level types in emission order.
    public var topLevelTypes: [TypeID]
    public var operations: [OperationDecl]
    /// Root of the resource tree (the client itself).
    public var resources: Resource
    public var servers: [ServerDecl]
    public var auth: [AuthDecl]
    public var sharedHeaders: [SharedHeaderDecl]
    /// Types that error responses decode to, in first-use order (for the per-API error body enum).
    public var errorBodyTypes: [ValueType]
    public var diagnostics: [Diagnostic]

    /// Yields the declaration in place: `graph[id].name` from another module would otherwise
    /// copy the whole declaration (a retain and a release of each of its references) for one
    /// field.
    public subscript(id: TypeID) -> TypeDecl {
        _read { yield types[id.index] }
    }

    /// The name to write for `id` in code located inside `scope` (nil = file scope).
    /// Nested names never collide with top-level names or with names visible from their scope,
    /// so a short name is used wherever Swift's lookup finds the right type.
    public func qualifiedName(of id: TypeID, from scope: TypeID? = nil) -> String {
        let decl = self[id]
        guard let parent = decl.parent else { return decl.name }
        var visible = scope
        while let current = visible {
            if current == parent { return decl.name }
            visible = self[current].parent
        }
        return qualifiedName(of: parent, from: scope) + "." + decl.name
    }
}

extension TypeDecl {
    /// Calls `body` with each value this declaration holds directly: its properties' and
    /// additional members', its variants', or its alias target.
    ///
    /// The values are read where they lie: gathering them in an array, or copying each property
    /// or variant (every string of it retained and released), cost more than the walks that ask.
    public func forEachHeldValue(_ body: (ValueType) -> Void) {
        switch kind {
        case .object(let object):
            object.properties.withUnsafeBufferPointer { properties in
                for index in properties.indices { body(properties[index].type) }
            }
            if let additional = object.additionalProperties { body(additional) }
        case .union(let union):
            union.variants.withUnsafeBufferPointer { variants in
                for index in variants.indices { body(variants[index].type) }
            }
        case .alias(let aliased): body(aliased)
        case .enumeration: break
        }
    }
}

extension ValueType {
    /// Each declared type this value names, through arrays and dictionaries.
    public func forEachNamedType(_ body: (TypeID) -> Void) {
        switch type {
        case .named(let id): body(id)
        case .array(let element), .dictionary(let element): element.forEachNamedType(body)
        case .primitive, .any: break
        }
    }
}

extension SchemaGraph {
    /// For each type, by `TypeID.index`, whether only request bodies hold it: a request body's
    /// type reaches it, and no response's, event's or error body's does. Such a type is written,
    /// never read, so its optional members that may be null can say which of the two they send.
    public func requestOnlyTypes() -> [Bool] {
        var requests = [Bool](repeating: false, count: types.count)
        var responses = [Bool](repeating: false, count: types.count)
        // Captured alone: the nested function would otherwise copy the whole graph per call.
        let types = self.types
        func mark(_ value: ValueType?, in reached: inout [Bool]) {
            guard let value else { return }
            var pending: [TypeID] = []
            func reach(_ value: ValueType) {
                value.forEachNamedType { id in
                    guard !reached[id.index] else { return }
                    reached[id.index] = true
                    pending.append(id)
                }
            }
            reach(value)
            while let next = pending.popLast() {
                types[next.index].forEachHeldValue(reach)
            }
        }
        for operation in operations {
            mark(operation.requestBody?.type, in: &requests)
            for response in operation.responses {
                mark(response.type, in: &responses)
                mark(response.eventStream?.eventType, in: &responses)
            }
        }
        for body in errorBodyTypes { mark(body, in: &responses) }
        return zip(requests, responses).map { $0 && !$1 }
    }
}
