import Diagnostics
import OrderedCollections
import YAMLReader

/// The JSON types a schema admits (`type`, as a string or, in 3.1, a list).
public struct SchemaTypes: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let null = SchemaTypes(rawValue: 1 << 0)
    public static let boolean = SchemaTypes(rawValue: 1 << 1)
    public static let integer = SchemaTypes(rawValue: 1 << 2)
    public static let number = SchemaTypes(rawValue: 1 << 3)
    public static let string = SchemaTypes(rawValue: 1 << 4)
    public static let array = SchemaTypes(rawValue: 1 << 5)
    public static let object = SchemaTypes(rawValue: 1 << 6)

    public static let all: SchemaTypes = [.null, .boolean, .integer, .number, .string, .array, .object]

    /// The name JSON Schema uses, for one type.
    public static func named(_ name: String) -> SchemaTypes? {
        switch name {
        case "null": .null
        case "boolean": .boolean
        case "integer": .integer
        case "number": .number
        case "string": .string
        case "array": .array
        case "object": .object
        default: nil
        }
    }

    public var names: [String] {
        var names: [String] = []
        if contains(.null) { names.append("null") }
        if contains(.boolean) { names.append("boolean") }
        if contains(.integer) { names.append("integer") }
        if contains(.number) { names.append("number") }
        if contains(.string) { names.append("string") }
        if contains(.array) { names.append("array") }
        if contains(.object) { names.append("object") }
        return names
    }

    /// How many types are in the set.
    public var count: Int { rawValue.nonzeroBitCount }

    /// The types other than `null`.
    public var nonNull: SchemaTypes { subtracting(.null) }
}

/// A number from the spec, with the text it was written as.
public struct SchemaNumber: Sendable, Hashable, CustomStringConvertible {
    public var value: Double
    public var text: String

    public init(value: Double, text: String) {
        self.value = value
        self.text = text
    }

    public var description: String { text }
}

/// Every validation keyword a schema may carry. Exclusive bounds are normalised to the 3.1
/// number form: a 3.0 `exclusiveMinimum: true` moves `minimum` into `exclusiveMinimum`.
///
/// One reference wide: most schemas and values carry no constraints, and the graph and the
/// emitters copy value types by the hundred thousand, so the keywords live in a shared,
/// copy-on-write box that is absent when there are none.
public struct SchemaConstraints: Sendable, Hashable {
    struct Values: Hashable {
        var minimum: SchemaNumber?
        var maximum: SchemaNumber?
        var exclusiveMinimum: SchemaNumber?
        var exclusiveMaximum: SchemaNumber?
        var multipleOf: SchemaNumber?
        var minLength: Int?
        var maxLength: Int?
        var pattern: String?
        var minItems: Int?
        var maxItems: Int?
        var uniqueItems: Bool = false
        var minProperties: Int?
        var maxProperties: Int?
    }

    /// Immutable once shared: a keyword's setter copies it unless this value holds the only reference.
    private final class Box: @unchecked Sendable {
        var values: Values
        init(_ values: Values) { self.values = values }
    }

    private var box: Box?

    public init() {}

    private static let none = Values()

    private var values: Values { box?.values ?? SchemaConstraints.none }

    /// One keyword: read from the box (or the empty values), written to a box of its own.
    private subscript<Value>(keyword: WritableKeyPath<Values, Value>) -> Value {
        get { box.map { $0.values[keyPath: keyword] } ?? SchemaConstraints.none[keyPath: keyword] }
        set {
            if box == nil {
                box = Box(Values())
            } else if !isKnownUniquelyReferenced(&box) {
                box = Box(box!.values)
            }
            box!.values[keyPath: keyword] = newValue
        }
    }

