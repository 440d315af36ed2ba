import Diagnostics
import Emitters
import SchemaGraph
import SystemPackage
import YAMLReader

/// One generation job, read from an `oasgen.yaml` file:
///
/// ```yaml
/// spec: telnyx-canary.yaml           # relative to this file; the only required key
/// output: ../Generated/TelnyxAI      # relative to this file; default Generated/<module>
/// module: TelnyxAI                   # default: from the spec's file name
/// emitters: [models, client]         # the default
/// access: public                     # public | package | internal
/// modelFiles: 1                      # split models over N files
/// templates: templates               # folder of .mustache files overriding the built-in ones
/// client:
///   name: TelnyxClient
///   credentialEnvironment: TELNYX_API_KEY
///   sharedHeaders:
///     - header: xi-api-key
///       property: apiKey
///       environment: ELEVENLABS_API_KEY
/// filter:
///   operations: {include: [...], exclude: [...]}
///   tags: {include: [...], exclude: [...]}
/// names:
///   types: {Rule-Input: RoutingRule}
///   operations: {create_canary_deploy: ai.assistants.canaryDeploys.create}
/// ```
///
/// Unknown keys are errors with their position, so a typo never silently does nothing.
public struct GeneratorConfiguration: Sendable {
    /// Paths are absolute once loaded.
    public var specPath: String
    public var outputPath: String
    public var moduleName: String
    public var emitters: [String] = ["models", "client"]
    public var access: AccessModifier = .public
    public var modelFileCount = 1
    public var templatesPath: String?
    public var graph: GraphOptions
    /// Where the configuration came from, for diagnostics (nil when built in code).
    public var file: String?

    public init(specPath: String, outputPath: String, moduleName: String) {
        self.specPath = specPath
        self.outputPath = outputPath
        self.moduleName = moduleName
        self.graph = GraphOptions(moduleName: moduleName)
    }

    /// Reads a configuration file. Relative paths in it resolve against its folder.
    public static func load(path: String, displayPath: String? = nil) throws(DiagnosticsError) -> GeneratorConfiguration {
        let document = try YAMLDocument.load(path: path, displayPath: displayPath ?? path)
        let directory = FileSystem.folder(of: FileSystem.absolute(path))
        var reader = ConfigReader(directory: directory)
        let configuration = reader.read(document.root)
        var collector = DiagnosticCollector()
        collector.append(contentsOf: reader.diagnostics)
        try collector.throwIfErrors()
        guard var configuration else { throw DiagnosticsError(reader.diagnostics) }
        configuration.file = displayPath ?? path
        return configuration
    }
}

/// Reads the configuration mapping, checking every key and type.
private struct ConfigReader {
    let directory: String
    var diagnostics: [Diagnostic] = []

    mutating func read(_ root: YAMLNode) -> GeneratorConfiguration? {
        guard let map = mapping(root, "the configuration") else { return nil }
        var spec: String?
        var output: String?
        var module: String?
        var emitters: [String]?
        var access: AccessModifier?
        var modelFiles: Int?
        var templates: String?
        var client: YAMLNode?
        var filter: YAMLNode?
        var names: YAMLNode?
        for (key, value) in map.pairs {
            switch key.scalar {
            case "spec": spec = path(value)
            case "output": output = path(value)
            case "module": module = identifier(value, "module")
            case "emitters": emitters = emitterList(value)
            case "access":
                if let text = string(value, "access") {
                    access = AccessModifier(rawValue: text)
                    if access == nil { error("unknown access level '\(text)'; expected public, package or internal", value) }
                }
            case "modelFiles":
                if case .integer(let count, _)? = value.scalarValue, count >= 1, count <= 256 {
                    modelFiles = Int(count)
                } else {
                    error("'modelFiles' must be a whole number from 1 to 256", value)
                }
            case "templates": templates = path(value)
            case "client": client = mapping(value, "client")
            case "filter": filter = mapping(value, "filter")
            case "names": names = mapping(value, "names")
            default: unknownKey(key, allowed: "spec, output, module, emitters, access, modelFiles, templates, client, filter, names")
            }
        }
        guard let spec else {
            error("the configuration needs 'spec': the path of the OpenAPI document, relative to this file", root)
            return nil
        }
        // Defaults suit the build plugin, which passes its own output folder and module name.
        let moduleName = module ?? ConfigReader.moduleName(forSpec: spec)
        let outputPath = output ?? FileSystem.absolute("Generated/" + moduleName, relativeTo: directory)
        var configuration = GeneratorConfiguration(specPath: spec, outputPath: outputPath, moduleName: moduleName)
        if let emitters { configuration.emitters = emitters }
        if let access { configuration.access = access }
        if let modelFiles { configuration.modelFileCount = modelFiles }
        configuration.templatesPath = templates
        if let client { readClient(client, into: &configuration.graph) }
        if let filter { readFilter(filter, into: &configuration.graph) }
        if let names { readNames(names, into: &configuration.graph) }
        return configuration
    }

