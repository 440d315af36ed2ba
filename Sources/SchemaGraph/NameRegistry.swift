/// Hands out type names so that no declaration hides another where generated code uses it.
///
/// Rules, which `SchemaGraph.qualifiedName(of:from:)` relies on:
/// - top-level names are unique, never reserved, and never equal to a nested name;
/// - a nested name is unique in its parent and differs from every top-level name, from its
///   ancestors' names and from the names nested in any ancestor, so from inside a type every
///   short name Swift looks up finds the intended declaration.
/// Collisions get a numeric suffix (`Name2`, `Name3`, ...), in first-come order, which is
/// document order: the same spec always yields the same names.
struct NameRegistry {
    /// Names generated code uses unqualified: standard library, Foundation and runtime types.
    static let reservedTypeNames: Set<String> = [
        "Any", "AnyObject", "Array", "Bool", "Character", "Codable", "CodingKey", "CodingKeys", "Comparable",
        "CaseIterable", "Data", "Date", "Decimal", "Decodable", "Decoder", "DecodingError", "Dictionary", "Double",
        "Duration", "Encodable", "Encoder", "EncodingError", "Equatable", "Error", "Float", "Foundation", "Hashable",
        "Hasher", "Identifiable", "Int", "Int8", "Int16", "Int32", "Int64", "KeyedDecodingContainer",
        "KeyedEncodingContainer", "Never", "Optional", "ProcessInfo", "Protocol", "RawRepresentable", "Result",
        "Self", "Sendable", "Set", "SingleValueDecodingContainer", "String", "Substring", "Swift", "Task",
        "Type", "UInt", "UInt8", "UInt16", "UInt32", "UInt64", "URL", "UUID", "Void",
        // swift-http-types, swift-openapi-runtime and OASGenRuntime names used by generated code.
        "HTTPTypes", "HTTPFields", "HTTPField", "HTTPRequest", "HTTPResponse", "OpenAPIRuntime", "OpenAPIURLSession",
        "ClientTransport", "ClientMiddleware", "URLSessionTransport", "OASGenRuntime", "APIClientCore",
        "APIRequest", "APIResponse", "APIError", "StatusError", "ClientConfiguration", "Credential",
        "RequestOptions", "RetryPolicy", "JSONValue", "Indirect", "OpenStringEnum", "OpenIntEnum", "Validatable",
        "ValidationContext", "RequestValidationError", "UnionDecoding", "RequestPath", "QueryItems",
        "AnyCodingKey", "AdditionalProperties", "Memberwise", "EventStream", "FileUpload", "ParameterValue", "Nullable",
    ]

    /// How a name is taken.
    private struct Uses: OptionSet {
        let rawValue: UInt8
        /// A top-level declaration's name, or a reserved one.
        static let topLevel = Uses(rawValue: 1)
        /// A nested type's name, anywhere.
        static let nested = Uses(rawValue: 2)
        /// In `reservedTypeNames`: asked for, it gets a suffix (`unreserved`).
        static let reservedType = Uses(rawValue: 4)
    }

    /// Every name taken, and how: one table, so that a name is hashed once to learn all of it.
    /// (A set each for top-level, nested and reserved names hashed it up to four times.)
    private var uses: [String: Uses]
    /// The names declared directly inside each type, by `TypeID.index`: a few per type,
    /// compared one by one.
    private var childNames: [[String]] = []

    init(reserved: Set<String>) {
        uses = Dictionary(minimumCapacity: 4_096)
        for name in NameRegistry.reservedTypeNames { uses[name] = [.topLevel, .reservedType] }
        for name in reserved { uses[name, default: []].insert(.topLevel) }
    }

    /// A reserved name gets a suffix that keeps it readable (`Error` → `ErrorModel`, `Type` → `Kind`).
    static func unreserved(_ base: String) -> String {
        guard reservedTypeNames.contains(base) else { return base }
        return unreservedSpelling(base)
    }

    private static func unreservedSpelling(_ base: String) -> String {
        base == "Type" ? "Kind" : base + "Model"
    }

    mutating func allocateTopLevel(_ requested: String) -> String {
        // Nearly every name asked for is free: taken with one lookup.
        if claimTopLevel(requested) { return requested }
        let base = uses[requested]?.contains(.reservedType) == true ? NameRegistry.unreservedSpelling(requested) : requested
        if claimTopLevel(base) { return base }
        var counter = 2
        while !claimTopLevel("\(base)\(counter)") { counter += 1 }
        return "\(base)\(counter)"
    }

