import SchemaGraph
import Templating

// View models for the models templates. Every string here is already safe Swift source
// (identifiers from SwiftNames, literals and comments from SourceText); templates only lay it out.

struct ModelsFileView: TemplateContext {
    var header: [String]
    var access: String
    var types: [TypeView]
    var validations: [ValidationView]
    /// Whether the file's header and imports come first: false for a later part of a file
    /// rendered in parts (`EmissionJob.FilePart`).
    var preamble = true

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .preamble: .bool(preamble)
        case .header: .texts(header)
        case .access: .text(access)
        case .types: .list(types)
        case .validations: .list(validations)
        case .hasValidations: .bool(!validations.isEmpty)
        default: nil
        }
    }
}

// The views of types and properties are classes: the renderer looks up about thirty names in
// each, and a struct would be copied, every field retained, for each lookup.
final class TypeView: TemplateContext {
    enum Kind { case structure, enumeration, union, alias }

    var kind: Kind = .alias
    var name: String
    /// The memberwise initializer's parameters, kept in step with the properties (templates ask
    /// for them several times).
    private(set) var initParameters: [String] = []
    private(set) var initAssignments: [String] = []

    private func updateInitializer() {
        initParameters = properties.map { property in
            if let value = property.defaultArgument { return SourceText.concatenated([property.name, ": ", property.initType, " = ", value]) }
            return SourceText.concatenated([property.name, ": ", property.initType])
        }
        initAssignments = properties.map { SourceText.concatenated(["self.", $0.bareName, " = ", $0.name]) }
        if let additionalPropertiesType {
            initParameters.append("additionalProperties: [String: \(additionalPropertiesType)] = [:]")
            initAssignments.append("self.additionalProperties = additionalProperties")
        }
    }
    var access: String
    var docLines: [String]
    var nested: [TypeView] = []
    // Structs
    var properties: [PropertyView] = [] { didSet { updateInitializer() } }
    var additionalPropertiesType: String? { didSet { updateInitializer() } }
    // Enums
    var rawType = "String"
    var enumProtocol = "OpenStringEnum"
    var cases: [CaseView] = []
    // Unions
    var variants: [VariantView] = []
    /// The variants in the order an untagged union tries them.
    var decodingOrder: [VariantView] = []
    var discriminatorKey: String?
    var hasTaggedVariants = false
    var discriminatorCases: [DiscriminatorCaseView] = []
    var isIndirect = false
    // Aliases
    var aliasedType = ""

    /// `, excluding: ["a", "b"]`: the keys of the declared properties, and those of the union
    /// parts' values, which vary with the variant decoded (they are decoded first).
    private var excludingKnownKeys: String {
        let keyed = "[" + properties.filter { !$0.isFlattened }.map(\.wireNameLiteral).joined(separator: ", ") + "]"
        let parts = properties.filter(\.isFlattened).map { "FlattenedPart.keys(of: self.\($0.bareName))" }
        if parts.isEmpty { return keyed == "[]" ? "" : ", excluding: " + keyed }
        return ", excluding: try " + parts.joined(separator: ".union(try ") + String(repeating: ")", count: parts.count - 1)
            + (keyed == "[]" ? "" : ".union(\(keyed))")
    }

    /// Declared properties or additional ones.
    private var hasMembers: Bool { !properties.isEmpty || additionalPropertiesType != nil }

    init(name: String, access: String, docLines: [String]) {
        self.name = name
        self.access = access
        self.docLines = docLines
    }

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .name: .text(name)
        case .docLines: .texts(docLines)
        case .isStruct: .bool(kind == .structure)
        case .isEnum: .bool(kind == .enumeration)
        case .isUnion: .bool(kind == .union)
        case .isAlias: .bool(kind == .alias)
        case .nested: .list(nested)
        case .hasNested: .bool(!nested.isEmpty)
        case .properties: .list(properties)
        case .hasKeyedProperties: .bool(properties.contains { !$0.isFlattened })
        case .initParameters: .texts(initParameters)
        case .initParametersInline: .text(initParameters.joined(separator: ", "))
        case .isInitInline: .bool(ParameterLayout.fitsOnOneLine(initParameters, prefix: 16 + ParameterLayout.columns(access)))
        case .initAssignments: .texts(initAssignments)
        case .excludingKnownKeys: .text(excludingKnownKeys)
        // Every model that has members codes them itself, keyed by the runtime's shared key type,
        // and compares and hashes them itself through the runtime's `Memberwise`.
        case .hasMembers: .bool(hasMembers)
        case .additionalPropertiesType: additionalPropertiesType.map(TemplateValue.text) ?? .bool(false)
        case .rawType: .text(rawType)
        case .enumProtocol: .text(enumProtocol)
        case .cases: .list(cases)
        case .variants: .list(variants)
        case .decodingOrder: .list(decodingOrder)
        case .discriminatorKey: discriminatorKey.map(TemplateValue.text) ?? .bool(false)
        case .hasTaggedVariants: .bool(hasTaggedVariants)
        case .discriminatorCases: .list(discriminatorCases)
        case .indirectKeyword: .text(isIndirect ? "indirect " : "")
        case .aliasedType: .text(aliasedType)
        default: nil
        }
    }
}