    private mutating func readClient(_ node: YAMLNode, into options: inout GraphOptions) {
        for (key, value) in node.pairs {
            switch key.scalar {
            case "name": options.clientName = identifier(value, "name", upper: true)
            case "credentialEnvironment": options.credentialEnvironmentVariable = string(value, "credentialEnvironment")
            case "sharedHeaders":
                guard value.kind == .sequence else {
                    error("'sharedHeaders' must be a list", value)
                    continue
                }
                for item in value.items {
                    guard let entry = mapping(item, "sharedHeaders") else { continue }
                    var option = SharedHeaderOption(header: "")
                    for (entryKey, entryValue) in entry.pairs {
                        switch entryKey.scalar {
                        case "header": option.header = string(entryValue, "header") ?? ""
                        case "property": option.property = identifier(entryValue, "property")
                        case "environment": option.environmentVariable = string(entryValue, "environment")
                        default: unknownKey(entryKey, allowed: "header, property, environment")
                        }
                    }
                    if option.header.isEmpty {
                        error("a shared header needs 'header'", item)
                    } else {
                        options.sharedHeaders.append(option)
                    }
                }
            default: unknownKey(key, allowed: "name, credentialEnvironment, sharedHeaders")
            }
        }
    }

    private mutating func readFilter(_ node: YAMLNode, into options: inout GraphOptions) {
        for (key, value) in node.pairs {
            guard let group = key.scalar, group == "operations" || group == "tags" else {
                unknownKey(key, allowed: "operations, tags")
                continue
            }
            guard let map = mapping(value, group) else { continue }
            for (entryKey, entryValue) in map.pairs {
                let list = Set(strings(entryValue, entryKey.scalar ?? ""))
                switch (group, entryKey.scalar) {
                case ("operations", "include"): options.includeOperations = list
                case ("operations", "exclude"): options.excludeOperations = list
                case ("tags", "include"): options.includeTags = list
                case ("tags", "exclude"): options.excludeTags = list
                default: unknownKey(entryKey, allowed: "include, exclude")
                }
            }
        }
    }

    private mutating func readNames(_ node: YAMLNode, into options: inout GraphOptions) {
        for (key, value) in node.pairs {
            switch key.scalar {
            case "types":
                guard let map = mapping(value, "types") else { continue }
                for (name, target) in map.pairs {
                    if let schema = name.scalar, let swiftName = identifier(target, schema, upper: true) { options.typeNames[schema] = swiftName }
                }
            case "operations":
                guard let map = mapping(value, "operations") else { continue }
                for (name, target) in map.pairs {
                    guard let operationID = name.scalar, let call = string(target, operationID) else { continue }
                    let valid = call.split(separator: ".", omittingEmptySubsequences: false).allSatisfy { ConfigReader.isIdentifier(String($0)) }
                    if valid { options.operationNames[operationID] = call } else { error("'\(call)' is not a dotted Swift name like 'ai.assistants.create'", target) }
                }
            default: unknownKey(key, allowed: "types, operations")
            }
        }
    }

    // MARK: Typed reads

    private mutating func error(_ message: String, _ node: YAMLNode) {
        diagnostics.append(.error(message, at: node.location))
    }

    private mutating func unknownKey(_ key: YAMLNode, allowed: String) {
        error("unknown configuration key '\(key.scalar ?? key.description)'; expected one of: \(allowed)", key)
    }

    private mutating func mapping(_ node: YAMLNode, _ what: String) -> YAMLNode? {
        guard node.kind == .mapping else {
            error("'\(what)' must be a mapping", node)
            return nil
        }
        return node
    }

    private mutating func string(_ node: YAMLNode, _ key: String) -> String? {
        guard node.kind == .scalar, let text = node.scalar, node.scalarValue != .null else {
            error("'\(key)' must be a string", node)
            return nil
        }
        return text
    }

    private mutating func strings(_ node: YAMLNode, _ key: String) -> [String] {
        guard node.kind == .sequence else {
            error("'\(key)' must be a list of strings", node)
            return []
        }
        return node.items.compactMap { string($0, key) }
    }

    private mutating func path(_ node: YAMLNode) -> String? {
        guard let text = string(node, "path") else { return nil }
        return FileSystem.absolute(text, relativeTo: directory)
    }

    private mutating func identifier(_ node: YAMLNode, _ key: String, upper: Bool = false) -> String? {
        guard let text = string(node, key) else { return nil }
        guard ConfigReader.isIdentifier(text) else {
            error("'\(text)' is not a valid Swift identifier", node)
            return nil
        }
        return text
    }

    private mutating func emitterList(_ node: YAMLNode) -> [String]? {
        let names = strings(node, "emitters")
        for (name, item) in zip(names, node.items) where BuiltinEmitters.named(name) == nil {
            error("unknown emitter '\(name)'; available: \(BuiltinEmitters.all.map(\.name).joined(separator: ", "))", item)
        }
        return names
    }

    /// `telnyx-canary.yaml` → `TelnyxCanary`.
    static func moduleName(forSpec path: String) -> String {
        let stem = FilePath(path).stem ?? ""
        let name = stem.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
        guard let first = name.first, first.isLetter else { return "API" + name }
        return name
    }

    static func isIdentifier(_ text: String) -> Bool {
        guard let first = text.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic) else { return false }
        return text.unicodeScalars.allSatisfy { $0 == "_" || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) }
            && !["class", "struct", "enum", "func", "var", "let", "import"].contains(text)
    }
}
