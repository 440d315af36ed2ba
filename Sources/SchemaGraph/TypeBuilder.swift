import Diagnostics
import OpenAPIDocument
import OrderedCollections
import Parallelism
import YAMLReader

/// Where a type for an inline schema would be declared, and what it would be called.
///
/// The name and origin are worked out only when a type is declared: most positions (a
/// property, a parameter, an array's items) hold a primitive or a reference and never need
/// them, and making them cost more than converting the position.
struct InlineNaming: Sendable {
    /// Nest inside this type; nil declares at top level.
    var parent: TypeID?
    private var spelling: Spelling

    private indirect enum Spelling: Sendable {
        case given(name: String, origin: String)
        /// Named `prefix` + the type name of `member`, at `base` + `infix` + `member`: a
        /// property or a parameter.
        case member(prefix: String, member: String, base: String, infix: String)
        /// Another's name made singular (+ `Item`), at its origin + `/items`.
        case element(of: Spelling, item: Bool)
        /// Another's name and origin, each with a suffix.
        case suffixed(Spelling, name: String, origin: String)

        func resolved(_ cache: NameCache) -> (name: String, origin: String) {
            switch self {
            case .given(let name, let origin):
                return (name, origin)
            case .member(let prefix, let member, let base, let infix):
                return (prefix + cache.typeName(member), base + infix + member)
            case .element(let spelling, let item):
                let (name, origin) = spelling.resolved(cache)
                return (SwiftNames.singularTypeName(name) + (item ? "Item" : ""), origin + "/items")
            case .suffixed(let spelling, let nameSuffix, let originSuffix):
                let (name, origin) = spelling.resolved(cache)
                return (name + nameSuffix, origin + originSuffix)
            }
        }
    }

    /// Suggested UpperCamel `name`; `origin` describes the position, for documentation and dumps.
    init(parent: TypeID?, name: String, origin: String) {
        self.parent = parent
        spelling = .given(name: name, origin: origin)
    }

    /// Named `prefix` followed by `member` as a type name, at `base` + `infix` + `member`
    /// (`#/components/schemas/Pet` + `/properties/` + `owner`).
    init(parent: TypeID?, prefix: String = "", member: String, base: String, infix: String) {
        self.parent = parent
        spelling = .member(prefix: prefix, member: member, base: base, infix: infix)
    }

    private init(parent: TypeID?, spelling: Spelling) {
        self.parent = parent
        self.spelling = spelling
    }

    /// The suggested name and the origin.
    func resolved(_ cache: NameCache) -> (name: String, origin: String) { spelling.resolved(cache) }

    /// An array's element: the name made singular, `Item` added when `item`.
    func element(item: Bool) -> InlineNaming {
        InlineNaming(parent: parent, spelling: .element(of: spelling, item: item))
    }

    /// Both the name and the origin with a suffix.
    func suffixed(name: String, origin: String) -> InlineNaming {
        InlineNaming(parent: parent, spelling: .suffixed(spelling, name: name, origin: origin))
    }
}

/// What a schema becomes, decided from its keywords before any type is declared.
enum SchemaShape {
    case any
    case primitive(Primitive)
    case array(items: Schema?)
    case dictionary(values: Schema?)
    /// A `$ref` (annotations and validation keywords beside it apply at the use site).
    case reference(Schema, Reference)
    /// A wrapper around one schema: `allOf`/`oneOf`/`anyOf` with a single real member.
    case single(Schema)
    case object
    case enumeration
    case union([Schema], exclusive: Bool)
    /// `allOf` of object schemas: merged into one struct.
    case composedObject
    /// `allOf` of scalar schemas of one kind (a string and a date-time string, two constrained
    /// integers): one value of the narrowest of them, meeting every part's constraints.
    case composedPrimitive(Primitive)
}

/// Converts schemas to declarations (`TypeDecl`) and value types (`ValueType`).
///
/// Declarations are created on first sight and their bodies converted from a worklist, so
/// recursive and mutually recursive schemas never recurse here; only chains of pure `$ref`
/// aliases are followed eagerly, with cycle detection.
final class TypeBuilder {
    let references: ReferenceTable
    let rootDocument: OpenAPI
    var diagnostics = DiagnosticCollector()
    var names: NameRegistry
    let nameCache = NameCache()
    private(set) var types: [TypeDecl] = []
    private(set) var topLevel: [TypeID] = []
    /// Nested types whose name got a suffix, and the name each asked for (see `NestedNames`).
    private(set) var requestedNames: [TypeID: String] = [:]

    /// The declarations, moved out rather than copied: the graph takes them over and marks
    /// cycles in place, which would otherwise copy the whole array.
    func takeDeclarations() -> [TypeDecl] {
        defer { types = [] }
        return types
    }

    /// Schema node → the declaration made for it.
    private var declared = NodeMap<TypeID>()
    /// The schema each declaration was made from, by `TypeID.index`.
    private var declaredSchemas: [Schema] = []
    /// Component schema node → its name under `#/components/schemas`.
    private var componentNames = NodeMap<String>()
    /// Each schema node's `$ref` with its target, by node: unions follow the same references
    /// again and again (OpenAI's tags), and the reference table hashes and compares the text.
    /// A node holds one `$ref`, but for a discriminator's mapping, whose references all sit at
    /// the union's node: the first is kept, and the others are asked of the table each time.
    private var resolvedReferences = NodeMap<(reference: Reference, target: Schema?)>()
    /// The `$ref`s found broken and reported, so that each is reported once.
    private var brokenReferences = Set<ReferenceKey>()

    private struct ReferenceKey: Hashable {
        var node: SourceNode
        var ref: String
        /// `Reference.refHash`: hashed instead of the text.
        var refHash: Int

        static func == (lhs: ReferenceKey, rhs: ReferenceKey) -> Bool { lhs.node == rhs.node && lhs.ref == rhs.ref }

        func hash(into hasher: inout Hasher) {
            hasher.combine(node)
            hasher.combine(refHash)
        }
    }
    /// Whether a declared type's schema admits null (`nullable: true` on a component), by
    /// `TypeID.index`; nil until its body is converted.
    private var declaredNullable: [Bool?] = []
    private var pending: [(TypeID, Schema)] = []
    private var nextPending = 0

    private enum AliasState {
        case inProgress(structureDepth: Int)
        case done(ValueType)
    }
    /// By `TypeID.index`: nil for a declaration that is not an alias, or not yet converted.
    private var aliasStates: [AliasState?] = []
    private var aliasStack: [TypeID] = []
    /// How many arrays/dictionaries the current conversion is nested in (tells a cycle through
    /// structure from a cycle of bare references).
    private var structureDepth = 0
    /// Enumerations made ahead on another core (`EnumerationPrep`), taken once they are all made.
    var preparedEnumerations: Pending<NodeMap<EnumType>>?
    private var enumerations: NodeMap<EnumType>?

    init(document: OpenAPI, references: ReferenceTable, names: NameRegistry) {
        self.rootDocument = document
        self.references = references
        self.names = names
    }

    // MARK: Declarations

    /// Declares a top-level type for every component schema, in document order, so that
    /// components get their natural names before anything else is named.
    func declareComponents(typeNames overrides: [String: String]) {
        for (name, schema) in rootDocument.components.schemas {
            let base = overrides[name] ?? TypeBuilder.componentTypeName(name)
            let id = newDecl(name: names.allocateTopLevel(base), parent: nil, schema: schema, origin: "#/components/schemas/\(name)")
            declared[schema.node] = id
            componentNames[schema.node] = name
            pending.append((id, schema))
        }
    }

    /// The schema's description, and which members must be present when its alternatives say so
    /// (`anyOf: [{required: [url]}, {required: [settings]}]`).
    static func documentation(of schema: Schema) -> String? {
        guard let presence = schema.presenceAlternatives, !presence.required.isEmpty, presence.required.allSatisfy({ !$0.isEmpty })
        else { return schema.description }
        let choices = presence.required.map { names in names.map { "`\($0)`" }.joined(separator: " and ") }
        let list = choices.count == 1 ? choices[0] : choices.dropLast().joined(separator: ", ") + " or " + choices[choices.count - 1]
        let rule = (presence.isExclusive ? "Set exactly one of " : "Set at least one of ") + list + "."
        guard let description = schema.description, !description.isEmpty else { return rule }
        return description + "\n\n" + rule
    }

    /// `type_:AgentDeploymentRequest` → `AgentDeploymentRequest`; `Rule-Input` → `RuleInput`.
    static func componentTypeName(_ name: String) -> String {
        // Fern writes namespaces before a colon (`type_:Name`, `type_agents:Name`); the part after
        // the last colon is the name people use. Most names have none: no need to split them.
        guard name.utf8.contains(UInt8(ascii: ":")) else { return SwiftNames.typeName(name) }
        let base = name.split(separator: ":").last.map(String.init) ?? name
        return SwiftNames.typeName(base.isEmpty ? name : base)
    }

