import Foundation
import TestSupport
import Testing

/// Every broken spec in `Tests/Fixtures/Invalid` is run through the real CLI, from that folder:
///
/// - its exit code and stderr must be exactly what `NAME.expected` beside it says (first line
///   `exit: N`, then stderr byte for byte), and every line must be a positioned compiler-style
///   diagnostic about the fixture;
/// - nothing is written: a missing output folder stays missing, and an existing one keeps its
///   files, bytes and modification times.
///
/// Re-record after an intended message change with `RECORD_GOLDENS=1 swift test --filter InvalidInputTests`
/// and review the `.expected` diff in git.
@Suite("Invalid specs: clear diagnostics, nothing written")
struct FixtureDiagnosticsTests {
    /// The fixtures: every `.yaml` and `.json` file in the folder.
    static let fixtures: [String] = ((try? FileManager.default.contentsOfDirectory(atPath: Paths.invalidFixtures)) ?? [])
        .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".json") }
        .sorted()

    static func expectedPath(_ fixture: String) -> String {
        Paths.invalidFixtures + "/" + (fixture as NSString).deletingPathExtension + ".expected"
    }

    /// `oasgen generate --spec NAME --output <output> --module Broken`, run in the fixture folder.
    static func generate(_ fixture: String, output: String) async throws -> CLIRun {
        try await CLI.run(["generate", "--spec", fixture, "--output", output, "--module", "Broken"], in: Paths.invalidFixtures, timeout: .seconds(60))
    }

    @Test func theFixtureFolderIsFound() throws {
        #expect(FixtureDiagnosticsTests.fixtures.count >= 20, "fixtures in \(Paths.invalidFixtures): \(FixtureDiagnosticsTests.fixtures)")
        let executable = try #require(CLI.executable, "oasgen executable not found next to the test bundle")
        print("oasgen under test: \(executable)")
    }

    @Test func everyExpectedFileHasItsFixture() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Paths.invalidFixtures)
        let stems = Set(FixtureDiagnosticsTests.fixtures.map { ($0 as NSString).deletingPathExtension })
        for name in names.sorted() where name.hasSuffix(".expected") {
            #expect(stems.contains((name as NSString).deletingPathExtension), "\(name) has no fixture beside it; remove it")
        }
    }

    /// Run (a): the output folder does not exist, and must not exist afterwards.
    @Test(arguments: FixtureDiagnosticsTests.fixtures)
    func printsTheExpectedDiagnosticsAndCreatesNothing(_ fixture: String) async throws {
        let folder = TemporaryFolder("fixture")
        let output = folder.file("out")
        let run = try await FixtureDiagnosticsTests.generate(fixture, output: output)

        // No crash: a signal, a timeout or any exit code but 1 is a failure of the generator.
        #expect(run.ending == .exit(1), "\(fixture): expected exit code 1, got \(run)")
        #expect(!FileManager.default.fileExists(atPath: output), "\(fixture): the output folder was created")
        #expect(FolderSnapshot.take(folder.path)?.entries.keys.sorted() == ["."], "\(fixture): files appeared beside the output folder")
        #expect(run.stdout.isEmpty, "\(fixture): unexpected stdout: \(run.stdout)")

        // Every line names the fixture with a line and column, and says it is an error (or a
        // warning or note that goes with one).
        let lines = run.stderr.split(separator: "\n", omittingEmptySubsequences: false).dropLast()
        #expect(!lines.isEmpty, "\(fixture): no diagnostic printed")
        #expect(run.stderr.hasSuffix("\n"), "\(fixture): stderr does not end with a newline")
        for line in lines {
            #expect(FixtureDiagnosticsTests.isPositioned(line, in: fixture), "\(fixture): not a positioned diagnostic: \(line)")
        }
        #expect(lines.contains { $0.contains(": error: ") }, "\(fixture): no error among the diagnostics")

        let expectedPath = FixtureDiagnosticsTests.expectedPath(fixture)
        if recordingGoldens {
            try Data(run.transcript.utf8).write(to: URL(fileURLWithPath: expectedPath))
            return
        }
        guard let expected = try? String(contentsOfFile: expectedPath, encoding: .utf8) else {
            Issue.record("\(fixture): no \((expectedPath as NSString).lastPathComponent); run RECORD_GOLDENS=1 swift test --filter InvalidInputTests. The CLI printed:\n\(run.transcript)")
            return
        }
        #expect(run.transcript == expected, "\(fixture): exit code or stderr differs from \((expectedPath as NSString).lastPathComponent)\n(- expected, + actual)\n\(LineDiff.unified(expected, run.transcript))")
    }

    /// Run (b): an output folder that already holds generated files is left exactly as it was.
    @Test(arguments: FixtureDiagnosticsTests.fixtures)
    func leavesAnExistingOutputFolderUntouched(_ fixture: String) async throws {
        let folder = TemporaryFolder("existing")
        let output = folder.file("out")
        try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: true)
        try "// Generated by oasgen from an earlier, valid spec.\npublic struct Pet {}\n".write(toFile: output + "/Models.swift", atomically: true, encoding: .utf8)
        try "// Generated by oasgen from an earlier, valid spec.\npublic struct PetClient {}\n".write(toFile: output + "/Client.swift", atomically: true, encoding: .utf8)
        try backdateFiles(in: output)
        let before = try #require(FolderSnapshot.take(output))

        let run = try await FixtureDiagnosticsTests.generate(fixture, output: output)

        #expect(run.ending == .exit(1), "\(fixture): expected exit code 1, got \(run)")
        let changes = before.differences(to: FolderSnapshot.take(output))
        #expect(changes.isEmpty, "\(fixture): the output folder changed:\n\(changes.joined(separator: "\n"))")
        // The same diagnostics as with no output folder: nothing about the output is reported.
        if !recordingGoldens, let expected = try? String(contentsOfFile: FixtureDiagnosticsTests.expectedPath(fixture), encoding: .utf8) {
            #expect(run.transcript == expected, "\(fixture):\n(- expected, + actual)\n\(LineDiff.unified(expected, run.transcript))")
        }
    }

    /// `NAME:LINE:COLUMN: error|warning|note: message`, where NAME is the fixture or a file in
    /// the folder beside it that holds the files it references (`STEM.parts/`).
    static func isPositioned(_ line: Substring, in fixture: String) -> Bool {
        let partsFolder = (fixture as NSString).deletingPathExtension + ".parts/"
        let file: Substring
        if line.hasPrefix(fixture + ":") {
            file = Substring(fixture)
        } else if line.hasPrefix(partsFolder), let colon = line.firstIndex(of: ":") {
            file = line[..<colon]
        } else {
            return false
        }
        let parts = line.dropFirst(file.count + 1).split(separator: ":", maxSplits: 3, omittingEmptySubsequences: false)
        guard parts.count == 4, let row = Int(parts[0]), let column = Int(parts[1]), row >= 1, column >= 1 else { return false }
        let rest = parts[2] + ":" + parts[3]
        return [" error: ", " warning: ", " note: "].contains { rest.hasPrefix($0) && rest.count > $0.count }
    }
}
