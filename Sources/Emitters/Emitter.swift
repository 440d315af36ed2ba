import Diagnostics
import Dispatch
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

/// Part of an emitter's work: files it writes without waiting for any other job, or one part of
/// a file that several jobs render side by side.
public struct EmissionJob: Sendable {
    /// About how many lines the job writes; the pipeline starts the largest jobs first, so that
    /// a large one does not start last and run alone on one core.
    public var estimatedLines: Int
    /// Set when the job renders a part of a file: its one file is that part, under the file's
    /// path, and the file is its parts joined in order, finished once the last is made.
    public var part: FilePart?
    public var run: @Sendable () throws(DiagnosticsError) -> [GeneratedFile]

    public struct FilePart: Sendable {
        /// The file's path.
        public var path: String
        public var index: Int
        public var count: Int

        public init(path: String, index: Int, count: Int) {
            self.path = path
            self.index = index
            self.count = count
        }
    }

    public init(estimatedLines: Int, part: FilePart? = nil, run: @escaping @Sendable () throws(DiagnosticsError) -> [GeneratedFile]) {
        self.estimatedLines = estimatedLines
        self.part = part
        self.run = run
    }

    /// Every job's files, in job order; the largest jobs start first.
    public static func runAll(_ jobs: [EmissionJob]) throws(DiagnosticsError) -> [GeneratedFile] {
        try runAll(jobs) { file throws(DiagnosticsError) in file }
    }

    /// `finish` applied to every job's files as soon as the job has made them, on the job's
    /// thread, so that a file can be written out and freed while other jobs still run. Results
    /// in job order; the largest jobs start first.
    /// A file made in parts is finished by the job that makes its last part, and takes the place
    /// of its first part in the results.
    public static func runAll<Finished: Sendable>(
        _ jobs: [EmissionJob], finish: @Sendable (GeneratedFile) throws(DiagnosticsError) -> Finished
    ) throws(DiagnosticsError) -> [Finished] {
        let order = jobs.indices.sorted { jobs[$0].estimatedLines > jobs[$1].estimatedLines }
        let parts = FileParts<Finished>()
        let results = try Concurrently.map(order) { index throws(DiagnosticsError) in
            var finished: [Finished] = []
            for file in try jobs[index].run() {
                guard let part = jobs[index].part else {
                    finished.append(try finish(file))
                    continue
                }
                if let whole = parts.add(file.text, part) { parts.keep(try finish(whole), for: part.path) }
            }
            return finished
        }
        var files = Array(repeating: [Finished](), count: jobs.count)
        for (position, index) in order.enumerated() { files[index] = results[position] }
        for (index, job) in jobs.enumerated() {
            if let part = job.part, part.index == 0, let whole = parts.finished(for: part.path) { files[index].append(whole) }
        }
        return files.flatMap { $0 }
    }
}

/// The parts of files made in parts, handed in from the jobs' threads.
private final class FileParts<Finished: Sendable>: @unchecked Sendable {
    // @unchecked: both dictionaries are read and written under `lock` only.
    private let lock = DispatchSemaphore(value: 1)
    private var made: [String: [ChunkedText?]] = [:]
    private var finished: [String: Finished] = [:]

    /// Adds a part: the whole file once every part is made, else nil.
    func add(_ text: ChunkedText, _ part: EmissionJob.FilePart) -> GeneratedFile? {
        lock.wait()
        defer { lock.signal() }
        var parts = made[part.path] ?? Array(repeating: nil, count: part.count)
        parts[part.index] = text
        guard parts.allSatisfy({ $0 != nil }) else {
            made[part.path] = parts
            return nil
        }
        made[part.path] = nil
        var whole = ChunkedText()
        for part in parts { whole.append(contentsOf: part!) }
        return GeneratedFile(path: part.path, text: whole)
    }

    func keep(_ value: Finished, for path: String) {
        lock.wait()
        finished[path] = value
        lock.signal()
    }

    func finished(for path: String) -> Finished? {
        lock.wait()
        defer { lock.signal() }
        return finished[path]
    }
}

/// The emitters that ship with oasgen, by configuration name.
public enum BuiltinEmitters {
    public static let all: [any Emitter] = [ModelsEmitter(), ClientEmitter()]

    public static func named(_ name: String) -> (any Emitter)? {
        all.first { $0.name == name }
    }
}