    private func newDecl(name: String, parent: TypeID?, schema: Schema, origin: String) -> TypeID {
        let id = TypeID(types.count)
        declaredSchemas.append(schema)
        declaredNullable.append(nil)
        aliasStates.append(nil)
        types.append(
            TypeDecl(
                id: id, name: name, parent: parent, origin: origin, location: schema.location, title: schema.title,
                description: TypeBuilder.documentation(of: schema), deprecated: schema.deprecated, kind: .alias(ValueType(.any))))
        if let parent {
            types[parent.index].children.append(id)
        } else {
            topLevel.append(id)
        }
        return id
    }

    /// Declares a type for an inline schema (or returns the one already declared for its node).
    private func declare(_ schema: Schema, naming: InlineNaming) -> TypeID {
        if let id = declared[schema.node] { return id }
        let (suggested, origin) = naming.resolved(nameCache)
        let name: String
        if let parent = naming.parent {
            var scope: [(id: TypeID, name: String)] = []
            var current: TypeID? = parent
            while let id = current {
                scope.append((id, types[id.index].name))
                current = types[id.index].parent
            }
            name = names.allocateNested(suggested, scope: scope)
            let requested = NameRegistry.unreserved(suggested)
            if name != requested { requestedNames[TypeID(types.count)] = requested }
        } else {
            name = names.allocateTopLevel(suggested)
        }
        let id = newDecl(name: name, parent: naming.parent, schema: schema, origin: origin)
        declared[schema.node] = id
        pending.append((id, schema))
        return id
    }

    /// Converts every pending declaration's body; declarations found meanwhile join the queue.
    private func convertPending() {
        while nextPending < pending.count {
            let (id, schema) = pending[nextPending]
            nextPending += 1
            buildDeclaration(id, schema)
        }
    }

    /// Drops what only converting needed (memoized shapes, the work queue, alias states) once
    /// every declaration is converted. A large spec's memory peaks right after conversion, so
    /// these are freed before the last steps allocate.
    func finishConversion() {
        convertPending()
        conversionFinished = true
        // The largest are freed on another core: on this one, that took 0.6 ms of Telnyx's spec.
        var largest = Optional((shapeCache, pending, declaredSchemas, enumerations, resolvedReferences))
        shapeCache = NodeMap()
        pending = []
        nextPending = 0
        declaredSchemas = []
        declaredNullable = []
        resolvedReferences = NodeMap()
        brokenReferences = []
        aliasStates = []
        aliasStack = []
        enumerations = nil
        preparedEnumerations = nil
        Concurrently.release(largest.take()!)
    }
    private var conversionFinished = false

    private func buildDeclaration(_ id: TypeID, _ schema: Schema) {
        let (declShape, nullable) = shape(of: schema)
        declaredNullable[id.index] = nullable
        let naming = InlineNaming(parent: id, name: types[id.index].name, origin: types[id.index].origin)
        switch declShape {
        case .object:
            types[id.index].kind = .object(buildObject(schema, owner: id))
        case .composedObject:
            types[id.index].kind = .object(buildComposedObject(schema, owner: id))
        case .enumeration:
            types[id.index].kind = .enumeration(enumeration(of: schema))
        case .union(let variants, let exclusive):
            types[id.index].kind = buildUnionOrEnum(schema, variants: variants, exclusive: exclusive, owner: id, naming: naming)
        case .single(let member) where member.ref == nil && TypeBuilder.isDeclarable(shape(of: member).0):
            // `Foo: {allOf: [{properties: ...}], description: ...}` is the struct itself, not an alias of one.
            declared[member.node] = id
            declaredSchemas[id.index] = member
            buildDeclaration(id, member)
            // `anyOf: [{properties: ...}, {type: 'null'}]`: the member is not nullable, the type is.
            if nullable { declaredNullable[id.index] = true }
            if types[id.index].description == nil { types[id.index].description = member.description }
        default:
            _ = aliasValue(id, schema)
        }
    }

    static func isDeclarable(_ shape: SchemaShape) -> Bool {
        switch shape {
        case .object, .composedObject, .enumeration, .union: true
        default: false
        }
    }

    /// An alias's value, computed once; follows chains of references with cycle detection.
    private func aliasValue(_ id: TypeID, _ schema: Schema) -> ValueType {
        switch aliasStates[id.index] {
        case .done(let value):
            return value
        case .inProgress(let depthAtEntry):
            let chain = (aliasStack.drop { $0 != id } + [id]).map { types[$0.index].origin }.joined(separator: " → ")
            if depthAtEntry == structureDepth {
                diagnostics.error("reference cycle with no structure: \(chain); a schema cannot be only itself", at: schema.location)
            } else {
                diagnostics.warning("'\(types[id.index].origin)' contains itself only through arrays or maps, which a Swift typealias cannot express; the inner occurrence is typed as JSONValue", at: schema.location)
            }
            return ValueType(.any)
        case nil:
            break
        }
        aliasStates[id.index] = .inProgress(structureDepth: structureDepth)
        aliasStack.append(id)
        // Inline types inside an alias cannot nest in it: they go beside it, prefixed with its name.
        let decl = types[id.index]
        let naming = InlineNaming(parent: decl.parent, name: decl.name, origin: decl.origin)
        let value = valueType(schema, naming: naming, ownerIsAlias: true)
        aliasStack.removeLast()
        aliasStates[id.index] = .done(value)
        types[id.index].kind = .alias(value)
        return value
    }

    // MARK: Shapes

    /// Resolves a `$ref` to the schema it points to. Reports and returns nil when it cannot.
    func resolveSchemaReference(_ reference: Reference) -> Schema? {
        let known = resolvedReferences[reference.node]
        if let known, known.reference === reference || known.reference.ref == reference.ref { return known.target }
        let target: Schema?
        switch references.schema(reference) {
        case .success(let schema):
            target = schema
        case .failure(let diagnostic):
            let key = ReferenceKey(node: reference.node, ref: reference.ref, refHash: reference.refHash)
            if brokenReferences.insert(key).inserted { diagnostics.emit(diagnostic) }
            target = nil
        }
        if known == nil { resolvedReferences[reference.node] = (reference, target) }
        return target
    }

    /// True for schemas that only allow `null`: `{type: null}`, `{enum: [null]}`, `{const: null}`.
    private func isNullOnly(_ schema: Schema) -> Bool {
        let target = dereferenced(schema)
        if let types = target.types, types == .null { return true }
        if let values = target.enumValues, !values.isEmpty, values.allSatisfy(\.isNull) { return true }
        return target.constValue == .null
    }

    /// Follows pure references to the schema that has content.
    private func dereferenced(_ schema: Schema) -> Schema {
        var current = schema
        var hops = 0
        while current.isPureReference, let ref = current.ref, hops < 32, let target = resolveSchemaReference(ref) {
            current = target
            hops += 1
        }
        return current
    }

    /// Annotation-only schemas (`{description: ...}`) add nothing to a composition.
    private func isAnnotationOnly(_ schema: Schema) -> Bool {
        schema.ref == nil && schema.dynamicRef == nil && schema.types == nil && schema.properties.isEmpty
            && schema.items == nil && schema.enumValues == nil && schema.constValue == nil && schema.allOf.isEmpty
            && schema.oneOf.isEmpty && schema.anyOf.isEmpty && schema.additionalProperties == nil
            && schema.required.isEmpty && schema.prefixItems.isEmpty
    }

    /// Whether a schema describes an object whose members can be merged into a struct.
    /// Whether values of `schema`, through references and `allOf`, are JSON objects with
    /// properties: what a form body or a multipart body needs.
    func isObjectLike(_ schema: Schema) -> Bool {
        var visiting = Set<SourceNode>()
        return isObjectLike(schema, visiting: &visiting)
    }

    /// A `oneOf`/`anyOf` whose every variant is object-like: each value still has properties.
    func isUnionOfObjects(_ schema: Schema) -> Bool {
        let target = dereferenced(schema)
        let variants = target.oneOf.isEmpty ? target.anyOf : target.oneOf
        return !variants.isEmpty && variants.allSatisfy { isObjectLike($0) }
    }

