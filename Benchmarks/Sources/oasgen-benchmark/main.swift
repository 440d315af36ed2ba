// Measures oasgen, stage by stage and as a whole process, on real specs and on synthetic specs
// of growing size, and prints Markdown tables.
//
//   swift run -c release oasgen-benchmark [--runs N] [--corpus DIR] [--oasgen PATH] [--sizes 100,1000,10000]
//   (--oasgen defaults to the binary of ../Scripts/build-release.sh, else ../.build/release/oasgen)
//
// Per spec, as medians of N runs:
// - libyaml parse-only: libyaml's event loop alone, the floor for any YAML-based generator;
// - YAML, decode, graph, emit: oasgen's stages in process (YAML = libyaml + building the tree);
// - process: `oasgen generate` as a child process, wall time and peak resident memory;
// - process ÷ libyaml: the median of each run's ratio (the three take turns in every run).
import CLibYAML
import Foundation
import GeneratorCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// MARK: Options

struct Options {
    var runs = 5
    var corpus: String?
    var oasgen: String?
    var sizes = [100, 1_000, 10_000]

    static func parse() -> Options {
        var options = Options()
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--runs": options.runs = Int(arguments.popFirst() ?? "") ?? options.runs
            case "--corpus": options.corpus = arguments.popFirst()
            case "--oasgen": options.oasgen = arguments.popFirst()
            case "--sizes": options.sizes = (arguments.popFirst() ?? "").split(separator: ",").compactMap { Int($0) }
            default:
                print("usage: oasgen-benchmark [--runs N] [--corpus DIR] [--oasgen PATH] [--sizes 100,1000,10000]")
                exit(2)
            }
        }
        return options
    }
}

/// The repository root: the folder above the benchmark package.
let repository: String = {
    let here = URL(fileURLWithPath: #filePath)
    return here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
}()

// MARK: Measuring

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
}

func milliseconds(_ value: Double) -> String { String(format: "%.1f", value * 1000) }

/// libyaml's event loop over the whole file, nothing else.
func libyamlParseOnly(_ bytes: [UInt8]) -> Double {
    let clock = ContinuousClock()
    let start = clock.now
    var parser = yaml_parser_t()
    yaml_parser_initialize(&parser)
    bytes.withUnsafeBufferPointer { buffer in
        yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
        var event = yaml_event_t()
        while yaml_parser_parse(&parser, &event) == 1 {
            let done = event.type == YAML_STREAM_END_EVENT
            yaml_event_delete(&event)
            if done { break }
        }
    }
    yaml_parser_delete(&parser)
    return seconds(clock.now - start)
}

struct ProcessRun {
    var wall: Double
    var peakMemoryBytes: Int
}

/// Runs `oasgen generate` in a child process: wall time, and peak resident memory as GNU time
/// reports it. (The child's own rusage would not do: a child spawned from this process inherits
/// this process's high-water mark, which the in-process runs have raised.)
func runProcess(_ executable: String, _ arguments: [String]) -> ProcessRun? {
    let report = NSTemporaryDirectory() + "oasgen-benchmark-time-\(getpid()).txt"
    defer { unlink(report) }
    let timeTool = "/usr/bin/time"
    let measuresMemory = FileManager.default.isExecutableFile(atPath: timeTool)
    let command = measuresMemory ? [timeTool, "-f", "%M", "-o", report, executable] + arguments : [executable] + arguments
    let argv = command.map { strdup($0) } + [nil]
    defer { argv.forEach { free($0) } }
    var actions = posix_spawn_file_actions_t()
    posix_spawn_file_actions_init(&actions)
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
    defer { posix_spawn_file_actions_destroy(&actions) }
    let clock = ContinuousClock()
    let start = clock.now
    var pid: pid_t = 0
    guard posix_spawn(&pid, command[0], &actions, nil, argv, environ) == 0 else { return nil }
    var status: Int32 = 0
    waitpid(pid, &status, 0)
    let wall = seconds(clock.now - start)
    let kilobytes = (try? String(contentsOfFile: report, encoding: .utf8))
        .flatMap { Int($0.split(separator: "\n").last.map(String.init)?.trimmingCharacters(in: .whitespaces) ?? "") }
    return ProcessRun(wall: wall, peakMemoryBytes: (kilobytes ?? 0) * 1024)
}

