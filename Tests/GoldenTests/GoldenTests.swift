import Diagnostics
import Emitters
import Foundation
import GeneratorCore
import Templating
import TestSupport
import Testing

/// Regenerates every golden from its spec and compares the result with the committed files,
/// byte for byte: the whole bundled APIs (`Generated/`), the hostile fixture, and one small
/// fixture per feature (`Tests/Fixtures/Features/*/Expected`).
///
/// Re-record after an intended change with `RECORD_GOLDENS=1 swift test --filter GoldenTests`
/// (or `make goldens`), then review the diff in git.
@Suite("Goldens")
struct GoldenTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Every configuration whose output is committed, relative to the repository.
    static let configurations: [String] = {
        var paths: [String] = []
        let manager = FileManager.default
        for name in ((try? manager.contentsOfDirectory(atPath: repository + "/specs")) ?? []).sorted() where name.hasSuffix(".oasgen.yaml") {
            paths.append("specs/" + name)
        }
        paths.append("Tests/Fixtures/Hostile/hostile.oasgen.yaml")
        for name in ((try? manager.contentsOfDirectory(atPath: repository + "/Tests/Fixtures/Features")) ?? []).sorted() {
            paths.append("Tests/Fixtures/Features/\(name)/oasgen.yaml")
        }
        return paths
    }()

    static var recording: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

    @Test(arguments: GoldenTests.configurations)
    func goldenMatches(_ configuration: String) throws {
        let path = GoldenTests.repository + "/" + configuration
        let job = try GeneratorConfiguration.load(path: path, displayPath: configuration)
        let result = try Pipeline.run(job)
        if GoldenTests.recording {
            _ = try FileWriter().write(result.files, to: job.outputPath)
            return
        }
        for file in result.files {
            let goldenPath = (job.outputPath as NSString).appendingPathComponent(file.path)
            let golden = try? String(contentsOfFile: goldenPath, encoding: .utf8)
            guard let golden else {
                Issue.record("\(configuration): \(file.path) is generated but has no golden; run RECORD_GOLDENS=1 swift test --filter GoldenTests")
                continue
            }
            if golden != file.contents {
                Issue.record("\(configuration): \(file.path) differs from its golden (- golden, + generated):\n\(LineDiff.unified(golden, file.contents))")
            }
        }
        // Committed generated files that generation no longer produces are stale too.
        let stale = try FileWriter().write(result.files, to: job.outputPath, check: true).removed
        #expect(stale.isEmpty, "\(configuration): no longer generated: \(stale)")
    }

    /// A large models file is rendered in parts side by side: joined, they are the bytes of the
    /// file rendered whole, validations included, under the same path and in the same place.
    @Test func aModelsFileMadeInPartsHasTheBytesOfTheFileMadeWhole() throws {
        let configuration = try GeneratorConfiguration.load(path: GoldenTests.repository + "/specs/telnyx-canary.oasgen.yaml")
        let graph = try Pipeline.prepare(configuration).graph
        var templates: [String: String] = [:]
        for name in Pipeline.builtinTemplateNames { templates[name] = Pipeline.builtinTemplate(name) }
        let context = EmitterContext(moduleName: "M", specName: "spec.yaml", templates: try TemplateSet(templates: templates), modelFileCount: 2)
        let whole = try EmissionJob.runAll(ModelsEmitter().jobs(graph, context: context, partLines: .max))
        // One type per part.
        let jobs = ModelsEmitter().jobs(graph, context: context, partLines: 0)
        #expect(jobs.count == graph.topLevelTypes.count && jobs.allSatisfy { $0.part != nil })
        let parts = try EmissionJob.runAll(jobs)
        #expect(parts.map(\.path) == ["Models1.swift", "Models2.swift"])
        #expect(parts.map(\.path) == whole.map(\.path))
        for (part, file) in zip(parts, whole) {
            #expect(part.contents == file.contents, "\(file.path):\n\(LineDiff.unified(file.contents, part.contents))")
        }
        #expect(whole.contains { $0.contents.contains("// MARK: - Validation") })
    }

    @Test func theSameInputGivesTheSameBytes() throws {
        let path = GoldenTests.repository + "/specs/telnyx-canary.oasgen.yaml"
        let first = try Pipeline.run(try GeneratorConfiguration.load(path: path)).files
        let second = try Pipeline.run(try GeneratorConfiguration.load(path: path)).files
        #expect(first == second)
    }

    @Test func keepingTheDocumentChangesNothingGenerated() throws {
        // What `oasgen generate` does for a large spec, on a small one: the output is the same.
        let configuration = try GeneratorConfiguration.load(path: GoldenTests.repository + "/specs/telnyx-canary.oasgen.yaml")
        var kept = try Pipeline.prepare(configuration, keepingDocument: true)
        let files = try kept.emit { file throws(DiagnosticsError) in file }
        #expect(files == (try Pipeline.run(configuration).files))
    }

    @Test func builtInTemplatesListEveryTemplateFile() throws {
        let folder = GoldenTests.repository + "/Templates/Swift"
        let files = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".mustache") }
        let names = Set(files.map { String($0.dropLast(".mustache".count)) })
        #expect(names == Set(Pipeline.builtinTemplateNames))
        // And the embedded copies are exactly the files (they are compiled in at build time).
        for name in names {
            let text = try String(contentsOfFile: folder + "/" + name + ".mustache", encoding: .utf8)
            #expect(Pipeline.builtinTemplate(name) == text, "\(name).mustache differs from the embedded copy")
        }
    }

    @Test func userTemplatesOverrideBuiltInOnesFileByFile() throws {
        let folder = NSTemporaryDirectory() + "oasgen-templates-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try "// custom alias {{name}} = {{aliasedType}}\n".write(toFile: folder + "/alias.mustache", atomically: true, encoding: .utf8)
        var job = try GeneratorConfiguration.load(path: GoldenTests.repository + "/Tests/Fixtures/Features/constraints/oasgen.yaml")
        job.templatesPath = folder
        let models = try #require(try Pipeline.run(job).files.first { $0.path == "Models.swift" })
        #expect(models.contents.contains("// custom alias Percentage = Double\n"))
        #expect(models.contents.contains("public struct Item: Codable, Hashable, Sendable {"))
    }
}