    public var minimum: SchemaNumber? { get { self[\.minimum] } set { self[\.minimum] = newValue } }
    public var maximum: SchemaNumber? { get { self[\.maximum] } set { self[\.maximum] = newValue } }
    public var exclusiveMinimum: SchemaNumber? { get { self[\.exclusiveMinimum] } set { self[\.exclusiveMinimum] = newValue } }
    public var exclusiveMaximum: SchemaNumber? { get { self[\.exclusiveMaximum] } set { self[\.exclusiveMaximum] = newValue } }
    public var multipleOf: SchemaNumber? { get { self[\.multipleOf] } set { self[\.multipleOf] = newValue } }
    public var minLength: Int? { get { self[\.minLength] } set { self[\.minLength] = newValue } }
    public var maxLength: Int? { get { self[\.maxLength] } set { self[\.maxLength] = newValue } }
    public var pattern: String? { get { self[\.pattern] } set { self[\.pattern] = newValue } }
    public var minItems: Int? { get { self[\.minItems] } set { self[\.minItems] = newValue } }
    public var maxItems: Int? { get { self[\.maxItems] } set { self[\.maxItems] = newValue } }
    public var uniqueItems: Bool { get { self[\.uniqueItems] } set { self[\.uniqueItems] = newValue } }
    public var minProperties: Int? { get { self[\.minProperties] } set { self[\.minProperties] = newValue } }
    public var maxProperties: Int? { get { self[\.maxProperties] } set { self[\.maxProperties] = newValue } }

    public var isEmpty: Bool { box == nil || box!.values == SchemaConstraints.none }

    public static func == (lhs: SchemaConstraints, rhs: SchemaConstraints) -> Bool {
        lhs.box === rhs.box || lhs.values == rhs.values
    }

    public func hash(into hasher: inout Hasher) { hasher.combine(values) }

    public var hasNumericConstraints: Bool {
        minimum != nil || maximum != nil || exclusiveMinimum != nil || exclusiveMaximum != nil || multipleOf != nil
    }

    public var hasStringConstraints: Bool { minLength != nil || maxLength != nil || pattern != nil }
    public var hasArrayConstraints: Bool { minItems != nil || maxItems != nil || uniqueItems }
    public var hasObjectConstraints: Bool { minProperties != nil || maxProperties != nil }
}

/// `additionalProperties`: a boolean, or a schema for the extra values.
public enum AdditionalProperties: Sendable {
    case allowed(Bool)
    case schema(Schema)
}

/// A union's `discriminator`. A reference type for the same reason as ``Reference``: few schemas
/// have one, and inline it would be the largest field of every schema.
public final class Discriminator: Sendable, Hashable {
    public let propertyName: String
    /// Discriminator value → schema reference or name, in document order.
    public let mapping: OrderedDictionary<String, String>
    public let location: SourceLocation

    public init(propertyName: String, mapping: OrderedDictionary<String, String>, location: SourceLocation) {
        self.propertyName = propertyName
        self.mapping = mapping
        self.location = location
    }

    public static func == (lhs: Discriminator, rhs: Discriminator) -> Bool {
        lhs === rhs
            || (lhs.propertyName == rhs.propertyName && lhs.mapping == rhs.mapping && lhs.location == rhs.location)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(propertyName)
        hasher.combine(location)
    }

    /// The mapping's targets as references, in mapping order, from the schema holding the
    /// discriminator. A bare name (`Dog`) means `#/components/schemas/Dog`.
    public func mappingReferences(from schema: SourceNode) -> [(value: String, reference: Reference)] {
        mapping.map { value, target in
            let isReference = target.contains("#") || target.contains("/") || target.hasSuffix(".yaml") || target.hasSuffix(".json")
            let ref = isReference ? target : "#/components/schemas/\(target)"
            return (value, Reference(ref: ref, summary: nil, description: nil, node: schema, location: location))
        }
    }
}

