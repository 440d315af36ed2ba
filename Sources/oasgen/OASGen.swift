import ArgumentParser
import Diagnostics
import GeneratorCore
import SchemaGraph

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

@main
struct OASGen: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "oasgen",
        abstract: "Generate Swift models and an async client from an OpenAPI 3.0 or 3.1 document.",
        version: "0.1.0",
        subcommands: [Generate.self, Validate.self, Graph.self],
        defaultSubcommand: Generate.self)

    /// Runs a plain `generate` invocation (see `Generate.plain(_:)`) without
    /// ArgumentParser's parse, which reflects on every command's properties and parses twice
    /// more to look for `--generate-completion-script`: 2 ms, a fifth of a small spec's run.
    /// Anything else, help and every mistake included, is ArgumentParser's to read and report.
    static func main() {
        guard let command = Generate.plain(Array(CommandLine.arguments.dropFirst())) else { return main(nil) }
        // What `main(nil)` does with the command it parses.
        do { try command.run() } catch { exit(withError: error) }
    }
}

/// The C library's `exit`, under a name that `ParsableCommand.exit(withError:)` does not shadow.
private func exitProcess(_ status: Int32) -> Never { exit(status) }

/// Prints diagnostics the way compilers do, so Xcode and SwiftPM place them at the spec's line.
enum Console {
    static func report(_ diagnostics: [Diagnostic]) {
        for diagnostic in diagnostics { info(diagnostic.description) }
    }

    /// One line on standard error, written whole (plain `write(2)`: the CLI needs no Foundation).
    static func info(_ text: String) {
        var line = text + "\n"
        _ = line.withUTF8 { FileSystem.write($0, to: STDERR_FILENO) }
    }
}

