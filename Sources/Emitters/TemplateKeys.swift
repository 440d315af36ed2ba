import Templating

/// Every name the built-in templates look up: view models switch over this enum, so that a
/// lookup is one jump. (Switching over `TemplateKey` constants compared the key with each case
/// in turn, each one a lazily initialized global checked on every use: on Telnyx, 27 M
/// instructions in `swift_once` alone, 1% of the run.)
enum Key: String, CaseIterable {
    case access
    case accessors
    case additionalPropertiesType
    case aliasedType
    case bareName
    case blankLineBefore
    case candidates
    case caseName
    case caseRef
    case cases
    case clientName
    case configurationLines
    case configurationVariable
    case constantLiteral
    case constantTagCondition
    case declaration
    case decodeExpression
    case decodeFallback
    case decodeMethod
    case decodingOrder
    case discriminatorCases
    case discriminatorKey
    case discriminatorLiterals
    case docLines
    case encodeMethod
    case enumProtocol
    case errorBodyCases
    case errorBodyTypeName
    case errorTypeName
    case eventsExpression
    case excludingKnownKeys
    case hasErrorBodies
    case hasKeyedProperties
    case hasMembers
    case hasNested
    case hasParameterChecks
    case hasStatusCases
    case hasTaggedVariants
    case hasValidations
    case header
    case indirectKeyword
    case initAssignments
    case initParameterDocs
    case initParameters
    case initParametersInline
    case preamble
    case isAlias
    case isDefault
    case isEnum
    case isFlattened
    case isInitInline
    case isSignatureInline
    case isStreaming
    case isStruct
    case isUnion
    case lines
    case literal
    case literals
    case method
    case name
    case nested
    case operationIDLiteral
    case operations
    case parameterChecks
    case pathLiteral
    case pattern
    case properties
    case rawType
    case ref
    case requestLines
    case requestVariable
    case resources
    case responseCases
    case returnType
    case root
    case serverChoices
    case servers
    case signature
    case signatureInline
    case statement
    case type
    case typeName
    case types
    case unauthenticated
    case unionCases
    case urlExpression
    case userAgent
    case validationLines
    case validations
    case variants
    case wireNameLiteral
    case wrapper
    /// A name no built-in view model knows (a user's template may ask for one).
    case unknown

    /// The name's case; `.unknown` for any other name.
    @inline(__always)
    init(_ key: TemplateKey) {
        let table = Key.byKeyIndex
        self = key.number < table.count ? table[key.number] : .unknown
    }

    /// Cases by `TemplateKey.number`. Keys are numbered as they are first made, by templates or
    /// here, so the table is built from the numbers the names have, whenever that is.
    private static let byKeyIndex: [Key] = {
        // The raw values are the case names: `String(describing:)` found them by reflection.
        let known = allCases.filter { $0 != .unknown }.map { (TemplateKey($0.rawValue).number, $0) }
        var table = [Key](repeating: .unknown, count: (known.map(\.0).max() ?? 0) + 1)
        for (index, key) in known { table[index] = key }
        return table
    }()
}