    private func isObjectLike(_ schema: Schema, visiting: inout Set<SourceNode>) -> Bool {
        let target = dereferenced(schema)
        guard visiting.insert(target.node).inserted else { return true }
        if target.enumValues != nil || target.constValue != nil || !target.oneOf.isEmpty || !target.anyOf.isEmpty {
            return false
        }
        if let types = target.types?.nonNull, !types.isEmpty, types != .object { return false }
        if target.items != nil { return false }
        for member in target.allOf where !isAnnotationOnly(member) && !isObjectLike(member, visiting: &visiting) { return false }
        if let ref = target.ref, !target.isPureReference, let referenced = resolveSchemaReference(ref) {
            return isObjectLike(referenced, visiting: &visiting)
        }
        return !target.properties.isEmpty || target.types?.nonNull == .object || !target.required.isEmpty
            || !target.allOf.isEmpty || target.additionalProperties != nil
    }

    /// Whether `allOf` can compose `schema` into a struct: it is object-like, a union whose
    /// every variant is (kept whole), or itself an `allOf` of such parts.
    ///
    /// Every step here stays on the same JSON value, so a schema reached again on the way down
    /// (`Pet: oneOf [Cat, Dog]` with `Cat: allOf [Pet, ...]`) would make decoding a `Pet` decode a
    /// `Cat` decode a `Pet`, for ever: that is not composable. `path` holds the schemas on the
    /// way down, with the composing schema at its root.
    private func isComposable(_ schema: Schema, path: inout Set<SourceNode>) -> Bool {
        let target = dereferenced(schema)
        guard path.insert(target.node).inserted else { return false }
        defer { path.remove(target.node) }
        if isObjectLike(target) { return true }
        guard target.enumValues == nil, target.constValue == nil, target.items == nil,
            target.types?.nonNull ?? .object == .object
        else { return false }
        let variants = (target.oneOf.isEmpty ? target.anyOf : target.oneOf).filter { !isNullOnly($0) }
        if target.allOf.isEmpty {
            return !variants.isEmpty && variants.allSatisfy { isComposable($0, path: &path) }
        }
        return variants.isEmpty && target.allOf.allSatisfy { isAnnotationOnly($0) || isComposable($0, path: &path) }
    }

    private var shapeCache = NodeMap<(SchemaShape, Bool)>()

    /// What a schema becomes, and whether it admits `null`.
    func shape(of schema: Schema) -> (SchemaShape, nullable: Bool) {
        if let cached = shapeCache[schema.node] { return cached }
        let result = computeShape(schema)
        shapeCache[schema.node] = result
        return result
    }

    private func computeShape(_ schema: Schema) -> (SchemaShape, nullable: Bool) {
        var nullable = schema.admitsNull
        if schema.booleanSchema != nil { return (.any, false) }
        if let ref = schema.ref ?? schema.dynamicRef {
            guard let target = resolveSchemaReference(ref) else { return (.any, nullable) }
            let structural = !schema.properties.isEmpty || !schema.allOf.isEmpty || !schema.oneOf.isEmpty
                || !schema.anyOf.isEmpty || schema.items != nil || schema.additionalProperties != nil
            if !structural { return (.reference(target, ref), nullable) }
            // `$ref` beside `properties`/`allOf` (3.1): both apply, like an allOf of the two.
            var visiting = Set<SourceNode>()
            if isObjectLike(target, visiting: &visiting) { return (.composedObject, nullable) }
            diagnostics.warning("'$ref' beside structural keywords on a non-object schema; the keywords beside it are ignored", at: ref.location)
            return (.reference(target, ref), nullable)
        }
        if let values = schema.enumValues {
            let nonNull = values.filter { !$0.isNull }
            if nonNull.count < values.count { nullable = true }
            if nonNull.isEmpty { return (.any, true) }
            if let enumeration = enumerationNarrowed(by: schema, to: nonNull) { return (.single(enumeration), nullable) }
            if nonNull.allSatisfy({ $0.stringValue != nil }) { return (.enumeration, nullable) }
            if nonNull.allSatisfy({ if case .integer = $0 { return true } else { return false } }) { return (.enumeration, nullable) }
            if nonNull.allSatisfy({ $0.boolValue != nil }) { return (.primitive(.bool), nullable) }
            return (.any, nullable)
        }
        if let constant = schema.constValue {
            switch constant {
            case .string: return (.enumeration, nullable)
            case .null: return (.any, true)
            case .bool: return (.primitive(.bool), nullable)
            case .integer: return (.primitive(.int), nullable)
            case .number: return (.primitive(.double), nullable)
            case .array, .object: return (.any, nullable)
            }
        }
        if !schema.allOf.isEmpty {
            let structural = schema.allOf.filter { !isAnnotationOnly($0) }
            let ownStructure = !schema.properties.isEmpty || schema.additionalProperties != nil
            if !ownStructure && schema.oneOf.isEmpty && schema.anyOf.isEmpty {
                if structural.count == 1 {
                    // `{type: integer, allOf: [{type: string}]}` admits no value at all.
                    var visiting: Set = [schema.node]
                    if let own = ownPrimitive(schema), let member = primitiveValue(structural[0], visiting: &visiting),
                        Primitive.narrower(own, member) == nil
                    {
                        diagnostics.warning("allOf's part is not of the schema's own type; the value is typed as JSONValue", at: schema.location)
                        return (.any, nullable)
                    }
                    return (.single(structural[0]), nullable)
                }
                // Only descriptions: no more is known of the value than without them.
                if structural.isEmpty && schema.types == nil && schema.required.isEmpty { return (.any, nullable) }
            }
            var primitiveVisiting: Set = [schema.node]
            if !ownStructure, let primitive = allOfPrimitive(schema, parts: structural, visiting: &primitiveVisiting) {
                return (.composedPrimitive(primitive), nullable)
            }
            var visiting = Set<SourceNode>()
            if structural.allSatisfy({ isObjectLike($0, visiting: &visiting) }) {
                return (.composedObject, nullable)
            }
            // A union of objects among the parts (`allOf: [{oneOf: [A, B]}, {properties: ...}]`):
            // a struct that holds the union beside the other parts' properties.
            var path: Set = [schema.node]
            if structural.allSatisfy({ isComposable($0, path: &path) }) {
                return (.composedObject, nullable)
            }
            if let enumeration = narrowingEnumeration(structural, composing: schema) { return (.single(enumeration), nullable) }
            diagnostics.warning("allOf combines parts that cannot make one value (objects with scalars, scalars of different kinds, or a union that includes this schema); the value is typed as JSONValue", at: schema.location)
            return (.any, nullable)
        }
        let alternatives = schema.oneOf + schema.anyOf
        if !alternatives.isEmpty {
            let variants = alternatives.filter { !isNullOnly($0) }
            if variants.count < alternatives.count { nullable = true }
            if variants.isEmpty { return (.any, true) }
            if variants.count == 1 { return (.single(variants[0]), nullable) }
            return (.union(variants, exclusive: !schema.oneOf.isEmpty), nullable)
        }
        let types = schema.types?.nonNull ?? []
        if types.count > 1 {
            if types == [.integer, .number] { return (.primitive(primitive(number: schema)), nullable) }
            return (.union([], exclusive: true), nullable)
        }
        if types == .array || (types.isEmpty && (schema.items != nil || !schema.prefixItems.isEmpty)) {
            return (.array(items: schema.items ?? schema.prefixItems.first), nullable)
        }
        if types == .object || (types.isEmpty && (!schema.properties.isEmpty || schema.additionalProperties != nil)) {
            if !schema.properties.isEmpty { return (.object, nullable) }
            if case .schema(let values) = schema.additionalProperties { return (.dictionary(values: values), nullable) }
            return (.dictionary(values: nil), nullable)
        }
        if types == .string { return (.primitive(TypeBuilder.primitive(string: schema)), nullable) }
        if types == .integer { return (.primitive(primitive(integer: schema)), nullable) }
        if types == .number { return (.primitive(primitive(number: schema)), nullable) }
        if types == .boolean { return (.primitive(.bool), nullable) }
        if types.isEmpty && schema.types != nil {
            return (.any, true)  // `type: null` alone
        }
        return (.any, nullable)
    }

    /// The scalar an `allOf` of `parts` makes, with the schema's own `type` as one more part
    /// (`{type: string, allOf: [...]}`); nil when that type or a part is not a scalar of the
    /// others' kind.
    private func allOfPrimitive(_ schema: Schema, parts: [Schema], visiting: inout Set<SourceNode>) -> Primitive? {
        guard let ownTypes = schema.types?.nonNull, !ownTypes.isEmpty else {
            return composedPrimitive(parts, startingWith: nil, visiting: &visiting)
        }
        guard let own = ownPrimitive(schema) else { return nil }
        return composedPrimitive(parts, startingWith: own, visiting: &visiting)
    }