    /// Takes `name` for a top-level declaration if no declaration has it and it is not reserved.
    private mutating func claimTopLevel(_ name: String) -> Bool {
        var claimed = false
        NameRegistry.claim(&uses[name, default: []], as: .topLevel, claimed: &claimed)
        return claimed
    }

    /// Through `inout`, so that finding the entry, and adding it when absent, hashes the name once.
    private static func claim(_ uses: inout Uses, as use: Uses, claimed: inout Bool) {
        guard uses.isDisjoint(with: [.topLevel, .nested]) else { return }
        uses.insert(use)
        claimed = true
    }

    /// A top-level type, a reserved name, or another top-level declaration (client, errors, resources).
    func isTopLevel(_ name: String) -> Bool { uses[name]?.contains(.topLevel) == true }

    /// The first of `candidates` that is free, else the first with a numeric suffix.
    mutating func allocateTopLevel(preferring candidates: [String]) -> String {
        // A reserved name is a top-level one, so it is never free.
        for candidate in candidates where claimTopLevel(candidate) { return candidate }
        return allocateTopLevel(candidates[0])
    }

    /// - Parameter scope: the new type's parent first, then each further ancestor, with their names.
    mutating func allocateNested(_ requested: String, scope: [(id: TypeID, name: String)]) -> String {
        let requestedUses = uses[requested] ?? []
        let base = requestedUses.contains(.reservedType) ? NameRegistry.unreservedSpelling(requested) : requested
        func isTaken(_ candidate: String, topLevel: Bool) -> Bool {
            if topLevel { return true }
            for ancestor in scope where ancestor.name == candidate || childNames(of: ancestor.id).contains(candidate) {
                return true
            }
            return false
        }
        var name = base
        if isTaken(base, topLevel: base == requested ? requestedUses.contains(.topLevel) : isTopLevel(base)) {
            var counter = 2
            while isTaken("\(base)\(counter)", topLevel: isTopLevel("\(base)\(counter)")) { counter += 1 }
            name = "\(base)\(counter)"
        }
        if let parent = scope.first {
            if parent.id.index >= childNames.count { childNames += Array(repeating: [], count: parent.id.index + 1 - childNames.count) }
            childNames[parent.id.index].append(name)
        }
        uses[name, default: []].insert(.nested)
        return name
    }

    private func childNames(of id: TypeID) -> [String] {
        id.index < childNames.count ? childNames[id.index] : []
    }
}

/// Unique member names within one declaration (properties, cases, parameters).
///
/// Most declarations have a handful of members, so the names taken are kept in an array and
/// compared one by one: hashing every candidate into a set of its own cost more than the
/// comparisons. A declaration with many members (a large enum) moves them into a set.
struct MemberNames {
    /// Names generated code gives the declaration's own members: a few, compared one by one.
    private let reserved: [String]
    private var used: [String] = []
    private var usedSet: Set<String>?
    /// Past this many names a set is quicker than comparing with each.
    private static let arrayLimit = 12

    /// `capacity`: about how many names will be allocated.
    init(reserved: [String] = [], capacity: Int = 0) {
        self.reserved = reserved
        if capacity > MemberNames.arrayLimit {
            usedSet = Set(minimumCapacity: capacity)
        } else {
            used.reserveCapacity(capacity)
        }
    }

    /// Takes `name` if it is free: true when it was.
    private mutating func take(_ name: String) -> Bool {
        if reserved.contains(name) { return false }
        if usedSet != nil { return usedSet!.insert(name).inserted }
        if used.contains(name) { return false }
        if used.count == MemberNames.arrayLimit {
            var set = Set(used)
            set.insert(name)
            usedSet = set
            used = []
        } else {
            used.append(name)
        }
        return true
    }

    /// An escaped, unique member name for `text`.
    mutating func allocate(_ text: String, fallback: String = "value", cache: NameCache? = nil) -> String {
        var base = cache?.camelName(text) ?? SwiftNames.camelName(text)
        if base.isEmpty { base = fallback }
        return allocateIdentifier(base)
    }

    /// Makes an already-formed lowerCamel identifier unique and escapes it.
    mutating func allocateIdentifier(_ base: String) -> String {
        // One lookup says both whether the name is unusable (`self` is spelled `_self`) and
        // whether it needs backticks (`class`).
        let reserved = SwiftNames.escapedMember(base)
        let start = reserved.utf8.first == UInt8(ascii: "_") && reserved != base ? reserved : base
        var candidate = start
        var counter = 2
        while !take(candidate) {
            candidate = "\(start)\(counter)"
            counter += 1
        }
        // Only the base itself can be a keyword: a prefix or a number makes any name a plain one.
        return candidate == base ? reserved : candidate
    }
}
