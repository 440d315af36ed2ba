import Foundation
import GeneratorCore
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Faults while writing, with a valid spec: an output that cannot be written, two runs at once,
/// a run killed partway, and a rerun on unchanged input.
@Suite("Build-step faults: nothing partial, nothing needlessly touched")
struct BuildFaultTests {
    /// A temporary folder holding a copy of `specs/telnyx-canary.yaml` as `spec.yaml`.
    static func telnyxFolder() throws -> TemporaryFolder {
        let folder = TemporaryFolder("faults")
        try FileManager.default.copyItem(atPath: Paths.telnyxSpec, toPath: folder.file("spec.yaml"))
        return folder
    }

    static func arguments(_ spec: String, output: String, extra: [String] = []) -> [String] {
        ["generate", "--spec", spec, "--output", output, "--module", "Canary"] + extra
    }

    /// `oasgen generate` on a spec in `folder`, from there; optionally killed (see `CLI.run`).
    static func generate(
        _ spec: String = "spec.yaml", output: String, in folder: TemporaryFolder, extra: [String] = [],
        killAfter: Duration? = nil, from trigger: (@Sendable () -> Bool)? = nil
    ) async throws -> CLIRun {
        try await CLI.run(arguments(spec, output: output, extra: extra), in: folder.path, killAfter: killAfter, from: trigger)
    }

    // MARK: Unwritable output