    /// The scalar every value of `parts` is, starting from `initial`: the narrowest of theirs
    /// (`Date` over `String`, `Int32` over `Int`, integers over numbers), or nil when a part is
    /// not a scalar or two parts are scalars of different kinds.
    private func composedPrimitive(_ parts: [Schema], startingWith initial: Primitive?, visiting: inout Set<SourceNode>) -> Primitive? {
        var result = initial
        for part in parts {
            guard let primitive = primitiveValue(part, visiting: &visiting) else { return nil }
            guard let current = result else {
                result = primitive
                continue
            }
            guard let narrower = Primitive.narrower(current, primitive) else { return nil }
            result = narrower
        }
        return result
    }

    /// The scalar a part's values are, through references and nested `allOf`s. A nested `allOf`
    /// is read here rather than through `shape(of:)`, whose own computation may be the one
    /// asking; `visiting` stops a part that contains itself.
    private func primitiveValue(_ schema: Schema, visiting: inout Set<SourceNode>) -> Primitive? {
        let target = dereferenced(schema)
        guard visiting.insert(target.node).inserted else { return nil }
        defer { visiting.remove(target.node) }
        if !target.allOf.isEmpty {
            guard target.ref == nil, target.oneOf.isEmpty, target.anyOf.isEmpty, target.properties.isEmpty,
                target.additionalProperties == nil
            else { return nil }
            return allOfPrimitive(target, parts: target.allOf.filter { !isAnnotationOnly($0) }, visiting: &visiting)
        }
        switch shape(of: target).0 {
        case .primitive(let primitive): return primitive
        case .reference(let referenced, _): return primitiveValue(referenced, visiting: &visiting)
        case .single(let member): return primitiveValue(member, visiting: &visiting)
        default: return nil
        }
    }

    /// The one enumeration among `parts` when every other part is a scalar its values are
    /// (`allOf: [{type: string, maxLength: 8}, {$ref: Status}]`): the enumeration, whose values
    /// already meet the scalar parts' types; their bounds still apply (see `.single`).
    private func narrowingEnumeration(_ parts: [Schema], composing schema: Schema) -> Schema? {
        var enumeration: Schema?
        var others: [Schema] = []
        for part in parts {
            if case .enumeration = shape(of: dereferenced(part)).0 {
                guard enumeration == nil else { return nil }
                enumeration = part
            } else {
                others.append(part)
            }
        }
        guard let enumeration else { return nil }
        let target = dereferenced(enumeration)
        let values = target.listedValues ?? []
        let isInteger = values.allSatisfy { if case .integer = $0 { return true } else { return $0.isNull } }
        var visiting: Set = [schema.node]
        for other in others {
            switch primitiveValue(other, visiting: &visiting) {
            case .string?: if isInteger { return nil }
            case let number? where number.isNumber: if !isInteger { return nil }
            default: return nil
            }
        }
        return enumeration
    }

    /// The enumeration an `enum` only picks some values of: Discord's channel types are
    /// `{enum: [0, 2, 5], allOf: [{$ref: ChannelTypes}]}`. Such a value is of the referenced
    /// type, so that it compares with it and keeps its case names (`.guildText`, not `.value0`).
    private func enumerationNarrowed(by schema: Schema, to values: [JSONValue]) -> Schema? {
        let parts = schema.allOf.filter { !isAnnotationOnly($0) }
        guard parts.count == 1, parts[0].ref != nil, schema.oneOf.isEmpty, schema.anyOf.isEmpty, schema.properties.isEmpty else { return nil }
        let target = dereferenced(parts[0])
        var known: [JSONValue] = target.listedValues ?? []
        // `anyOf: [{enum: [alloy, echo]}, {type: string}]` is one open enumeration of strings.
        var anyString = false
        for alternative in target.oneOf + target.anyOf {
            let member = dereferenced(alternative)
            if let memberValues = member.listedValues {
                known += memberValues
            } else if member.types?.nonNull == .string, member.format == nil, member.properties.isEmpty {
                anyString = true
            } else {
                return nil
            }
        }
        let knownSet = Set(known)
        guard !knownSet.isEmpty else { return nil }
        return values.allSatisfy { knownSet.contains($0) || anyString && $0.stringValue != nil } ? parts[0] : nil
    }

    /// The one value of an `enum` that picks it from a wider enumeration (Discord's
    /// `type: {enum: [3], allOf: [{$ref: EntityTypes}]}`): what a new value takes unless told.
    private func fixedValue(_ schema: Schema) -> JSONValue? {
        guard let values = schema.enumValues, values.count == 1, case .single = shape(of: schema).0 else { return nil }
        return values[0]
    }

    /// The scalar a schema's own `type` and `format` give, ignoring its `allOf`.
    private func ownPrimitive(_ schema: Schema) -> Primitive? {
        switch schema.types?.nonNull {
        case .string?: TypeBuilder.primitive(string: schema)
        case .integer?: primitive(integer: schema)
        case .number?, [.integer, .number]?: primitive(number: schema)
        case .boolean?: .bool
        default: nil
        }
    }

    /// `date-time` → `Date`, `binary` → a file upload, any other string format → `String`.
    static func primitive(string schema: Schema) -> Primitive {
        switch schema.format {
        case "date-time": .dateTime
        case "binary": .file
        default: .string
        }
    }

    private func primitive(integer schema: Schema) -> Primitive {
        switch schema.format {
        case "int32": .int32
        case "int64": .int64
        default: .int
        }
    }

    private func primitive(number schema: Schema) -> Primitive {
        schema.format == "float" ? .float : .double
    }

    // MARK: Value types

    /// The type of values at a position described by `schema`; declares types for inline
    /// objects, enums and unions as needed.
    func valueType(_ schema: Schema, naming: InlineNaming, ownerIsAlias: Bool = false) -> ValueType {
        precondition(!conversionFinished, "a value type was asked for after conversion finished")
        let (shape, nullable) = self.shape(of: schema)
        switch shape {
        case .any:
            return ValueType(.any, nullable: nullable, constraints: schema.constraints)
        case .primitive(let primitive):
            return ValueType(.primitive(primitive), nullable: nullable, constraints: schema.constraints)
        case .array(let items):
            structureDepth += 1
            defer { structureDepth -= 1 }
            let element = items.map {
                valueType($0, naming: naming.element(item: ownerIsAlias))
            } ?? ValueType(.any)
            return ValueType(.array(element), nullable: nullable, constraints: schema.constraints)
        case .dictionary(let values):
            structureDepth += 1
            defer { structureDepth -= 1 }
            let element = values.map { valueType($0, naming: naming.suffixed(name: "Value", origin: "/additionalProperties")) } ?? ValueType(.any)
            return ValueType(.dictionary(element), nullable: nullable, constraints: schema.constraints)
        case .reference(let target, _):
            var value = referencedValue(target, naming: naming)
            value.nullable = value.nullable || nullable
            value.constraints = intersect(value.constraints, schema.constraints, at: schema.location)
            return value
        case .single(let member):
            var value = valueType(member, naming: naming, ownerIsAlias: ownerIsAlias)
            value.nullable = value.nullable || nullable
            // `allOf: [{$ref: Name}, {maxLength: 40}]`: the other parts' keywords apply too.
            for part in schema.allOf where part !== member && !part.constraints.isEmpty {
                value.constraints = intersect(value.constraints, part.constraints, at: part.location)
            }
            value.constraints = intersect(value.constraints, schema.constraints, at: schema.location)
            return value
        case .composedPrimitive(let primitive):
            // Every part applies: the bounds of all of them, null only where each allows it.
            var constraints = schema.constraints
            var partsAdmitNull = true
            for part in schema.allOf {
                let value = valueType(part, naming: naming, ownerIsAlias: ownerIsAlias)
                constraints = intersect(constraints, value.constraints, at: part.location)
                if !isAnnotationOnly(part) { partsAdmitNull = partsAdmitNull && value.nullable }
            }
            let ownTypes = schema.types?.nonNull ?? []
            return ValueType(
                .primitive(primitive), nullable: nullable || (ownTypes.isEmpty && partsAdmitNull), constraints: constraints)
        case .object, .composedObject, .enumeration, .union:
            let id = declare(schema, naming: ownerIsAlias ? naming.suffixed(name: "Value", origin: "") : naming)
            return ValueType(.named(id), nullable: nullable || unionAdmitsNull(id))
        }
    }

    private func unionAdmitsNull(_ id: TypeID) -> Bool {
        if case .union(let union) = types[id.index].kind { return union.admitsNull }
        return false
    }

    /// The value type for a schema reached through `$ref`.
    private func referencedValue(_ target: Schema, naming: InlineNaming) -> ValueType {
        guard let id = declared[target.node] else {
            // A reference to an inline schema somewhere else in the document: convert it in place.
            return valueType(target, naming: naming)
        }
        if !TypeBuilder.isDeclarable(shape(of: declaredSchemas[id.index]).0) {
            if case .inProgress = aliasStates[id.index] {
                // A cycle of aliases: reported by `aliasValue`; typed as JSONValue so no
                // `typealias A = B; typealias B = A` is ever produced.
                return aliasValue(id, target)
            }
            var value = aliasValue(id, target)
            // Refer to the alias by name, keeping what the alias says about its values.
            value.type = .named(id)
            return value
        }
        let nullable = declaredNullable[id.index] ?? shape(of: target).nullable
        return ValueType(.named(id), nullable: nullable || unionAdmitsNull(id))
    }