struct Row {
    var name: String
    var sizeBytes: Int
    var schemas: Int
    var operations: Int
    var libyaml: Double
    var yaml: Double
    var decode: Double
    var graph: Double
    var emit: Double
    var process: Double
    /// The median of each run's process time over the same run's libyaml time.
    var ratio: Double
    var peakMemory: Int
    var lines: Int
}

func measure(spec path: String, name: String, options: Options, oasgen: String) -> Row? {
    guard let data = FileManager.default.contents(atPath: path) else { return nil }
    let bytes = [UInt8](data)
    var libyaml: [Double] = []
    var stages: [Pipeline.Timings] = []
    var lines = 0
    var schemas = 0
    var operations = 0
    let output = NSTemporaryDirectory() + "oasgen-benchmark-\(getpid())"
    var process: [ProcessRun] = []
    // libyaml, the stages and the whole process take turns in every run, so a change in the
    // host's speed during the benchmark moves them together and their ratio holds.
    for _ in 0..<options.runs {
        libyaml.append(libyamlParseOnly(bytes))
        var configuration = GeneratorConfiguration(specPath: path, outputPath: output, moduleName: "Benchmark")
        configuration.modelFileCount = 4
        guard let result = try? Pipeline.run(configuration) else {
            print("  \(name): generation failed")
            return nil
        }
        stages.append(result.timings)
        lines = result.files.reduce(0) { $0 + $1.bytes.reduce(0) { $1 == 10 ? $0 + 1 : $0 } }
        schemas = result.graph.types.count
        operations = result.graph.operations.count
        if let run = runProcess(oasgen, ["generate", "--spec", path, "--output", output, "--module", "Benchmark", "--model-files", "4", "--quiet"]) {
            process.append(run)
        }
    }
    try? FileManager.default.removeItem(atPath: output)
    return Row(
        name: name, sizeBytes: bytes.count, schemas: schemas, operations: operations,
        libyaml: median(libyaml), yaml: median(stages.map { seconds($0.parse) }),
        decode: median(stages.map { seconds($0.decode) }), graph: median(stages.map { seconds($0.graph) }),
        emit: median(stages.map { seconds($0.emit) }), process: median(process.map(\.wall)),
        ratio: median(zip(process, libyaml).map { $0.wall / $1 }),
        peakMemory: Int(median(process.map { Double($0.peakMemoryBytes) })), lines: lines)
}

// MARK: Synthetic specs

/// A spec with `count` schemas and `count` operations, shaped like real APIs: objects with
/// scalar, enum, array and reference properties, constraints, and CRUD paths.
func syntheticSpec(count: Int) -> String {
    var text = "openapi: 3.1.0\ninfo: {title: Synthetic, version: '1'}\nservers: [{url: 'https://api.example.com/v1'}]\npaths:\n"
    let resources = max(1, count / 2)
    for index in 0..<resources {
        let schema = "Item\(index)"
        text += """
              /items\(index):
                get:
                  operationId: listItems\(index)
                  parameters: [{name: limit, in: query, schema: {type: integer, minimum: 1, maximum: 100}}]
                  responses:
                    '200': {description: OK, content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/\(schema)'}}}}}
                post:
                  operationId: createItem\(index)
                  requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/\(schema)'}}}}
                  responses:
                    '200': {description: OK, content: {application/json: {schema: {$ref: '#/components/schemas/\(schema)'}}}}
                    '422': {description: Invalid, content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}}

            """
    }
    text += "components:\n  schemas:\n    Problem: {type: object, properties: {detail: {type: string}}}\n"
    for index in 0..<count {
        let next = (index + 1) % count
        text += """
                Item\(index):
                  type: object
                  description: Item number \(index), with a description long enough to look like documentation.
                  required: [id, name]
                  properties:
                    id: {type: string, format: uuid}
                    name: {type: string, minLength: 1, maxLength: 200}
                    created_at: {type: string, format: date-time}
                    count: {type: integer, minimum: 0}
                    ratio: {type: number, maximum: 1}
                    status: {type: string, enum: [active, paused, deleted]}
                    tags: {type: array, items: {type: string}, maxItems: 10}
                    next: {$ref: '#/components/schemas/Item\(next)'}

            """
    }
    return text
}

