import Foundation
import TestSupport
import Testing

/// Input too big or too deep to commit, made by the test: each must be refused quickly, with a
/// clear message and exit code 1 (a crash would show as a signal or another code), writing nothing.
@Suite("Hostile input: refused quickly, no crash")
struct HostileInputTests {
    /// Far above what these take (tens of milliseconds in a debug build), far below a hang.
    static let timeLimit: Duration = .seconds(10)

    /// Writes `contents` as `name` in a fresh folder, runs `oasgen generate` on it from there, and
    /// checks exit code 1, the exact stderr, the time taken and that no output folder appeared.
    static func expectRefused(
        _ name: String, contents: [UInt8]?, stderr expected: (TemporaryFolder) -> String,
        sourceLocation: SourceLocation = #_sourceLocation
    ) async throws {
        let folder = TemporaryFolder("hostile")
        if let contents { try Data(contents).write(to: URL(fileURLWithPath: folder.file(name))) }
        let run = try await CLI.run(["generate", "--spec", name, "--output", "out", "--module", "Broken"], in: folder.path, timeout: .seconds(60))
        print("timing: \(name) (\(contents.map { "\($0.count) bytes" } ?? "no file")): \(CLI.milliseconds(run.duration)), \(run.ending)")
        #expect(run.ending == .exit(1), "\(name): \(run)", sourceLocation: sourceLocation)
        let wanted = "exit: 1\n" + expected(folder)
        #expect(run.transcript == wanted, "\(name):\n(- expected, + actual)\n\(LineDiff.unified(wanted, run.transcript))", sourceLocation: sourceLocation)
        #expect(run.duration < timeLimit, "\(name) took \(CLI.milliseconds(run.duration))", sourceLocation: sourceLocation)
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")), "\(name): an output folder was created", sourceLocation: sourceLocation)
    }

    static let nestingMessage = "error: nesting is deeper than 512 levels; a real spec never needs that many"

    /// `[[[[…]]]]`, 10,000 levels: refused at the 513th bracket, without recursing 10,000 deep.
    @Test func flowSequencesTenThousandDeep() async throws {
        let depth = 10_000
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        try await HostileInputTests.expectRefused("deep-flow.yaml", contents: Array(text.utf8)) { _ in
            "deep-flow.yaml:1:513: \(HostileInputTests.nestingMessage)\n"
        }
    }

    /// `a:` / ` a:` / `  a:` …, a block mapping chain 10,000 levels deep (one more space a level,
    /// about 50 MB): refused where the 513th mapping starts.
    @Test func blockMappingsTenThousandDeep() async throws {
        let depth = 10_000
        // Built by copying slices of one run of spaces: appending 50 MB element by element
        // takes seconds in a debug build, on a thread every async test needs.
        let spaces = [UInt8](repeating: UInt8(ascii: " "), count: depth)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(depth * (depth + 8) / 2)
        for level in 0..<depth {
            bytes.append(contentsOf: spaces[..<level])
            bytes.append(contentsOf: (level == depth - 1 ? "a: end\n" : "a:\n").utf8)
        }
        try await HostileInputTests.expectRefused("deep-block.yaml", contents: bytes) { _ in
            "deep-block.yaml:513:513: \(HostileInputTests.nestingMessage)\n"
        }
    }

    /// A spec whose `info.description` is one 50 MiB scalar (the limit per value is 8 MiB).
    @Test func aFiftyMegabyteScalar() async throws {
        var bytes = Array("openapi: 3.1.0\ninfo:\n  title: T\n  version: \"1\"\n  description: ".utf8)
        bytes += [UInt8](repeating: UInt8(ascii: "a"), count: 50 << 20)
        bytes += Array("\npaths: {}\n".utf8)
        try await HostileInputTests.expectRefused("huge-scalar.yaml", contents: bytes) { _ in
            "huge-scalar.yaml:5:16: error: scalar is larger than 8 MiB (50 MiB); the most oasgen reads in one value is 8 MiB\n"
        }
    }

    /// The committed "billion laughs" fixture (9⁹ nodes once expanded), timed.
    @Test func aliasBomb() async throws {
        let fixture = "yaml-billion-laughs.yaml"
        let contents = try #require(FileManager.default.contents(atPath: Paths.invalidFixtures + "/" + fixture))
        try await HostileInputTests.expectRefused(fixture, contents: [UInt8](contents)) { _ in
            "yaml-billion-laughs.yaml:10:6: error: aliases expand this document to more than 10000000 nodes (a 'billion laughs' document?); refusing to read it\n"
        }
    }

    /// No file at all: no position exists, so the message has none.
    @Test func aSpecThatDoesNotExist() async throws {
        try await HostileInputTests.expectRefused("does-not-exist.yaml", contents: nil) { _ in
            "error: spec file 'does-not-exist.yaml' not found\n"
        }
    }

    /// A folder where the spec should be.
    @Test func aSpecThatIsAFolder() async throws {
        let folder = TemporaryFolder("hostile")
        try FileManager.default.createDirectory(atPath: folder.file("spec.yaml"), withIntermediateDirectories: true)
        let run = try await CLI.run(["generate", "--spec", "spec.yaml", "--output", "out", "--module", "Broken"], in: folder.path)
        #expect(run.transcript == "exit: 1\nerror: cannot read 'spec.yaml': it is a folder, not a file\n", "\(run)")
        #expect(!FileManager.default.fileExists(atPath: folder.file("out")))
    }
}