    /// What values at a position must meet when both sets of keywords apply (a `$ref` and the
    /// keywords beside it, or two parts of an `allOf`): the tighter of each pair of bounds.
    /// Two different patterns or `multipleOf`s cannot be expressed as one: the second is kept,
    /// being the more specific (the use site's), and that is said.
    func intersect(_ outer: SchemaConstraints, _ inner: SchemaConstraints, at location: SourceLocation) -> SchemaConstraints {
        let (merged, conflicts) = TypeBuilder.intersect(outer, inner)
        for keyword in conflicts {
            let (first, second) =
                keyword == "pattern"
                ? ("'\(outer.pattern ?? "")'", "'\(inner.pattern ?? "")'")
                : (outer.multipleOf?.text ?? "", inner.multipleOf?.text ?? "")
            diagnostics.warning("two '\(keyword)' apply to this value (\(first) and \(second)); only \(second) is checked", at: location)
        }
        return merged
    }

    /// The keywords of both, and the names of those that differ and cannot both be kept.
    static func intersect(_ outer: SchemaConstraints, _ inner: SchemaConstraints) -> (SchemaConstraints, conflicts: [String]) {
        guard !inner.isEmpty else { return (outer, []) }
        guard !outer.isEmpty else { return (inner, []) }
        func larger(_ a: SchemaNumber?, _ b: SchemaNumber?) -> SchemaNumber? {
            guard let a, let b else { return a ?? b }
            return b.value > a.value ? b : a
        }
        func smaller(_ a: SchemaNumber?, _ b: SchemaNumber?) -> SchemaNumber? {
            guard let a, let b else { return a ?? b }
            return b.value < a.value ? b : a
        }
        func larger(_ a: Int?, _ b: Int?) -> Int? {
            guard let a, let b else { return a ?? b }
            return max(a, b)
        }
        func smaller(_ a: Int?, _ b: Int?) -> Int? {
            guard let a, let b else { return a ?? b }
            return min(a, b)
        }
        var merged = outer
        var conflicts: [String] = []
        merged.minimum = larger(outer.minimum, inner.minimum)
        merged.maximum = smaller(outer.maximum, inner.maximum)
        merged.exclusiveMinimum = larger(outer.exclusiveMinimum, inner.exclusiveMinimum)
        merged.exclusiveMaximum = smaller(outer.exclusiveMaximum, inner.exclusiveMaximum)
        if let multiple = inner.multipleOf {
            if let existing = outer.multipleOf, existing.value != multiple.value { conflicts.append("multipleOf") }
            merged.multipleOf = multiple
        }
        merged.minLength = larger(outer.minLength, inner.minLength)
        merged.maxLength = smaller(outer.maxLength, inner.maxLength)
        if let pattern = inner.pattern {
            if let existing = outer.pattern, existing != pattern { conflicts.append("pattern") }
            merged.pattern = pattern
        }
        merged.minItems = larger(outer.minItems, inner.minItems)
        merged.maxItems = smaller(outer.maxItems, inner.maxItems)
        merged.uniqueItems = inner.uniqueItems || outer.uniqueItems
        merged.minProperties = larger(outer.minProperties, inner.minProperties)
        merged.maxProperties = smaller(outer.maxProperties, inner.maxProperties)
        return (merged, conflicts)
    }

    // MARK: Objects

    private func buildObject(_ schema: Schema, owner: TypeID) -> ObjectType {
        var merged = MergedObject()
        merged.add(schema, namingOwner: owner)
        return makeObject(merged, owner: owner, constraints: schema.constraints, composedOf: [])
    }

    private func buildComposedObject(_ schema: Schema, owner: TypeID) -> ObjectType {
        var merged = MergedObject()
        var composedOf: [TypeID] = []
        var unionParts: [Schema] = []
        // Parts currently being merged: a part that contains itself is an error, while the same
        // part reached twice through different parents (a diamond) merges harmlessly.
        var inProgress = Set<SourceNode>()
        func visit(_ part: Schema, namingOwner: TypeID) {
            let target = part.isPureReference ? dereferenced(part) : part
            var namingOwner = namingOwner
            if target.node != schema.node, let id = declared[target.node], componentNames[target.node] != nil,
                case .object = shape(of: target).0
            {
                if !composedOf.contains(id) { composedOf.append(id) }
                namingOwner = id
            }
            guard inProgress.insert(target.node).inserted else {
                diagnostics.error("allOf includes itself: '\(types[owner.index].origin)' cannot be composed of itself", at: part.location)
                return
            }
            defer { inProgress.remove(target.node) }
            if target.node != schema.node, target.allOf.isEmpty, !target.oneOf.isEmpty || !target.anyOf.isEmpty {
                switch shape(of: target).0 {
                case .union:
                    // Kept whole (as written, so a `$ref` names its type), not merged.
                    unionParts.append(part)
                    return
                case .single(let member):
                    // `oneOf: [A]`, or `anyOf: [A, {type: null}]`: just A.
                    return visit(member, namingOwner: namingOwner)
                default:
                    break
                }
            }
            for member in target.allOf { visit(member, namingOwner: namingOwner) }
            if let ref = target.ref, !target.isPureReference, let referenced = resolveSchemaReference(ref) {
                visit(referenced, namingOwner: namingOwner)
            }
            merged.add(target, namingOwner: namingOwner)
        }
        visit(schema, namingOwner: owner)
        return makeObject(merged, owner: owner, constraints: schema.constraints, composedOf: composedOf, unionParts: unionParts)
    }

    private func makeObject(
        _ merged: MergedObject, owner: TypeID, constraints: SchemaConstraints, composedOf: [TypeID], unionParts: [Schema] = []
    ) -> ObjectType {
        var members = MemberNames(reserved: TypeBuilder.reservedStructMembers, capacity: merged.properties.count)
        var properties: [Property] = []
        properties.reserveCapacity(merged.properties.count)
        let origin = types[owner.index].origin
        let isRequired = merged.requiredTest()
        for (name, entry) in merged.properties {
            let naming = InlineNaming(parent: entry.namingOwner, member: name, base: origin, infix: "/properties/")
            let value = valueType(entry.schema, naming: naming)
            let schema = entry.schema
            properties.append(
                Property(
                    name: name, swiftName: members.allocate(name, fallback: "property", cache: nameCache), type: value,
                    isRequired: isRequired(name), description: schema.description,
                    deprecated: schema.deprecated, readOnly: schema.readOnly, writeOnly: schema.writeOnly,
                    defaultValue: schema.defaultValue ?? fixedValue(schema), needsIndirection: false, location: schema.location))
        }
        // Union parts come first: their members are coded first, and a union usually says the
        // most about what the value is. Named after their type (`pet`), or `value` when inline.
        var parts: [Property] = []
        for (index, part) in unionParts.enumerated() {
            let naming = InlineNaming(parent: owner, name: "Value", origin: origin + "/allOf/\(index)")
            var value = valueType(part, naming: naming)
            // The JSON object holding the union's members is there, so the union is too.
            value.nullable = false
            let base = part.ref == nil ? "value" : caseName(for: value)
            var property = Property(
                name: "", swiftName: members.allocate(base, fallback: "value", cache: nameCache), type: value,
                isRequired: true, description: part.description, deprecated: part.deprecated, readOnly: false,
                writeOnly: false, defaultValue: nil, needsIndirection: false, location: part.location)
            property.isFlattened = true
            parts.append(property)
        }
        properties.insert(contentsOf: parts, at: 0)
        var additional: ValueType?
        if case .schema(let schema) = merged.additionalProperties {
            let naming = InlineNaming(parent: owner, name: "AdditionalProperty", origin: origin + "/additionalProperties")
            additional = valueType(schema, naming: naming)
        }
        return ObjectType(properties: properties, additionalProperties: additional, constraints: constraints, composedOf: composedOf)
    }

    /// Properties gathered from one schema or from all parts of an `allOf`.
    ///
    /// Most objects are one schema, whose properties are already unique and in order: they are
    /// taken as they are, and names are indexed only once a second part is merged in.
    private struct MergedObject {
        struct Entry {
            var schema: Schema
            /// Inline types of this property nest in the type that declared it.
            var namingOwner: TypeID
        }
        private(set) var properties: [(name: String, entry: Entry)] = []
        /// Each property's position in `properties`, made when a part is merged into others.
        private var positions: [String: Int]?
        private var requiredNames: [String] = []
        var additionalProperties: AdditionalProperties?