// MARK: Main

let options = Options.parse()
// The binary Scripts/build-release.sh links (the one to install), else a plain release build.
let oasgen = options.oasgen
    ?? [repository + "/.build/tuned/release/oasgen", repository + "/.build/release/oasgen"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }
guard let oasgen, FileManager.default.isExecutableFile(atPath: oasgen) else {
    print("build the CLI first: (cd \(repository) && Scripts/build-release.sh)")
    exit(1)
}
let corpus = options.corpus ?? repository + "/../shared/corpus"

var specs: [(path: String, name: String)] = [
    (repository + "/specs/telnyx-canary.yaml", "telnyx-canary.yaml (bundled)"),
    (repository + "/specs/elevenlabs-deployments.yaml", "elevenlabs-deployments.yaml (bundled)"),
]
for name in ["telnyx-spec3.yml", "elevenlabs-openapi.json", "openai-openapi.yaml", "box-openapi.json", "twilio_api_v2010.yaml", "discord-openapi.json"] {
    let path = corpus + "/" + name
    if FileManager.default.fileExists(atPath: path) { specs.append((path, name)) }
}

print("oasgen benchmark: medians of \(options.runs) runs; times in ms; process = `oasgen generate` wall time of \(oasgen)\n")
print("| spec | size | types | operations | libyaml parse-only | YAML | decode | graph | emit | process | process ÷ libyaml | peak memory | memory ÷ size | generated lines |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
func printRow(_ row: Row) {
    let megabytes = { (bytes: Int) in String(format: "%.1f MB", Double(bytes) / 1_048_576) }
    print("| \(row.name) | \(megabytes(row.sizeBytes)) | \(row.schemas) | \(row.operations) | \(milliseconds(row.libyaml)) | \(milliseconds(row.yaml)) | \(milliseconds(row.decode)) | \(milliseconds(row.graph)) | \(milliseconds(row.emit)) | \(milliseconds(row.process)) | \(String(format: "%.1f×", row.ratio)) | \(megabytes(row.peakMemory)) | \(String(format: "%.1f×", Double(row.peakMemory) / Double(row.sizeBytes))) | \(row.lines) |")
}
for (path, name) in specs {
    if let row = measure(spec: path, name: name, options: options, oasgen: oasgen) { printRow(row) }
}

print("\nGrowth with size (synthetic specs: N schemas, N operations)\n")
print("| N | size | libyaml parse-only | YAML | decode | graph | emit | process | process per 1,000 schemas |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
let folder = NSTemporaryDirectory() + "oasgen-synthetic-\(getpid())"
try? FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
for size in options.sizes {
    let path = folder + "/synthetic-\(size).yaml"
    try? syntheticSpec(count: size).write(toFile: path, atomically: true, encoding: .utf8)
    guard let row = measure(spec: path, name: "\(size)", options: options, oasgen: oasgen) else { continue }
    print("| \(size) | \(String(format: "%.1f MB", Double(row.sizeBytes) / 1_048_576)) | \(milliseconds(row.libyaml)) | \(milliseconds(row.yaml)) | \(milliseconds(row.decode)) | \(milliseconds(row.graph)) | \(milliseconds(row.emit)) | \(milliseconds(row.process)) | \(milliseconds(row.process / Double(size) * 1000)) |")
}
try? FileManager.default.removeItem(atPath: folder)
