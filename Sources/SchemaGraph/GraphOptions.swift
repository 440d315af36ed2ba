import OpenAPIDocument

/// What the configuration can change about the graph.
public struct GraphOptions: Sendable {
    /// The Swift module the code is generated into; never used as a type name.
    public var moduleName: String
    /// The client type's name, e.g. `TelnyxClient`. Derived from the API title when nil.
    public var clientName: String?
    /// Component schema name → Swift type name.
    public var typeNames: [String: String]
    /// operationId → `resource.path.method` (or just `method`, keeping the derived resource).
    public var operationNames: [String: String]
    /// Only these operationIds, when set.
    public var includeOperations: Set<String>?
    public var excludeOperations: Set<String>
    /// Only operations with one of these tags, when set.
    public var includeTags: Set<String>?
    public var excludeTags: Set<String>
    /// Headers to configure once on the client instead of on every call.
    public var sharedHeaders: [SharedHeaderOption]
    /// The environment variable the client reads its credential from, e.g. `TELNYX_API_KEY`.
    public var credentialEnvironmentVariable: String?
    /// Top-level names the emitters declare themselves besides the graph's.
    public var reservedNames: Set<String>

    public init(
        moduleName: String, clientName: String? = nil, typeNames: [String: String] = [:],
        operationNames: [String: String] = [:], includeOperations: Set<String>? = nil,
        excludeOperations: Set<String> = [], includeTags: Set<String>? = nil, excludeTags: Set<String> = [],
        sharedHeaders: [SharedHeaderOption] = [], credentialEnvironmentVariable: String? = nil,
        reservedNames: Set<String> = []
    ) {
        self.moduleName = moduleName
        self.clientName = clientName
        self.typeNames = typeNames
        self.operationNames = operationNames
        self.includeOperations = includeOperations
        self.excludeOperations = excludeOperations
        self.includeTags = includeTags
        self.excludeTags = excludeTags
        self.sharedHeaders = sharedHeaders
        self.credentialEnvironmentVariable = credentialEnvironmentVariable
        self.reservedNames = reservedNames
    }
}

public struct SharedHeaderOption: Sendable, Hashable {
    public var header: String
    public var property: String?
    public var environmentVariable: String?

    public init(header: String, property: String? = nil, environmentVariable: String? = nil) {
        self.header = header
        self.property = property
        self.environmentVariable = environmentVariable
    }
}

extension GraphOptions {
    /// Whether the graph includes `operation`: by its operationId, then by its tags.
    func includes(_ operation: Operation) -> Bool {
        if let id = operation.operationID {
            if excludeOperations.contains(id) { return false }
            if let include = includeOperations, !include.contains(id) { return false }
        } else if includeOperations != nil {
            return false
        }
        if !excludeTags.isDisjoint(with: operation.tags) { return false }
        if let include = includeTags, include.isDisjoint(with: operation.tags) { return false }
        return true
    }
}