        mutating func add(_ schema: Schema, namingOwner: TypeID) {
            if properties.isEmpty {
                properties.reserveCapacity(schema.properties.count)
                for (name, property) in schema.properties { properties.append((name, Entry(schema: property, namingOwner: namingOwner))) }
            } else {
                var positions = self.positions ?? Dictionary(uniqueKeysWithValues: properties.enumerated().map { ($1.name, $0) })
                for (name, property) in schema.properties {
                    if let position = positions[name] {
                        // `{description: ...}` refining an inherited property keeps the inherited type.
                        if !property.isAnnotationOnlyRefinement { properties[position].entry = Entry(schema: property, namingOwner: namingOwner) }
                    } else {
                        positions[name] = properties.count
                        properties.append((name, Entry(schema: property, namingOwner: namingOwner)))
                    }
                }
                self.positions = positions
            }
            requiredNames += schema.required
            if let additional = schema.additionalProperties { additionalProperties = additional }
        }

        /// A test for required names: a few are compared one by one, more go in a set.
        func requiredTest() -> (String) -> Bool {
            if requiredNames.count <= 8 {
                let names = requiredNames
                return { names.contains($0) }
            }
            let names = Set(requiredNames)
            return { names.contains($0) }
        }
    }

    // MARK: Enums

    /// `named` gives the case names and documentation of values that the spec names itself
    /// (`oneOf: [{title: GUILD_UPDATE, const: 1}, ...]`).
    /// The enumeration of a schema, made ahead when it was (`EnumerationPrep`); until the other
    /// core has made them all, this one does not wait for it but makes its own.
    private func enumeration(of schema: Schema) -> EnumType {
        if enumerations == nil, let made = preparedEnumerations?.resultIfDone() { enumerations = made }
        return enumerations?[schema.node] ?? TypeBuilder.enumeration(schema, allowedValues: nil)
    }

    /// Depends on the schema alone, so it can be made ahead (`EnumerationPrep`).
    static func enumeration(_ schema: Schema, allowedValues: [JSONValue]?, named: NamedValues = NamedValues()) -> EnumType {
        let values = allowedValues ?? schema.listedValues ?? []
        var unique: [JSONValue] = []
        var seen = Set<JSONValue>()
        for value in values where !value.isNull && seen.insert(value).inserted { unique.append(value) }
        let isInteger = unique.allSatisfy { if case .integer = $0 { return true } else { return false } }
        let varNames = TypeBuilder.stringList(schema.extensions["x-enum-varnames"] ?? schema.extensions["x-enumNames"])
        let descriptions = TypeBuilder.stringList(schema.extensions["x-enum-descriptions"])
        var members = MemberNames(reserved: TypeBuilder.reservedEnumCases, capacity: unique.count)
        // Each string value's name, made once: the checks below and the allocation all need it.
        let plainNames = unique.map { $0.stringValue.map(SwiftNames.camelName) }
        // Names that two values would share, told apart by spelling their symbols.
        let sharedNames = TypeBuilder.repeated(plainNames.compactMap { $0 })
        var cases: [EnumType.Case] = []
        for (index, value) in unique.enumerated() {
            let swiftName: String
            if let varNames, index < varNames.count {
                swiftName = members.allocate(varNames[index], fallback: "case\(index + 1)")
            } else if let title = named.titles[value] {
                swiftName = members.allocate(title, fallback: "case\(index + 1)")
            } else if case .integer(let number) = value {
                swiftName = members.allocateIdentifier(number < 0 ? "valueMinus\(-number)" : "value\(number)")
            } else if let text = value.stringValue, text.hasPrefix("-"), text.count > 1, seen.contains(.string(String(text.dropFirst()))) {
                // `created_at` and `-created_at`: a sort order's field and its reverse (JSON:API).
                swiftName = members.allocate(String(text.dropFirst()) + "_descending", fallback: "value")
            } else if let text = value.stringValue, let plain = plainNames[index],
                let spelled = TypeBuilder.spellingSymbols(text, plainName: plain, sharedNames: sharedNames) {
                // `>=` is `greaterThanOrEquals`, and `+E.164` beside `E.164` is `plusE164`.
                swiftName = members.allocate(spelled, fallback: "value")
            } else {
                // `allocate(text)` with the name made above.
                let plain = plainNames[index] ?? ""
                swiftName = members.allocateIdentifier(plain.isEmpty ? (value.stringValue == "" ? "empty" : "value") : plain)
            }
            let description = descriptions.flatMap { index < $0.count ? $0[index] : nil } ?? named.descriptions[value]
            cases.append(EnumType.Case(value: value, swiftName: swiftName, description: description))
        }
        return EnumType(rawType: isInteger && !unique.isEmpty ? .integer : .string, cases: cases)
    }

    /// Names a struct's properties cannot take: its generated members'.
    private static let reservedStructMembers = ["additionalProperties", "hashValue"]
    /// Names an enum's cases cannot take: its generated members'.
    private static let reservedEnumCases = ["undocumented", "rawValue", "allCases", "init", "hashValue"]

    /// The non-empty texts that occur more than once.
    static func repeated(_ values: [String]) -> Set<String> {
        guard values.count > 1 else { return [] }
        var seen = Set<String>(minimumCapacity: values.count)
        return Set(values.filter { !$0.isEmpty && !seen.insert($0).inserted })
    }

    /// Words for the symbols a value's name would lose: all of them when it has nothing else
    /// (`>=`: `greater_than_or_equals`, `=<`: `equals_less_than`), the leading ones when another
    /// value's name would be the same without them (`+E.164`: `plus_E.164`). nil when the plain
    /// name will do. `plain` is the text's plain name (`SwiftNames.camelName`).
    static func spellingSymbols(_ text: String, plainName plain: String, sharedNames: Set<String>) -> String? {
        let spell: Substring
        if plain.isEmpty {
            if let word = operatorWords[text] { return word }
            spell = Substring(text)
        } else if sharedNames.contains(plain) {
            spell = text.prefix { symbolWords[$0] != nil }
            guard !spell.isEmpty else { return nil }
        } else {
            return nil
        }
        let words = spell.compactMap { symbolWords[$0] }
        guard !words.isEmpty else { return nil }
        return (words + [String(text.dropFirst(spell.count))]).joined(separator: "_")
    }

    private static let operatorWords: [String: String] = [
        "==": "equals", "!=": "not_equals", "<>": "not_equals", ">=": "greater_than_or_equals", "<=": "less_than_or_equals",
    ]

    private static let symbolWords: [Character: String] = [
        "+": "plus", "-": "minus", "*": "star", "/": "slash", "=": "equals", "<": "less_than", ">": "greater_than",
        "!": "not", "&": "and", "|": "or", "%": "percent", "#": "hash", "@": "at", "~": "tilde", "^": "caret",
        ".": "dot", ",": "comma", ":": "colon", ";": "semicolon", "?": "question", "$": "dollar", " ": "space",
        "_": "underscore",
    ]

    private static func stringList(_ value: JSONValue?) -> [String]? {
        guard case .array(let items) = value else { return nil }
        return items.map { $0.stringValue ?? $0.description }
    }

    // MARK: Unions

    /// Case names and documentation for enumeration values, from the schemas that fix them.
    struct NamedValues {
        var titles: [JSONValue: String] = [:]
        var descriptions: [JSONValue: String] = [:]
    }

    /// A union, or an open enum when every alternative is a string, or every one an integer
    /// (`anyOf: [{enum: [...]}, {type: string}]`, `oneOf: [{title: GUILD_UPDATE, const: 1}, ...]`).
    private func buildUnionOrEnum(_ schema: Schema, variants: [Schema], exclusive: Bool, owner: TypeID, naming: InlineNaming) -> TypeDecl.Kind {
        if variants.isEmpty {
            return .union(buildPrimitiveUnion(schema, owner: owner))
        }
        let targets = variants.map(dereferenced)
        func all(_ isOfKind: (JSONValue) -> Bool, orPlain type: SchemaTypes) -> Bool {
            targets.allSatisfy { target in
                if let values = target.enumValues { return values.allSatisfy { isOfKind($0) || $0.isNull } }
                if let constant = target.constValue { return isOfKind(constant) }
                return target.types?.nonNull == type && target.format != "date-time" && target.properties.isEmpty
            }
        }
        let allStrings = all({ $0.stringValue != nil }, orPlain: .string)
        let allIntegers = all({ if case .integer = $0 { true } else { false } }, orPlain: .integer)
        let knownValues = targets.flatMap { $0.listedValues ?? [] }
        if (allStrings || allIntegers) && !knownValues.isEmpty {
            // A title on every constant names the cases (JSON Schema's way to name a value).
            var named = NamedValues()
            let constants = targets.filter { $0.constValue != nil }
            if !constants.isEmpty, constants.allSatisfy({ $0.title?.isEmpty == false }) {
                for target in constants {
                    guard let value = target.constValue else { continue }
                    named.titles[value] = target.title
                    if let description = target.description, !description.isEmpty { named.descriptions[value] = description }
                }
            }
            return .enumeration(TypeBuilder.enumeration(schema, allowedValues: knownValues, named: named))
        }
        return .union(buildUnion(schema, variants: variants, exclusive: exclusive, owner: owner))
    }