    @Test func anOutputFolderUnderARegularFileIsAClearError() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        try folder.write("a regular file, not a folder\n", to: "blocker")
        let before = try #require(FolderSnapshot.take(folder.path))
        let run = try await BuildFaultTests.generate(output: "blocker/out", in: folder)
        #expect(run.ending == .exit(1), "\(run)")
        let output = folder.file("blocker/out")
        #expect(run.stderr.hasPrefix("error: cannot create output folder '\(output)': "), "\(run)")
        #expect(run.stderr.split(separator: "\n").count == 1, "\(run)")
        // The reason says what is wrong with the path, not Foundation's generic Cocoa error.
        #expect(run.stderr.hasSuffix("'\(folder.file("blocker"))' is a file, not a folder\n"), "\(run)")
        let changes = before.differences(to: FolderSnapshot.take(folder.path))
        #expect(changes.isEmpty, "the folder changed:\n\(changes.joined(separator: "\n"))")
    }

    @Test func anOutputThatIsARegularFileIsAClearError() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        try folder.write("a regular file, not a folder\n", to: "out")
        let before = try #require(FolderSnapshot.take(folder.path))
        let run = try await BuildFaultTests.generate(output: "out", in: folder)
        #expect(run.transcript == "exit: 1\nerror: cannot write generated files to '\(folder.file("out"))': it is a file, not a folder\n", "\(run)")
        let changes = before.differences(to: FolderSnapshot.take(folder.path))
        #expect(changes.isEmpty, "the folder changed:\n\(changes.joined(separator: "\n"))")
    }

    /// `Models.swift` is a folder, so it cannot be replaced: a clear error, and no temporary
    /// file left behind.
    @Test func aGeneratedFileThatCannotBeReplacedIsAClearError() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        try FileManager.default.createDirectory(atPath: folder.file("out/Models.swift"), withIntermediateDirectories: true)
        let run = try await BuildFaultTests.generate(output: "out", in: folder)
        #expect(run.ending == .exit(1), "\(run)")
        #expect(run.stderr.hasPrefix("error: cannot write '\(folder.file("out/Models.swift"))': "), "\(run)")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.file("out")).sorted()
        #expect(!names.contains { $0.hasPrefix(".oasgen-") }, "temporary files left behind: \(names)")
    }

    /// Files are written out as soon as each is rendered, but under temporary names: when a
    /// later file fails to render (here a template override names something that does not
    /// exist), the files already written are removed again and the output stays as it was.
    @Test func aFileThatFailsToRenderLeavesTheOutputAsItWas() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        // Another access level first, so that the failing run's models differ from what is on
        // disk and are staged before the client fails.
        try folder.write("spec: spec.yaml\noutput: out\nmodule: Canary\naccess: package\n", to: "earlier.oasgen.yaml")
        #expect(try await CLI.run(["generate", "earlier.oasgen.yaml"], in: folder.path).ending == .exit(0))
        try FileManager.default.createDirectory(atPath: folder.file("templates"), withIntermediateDirectories: true)
        try folder.write("{{nope}}\n", to: "templates/Client.swift.mustache")
        try folder.write("spec: spec.yaml\noutput: out\nmodule: Canary\ntemplates: templates\n", to: "oasgen.yaml")
        let before = try #require(FolderSnapshot.take(folder.file("out")))
        let run = try await CLI.run(["generate", "oasgen.yaml"], in: folder.path)
        #expect(run.ending == .exit(1), "\(run)")
        #expect(run.stderr.contains("Client.swift.mustache:1:1: error: unknown name 'nope' in template"), "\(run)")
        // Every file as it was, to the nanosecond, and no temporary file left; only the folder's
        // own modification time moved (a temporary file was created in it and removed).
        var changes = before.differences(to: FolderSnapshot.take(folder.file("out")))
        changes.removeAll { $0.hasPrefix(".: ") }
        #expect(changes.isEmpty, "the output changed:\n\(changes.joined(separator: "\n"))")
    }

    // MARK: Two runs at once

    @Test func twoRunsStartedTogetherBothSucceedWithWholeFiles() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        #expect(try await BuildFaultTests.generate(output: "reference", in: folder).ending == .exit(0))
        let reference = try #require(FolderSnapshot.take(folder.file("reference")))
        #expect(reference.swiftFiles.keys.sorted() == ["Client.swift", "Models.swift"])

        for round in 0..<4 {
            let output = "shared-\(round)"
            // Start both before waiting for either.
            let first = try CLI.start(BuildFaultTests.arguments("spec.yaml", output: output), in: folder.path)
            let second = try CLI.start(BuildFaultTests.arguments("spec.yaml", output: output), in: folder.path)
            let runs = [try await CLI.finish(first), try await CLI.finish(second)]
            for run in runs {
                #expect(run.ending == .exit(0), "round \(round): \(run)")
            }
            // The runs take turns (a lock): one writes each file, the other finds it unchanged.
            let reports = runs.map(\.stderr).sorted()
            #expect(reports == ["\(output): 0 written, 2 unchanged, 0 removed\n", "\(output): 2 written, 0 unchanged, 0 removed\n"], "round \(round): \(reports)")
            let snapshot = try #require(FolderSnapshot.take(folder.file(output)))
            #expect(snapshot.entries.keys.sorted() == reference.entries.keys.sorted(), "round \(round): \(snapshot.entries.keys.sorted())")
            let differing = filesDiffering(snapshot.swiftFiles, from: reference.swiftFiles)
            #expect(differing.isEmpty, "round \(round): the files differ from a single run's: \(differing)")
        }
    }

    // MARK: Killed partway

    /// A spec with `count` object schemas and an operation for every tenth, big enough that a
    /// debug build takes a while over it. `revision` changes every model's documentation.
    static func syntheticSpec(schemas count: Int, revision: Int) -> String {
        var text = "openapi: 3.1.0\ninfo: {title: Big, version: \"\(revision)\"}\npaths:\n"
        for index in stride(from: 0, to: count, by: 10) {
            text += """
                  /things\(index)/{id}:
                    get:
                      operationId: getThing\(index)
                      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                      responses:
                        "200":
                          description: OK
                          content: {application/json: {schema: {$ref: '#/components/schemas/Thing\(index)'}}}

                """
        }
        text += "components:\n  schemas:\n"
        for index in 0..<count {
            text += """
                    Thing\(index):
                      description: Thing number \(index), revision \(revision).
                      type: object
                      required: [id]
                      properties:
                        id: {type: string}
                        count: {type: integer, minimum: 0}
                        label: {type: string, maxLength: 64}
                        next: {$ref: '#/components/schemas/Thing\((index + 1) % count)'}
                        tags: {type: array, items: {type: string}}

                """
        }
        return text
    }

    /// SIGKILL at several points of a run: every `.swift` file left is whole (a clean run's
    /// bytes, or the previous generation's when there was one), and the next run recovers.
    ///
    /// Writing takes about 1% of a run (tens of milliseconds after seconds of parsing and
    /// emitting), so most kills are timed from the moment writing starts, which the test sees as
    /// the output folder changing; one is timed from the start and lands before any write.
    @Test func aRunKilledPartwayLeavesNoPartialFile() async throws {
        let folder = TemporaryFolder("killed")
        try folder.write(BuildFaultTests.syntheticSpec(schemas: 3_000, revision: 1), to: "old.yaml")
        try folder.write(BuildFaultTests.syntheticSpec(schemas: 3_000, revision: 2), to: "new.yaml")
        // Many model files: more moments at which a run can die between two writes.
        let split = ["--model-files", "8"]

        let oldRun = try await BuildFaultTests.generate("old.yaml", output: "old-reference", in: folder, extra: split)
        let newRun = try await BuildFaultTests.generate("new.yaml", output: "new-reference", in: folder, extra: split)
        #expect(oldRun.ending == .exit(0), "\(oldRun)")
        #expect(newRun.ending == .exit(0), "\(newRun)")
        let old = try #require(FolderSnapshot.take(folder.file("old-reference"))).swiftFiles
        let new = try #require(FolderSnapshot.take(folder.file("new-reference"))).swiftFiles
        #expect(new.count == 9 && Set(old.keys) == Set(new.keys), "\(new.keys.sorted())")
        #expect(old.keys.allSatisfy { old[$0] != new[$0] }, "every file should differ between revisions")
        print("timing: clean run on 3,000 schemas: \(CLI.milliseconds(newRun.duration))")

        enum Moment: CustomStringConvertible {
            case fromStart(Duration), fromFirstWrite(Duration)
            var description: String {
                switch self {
                case .fromStart(let delay): "\(CLI.milliseconds(delay)) after the start"
                case .fromFirstWrite(let delay): "\(CLI.milliseconds(delay)) after writing began"
                }
            }
        }
        // Killed early, before writing begins: a second clean run, because on two busy cores one
        // run can take twice as long as the next (1.0 to 2.0 s here), and a kill timed from a slow
        // run came after a fast run had already finished. Writing begins past half of a run.
        let again = try await BuildFaultTests.generate("new.yaml", output: "new-reference-2", in: folder, extra: split)
        #expect(again.ending == .exit(0), "\(again)")
        let early = min(newRun.duration, again.duration) * 0.3
        let moments: [Moment] = [.fromStart(early)] + [0, 2, 5, 10, 20].map { .fromFirstWrite(.milliseconds($0)) }
        var killedWhileWriting = 0
        var recovered = 0
        for (step, moment) in moments.enumerated() {
            for overOld in [false, true] {
                let output = (overOld ? "over-" : "fresh-") + "\(step)"
                let path = folder.file(output)
                if overOld { try FileManager.default.copyItem(atPath: folder.file("old-reference"), toPath: path) }
                // Writing has begun once the folder exists (fresh) or its listing changed (over the
                // old generation: the first temporary file was created).
                let initial = FolderSnapshot.entry(path)
                let writing: @Sendable () -> Bool = { FolderSnapshot.entry(path).map { $0 != initial } ?? false }
                let run: CLIRun
                switch moment {
                case .fromStart(let delay):
                    run = try await BuildFaultTests.generate("new.yaml", output: output, in: folder, extra: split, killAfter: delay)
                case .fromFirstWrite(let delay):
                    run = try await BuildFaultTests.generate("new.yaml", output: output, in: folder, extra: split, killAfter: delay, from: writing)
                }

                let files = FolderSnapshot.take(path)?.swiftFiles ?? [:]
                let context = "\(output) killed \(moment)"
                if overOld {
                    // Files are replaced, never removed first: each is the old one or the new one.
                    #expect(Set(files.keys) == Set(old.keys), "\(context): files went missing: \(files.keys.sorted())")
                    for (name, bytes) in files {
                        let whole = bytes == old[name] || bytes == new[name]
                        #expect(whole, "\(context): \(name) is neither generation (\(bytes.count) bytes)")
                    }
                } else {
                    for (name, bytes) in files {
                        let whole = bytes == new[name]
                        #expect(whole, "\(context): \(name) is partial (\(bytes.count) bytes)")
                    }
                }
                // A finished run removes its lock file; a killed one cannot, so the test does.
                let lockFile = FileWriter.lockFile(for: path)
                if run.ending == .signal(SIGKILL) {
                    unlink(lockFile)
                } else {
                    #expect(!FileManager.default.fileExists(atPath: lockFile), "\(output): \(run.ending) left its lock file")
                }
                let replaced = files.filter { new[$0.key] == $0.value }.count
                let leftovers = (try? FileManager.default.contentsOfDirectory(atPath: path))?.filter { $0.hasPrefix(".oasgen-") } ?? []
                if run.ending == .signal(SIGKILL), case .fromFirstWrite = moment { killedWhileWriting += 1 }
                if case .fromStart = moment {
                    #expect(run.ending == .signal(SIGKILL) && replaced == 0 && (overOld || files.isEmpty), "\(context): \(run.ending), \(replaced) files written")
                }
                print("\(context): \(run.ending), \(replaced)/\(new.count) files of the new generation, temporary files left: \(leftovers.count)")

                // Where a run died midway, the next run completes the output and clears what it left.
                if overOld, replaced < new.count, !leftovers.isEmpty || replaced > 0 {
                    let rerun = try await BuildFaultTests.generate("new.yaml", output: output, in: folder, extra: split)
                    #expect(rerun.ending == .exit(0), "\(rerun)")
                    let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
                    #expect(names == new.keys.sorted(), "\(context), then rerun: \(names)")
                    let differing = filesDiffering(FolderSnapshot.take(path)?.swiftFiles ?? [:], from: new)
                    #expect(differing.isEmpty, "\(context): the rerun did not restore the clean output: \(differing)")
                    recovered += 1
                }
                try? FileManager.default.removeItem(atPath: path)
            }
        }
        // Otherwise the loop proved nothing: runs must really have died while writing.
        #expect(killedWhileWriting >= 5, "only \(killedWhileWriting) runs were killed after writing began")
        #expect(recovered >= 1, "no run was left half-written to recover from")
        print("killed after writing began: \(killedWhileWriting) of 10 runs; recovered by a rerun: \(recovered)")
    }

    // MARK: Unchanged input

    @Test func aRerunOnUnchangedInputTouchesNothing() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        let first = try await BuildFaultTests.generate(output: "out", in: folder)
        #expect(first.transcript == "exit: 0\nout: 2 written, 0 unchanged, 0 removed\n", "\(first)")
        try backdateFiles(in: folder.file("out"))
        let before = try #require(FolderSnapshot.take(folder.file("out")))

        let second = try await BuildFaultTests.generate(output: "out", in: folder)
        #expect(second.transcript == "exit: 0\nout: 0 written, 2 unchanged, 0 removed\n", "\(second)")
        let changes = before.differences(to: FolderSnapshot.take(folder.file("out")))
        #expect(changes.isEmpty, "the rerun touched files:\n\(changes.joined(separator: "\n"))")
    }
}