struct Generate: ParsableCommand {
    // Each subcommand's name is given: derived from the type's name, it was found by reflection,
    // a scan of the binary's conformance tables on every run.
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate code for one or more configuration files.",
        discussion: """
            Every configuration file names a spec, an output folder and a module (see README). \
            Options given here override the configuration's. Files are written atomically and \
            files whose content is unchanged are left untouched.
            """)

    @Argument(help: "Configuration files (oasgen.yaml).")
    var configs: [String] = []

    @Option(name: .customLong("config"), help: "A configuration file (may be repeated).")
    var configOptions: [String] = []

    @Option(help: "The spec, overriding the configuration's.")
    var spec: String?

    @Option(help: "The output folder, overriding the configuration's.")
    var output: String?

    @Option(help: "The module name, overriding the configuration's.")
    var module: String?

    @Option(name: .customLong("model-files"), help: "Split models across this many files, overriding the configuration's.")
    var modelFiles: Int?

    @Flag(help: "Write nothing; exit with an error when the output is not what would be generated.")
    var check = false

    @Flag(help: "Print how long each stage took, and (on Linux) the most memory each held.")
    var timings = false

    @Flag(name: .shortAndLong, help: "Print nothing but diagnostics.")
    var quiet = false

    @Flag(help: "Always write exactly Models.swift and Client.swift (what the build plugin declares).")
    var fixedLayout = false

    @Flag(help: "Print absolute paths in diagnostics (for IDEs).")
    var absolutePaths = false

    func run() throws {
        let files = configs + configOptions
        var jobs: [GeneratorConfiguration] = []
        if files.isEmpty {
            guard let spec, let output, let module else {
                throw ValidationError("give a configuration file, or --spec, --output and --module")
            }
            jobs = [GeneratorConfiguration(specPath: FileSystem.absolute(spec), outputPath: FileSystem.absolute(output), moduleName: module)]
        } else {
            for file in files {
                do throws(DiagnosticsError) {
                    var configuration = try GeneratorConfiguration.load(path: FileSystem.absolute(file), displayPath: file)
                    if let spec { configuration.specPath = FileSystem.absolute(spec) }
                    if let output { configuration.outputPath = FileSystem.absolute(output) }
                    if let module {
                        configuration.moduleName = module
                        configuration.graph.moduleName = module
                    }
                    jobs.append(configuration)
                } catch {
                    Console.report(error.diagnostics)
                    throw ExitCode.failure
                }
            }
        }
        if absolutePaths { FileSystem.displayAbsolutePaths = true }
        var failed = false
        // The last emission (its graph, and its document when the spec is large) stays alive
        // until the process exits: freeing it takes longer than the operating system takes to
        // reclaim it. Earlier ones are freed on another core while the next spec is generated,
        // so that the peak holds one graph, not every spec's.
        var last: Pipeline.Emission?
        for (position, var job) in jobs.enumerated() {
            if let modelFiles { job.modelFileCount = max(1, min(modelFiles, 256)) }
            if fixedLayout { job.modelFileCount = 1 }
            let specBytes = FileSystem.size(of: job.specPath) ?? 0
            Allocator.tune(forSpecOfSize: specBytes)
            do throws(DiagnosticsError) {
                // Only the last job's document: an earlier one's would still be held while later
                // specs are generated.
                var emission = try Pipeline.prepare(
                    job, measuringMemory: timings,
                    keepingDocument: position == jobs.count - 1 && Allocator.keepsDocument(forSpecOfSize: specBytes))
                Console.report(emission.diagnostics)
                let report = try Generate.emit(&emission, to: job.outputPath, check: check, fixedLayout: fixedLayout)
                let outputName = FileSystem.display(job.outputPath)
                if check {
                    if !report.changed.isEmpty {
                        for path in report.written { Console.info("\(outputName)/\(path): error: out of date; regenerate it") }
                        for path in report.removed { Console.info("\(outputName)/\(path): error: no longer generated; regenerate to remove it") }
                        failed = true
                    } else if !quiet {
                        Console.info("\(outputName): up to date (\(report.unchanged.count) files)")
                    }
                } else if !quiet {
                    Console.info("\(outputName): \(report.written.count) written, \(report.unchanged.count) unchanged, \(report.removed.count) removed")
                }
                if timings { Console.info(Generate.describe(emission.timings)) }
                if position == jobs.count - 1 { last = emission } else { emission.releaseOnAnotherCore() }
            } catch {
                Console.report(error.diagnostics)
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
        withExtendedLifetime(last) { exitProcess(0) }
    }

    /// Renders the files and writes each out as soon as it is rendered (to a temporary file,
    /// freeing it), so a large API's output is never all in memory; they all move into place
    /// only once every file is rendered, and a failed run leaves the output folder as it was.
    static func emit(
        _ emission: inout Pipeline.Emission, to output: String, check: Bool, fixedLayout: Bool
    ) throws(DiagnosticsError) -> FileWriter.Report {
        try FileWriter.Staging.write(to: output, check: check) { staging throws(DiagnosticsError) in
            var staged = try emission.emit { file throws(DiagnosticsError) -> FileWriter.StagedFile? in
                guard !fixedLayout || Pipeline.fixedLayoutPaths.contains(file.path) else { return nil }
                return try staging.stage(file)
            }.compactMap { $0 }
            if fixedLayout {
                for placeholder in Pipeline.fixedLayoutPlaceholders(missingFrom: staged.map(\.path)) {
                    staged.append(try staging.stage(placeholder))
                }
            }
            return staged
        }
    }

    static func describe(_ timings: Pipeline.Timings) -> String {
        func ms(_ duration: Duration) -> String {
            let milliseconds = Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
            let tenths = Int((milliseconds * 10).rounded())
            return "\(tenths / 10).\(tenths % 10) ms"
        }
        var text = "timings: parse \(ms(timings.parse)), decode \(ms(timings.decode)), graph \(ms(timings.graph)), emit \(ms(timings.emit)), total \(ms(timings.total))"
        let peaks = timings.peakMemory
        if let parse = peaks.parse, let decode = peaks.decode, let graph = peaks.graph, let emit = peaks.emit {
            // Tenths of a MiB, as the benchmark reports memory.
            func mb(_ bytes: Int) -> String {
                let tenths = (bytes * 10 + 524_288) / 1_048_576
                return "\(tenths / 10).\(tenths % 10) MB"
            }
            text += "\npeak memory (resident, each stage's own): parse \(mb(parse)), decode \(mb(decode)), graph \(mb(graph)), emit \(mb(emit))"
        }
        return text
    }
}

/// The common invocation, read without ArgumentParser (see `OASGen.main()`).
extension Generate {
    /// The names `plain(_:)` reads: options that take a value, and flags.
    static let plainOptions: Set<String> = ["--config", "--spec", "--output", "--module", "--model-files"]
    static let plainFlags: Set<String> = ["--check", "--timings", "-q", "--quiet", "--fixed-layout", "--absolute-paths"]

    /// The command that plain `arguments` ask for, read as ArgumentParser reads them; nil for
    /// anything else. Plain: `generate` or no subcommand (it is the default), then configuration
    /// files and the options above, each option's value in the next argument and not starting
    /// with `-`, and no option or flag given twice (`--config` aside, which repeats).
    static func plain(_ arguments: [String]) -> Generate? {
        var rest = arguments[...]
        if rest.first == Generate.configuration.commandName {
            rest = rest.dropFirst()
        } else if let first = rest.first, first == "help" || OASGen.configuration.subcommands.contains(where: { $0.configuration.commandName == first }) {
            return nil
        }
        var files: [String] = []
        var configOptions: [String] = []
        var values: [String: String] = [:]
        var flags: Set<String> = []
        while let argument = rest.popFirst() {
            if !argument.hasPrefix("-") {
                files.append(argument)
            } else if Generate.plainFlags.contains(argument) {
                guard flags.insert(argument == "-q" ? "--quiet" : argument).inserted else { return nil }
            } else {
                guard Generate.plainOptions.contains(argument), let value = rest.popFirst(), !value.hasPrefix("-") else { return nil }
                if argument == "--config" {
                    configOptions.append(value)
                } else if values.updateValue(value, forKey: argument) != nil {
                    return nil
                }
            }
        }
        var modelFiles: Int?
        if let text = values["--model-files"] {
            guard let count = Int(text) else { return nil }
            modelFiles = count
        }
        // Every property is set: one neither parsed nor set traps when read. Set here, not in an
        // initializer, where setting a wrapped property makes a new definition instead.
        var command = Generate()
        command.configs = files
        command.configOptions = configOptions
        command.spec = values["--spec"]
        command.output = values["--output"]
        command.module = values["--module"]
        command.modelFiles = modelFiles
        command.check = flags.contains("--check")
        command.timings = flags.contains("--timings")
        command.quiet = flags.contains("--quiet")
        command.fixedLayout = flags.contains("--fixed-layout")
        command.absolutePaths = flags.contains("--absolute-paths")
        return command
    }
}

struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "validate", abstract: "Check a spec and print its diagnostics.")

    @Argument(help: "The OpenAPI document (YAML or JSON).")
    var spec: String

    func run() throws {
        var timings = Pipeline.Timings()
        let specPath = FileSystem.absolute(spec)
        Allocator.tune(forSpecOfSize: FileSystem.size(of: specPath) ?? 0)
        do throws(DiagnosticsError) {
            let (graph, diagnostics) = try Pipeline.buildGraph(
                specPath: specPath, options: GraphOptions(moduleName: "API"), timings: &timings)
            Console.report(diagnostics)
            Console.info("\(spec): \(graph.operations.count) operations, \(graph.types.count) types, \(diagnostics.filter { $0.severity == .warning }.count) warnings")
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode.failure
        }
    }
}

struct Graph: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "graph", abstract: "Print the schema graph (IR) of a spec as JSON, for debugging.")

    @Argument(help: "The OpenAPI document (YAML or JSON).")
    var spec: String

    @Option(help: "The module name used for naming.")
    var module = "API"

    func run() throws {
        var timings = Pipeline.Timings()
        let specPath = FileSystem.absolute(spec)
        Allocator.tune(forSpecOfSize: FileSystem.size(of: specPath) ?? 0)
        do throws(DiagnosticsError) {
            let (graph, diagnostics) = try Pipeline.buildGraph(
                specPath: specPath, options: GraphOptions(moduleName: module), timings: &timings)
            Console.report(diagnostics)
            print(graph.dumpJSON(), terminator: "")
        } catch {
            Console.report(error.diagnostics)
            throw ExitCode.failure
        }
    }
}
