import BuiltinTemplates
import Diagnostics
import Emitters
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
        /// Each stage's own peak resident memory, in bytes: filled in when `measuresMemory` is
        /// set and the system tells (Linux).
        public var peakMemory = StagePeaks()
        public var measuresMemory = false

        public struct StagePeaks: Sendable {
            public var parse: Int?
            public var decode: Int?
            public var graph: Int?
            public var emit: Int?
        }

        public init(measuresMemory: Bool = false) {
            self.measuresMemory = measuresMemory
        }

        /// Ends a stage's memory count (see `ResidentMemory.takePeak`).
        mutating func endStage(_ stage: WritableKeyPath<StagePeaks, Int?>) {
            if measuresMemory { peakMemory[keyPath: stage] = ResidentMemory.takePeak() }
        }
    }

    public struct Result {
        public var files: [GeneratedFile]
        /// Warnings and notes (errors are thrown).
        public var diagnostics: [Diagnostic]
        public var graph: SchemaGraph
        public var timings: Timings
    }

    /// Reads and checks a spec, and builds its graph. The YAML trees are freed before the graph is
    /// built, and the decoded document on return: the graph holds all that emitters need.
    public static func buildGraph(
        specPath: String, options: GraphOptions, timings: inout Timings
    ) throws(DiagnosticsError) -> (SchemaGraph, [Diagnostic]) {
        let (graph, diagnostics, _) = try buildGraph(specPath: specPath, options: options, timings: &timings, keepingDocument: false)
        return (graph, diagnostics)
    }

    /// `buildGraph`, handing the decoded document back instead of freeing it when
    /// `keepingDocument` is set.
    private static func buildGraph(
        specPath: String, options: GraphOptions, timings: inout Timings, keepingDocument: Bool
    ) throws(DiagnosticsError) -> (SchemaGraph, [Diagnostic], KeptDocument?) {
        var decoded = try decode(specPath: specPath, timings: &timings)
        let stopwatch = Stopwatch()
        do throws(DiagnosticsError) {
            let graph = try GraphBuilder.build(document: decoded.document, references: decoded.references, options: options)
            timings.graph = stopwatch.elapsed
            timings.endStage(\.graph)
            let diagnostics = DiagnosticCollector.sorted(decoded.diagnostics + graph.diagnostics)
            if keepingDocument { return (graph, diagnostics, KeptDocument(decoded)) }
            // About half the document is its paths: freed on the other core while this one
            // frees the rest.
            let paths = decoded.document.paths
            decoded.document.paths = [:]
            Concurrently.release(consume paths)
            return (graph, diagnostics, nil)
        } catch {
            throw DiagnosticsError(DiagnosticCollector.sorted(decoded.diagnostics + error.diagnostics))
        }
    }

    /// Reads the spec and decodes it with every reference resolved. The trees are dropped on
    /// return: nothing decoded refers to them.
    private static func decode(specPath: String, timings: inout Timings) throws(DiagnosticsError) -> DecodedDocument {
        var stopwatch = Stopwatch()
        let display = FileSystem.display(specPath)
        guard FileSystem.isDirectory(specPath) != nil else {
            throw DiagnosticsError(.error("spec file '\(display)' not found", at: nil))
        }
        let tree = try YAMLDocument.load(path: specPath, displayPath: display)
        timings.parse = stopwatch.elapsed
        timings.endStage(\.parse)

        stopwatch = Stopwatch()
        let decoded = try DocumentDecoder.decode(tree, rootPath: specPath)
        // Nothing decoded refers to the tree. Freeing it, a block for every long scalar, takes a
        // few milliseconds of a large spec: the other core, idle until the graph's operations
        // are prepared, does it while this one starts the graph.
        Concurrently.release(consume tree)
        timings.decode = stopwatch.elapsed
        timings.endStage(\.decode)
        return decoded
    }

    /// Runs every stage for one configuration.
    public static func run(_ configuration: GeneratorConfiguration) throws(DiagnosticsError) -> Result {
        var emission = try prepare(configuration)
        let files = try emission.emit { file throws(DiagnosticsError) in file }
        return Result(files: files, diagnostics: emission.diagnostics, graph: emission.graph, timings: emission.timings)
    }

    /// Everything up to emission: the graph, its diagnostics and the emitters' jobs, ready to run.
    public struct Emission: Sendable {
        public let graph: SchemaGraph
        /// The decoded document but its paths, when `prepare` was asked to keep it: freed with
        /// the emission.
        let keptDocument: KeptDocument?
        /// Warnings and notes (errors are thrown).
        public let diagnostics: [Diagnostic]
        /// Emission's time is added by `emit`.
        public private(set) var timings: Timings
        let jobs: [EmissionJob]

        /// Runs the emitters. `finish` gets each file as soon as it is rendered, on the thread
        /// that rendered it (the CLI writes it out there, so files need not all be held at once).
        /// Results in a fixed order, whatever order the jobs finish in.
        public mutating func emit<Finished: Sendable>(
            _ finish: @Sendable (GeneratedFile) throws(DiagnosticsError) -> Finished
        ) throws(DiagnosticsError) -> [Finished] {
            let stopwatch = Stopwatch()
            defer {
                timings.emit += stopwatch.elapsed
                timings.endStage(\.emit)
            }
            return try EmissionJob.runAll(jobs, finish: finish)
        }

        /// Frees the emission on another core, while the caller goes on.
        public consuming func releaseOnAnotherCore() {
            Concurrently.release(consume self)
        }
    }

    /// Reads the spec, builds its graph, and sets up the emitters' jobs. `measuringMemory`
    /// records each stage's peak resident memory in the timings (and so resets the process's).
    ///
    /// With `keepingDocument`, the decoded document is not freed here but lives as long as the
    /// emission. A process that exits after emitting gains the time it takes to free it (some
    /// 50,000 small blocks on a large spec: 3% of its run), for the memory it holds. Its paths
    /// are kept too: freed on the other core, they took it from the emission's first files for
    /// 2 ms (Telnyx: 3 ms less in all, for 2.3 MB more at the peak: 8.4× the spec).
    public static func prepare(
        _ configuration: GeneratorConfiguration, measuringMemory: Bool = false, keepingDocument: Bool = false
    ) throws(DiagnosticsError) -> Emission {
        var timings = Timings(measuresMemory: measuringMemory)
        var options = configuration.graph
        options.moduleName = configuration.moduleName
        // The graph holds everything emission needs, so the YAML tree and (unless kept) the decoded
        // document, a third of the peak memory on a large spec, are freed here, before emission
        // allocates.
        // The templates do not depend on the spec. Where every thread has an arena of its own,
        // they are compiled on the other core while this one reads the spec and plans its parse,
        // alone (1.5 ms on the Telnyx spec); else once the graph is built, so that the parse's
        // helper is the first thread to ask for the helpers' arena (see `Allocator`). Either way
        // their errors come after the spec's.
        let templatesPath = configuration.templatesPath
        let specBytes = FileSystem.size(of: configuration.specPath) ?? 0
        let startCompilingTemplates = { Pending { Swift.Result { () throws(DiagnosticsError) in try Pipeline.loadTemplates(templatesPath) } } }
        let compiledFirst = Allocator.helpersShareArenas(forSpecOfSize: specBytes) ? nil : startCompilingTemplates()
        let (graph, diagnostics, keptDocument) = try buildGraph(
            specPath: configuration.specPath, options: options, timings: &timings, keepingDocument: keepingDocument)
        let pendingTemplates = compiledFirst ?? startCompilingTemplates()
        Allocator.returnFreedPages(specBytes: specBytes)

        let stopwatch = Stopwatch()
        let templates = try pendingTemplates.wait().get()
        let context = EmitterContext(
            moduleName: configuration.moduleName, access: configuration.access,
            specName: FileSystem.lastComponent(of: configuration.specPath), templates: templates,
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
        timings.emit = stopwatch.elapsed
        return Emission(graph: graph, keptDocument: keptDocument, diagnostics: diagnostics, timings: timings, jobs: jobs.flatMap { $0 })
    }

    /// The files the fixed layout always has: exactly what the build plugin declares as its
    /// outputs, so an emitter that is turned off still gets its file, holding only the header.
    public static let fixedLayoutPaths = ["Models.swift", "Client.swift"]

    /// Stand-ins for the fixed layout's files that an emitter turned off did not make: only the header.
    public static func fixedLayoutPlaceholders(missingFrom paths: some Sequence<String>) -> [GeneratedFile] {
        let made = Set(paths)
        return fixedLayoutPaths.filter { !made.contains($0) }.map { name in
            GeneratedFile(path: name, contents: "\(FileWriter.generatedMarker). '\(name)' is not generated: its emitter is turned off.\n")
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

/// A decoded document kept alive by an emission. Nothing reads it: it is only freed later.
final class KeptDocument: @unchecked Sendable {
    let document: DecodedDocument
    init(_ document: DecodedDocument) { self.document = document }
}

extension DiagnosticCollector {
    /// Diagnostics in file, line, column order.
    public static func sorted(_ diagnostics: [Diagnostic]) -> [Diagnostic] {
        var collector = DiagnosticCollector()
        collector.append(contentsOf: diagnostics)
        return collector.sorted
    }
}