    private func buildUnion(_ schema: Schema, variants: [Schema], exclusive: Bool, owner: TypeID) -> UnionType {
        let discriminator = schema.discriminator
        // Discriminator mapping: value → target schema node.
        var mappedValues: [(value: String, node: SourceNode)] = []
        if let discriminator {
            for (value, reference) in discriminator.mappingReferences(from: schema.node) {
                if let resolved = resolveSchemaReference(reference) { mappedValues.append((value, dereferenced(resolved).node)) }
            }
        }
        var caseNames = MemberNames(reserved: TypeBuilder.reservedUnionCases)
        var result: [UnionType.Variant] = []
        var admitsNull = false
        let origin = types[owner.index].origin
        // Variants are named by the constant that tags them, unless two share it (Box's cards are
        // all `type: skill_card`) and their titles differ: then by their titles.
        // Untitled variants of an untagged union without a `type` go by another member they fix
        // to a word (OpenAI's stream events: `event: thread.run.step.created`).
        let namingConstants = variants.map { variant -> String? in
            let target = dereferenced(variant)
            if let constant = discriminatorConstant(target, property: discriminator?.propertyName ?? "type") { return constant }
            guard discriminator == nil, target.title?.isEmpty ?? true else { return nil }
            return constantTags(target, excluding: nil).first { $0.value.unicodeScalars.contains(where: \.properties.isAlphabetic) }?.value
        }
        let titles = variants.map { dereferenced($0).title ?? "" }
        // An untitled object beside variants of other kinds (Telnyx's filters: a string, or
        // `{in: "a,b"}`) is `.object`: nothing names it better, and a number names it worse.
        let unnamedObjects = variants.indices.filter { index in
            namingConstants[index] == nil && titles[index].isEmpty && TypeBuilder.isInlineObject(variants[index])
        }
        let sharedConstants = TypeBuilder.repeated(namingConstants.map { $0 ?? "" })
        let sharedTitles = TypeBuilder.repeated(titles)
        for (index, variant) in variants.enumerated() {
            if discriminator == nil, let constants = TypeBuilder.stringConstants(variant) {
                // `oneOf: [{enum: [auto]}, {type: integer}]`: `.auto` beats `.variant1(.auto)`, and
                // `oneOf: [{type: integer}, {enum: [clear, no_update]}]` is `.integer`, `.clear`
                // or `.noUpdate`. The description goes on the first value's case.
                if constants.admitsNull { admitsNull = true }
                for value in constants.values where !result.contains(where: { $0.constant == value }) {
                    var constantVariant = UnionType.Variant(type: ValueType(.primitive(.string)), caseName: "", discriminatorValues: [])
                    constantVariant.constant = value
                    constantVariant.description = value == constants.values.first ? variant.description : nil
                    constantVariant.caseName = caseNames.allocateIdentifier(TypeBuilder.caseName(for: constantVariant, in: types))
                    result.append(constantVariant)
                }
                continue
            }
            let target = dereferenced(variant)
            let suggested = variantTypeName(
                target: target, constant: namingConstants[index],
                sharedConstant: sharedConstants.contains(namingConstants[index] ?? "") && !sharedTitles.contains(titles[index]),
                onlyUnnamedObject: unnamedObjects == [index], index: index, unionName: types[owner.index].name)
            let naming = InlineNaming(parent: owner, name: suggested, origin: origin + "/oneOf/\(index)")
            let value = valueType(variant, naming: naming)
            if value.nullable { admitsNull = true }
            var values: [String] = mappedValues.filter { $0.node == target.node }.map(\.value)
            if let property = discriminator?.propertyName, values.isEmpty {
                if let fixed = tagValues(of: target, property: property) {
                    // Every value the variant's own tag admits (OpenAI's `web_search` and
                    // `web_search_2025_08_26`), or its variants' when it is a union itself.
                    values = fixed
                } else if let componentName = componentNames[target.node] {
                    // The schema's name is the value the specification implies; a tag property
                    // with a default (Telnyx's `record_type: {default: amd_detail_record}`) says
                    // what servers really send.
                    values = [componentName]
                    if let fallback = tagDefault(of: target, property: property), fallback != componentName { values.append(fallback) }
                }
            }
            // Members fixed to one value tell variants apart where the discriminator cannot: in
            // an untagged union, or between variants that share a discriminator value.
            let tags = constantTags(target, excluding: discriminator?.propertyName)
            // The same type twice (listed by both `oneOf` and `anyOf`, as ElevenLabs does) is one
            // variant: decoding would never reach the second. Either's bounds and tag admit it.
            if let earlier = result.firstIndex(where: { $0.constant == nil && $0.type.type == value.type && $0.type.nullable == value.nullable }) {
                result[earlier].discriminatorValues += values.filter { !result[earlier].discriminatorValues.contains($0) }
                if result[earlier].type.constraints != value.constraints { result[earlier].type.constraints = SchemaConstraints() }
                if result[earlier].constantTags != tags { result[earlier].constantTags = [] }
                continue
            }
            let caseName = caseNames.allocateIdentifier(self.caseName(for: value))
            result.append(UnionType.Variant(type: value, caseName: caseName, discriminatorValues: values, constantTags: tags))
        }
        return UnionType(variants: result, discriminator: discriminator?.propertyName, isExclusive: exclusive, admitsNull: admitsNull)
    }

    /// The strings an inline schema admits (`{type: string, enum: [clear, no_update]}`,
    /// `{const: inf}`), and whether it admits null besides; nil for anything else. A title on
    /// several values names a type: OpenAI's `{title: ResponsesOnlyModel, enum: [...]}` stays one.
    static func stringConstants(_ schema: Schema) -> (values: [String], admitsNull: Bool)? {
        guard schema.ref == nil, schema.dynamicRef == nil, schema.types?.nonNull ?? .string == .string,
            schema.properties.isEmpty, schema.allOf.isEmpty, schema.oneOf.isEmpty, schema.anyOf.isEmpty
        else { return nil }
        let values = schema.listedValues ?? []
        let nonNull = values.filter { !$0.isNull }
        let strings = nonNull.compactMap(\.stringValue)
        guard !strings.isEmpty, strings.count == nonNull.count, strings.count == 1 || schema.title?.isEmpty ?? true,
            schema.enumValues == nil || schema.constValue == nil || schema.constValue.map({ [$0] }) == nonNull
        else { return nil }
        return (strings, schema.nullable || schema.types?.contains(.null) == true || nonNull.count < values.count)
    }

    /// Members every union declares besides its variants.
    static let reservedUnionCases = ["undocumented", "hashValue"]

    /// A union of primitive types from `type: [string, integer]`.
    private func buildPrimitiveUnion(_ schema: Schema, owner: TypeID) -> UnionType {
        var caseNames = MemberNames(reserved: TypeBuilder.reservedUnionCases)
        var variants: [UnionType.Variant] = []
        let types = schema.types ?? []
        let ordered: [(SchemaTypes, ValueType)] = [
            (.string, ValueType(.primitive(TypeBuilder.primitive(string: schema)))),
            (.integer, ValueType(.primitive(primitive(integer: schema)))),
            (.number, ValueType(.primitive(primitive(number: schema)))),
            (.boolean, ValueType(.primitive(.bool))),
            (.array, ValueType(.array(schema.items.map { valueType($0, naming: InlineNaming(parent: owner, name: "Item", origin: "/items")) } ?? ValueType(.any)))),
            (.object, ValueType(.dictionary(ValueType(.any)))),
        ]
        for (type, value) in ordered where types.contains(type) {
            variants.append(UnionType.Variant(type: value, caseName: caseNames.allocateIdentifier(caseName(for: value)), discriminatorValues: []))
        }
        return UnionType(variants: variants, discriminator: nil, isExclusive: true, admitsNull: types.contains(.null))
    }

    /// An object schema written in place: properties, or `type: object`, and no `$ref`.
    static func isInlineObject(_ schema: Schema) -> Bool {
        guard schema.ref == nil, schema.dynamicRef == nil, schema.allOf.isEmpty, schema.oneOf.isEmpty, schema.anyOf.isEmpty else { return false }
        return schema.types?.nonNull == .object || schema.types == nil && !schema.properties.isEmpty
    }