final class PropertyView: TemplateContext {
    /// Escaped declaration name (`` `default` ``).
    var name: String
    /// Without backticks, for derived names.
    var bareName: String
    let wireName: String
    /// `wireName` as a string literal; asked for three times (decoding, encoding, and the type's
    /// list of known keys).
    private(set) lazy var wireNameLiteral = SourceText.stringLiteral(wireName)
    /// Declared type, with `?` when optional.
    var type: String
    /// The initializer parameter's type: `type`, except for a required write-only member, which
    /// requests must send but responses leave out (stored optional, passed without `?`).
    var initType: String
    var docLines: [String]
    var indirect: Bool
    var defaultArgument: String?
    var decodeMethod: String
    /// ` ?? .completions`: what a required member that can only have one value is when absent.
    var decodeFallback = ""
    var encodeMethod: String
    var blankLineBefore = false
    /// A union part of an `allOf`: coded from the whole object, not from a member.
    let isFlattened: Bool

    init(
        name: String, bareName: String, wireName: String, type: String, docLines: [String], indirect: Bool,
        defaultArgument: String?, decodeMethod: String, encodeMethod: String, isFlattened: Bool = false
    ) {
        self.name = name
        self.bareName = bareName
        self.wireName = wireName
        self.type = type
        self.initType = type
        self.docLines = docLines
        self.indirect = indirect
        self.defaultArgument = defaultArgument
        self.decodeMethod = decodeMethod
        self.encodeMethod = encodeMethod
        self.isFlattened = isFlattened
    }

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .name: .text(name)
        case .bareName: .text(bareName)
        case .type: .text(type)
        case .docLines: .texts(docLines)
        case .wrapper: .text(indirect ? "@Indirect " : "")
        case .wireNameLiteral: .text(wireNameLiteral)
        case .decodeMethod: .text(decodeMethod)
        case .decodeFallback: .text(decodeFallback)
        case .encodeMethod: .text(encodeMethod)
        case .blankLineBefore: .bool(blankLineBefore)
        case .isFlattened: .bool(isFlattened)
        default: nil
        }
    }
}

/// A class, like the other views that templates read as list items: a struct is copied whole
/// for every name a template asks of it.
final class CaseView: TemplateContext {
    let name: String
    let literal: String
    let docLines: [String]

    init(name: String, literal: String, docLines: [String]) {
        self.name = name
        self.literal = literal
        self.docLines = docLines
    }

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .name: .text(name)
        case .ref: .text(SwiftNames.unescaped(name))
        case .literal: .text(literal)
        case .docLines: .texts(docLines)
        default: nil
        }
    }
}

struct VariantView: TemplateContext {
    var caseName: String
    var type: String
    /// `"auto"`: the string literal a payload-free case stands for.
    var constantLiteral: String?
    /// The documentation of a payload-free case.
    var docLines: [String] = []
    /// `"dog", "Dog"`: discriminator values that select this variant, as literals.
    var discriminatorLiterals: String
    /// In an untagged union, the check that a `const` member does not rule this variant out.
    var constantTagCondition: String?
    /// In an untagged union, an open enumeration that a later variant would take the values of
    /// takes only the values it lists (`PetKind` before a plain `String`).
    var documentedOnly = false

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .caseName: .text(caseName)
        case .caseRef: .text(SwiftNames.unescaped(caseName))
        case .type: .text(type)
        case .constantLiteral: constantLiteral.map(TemplateValue.text) ?? .bool(false)
        case .docLines: .texts(docLines)
        case .discriminatorLiterals: discriminatorLiterals.isEmpty ? .bool(false) : .text(discriminatorLiterals)
        case .constantTagCondition: constantTagCondition.map(TemplateValue.text) ?? .bool(false)
        case .decodeExpression: .text(documentedOnly ? "container.decodeDocumented(\(type).self)" : "try? container.decode(\(type).self)")
        default: nil
        }
    }
}

struct DiscriminatorCaseView: TemplateContext {
    var literals: [String]
    var variantIndices: [Int]
    var candidates: [VariantView]

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .literals: .text(literals.joined(separator: ", "))
        case .candidates: .list(candidates)
        default: nil
        }
    }
}

struct ValidationView: TemplateContext {
    var typeName: String
    var access: String
    var lines: [String]
    var unionCases: [ValidationCaseView]

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .typeName: .text(typeName)
        case .lines: .texts(lines)
        case .unionCases: .list(unionCases)
        case .isUnion: .bool(!unionCases.isEmpty)
        default: nil
        }
    }
}

struct ValidationCaseView: TemplateContext {
    var caseName: String
    var statement: String

    func value(forKey key: TemplateKey) -> TemplateValue? {
        switch Key(key) {
        case .caseRef: .text(SwiftNames.unescaped(caseName))
        case .statement: .text(statement)
        default: nil
        }
    }
}

/// Whether a parameter list reads best on one line or one parameter per line.
enum ParameterLayout {
    /// One line when it fits in 120 columns after `prefix` characters of declaration.
    static func fitsOnOneLine(_ parameters: [String], prefix: Int) -> Bool {
        parameters.count <= 3 && prefix + parameters.reduce(0) { $0 + columns($1) + 2 } <= 120
    }

    /// The columns `text` takes: its characters, counted from its bytes when they are all
    /// printable ASCII (generated declarations nearly always are), since `String.count` walks
    /// grapheme clusters (a fifth of the time spent asking templates whether lines fit).
    static func columns(_ text: String) -> Int {
        let printableASCII = text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        }
        return printableASCII == true ? text.utf8.count : text.count
    }
}
