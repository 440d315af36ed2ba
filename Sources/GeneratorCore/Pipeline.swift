import BuiltinTemplates
import Diagnostics
import Emitters
import Foundation
import OpenAPIDocument
import Parallelism
import SchemaGraph
import Templating
import YAMLReader

/// The whole generator, stage by stage: read → decode → graph → emit. Nothing is written here;
/// `FileWriter` writes the result only when every stage succeeded.
public enum Pipeline {
    /// How long each stage took, for `--timings` and the benchmark.
    public struct Timings: Sendable {
        public var parse: Duration = .zero
        public var decode: Duration = .zero
        public var graph: Duration = .zero
        public var emit: Duration = .zero
        public var total: Duration { parse + decode + graph + emit }

        public init() {}
    }

    public struct Result {
        public var files: [GeneratedFile]
        /// Warnings and notes (errors are thrown).
        public var diagnostics: [Diagnostic]
        public var graph: SchemaGraph
        public var timings: Timings
    }

    /// Reads and checks a spec, and builds its graph. The YAML tree and the decoded document are
    /// freed on return: the graph holds all that emitters need.
    public static func buildGraph(
        specPath: String, options: GraphOptions, timings: inout Timings
    ) throws(DiagnosticsError) -> (SchemaGraph, [Diagnostic]) {
        let clock = ContinuousClock()
        var start = clock.now
        let display = FileSystem.display(specPath)
        guard FileManager.default.fileExists(atPath: specPath) else {
            throw DiagnosticsError(.error("spec file '\(display)' not found", at: nil))
        }
        let yaml = try YAMLDocument.load(path: specPath, displayPath: display)
        timings.parse = clock.now - start

        start = clock.now
        let decoder = DocumentDecoder()
        guard let document = decoder.document(yaml.root), !decoder.hasErrors else {
            throw DiagnosticsError(DiagnosticCollector.sorted(decoder.diagnostics))
        }
        timings.decode = clock.now - start

        start = clock.now
        do throws(DiagnosticsError) {
            let graph = try GraphBuilder.build(document: document, decoder: decoder, rootPath: specPath, options: options)
            timings.graph = clock.now - start
            return (graph, DiagnosticCollector.sorted(decoder.diagnostics + graph.diagnostics))
        } catch {
            throw DiagnosticsError(DiagnosticCollector.sorted(decoder.diagnostics + error.diagnostics))
        }
    }

    /// Runs every stage for one configuration.
    public static func run(_ configuration: GeneratorConfiguration) throws(DiagnosticsError) -> Result {
        var timings = Timings()
        var options = configuration.graph
        options.moduleName = configuration.moduleName
        // The graph holds everything emission needs, so the YAML tree and the decoded document
        // (a third of the peak memory on a large spec) are freed here, before emission allocates.
        let (graph, diagnostics) = try buildGraph(specPath: configuration.specPath, options: options, timings: &timings)

        let clock = ContinuousClock()
        let start = clock.now
        let templates = try loadTemplates(configuration.templatesPath)
        let context = EmitterContext(
            moduleName: configuration.moduleName, access: configuration.access,
            specName: (configuration.specPath as NSString).lastPathComponent, templates: templates,
            modelFileCount: configuration.modelFileCount,
            credentialEnvironmentVariable: options.credentialEnvironmentVariable)
        var emitters: [any Emitter] = []
        for name in configuration.emitters {
            guard let emitter = BuiltinEmitters.named(name) else {
                throw DiagnosticsError(.error("unknown emitter '\(name)'", at: nil))
            }
            emitters.append(emitter)
        }
        // Emitters only read the graph, so their jobs all run side by side.
        let jobs = try Concurrently.map(emitters) { emitter throws(DiagnosticsError) in try emitter.jobs(graph, context: context) }
        let files = try EmissionJob.runAll(jobs.flatMap { $0 })
        timings.emit = clock.now - start
        return Result(files: files, diagnostics: diagnostics, graph: graph, timings: timings)
    }

    /// Exactly `Models.swift` and `Client.swift`, as the build plugin declares: an emitter that is
    /// turned off still gets its file, holding only the header.
    public static func fixedLayout(_ files: [GeneratedFile], header configuration: GeneratorConfiguration) -> [GeneratedFile] {
        ["Models.swift", "Client.swift"].map { name in
            files.first { $0.path == name }
                ?? GeneratedFile(path: name, contents: "\(FileWriter.generatedMarker). '\(name)' is not generated: its emitter is turned off.\n")
        }
    }

    /// Names of the templates compiled into the generator.
    public static var builtinTemplateNames: [String] { BuiltinTemplates.all.keys.sorted() }

    /// A built-in template's text.
    public static func builtinTemplate(_ name: String) -> String? { BuiltinTemplates.all[name] }

    /// The built-in templates, with a user folder's files replacing those of the same name.
    static func loadTemplates(_ folder: String?) throws(DiagnosticsError) -> TemplateSet {
        let builtin = try TemplateSet(templates: BuiltinTemplates.all)
        guard let folder else { return builtin }
        let overrides = try TemplateSet.loadFolder(folder)
        return try builtin.overriding(with: overrides)
    }
}

extension DiagnosticCollector {
    /// Diagnostics in file, line, column order.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var collector = DiagnosticCollector()
        collector.append(contentsOf: diagnostics)
        return collector.sorted
    }
}
