import Diagnostics
import Parallelism
import SchemaGraph
import Templating

/// A file an emitter produces, relative to the output directory.
public struct GeneratedFile: Sendable, Hashable {
    public var path: String
    /// The text as UTF-8, in the renderer's chunks: the file is compared and written chunk by
    /// chunk, never joined, validated or copied into a `String` on the way.
    public var text: ChunkedText

    /// The text as one array of UTF-8 bytes.
    public var bytes: [UInt8] { text.bytes }

    /// The text.
    public var contents: String { String(decoding: text.bytes, as: UTF8.self) }

    public init(path: String, contents: String) {
        self.init(path: path, text: ChunkedText(Array(contents.utf8)))
    }

    public init(path: String, text: ChunkedText) {
        self.path = path
        self.text = text
    }
}

/// Access level of the generated declarations.
public enum AccessModifier: String, Sendable, CaseIterable {
    case `public`, package, `internal`
}

/// What every emitter is told besides the graph.
public struct EmitterContext: Sendable {
    /// The Swift module the files are compiled into.
    public var moduleName: String
    public var access: AccessModifier
    /// The spec's file name, for the generated-file header.
    public var specName: String
    /// Layouts templates render with: the built-in set, overridden file by file by the user's.
    public var templates: TemplateSet
    /// Split models across this many files (1 = `Models.swift`), so large APIs compile in parallel.
    public var modelFileCount: Int
    /// Environment variable the generated client reads its credential from (`TELNYX_API_KEY`).
    public var credentialEnvironmentVariable: String?

    public init(
        moduleName: String, access: AccessModifier = .public, specName: String, templates: TemplateSet,
        modelFileCount: Int = 1, credentialEnvironmentVariable: String? = nil
    ) {
        self.moduleName = moduleName
        self.access = access
        self.specName = specName
        self.templates = templates
        self.modelFileCount = max(1, modelFileCount)
        self.credentialEnvironmentVariable = credentialEnvironmentVariable
    }
}

/// The generator's extension point: turns the schema graph into files.
///
/// Emitters are pure: same graph and context in, same files out. They never read the spec,
/// only the graph, so every emitter sees references resolved and names decided.
public protocol Emitter: Sendable {
    /// The name configuration files use to select the emitter (`models`, `client`).
    var name: String { get }
    func emit(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [GeneratedFile]
    /// The emission as independent jobs, so that the pipeline can run every emitter's jobs side
    /// by side on all cores (nested parallel loops would run serially). By default, one job:
    /// `emit`, started first, since a job that cannot be split is the likeliest to run longest.
    func jobs(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [EmissionJob]
}

extension Emitter {
    public func jobs(_ graph: SchemaGraph, context: EmitterContext) throws(DiagnosticsError) -> [EmissionJob] {
        [EmissionJob(estimatedLines: .max) { () throws(DiagnosticsError) in try emit(graph, context: context) }]
    }
}

/// Part of an emitter's work: files it writes without waiting for any other job.
public struct EmissionJob: Sendable {
    /// About how many lines the job writes; the pipeline starts the largest jobs first, so that
    /// a large one does not start last and run alone on one core.
    public var estimatedLines: Int
    public var run: @Sendable () throws(DiagnosticsError) -> [GeneratedFile]

    public init(estimatedLines: Int, run: @escaping @Sendable () throws(DiagnosticsError) -> [GeneratedFile]) {
        self.estimatedLines = estimatedLines
        self.run = run
    }

    /// Every job's files, in job order; the largest jobs start first.
    public static func runAll(_ jobs: [EmissionJob]) throws(DiagnosticsError) -> [GeneratedFile] {
        try runAll(jobs) { file throws(DiagnosticsError) in file }
    }

    /// `finish` applied to every job's files as soon as the job has made them, on the job's
    /// thread, so that a file can be written out and freed while other jobs still run. Results
    /// in job order; the largest jobs start first.
    public static func runAll<Finished: Sendable>(
        _ jobs: [EmissionJob], finish: @Sendable (GeneratedFile) throws(DiagnosticsError) -> Finished
    ) throws(DiagnosticsError) -> [Finished] {
        let order = jobs.indices.sorted { jobs[$0].estimatedLines > jobs[$1].estimatedLines }
        let results = try Concurrently.map(order) { index throws(DiagnosticsError) in
            var finished: [Finished] = []
            for file in try jobs[index].run() { finished.append(try finish(file)) }
            return finished
        }
        var files = Array(repeating: [Finished](), count: jobs.count)
        for (position, index) in order.enumerated() { files[index] = results[position] }
        return files.flatMap { $0 }
    }
}

/// The emitters that ship with oasgen, by configuration name.
public enum BuiltinEmitters {
    public static let all: [any Emitter] = [ModelsEmitter(), ClientEmitter()]

    public static func named(_ name: String) -> (any Emitter)? {
        all.first { $0.name == name }
    }
}
