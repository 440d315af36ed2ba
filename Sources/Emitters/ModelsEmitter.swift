import Diagnostics
import OpenAPIDocument
import Parallelism
import SchemaGraph
import Templating

/// Emits the model types: structs, open enums, unions and aliases, with their `Validatable`
/// conformances. Layout lives in `Templates/Swift/Models.swift.mustache` and its partials.
public struct ModelsEmitter: Emitter {
    public let name = "models"

    public init() {}

    public func emit(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [GeneratedFile] {
        try EmissionJob.runAll(jobs(graph, context: context))
    }

    /// One job per file, or for a large file one per part of about `partLines` lines. Small
    /// parts let two cores share the models evenly around the client, which cannot be split:
    /// with Telnyx's models in two parts, the client started last and rendered alone for a
    /// tenth of the emission.
    public func jobs(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [EmissionJob] {
        jobs(graph, context: context, partLines: ModelsEmitter.partLines)
    }

    /// `partLines`: about how many estimated lines a part has (for tests; `.max` for whole files).
    public func jobs(_ graph: SchemaGraph, context: EmitterContext, partLines: Int) -> [EmissionJob] {
        let builder = ModelViewBuilder(graph: graph, context: context)
        let shards = ModelsEmitter.shards(of: graph.topLevelTypes, count: context.modelFileCount)
        var jobs: [EmissionJob] = []
        for (index, shard) in shards.enumerated() {
            let path = shards.count == 1 ? "Models.swift" : "Models\(index + 1).swift"
            let sizes = shard.map { ModelsEmitter.estimatedLines([$0], graph: graph) }
            let parts = ModelsEmitter.parts(sizes: sizes, partLines: partLines)
            guard parts.count > 1 else {
                let lines = sizes.reduce(0, +)
                jobs.append(EmissionJob(estimatedLines: lines) { () throws(DiagnosticsError) in
                    [GeneratedFile(path: path, text: try context.templates.renderUTF8("Models.swift", context: builder.file(types: shard)))]
                })
                continue
            }
            // The first part has the file's header, the last the whole file's validations.
            for (number, range) in parts.enumerated() {
                let types = Array(shard[range])
                let lines = sizes[range].reduce(0, +)
                let isLast = number == parts.count - 1
                jobs.append(EmissionJob(estimatedLines: lines, part: EmissionJob.FilePart(path: path, index: number, count: parts.count)) {
                    () throws(DiagnosticsError) in
                    let view = builder.file(types: types, validating: isLast ? shard : [], preamble: number == 0)
                    return [GeneratedFile(path: path, text: try context.templates.renderUTF8("Models.swift", context: view))]
                })
            }
        }
        return jobs
    }

    /// About this many lines (a millisecond or two of rendering) make a part of a models file.
    static let partLines = 8_000

    /// Consecutive ranges of `sizes` (each type's estimated lines) of about `partLines` each,
    /// as even as whole types allow; one range when the file is not larger than two parts.
    static func parts(sizes: [Int], partLines: Int) -> [Range<Int>] {
        let total = sizes.reduce(0, +)
        let count = min(sizes.count, partLines <= 0 ? sizes.count : total / max(partLines, 1))
        guard count > 1 else { return [0..<sizes.count] }
        var ranges: [Range<Int>] = []
        var start = 0
        var running = 0
        for (index, size) in sizes.enumerated() {
            running += size
            // Cut where the running total passes the next of `count` even shares, or where only
            // one type is left for each part still to come.
            let partsAfter = count - ranges.count - 1
            let typesAfter = sizes.count - index - 1
            guard partsAfter > 0, typesAfter >= partsAfter else { continue }
            if running >= total * (ranges.count + 1) / count || typesAfter == partsAfter {
                ranges.append(start..<(index + 1))
                start = index + 1
            }
        }
        ranges.append(start..<sizes.count)
        return ranges
    }

    /// About ten lines per type and per property (Telnyx: 150,000 lines, 4,615 types, 12,346 properties).
    static func estimatedLines(_ types: [TypeID], graph: SchemaGraph) -> Int {
        var lines = 0
        var pending = types
        while let id = pending.popLast() {
            lines += 10
            // Read in place: a copy of the declaration retains every string of it.
            switch graph[id].kind {
            case .object(let object): lines += 10 * object.properties.count
            case .enumeration(let enumeration): lines += 2 * enumeration.cases.count
            case .union(let union): lines += 10 * union.variants.count
            case .alias: break
            }
            pending += graph[id].children
        }
        return lines
    }

    /// Contiguous, nearly equal slices, so a type stays in the same file while its neighbours change.
    static func shards(of types: [TypeID], count: Int) -> [[TypeID]] {
        guard count > 1, !types.isEmpty else { return [types] }
        let size = (types.count + count - 1) / count
        return (0..<count).map { index in
            let start = min(index * size, types.count)
            return Array(types[start..<min(start + size, types.count)])
        }
    }
}

/// Builds the view models the models templates render.
struct ModelViewBuilder {
    let graph: SchemaGraph
    let context: EmitterContext
    let types: SwiftTypes
    let validation: ValidationPlanner
    /// By `TypeID.index`: only request bodies hold the type (see `sendsNull(_:in:)`).
    let requestOnly: [Bool]

    init(graph: SchemaGraph, context: EmitterContext) {
        self.graph = graph
        self.context = context
        self.types = SwiftTypes(graph: graph)
        // Two independent walks over every type, side by side: they come before any model file
        // can be rendered.
        let validation = Pending { ValidationPlanner(graph: graph) }
        self.requestOnly = graph.requestOnlyTypes()
        self.validation = validation.wait()
    }

    /// Whether a member is `Nullable<Value>?`, to tell `null` from left out: an optional member
    /// that may be null, of a type only request bodies hold (Discord's `icon: null` in a PATCH
    /// clears the icon). Types that responses hold keep `Value?`, which reads more simply.
    func sendsNull(_ property: Property, in id: TypeID) -> Bool {
        requestOnly[id.index] && !property.isRequired && property.type.nullable && property.type.type != .any
            && !property.needsIndirection && !property.isFlattened
    }

    var access: String { context.access.rawValue }

    /// The file of `ids`, or a part of it: `validated` are the types whose validations it
    /// ends with (the whole file's, in its last part), and only its first part has the header.
    func file(types ids: [TypeID], validating validated: [TypeID]? = nil, preamble: Bool = true) -> ModelsFileView {
        var validations: [ValidationView] = []
        for id in validated ?? ids { collectValidations(id, into: &validations) }
        return ModelsFileView(
            header: preamble ? FileHeader.lines(graph: graph, context: context) : [],
            access: access,
            // A closure, not `ids.map(typeView)`: the method as a value holds a copy of this
            // builder, every array of the graph retained and released again, by both cores
            // at once, for every type.
            types: ids.map { typeView($0) },
            validations: validations,
            preamble: preamble)
    }

    private func collectValidations(_ id: TypeID, into result: inout [ValidationView]) {
        if validation.isValidatable[id.index], let view = validationView(id) { result.append(view) }
        for child in graph[id].children { collectValidations(child, into: &result) }
    }

    func typeView(_ id: TypeID) -> TypeView {
        let decl = graph[id]
        var docText = decl.description ?? (decl.parent == nil ? nil : decl.title)
        if decl.deprecated { docText = (docText.map { $0 + "\n\n" } ?? "") + "- Note: Deprecated." }
        var view = TypeView(name: decl.name, access: access, docLines: SourceText.docLines(docText))
        view.nested = decl.children.map { typeView($0) }
        switch decl.kind {
        case .object(let object): fillStruct(&view, object, id: id)
        case .enumeration(let enumeration): fillEnum(&view, enumeration)
        case .union(let union): fillUnion(&view, union, id: id)
        case .alias(let value):
            view.kind = .alias
            // Nullability stays at the use sites (a property of this type becomes optional), so an
            // alias never nests optionals.
            view.aliasedType = types.spelling(value, from: decl.parent)
        }
        return view
    }

    // MARK: Structs

    /// What `readOnly` or `writeOnly` means for a member, as a note.
    static func direction(of property: Property) -> String? {
        if property.readOnly && !property.writeOnly { return "Read-only: the server sets it, and ignores it in requests." }
        if isWriteOnlyRequired(property) {
            return "Write-only: requests must send it; responses leave it out, so a decoded value has `nil` here."
        }
        if property.writeOnly && !property.readOnly { return "Write-only: sent in requests; responses leave it out." }
        return nil
    }

    /// A member that requests must send and responses never do: required, but only one way. It
    /// is stored optional and decoded if present, so that a response decodes; the initializer
    /// still requires it.
    static func isWriteOnlyRequired(_ property: Property) -> Bool {
        property.writeOnly && !property.readOnly && property.isRequired && !property.isOptional && property.type.type != .any
    }

    private func fillStruct(_ view: inout TypeView, _ object: ObjectType, id: TypeID) {
        view.kind = .structure
        var properties: [PropertyView] = []
        for property in object.properties {
            let spelled = types.spelling(property.type, from: id)
            let writeOnlyRequired = ModelViewBuilder.isWriteOnlyRequired(property)
            let optional = property.isOptional && !(property.type.type == .any && property.isRequired) || writeOnlyRequired
            let sendsNull = sendsNull(property, in: id)
            let typeText = sendsNull ? "Nullable<\(spelled)>?" : spelled + (optional ? "?" : "")
            var doc = property.description ?? ""
            if sendsNull { doc += (doc.isEmpty ? "" : "\n\n") + "`.null` sends `null`; `nil` leaves the member out." }
            if let summary = validation.summary(property.type) { doc += doc.isEmpty ? summary : "\n\n" + summary }
            if property.deprecated { doc += doc.isEmpty ? "- Note: Deprecated." : "\n\n- Note: Deprecated." }
            // The spec's `readOnly` and `writeOnly` say which way a member travels; the type is
            // the same both ways, so the direction is told where the member is read about.
            if let direction = ModelViewBuilder.direction(of: property) { doc += (doc.isEmpty ? "" : "\n\n") + "- Note: " + direction }
            let encodesNull = property.isRequired && property.type.nullable && property.type.type != .any
            // A required member's enumeration gives its default, and when it has one case (a
            // `const` tag) what the member reads as when absent, as the union that holds this
            // type already lets it (`isAbsentOr`).
            let enumeration = optional ? nil : enumeration(of: property.type)
            let onlyValue = property.type.nullable ? nil : enumeration.flatMap(ModelViewBuilder.onlyCase)
            let view = PropertyView(
                name: property.swiftName, bareName: SwiftNames.unescaped(property.swiftName), wireName: property.name,
                type: typeText, docLines: SourceText.docLines(doc), indirect: property.needsIndirection,
                defaultArgument: writeOnlyRequired ? nil : optional ? "nil" : enumeration.flatMap { ModelViewBuilder.caseDefault($0, default: property.defaultValue) },
                decodeMethod: sendsNull ? "decodeNullable" : optional || onlyValue != nil ? "decodeIfPresent" : "decode",
                encodeMethod: optional && !encodesNull ? "encodeIfPresent" : "encode", isFlattened: property.isFlattened)
            if let onlyValue { view.decodeFallback = " ?? " + onlyValue }
            if writeOnlyRequired { view.initType = spelled }
            properties.append(view)
        }
        for index in properties.indices {
            properties[index].blankLineBefore = index > 0 && !properties[index].docLines.isEmpty
        }
        view.properties = properties
        if let additional = object.additionalProperties {
            view.additionalPropertiesType = types.spelling(additional, from: id) + (additional.nullable && additional.type != .any ? "?" : "")
        }
    }

    /// A required single-value enum (a `const` discriminator) defaults to its only case, and an
    /// enum property to the case of its default (Discord's tags narrowing a wider enumeration).
    private static func caseDefault(_ enumeration: EnumType, default value: JSONValue?) -> String? {
        if let only = onlyCase(enumeration) { return only }
        guard let value, let match = enumeration.cases.first(where: { $0.value == value }) else { return nil }
        return "." + match.swiftName
    }

    /// `.completions` for an enumeration with that one case.
    private static func onlyCase(_ enumeration: EnumType) -> String? {
        enumeration.cases.count == 1 ? "." + enumeration.cases[0].swiftName : nil
    }

    /// The enumeration a value is, through aliases; nil for any other type.
    private func enumeration(of value: ValueType) -> EnumType? {
        guard case .named(let id) = types.resolvingAliases(value).type, case .enumeration(let enumeration) = graph[id].kind else { return nil }
        return enumeration
    }

    // MARK: Enums

    private func fillEnum(_ view: inout TypeView, _ enumeration: EnumType) {
        view.kind = .enumeration
        let isInteger = enumeration.rawType == .integer
        view.rawType = isInteger ? "Int" : "String"
        view.enumProtocol = isInteger ? "OpenIntEnum" : "OpenStringEnum"
        view.cases = enumeration.cases.map { item in
            let literal: String
            switch item.value {
            case .integer(let number): literal = String(number)
            default: literal = SourceText.stringLiteral(item.value.stringValue ?? item.value.description)
            }
            return CaseView(name: item.swiftName, literal: literal, docLines: SourceText.docLines(item.description))
        }
    }

    // MARK: Unions

    private func fillUnion(_ view: inout TypeView, _ union: UnionType, id: TypeID) {
        view.kind = .union
        view.isIndirect = union.isIndirect
        view.discriminatorKey = union.discriminator.map(SourceText.stringLiteral)
        view.variants = union.variants.map { variant in
            let spelled = types.spelling(variant.type, from: id)
            return VariantView(
                caseName: variant.caseName, type: spelled,
                constantLiteral: variant.constant.map(SourceText.stringLiteral),
                docLines: variant.constant == nil ? [] : SourceText.docLines(variant.description),
                discriminatorLiterals: variant.discriminatorValues.map(SourceText.stringLiteral).joined(separator: ", "),
                constantTagCondition: variant.constantTags.isEmpty
                    ? nil
                    : variant.constantTags.map {
                        "decoder.member(\(SourceText.stringLiteral($0.property)), isAbsentOr: \(SourceText.stringLiteral($0.value)))"
                    }.joined(separator: ", "))
        }
        view.hasTaggedVariants = view.variants.contains { !$0.discriminatorLiterals.isEmpty }
        let order = decodingOrder(union.variants)
        view.decodingOrder = order.enumerated().map { position, index in
            var variant = view.variants[index]
            let later = order[(position + 1)...].filter { union.variants[$0].constant == nil }.map { union.variants[$0].type }
            variant.documentedOnly = isOpenEnumeration(union.variants[index].type, takenByAnyOf: later)
            return variant
        }
        view.discriminatorCases = ModelViewBuilder.discriminatorCases(union, variants: view.variants)
    }

    /// The order an untagged union tries its variants in: the spec's, except that a variant
    /// goes after the later ones it would take the values of, which could then never decode (a
    /// number after an integer, a string after a date or an enumeration of strings, a map after
    /// a struct, a struct after one that requires more members, any JSON value after everything,
    /// a string or an open enumeration of strings after a constant string).
    private func decodingOrder(_ variants: [UnionType.Variant]) -> [Int] {
        let resolved = variants.map { types.resolvingAliases($0.type).type }
        // Every pair of variants is compared, so each struct's required members are gathered
        // once, as bits (OpenAI's unions of dozens of structs made sets of them 200,000 times).
        var requiredMembers = RequiredMembers()
        let variantMembers = resolved.map { type -> [UInt64]? in
            guard case .named(let id) = type else { return nil }
            return requiredMembers.of(id, in: graph)
        }
        func takes(_ narrow: Int, _ wide: Int) -> Bool {
            if variants[wide].constant != nil { return false }
            if variants[narrow].constant != nil { return takesEveryString(resolved[wide]) }
            // Two named types: `takesValues`'s struct case, with the members at hand.
            if case .named = resolved[wide], case .named = resolved[narrow] {
                guard let wideMembers = variantMembers[wide], let narrowMembers = variantMembers[narrow] else { return false }
                return RequiredMembers.isStrictSubset(wideMembers, of: narrowMembers)
            }
            return takesValues(of: resolved[narrow], resolved[wide], requiredMembers: &requiredMembers)
        }
        var order = Array(variants.indices)
        for wide in variants.indices {
            guard let position = order.firstIndex(of: wide),
                let lastNarrower = order.lastIndex(where: { takes($0, wide) }), lastNarrower > position
            else { continue }
            order.remove(at: position)
            order.insert(wide, at: lastNarrower)
        }
        return order
    }

    /// Whether `wide` decodes every value that `narrow` does (and `narrow` not every one of
    /// `wide`'s), so that trying `wide` first would leave `narrow` unreachable.
    /// `requiredMembers` keeps each struct's required members, made when first asked for.
    private func takesValues(of narrow: TypeRef, _ wide: TypeRef, requiredMembers: inout RequiredMembers) -> Bool {
        switch (wide, narrow) {
        case (.any, .any): return false
        case (.any, _): return true
        case (.primitive(let wide), .primitive(let narrow)): return ModelViewBuilder.takesValues(of: narrow, wide)
        case (.primitive(let wide), .named(let id)):
            // Open enumerations decode every integer or string; a number or string takes them.
            guard case .enumeration(let enumeration) = graph[id].kind else { return false }
            return enumeration.rawType == .integer ? wide == .double || wide == .float : wide == .string
        case (.named(let id), .primitive(let narrow)):
            // An open enumeration of strings decodes every string, so it takes what a string takes.
            guard case .enumeration(let enumeration) = graph[id].kind, enumeration.rawType == .string else { return false }
            return ModelViewBuilder.takesValues(of: narrow, .string)
        case (.array(let wide), .array(let narrow)), (.dictionary(let wide), .dictionary(let narrow)):
            return takesValues(of: types.resolvingAliases(narrow).type, types.resolvingAliases(wide).type, requiredMembers: &requiredMembers)
        case (.dictionary, .named(let id)):
            if case .object = graph[id].kind { return true }
            return false
        case (.named(let wideID), .named(let narrowID)):
            // A struct decodes any object with its required members, so one that requires
            // fewer of them than another takes that one's objects.
            guard let wideMembers = requiredMembers.of(wideID, in: graph), let narrowMembers = requiredMembers.of(narrowID, in: graph) else {
                return false
            }
            return RequiredMembers.isStrictSubset(wideMembers, of: narrowMembers)
        default:
            return false
        }
    }

    /// Whether a variant of this type decodes any string: a plain string, an open enumeration of
    /// strings, any JSON value.
    private func takesEveryString(_ type: TypeRef) -> Bool {
        switch type {
        case .any, .primitive(.string): return true
        case .named(let id):
            if case .enumeration(let enumeration) = graph[id].kind { return enumeration.rawType == .string }
            return false
        default: return false
        }
    }

    /// Whether `value` is an open enumeration whose raw values one of `later` also decodes (a
    /// string, an integer, another enumeration of the same kind): it would take every such
    /// value, listed or not, and leave nothing for them.
    private func isOpenEnumeration(_ value: ValueType, takenByAnyOf later: [ValueType]) -> Bool {
        guard let enumeration = enumeration(of: value) else { return false }
        return later.contains { other in
            if case .primitive(let primitive) = types.resolvingAliases(other).type {
                return enumeration.rawType == .integer ? [.int, .int32, .int64].contains(primitive) : primitive == .string
            }
            return self.enumeration(of: other)?.rawType == enumeration.rawType
        }
    }

    /// The scalar case of `takesValues(of:_:)`: a wider scalar of the same kind (a number takes
    /// integers, a string dates).
    static func takesValues(of narrow: Primitive, _ wide: Primitive) -> Bool {
        wide != narrow && Primitive.narrower(wide, narrow) == narrow
    }

    /// Structs' required members (their wire names), as sets of bits: each name seen gets the
    /// next bit. Made when a struct is first asked about, kept for every later comparison.
    struct RequiredMembers {
        private var bits: [TypeID: [UInt64]?] = [:]
        private var numbers: [String: Int] = [:]

        /// The required members of `id`; nil for anything but a struct.
        mutating func of(_ id: TypeID, in graph: SchemaGraph) -> [UInt64]? {
            if let known = bits[id] { return known }
            var made: [UInt64]?
            if case .object(let object) = graph[id].kind {
                var words: [UInt64] = []
                for property in object.properties where property.isRequired && !property.isFlattened {
                    let number = numbers[property.name] ?? numbers.count
                    numbers[property.name] = number
                    while words.count <= number / 64 { words.append(0) }
                    words[number / 64] |= 1 << UInt64(number % 64)
                }
                made = words
            }
            bits[id] = made
            return made
        }

        /// Whether every member of `members` is one of `others`, which has more.
        static func isStrictSubset(_ members: [UInt64], of others: [UInt64]) -> Bool {
            var equal = true
            for index in 0..<max(members.count, others.count) {
                let mine = index < members.count ? members[index] : 0
                let theirs = index < others.count ? others[index] : 0
                if mine & ~theirs != 0 { return false }
                if mine != theirs { equal = false }
            }
            return !equal
        }
    }

    /// One `case` per set of discriminator values that select the same variants. A value that
    /// several variants share (OpenAI's `message` for input and output messages) tries them in
    /// order.
    static func discriminatorCases(_ union: UnionType, variants: [VariantView]) -> [DiscriminatorCaseView] {
        var candidatesByValue: [(value: String, candidates: [Int])] = []
        for (index, variant) in union.variants.enumerated() {
            for value in variant.discriminatorValues {
                if let position = candidatesByValue.firstIndex(where: { $0.value == value }) {
                    candidatesByValue[position].candidates.append(index)
                } else {
                    candidatesByValue.append((value, [index]))
                }
            }
        }
        var cases: [DiscriminatorCaseView] = []
        for var entry in candidatesByValue {
            // Variants that share a value are told apart by the members they fix: those that fix
            // more are tried first (OpenAI's assistant `OutputMessage` before the `InputMessage`
            // whose role is one of several), and the rest in the spec's order.
            entry.candidates = entry.candidates.enumerated().sorted {
                let (left, right) = (union.variants[$0.element].constantTags.count, union.variants[$1.element].constantTags.count)
                return left != right ? left > right : $0.offset < $1.offset
            }.map(\.element)
            let literal = SourceText.stringLiteral(entry.value)
            if let existing = cases.firstIndex(where: { $0.variantIndices == entry.candidates }) {
                cases[existing].literals.append(literal)
            } else {
                cases.append(DiscriminatorCaseView(literals: [literal], variantIndices: entry.candidates, candidates: entry.candidates.map { variants[$0] }))
            }
        }
        return cases
    }

    // MARK: Validation

    private func validationView(_ id: TypeID) -> ValidationView? {
        let decl = graph[id]
        var lines: [String] = []
        var unionCases: [ValidationCaseView] = []
        switch decl.kind {
        case .object(let object):
            if object.constraints.hasObjectConstraints {
                var arguments: [String] = []
                if let minimum = object.constraints.minProperties { arguments.append("minProperties: \(minimum)") }
                if let maximum = object.constraints.maxProperties { arguments.append("maxProperties: \(maximum)") }
                lines.append("context.checkPropertyCount(self, \(arguments.joined(separator: ", ")))")
            }
            for property in object.properties {
                var expression = SwiftNames.unescaped(property.swiftName) == property.swiftName ? property.swiftName : "self." + property.swiftName
                if sendsNull(property, in: id) { expression += "?.value" }
                lines += validation.checks(for: property.type, expression: expression, key: property.name)
            }
            if let additional = object.additionalProperties {
                lines += validation.checks(for: ValueType(.dictionary(additional)), expression: "additionalProperties", key: "")
            }
        case .union(let union):
            for variant in union.variants where validation.valueNeedsValidation(variant.type) {
                if case .named = types.resolvingAliases(variant.type).type {
                    unionCases.append(ValidationCaseView(caseName: variant.caseName, statement: "value.validate(in: &context)"))
                }
            }
        case .enumeration, .alias:
            return nil
        }
        return ValidationView(typeName: graph.qualifiedName(of: id), access: access, lines: lines, unionCases: unionCases)
    }
}

/// The comment every generated file starts with. Spec text in it is flattened to one line.
enum FileHeader {
    static func lines(graph: SchemaGraph, context: EmitterContext) -> [String] {
        let title = oneLine("\(graph.title) \(graph.apiVersion)")
        return [
            "// Generated by oasgen from \(oneLine(context.specName)) (\(title)).",
            "// Do not edit: changes are lost when the code is regenerated.",
        ]
    }

    /// Spec text for a `//` comment: one line, no control characters, bounded length.
    static func oneLine(_ text: String) -> String {
        let flattened = SourceText.docLines(text).map { $0 == "///" ? "" : String($0.dropFirst(4)) }.joined(separator: " ")
        // Counting characters breaks graphemes; no more bytes than the limit means no more characters.
        return flattened.utf8.count > 120 && flattened.count > 120 ? String(flattened.prefix(117)) + "..." : flattened
    }
}