/// `oneOf`/`anyOf` alternatives beside an object's `properties` that only say which of those
/// properties must be present (and may forbid others with `not: {}`): Telnyx's
/// `InitiateCallRequest` takes `Url` or `Texml`, OpenAI's `ImageRefParam` `image_url` or
/// `file_id`. They give the value no other shape than the object's, so they are kept apart from
/// the alternatives that do, which would make a union of them.
public struct PresenceAlternatives: Sendable, Hashable {
    /// Each alternative's `required` names, in order.
    public let required: [[String]]
    /// `oneOf` (exactly one holds) rather than `anyOf`.
    public let isExclusive: Bool

    public init(required: [[String]], isExclusive: Bool) {
        self.required = required
        self.isExclusive = isExclusive
    }
}

/// A JSON Schema as OpenAPI 3.0 and 3.1 use it.
///
/// A reference type: schemas nest deeply and are shared by identity with the graph stage,
/// which maps each schema node to one type.
public final class Schema: Sendable {
    // Stored in an order that packs them tightly (a large spec decodes tens of thousands of
    // schemas); keywords few schemas use are out of line, in `rare`.

    /// The node the schema was read from. Identity and location.
    public let node: SourceNode
    /// 3.0 `nullable: true` (also `x-nullable`), normalised here into one flag.
    public let nullable: Bool
    public let deprecated: Bool
    public let readOnly: Bool
    public let writeOnly: Bool
    /// `$ref`. In 3.1 it may sit beside other keywords, which then also apply.
    public let ref: Reference?
    public let format: String?
    public let title: String?
    public let description: String?
    public let enumValues: [JSONValue]?
    public let defaultValue: JSONValue?
    public let properties: OrderedDictionary<String, Schema>
    public let required: [String]
    public let additionalProperties: AdditionalProperties?
    /// `type`; nil when the schema does not say.
    public let types: SchemaTypes?
    public let items: Schema?
    public let allOf: [Schema]
    public let oneOf: [Schema]
    public let anyOf: [Schema]
    public let constraints: SchemaConstraints
    private let rare: RareKeywords?

    /// `$recursiveRef` / `$dynamicRef` (both resolve like `$ref` to the recursion anchor).
    public var dynamicRef: Reference? { rare?.dynamicRef }
    /// `true`/`false` written as a whole schema (3.1).
    public var booleanSchema: Bool? { rare?.booleanSchema }
    public var constValue: JSONValue? { rare?.constValue }
    public var prefixItems: [Schema] { rare?.prefixItems ?? [] }
    public var not: Schema? { rare?.not }
    public var discriminator: Discriminator? { rare?.discriminator }
    public var extensions: Extensions { rare?.extensions ?? [:] }
    /// A `oneOf`/`anyOf` that only says which of the schema's own properties must be present;
    /// see ``PresenceAlternatives``. Such a schema's `oneOf` and `anyOf` are empty.
    public var presenceAlternatives: PresenceAlternatives? { rare?.presenceAlternatives }

    /// The keywords of `Schema` that few schemas have; one shared allocation when any is present.
    private final class RareKeywords: Sendable {
        let dynamicRef: Reference?
        let booleanSchema: Bool?
        let constValue: JSONValue?
        let prefixItems: [Schema]
        let not: Schema?
        let discriminator: Discriminator?
        let extensions: Extensions
        let presenceAlternatives: PresenceAlternatives?

        init(
            dynamicRef: Reference?, booleanSchema: Bool?, constValue: JSONValue?, prefixItems: [Schema], not: Schema?,
            discriminator: Discriminator?, extensions: Extensions, presenceAlternatives: PresenceAlternatives?
        ) {
            self.dynamicRef = dynamicRef
            self.booleanSchema = booleanSchema
            self.constValue = constValue
            self.prefixItems = prefixItems
            self.not = not
            self.discriminator = discriminator
            self.extensions = extensions
            self.presenceAlternatives = presenceAlternatives
        }
    }

    public var location: SourceLocation { node.location }

    /// The values the schema lists: its `enum`, or its `const` as a list of one; nil for neither.
    public var listedValues: [JSONValue]? { enumValues ?? constValue.map { [$0] } }