    private func variantTypeName(
        target: Schema, constant: String?, sharedConstant: Bool, onlyUnnamedObject: Bool, index: Int, unionName: String
    ) -> String {
        if let constant, !sharedConstant || target.title?.isEmpty ?? true {
            return SwiftNames.typeName(constant)
        }
        if let title = target.title, !title.isEmpty { return SwiftNames.typeName(title) }
        // An array's items, named after the union: `Targets` holds `[Target]` or a `String`.
        if target.types?.nonNull == .array || target.types == nil && target.items != nil {
            let single = SwiftNames.singularTypeName(unionName)
            return single == unionName ? unionName + "Item" : single
        }
        return onlyUnnamedObject ? "Object" : "Variant\(index + 1)"
    }

    /// The single string a variant's discriminator property can take (`const` or a one-value
    /// enum), which names an inline variant (`Content.Image` for `type: {const: image}`).
    func discriminatorConstant(_ schema: Schema, property: String?) -> String? {
        guard let property, let values = fixedValues(of: schema, property: property), values.count == 1 else { return nil }
        return values[0].stringValue
    }

    /// The constant tags of each variant schema, by node and the discriminator left out: a
    /// schema is a variant of many unions (Discord's events), and each search walks its parts.
    private var constantTagCache: [ConstantTagKey: [ConstantTag]] = [:]
    private struct ConstantTagKey: Hashable {
        var node: SourceNode
        var excluding: String?
    }

    /// The properties, in declaration order, that an object variant fixes to one value (a string
    /// or an integer: Discord tags its components with `type: {type: integer, enum: [6]}`): every
    /// required one (Box's `type` and `skill_card_type`, OpenAI's `role: assistant`), else the first.
    /// An optional member with one documented value is often a state that may gain others
    /// (`status: [incomplete]`), so it does not rule a variant out beside required ones.
    private func constantTags(_ schema: Schema, excluding discriminator: String?) -> [ConstantTag] {
        let key = ConstantTagKey(node: schema.node, excluding: discriminator)
        if let known = constantTagCache[key] { return known }
        let tags = searchConstantTags(schema, excluding: discriminator)
        constantTagCache[key] = tags
        return tags
    }

    private func searchConstantTags(_ schema: Schema, excluding discriminator: String?) -> [ConstantTag] {
        guard schema.types == nil || schema.types?.nonNull == .object else { return [] }
        var names = Array(schema.properties.keys)
        var required = Set(schema.required)
        for member in schema.allOf {
            let part = dereferenced(member)
            names += part.properties.keys
            required.formUnion(part.required)
        }
        var seen = Set<String>()
        var tags: [ConstantTag] = []
        var first: ConstantTag?
        for name in names where name != discriminator && seen.insert(name).inserted {
            guard let values = tagValues(of: schema, property: name), values.count == 1 else { continue }
            let tag = ConstantTag(property: name, value: values[0])
            if required.contains(name) { tags.append(tag) } else if first == nil { first = tag }
        }
        return tags.isEmpty ? first.map { [$0] } ?? [] : tags
    }

    /// The values a variant's tag property can take, as the text a decoder reads them as (see
    /// `fixedValues(of:property:)`); nil when the property admits other values.
    func tagValues(of schema: Schema, property: String) -> [String]? {
        guard let values = fixedValues(of: schema, property: property) else { return nil }
        let texts = values.compactMap(TypeBuilder.tagText)
        return texts.count == values.count ? texts : nil
    }

    /// The values a variant's property is fixed to: its `const`, or its `enum` without null, also
    /// inside `anyOf: [X, {type: 'null'}]`; for a variant that is a union itself, its variants'
    /// values. nil when the property admits other values.
    private func fixedValues(of schema: Schema, property: String) -> [JSONValue]? {
        func fixed(_ candidate: Schema) -> [JSONValue]? {
            let target = dereferenced(candidate)
            if let constant = target.constValue { return constant.isNull ? nil : [constant] }
            if let values = target.enumValues {
                let nonNull = values.filter { !$0.isNull }
                return nonNull.isEmpty ? nil : nonNull
            }
            let alternatives = (target.oneOf.isEmpty ? target.anyOf : target.oneOf).filter { !isNullOnly($0) }
            if alternatives.count == 1 { return fixed(alternatives[0]) }
            for member in target.allOf {
                if let values = fixed(member) { return values }
            }
            return nil
        }
        var visitedUnions = Set<SourceNode>()
        func values(_ candidate: Schema) -> [JSONValue]? {
            if let values = inheritedProperty(property, of: candidate, fixed) { return values }
            // A union's value is one of its variants': each must fix the property.
            let target = dereferenced(candidate)
            guard target.properties[property] == nil, visitedUnions.insert(target.node).inserted else { return nil }
            var variants = (target.oneOf.isEmpty ? target.anyOf : target.oneOf).filter { !isNullOnly($0) }
            // `{title: Item, $ref: Item}`: the union the reference beside a title points to.
            if variants.isEmpty, let ref = target.ref, !target.isPureReference, let referenced = resolveSchemaReference(ref) {
                variants = [referenced]
            }
            guard !variants.isEmpty else { return nil }
            var all: [JSONValue] = []
            for variant in variants {
                guard let found = values(variant) else { return nil }
                all += found.filter { !all.contains($0) }
            }
            return all
        }
        return values(schema)
    }

    /// A tag value as `Decoder.discriminator(forKey:)` reads it: a string as is, an integer as
    /// its digits.
    static func tagText(_ value: JSONValue) -> String? {
        switch value {
        case .string(let text): text
        case .integer(let number): String(number)
        default: nil
        }
    }

    /// The string default of a variant's tag property.
    private func tagDefault(of schema: Schema, property: String) -> String? {
        inheritedProperty(property, of: schema) { dereferenced($0).defaultValue?.stringValue }
    }

    /// What `read` finds in the schema of `property`, declared by `schema` itself or inherited
    /// from its `allOf` parts and from a `$ref` beside other keywords, nearest first.
    private func inheritedProperty<Found>(_ property: String, of schema: Schema, _ read: (Schema) -> Found?) -> Found? {
        // Most schemas inherit nothing: their own property, with no set of visited parts to make.
        let own = dereferenced(schema)
        if own.allOf.isEmpty, own.ref == nil || own.isPureReference {
            return own.properties[property].flatMap(read)
        }
        var visited = Set<SourceNode>()
        func search(_ candidate: Schema) -> Found? {
            let target = dereferenced(candidate)
            guard visited.insert(target.node).inserted else { return nil }
            if let propertySchema = target.properties[property], let found = read(propertySchema) { return found }
            for member in target.allOf {
                if let found = search(member) { return found }
            }
            if let ref = target.ref, !target.isPureReference, let referenced = resolveSchemaReference(ref) {
                return search(referenced)
            }
            return nil
        }
        return search(schema)
    }

    /// A case name that says what the variant holds: `dog`, `string`, `integer`, `strings`.
    func caseName(for value: ValueType) -> String { TypeBuilder.caseName(for: value, in: types) }

    /// A variant's case: what it holds, or the constant it is (`auto`, `empty` for "").
    static func caseName(for variant: UnionType.Variant, in types: [TypeDecl]) -> String {
        guard let constant = variant.constant else { return caseName(for: variant.type, in: types) }
        let plain = SwiftNames.camelName(constant)
        let name = spellingSymbols(constant, plainName: plain, sharedNames: []).map(SwiftNames.camelName) ?? plain
        return name.isEmpty ? (constant.isEmpty ? "empty" : "value") : name
    }

    static func caseName(for value: ValueType, in types: [TypeDecl]) -> String {
        switch value.type {
        case .named(let id): return SwiftNames.camelName(types[id.index].name)
        case .primitive(let primitive):
            switch primitive {
            case .string: return "string"
            case .int, .int32, .int64: return "integer"
            case .double, .float: return "number"
            case .bool: return "bool"
            case .dateTime: return "date"
            case .data: return "data"
            case .file: return "file"
            }
        case .array(let element):
            // `[[Int]]` is `integerLists`, beside `[Int]`'s `integers`.
            if case .array(let inner) = element.type { return caseName(for: inner, in: types) + "Lists" }
            return SwiftNames.plural(caseName(for: element, in: types))
        case .dictionary: return "object"
        case .any: return "json"
        }
    }
}

extension Schema {
    /// A property schema that only annotates (description, readOnly, ...) without a type.
    var isAnnotationOnlyRefinement: Bool {
        ref == nil && types == nil && properties.isEmpty && items == nil && enumValues == nil && constValue == nil
            && allOf.isEmpty && oneOf.isEmpty && anyOf.isEmpty && additionalProperties == nil
    }
}