    public init(
        node: SourceNode, ref: Reference? = nil, dynamicRef: Reference? = nil, booleanSchema: Bool? = nil,
        types: SchemaTypes? = nil, nullable: Bool = false, format: String? = nil, title: String? = nil,
        description: String? = nil, enumValues: [JSONValue]? = nil, constValue: JSONValue? = nil,
        defaultValue: JSONValue? = nil, properties: OrderedDictionary<String, Schema> = [:], required: [String] = [],
        additionalProperties: AdditionalProperties? = nil, items: Schema? = nil, prefixItems: [Schema] = [],
        allOf: [Schema] = [], oneOf: [Schema] = [], anyOf: [Schema] = [], not: Schema? = nil,
        discriminator: Discriminator? = nil, deprecated: Bool = false, readOnly: Bool = false, writeOnly: Bool = false,
        constraints: SchemaConstraints = SchemaConstraints(), extensions: Extensions = [:],
        presenceAlternatives: PresenceAlternatives? = nil
    ) {
        self.node = node
        self.nullable = nullable
        self.deprecated = deprecated
        self.readOnly = readOnly
        self.writeOnly = writeOnly
        self.ref = ref
        self.format = format
        self.title = title
        self.description = description
        self.enumValues = enumValues
        self.defaultValue = defaultValue
        self.properties = properties
        self.required = required
        self.additionalProperties = additionalProperties
        self.types = types
        self.items = items
        self.allOf = allOf
        self.oneOf = oneOf
        self.anyOf = anyOf
        self.constraints = constraints
        let hasRare = dynamicRef != nil || booleanSchema != nil || constValue != nil || !prefixItems.isEmpty
            || not != nil || discriminator != nil || !extensions.isEmpty || presenceAlternatives != nil
        rare = hasRare
            ? RareKeywords(
                dynamicRef: dynamicRef, booleanSchema: booleanSchema, constValue: constValue, prefixItems: prefixItems,
                not: not, discriminator: discriminator, extensions: extensions, presenceAlternatives: presenceAlternatives)
            : nil
    }

    /// True when the schema says nothing that restricts or shapes a value (`{}` or `true`),
    /// apart from annotations.
    public var isUnconstrained: Bool {
        hasNoKeywordButNotAndAnnotations && booleanSchema != false && not == nil
    }

    /// True for `{not: {}}` (which only forbids the member it describes) and for schemas that
    /// say nothing at all besides annotations.
    public var isUnconstrainedBesidesNot: Bool {
        hasNoKeywordButNotAndAnnotations && booleanSchema == nil && (not?.isUnconstrained ?? true)
    }

    /// No keyword that shapes or bounds a value, apart from `not` and a boolean schema.
    private var hasNoKeywordButNotAndAnnotations: Bool {
        ref == nil && dynamicRef == nil && types == nil && enumValues == nil && constValue == nil && properties.isEmpty
            && additionalProperties == nil && items == nil && prefixItems.isEmpty && allOf.isEmpty && oneOf.isEmpty
            && anyOf.isEmpty && constraints.isEmpty && format == nil
    }

    /// True when the only keyword besides annotations is `$ref`, so the schema is just a pointer.
    public var isPureReference: Bool {
        ref != nil && types == nil && enumValues == nil && constValue == nil && properties.isEmpty
            && additionalProperties == nil && items == nil && prefixItems.isEmpty && allOf.isEmpty
            && oneOf.isEmpty && anyOf.isEmpty && not == nil && constraints.isEmpty && discriminator == nil
    }

    /// Whether `null` is an allowed value: `nullable`, `type: [..., "null"]`, or `const`/`enum` with null.
    public var admitsNull: Bool {
        if nullable { return true }
        if let types, types.contains(.null) { return true }
        if let enumValues, enumValues.contains(.null) { return true }
        return false
    }
}
