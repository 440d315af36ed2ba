import ArgumentParser
import Testing

@testable import oasgen

/// `oasgen generate` reads its usual arguments itself, without ArgumentParser (`OASGen.main()`):
/// what it reads must be exactly what ArgumentParser would have, and whatever it does not read
/// plainly must be left to ArgumentParser.
@Suite("Plain generate arguments")
struct PlainArgumentsTests {
    /// Every property of the command, as text; a property neither parsed nor set reads as its
    /// definition (`Option(*definition*)`), so one the plain reader forgets shows here.
    private func properties(_ command: Generate) -> [String] {
        Mirror(reflecting: command).children.map { "\($0.label ?? "?") = \($0.value)" }
    }

    @Test(arguments: [
        [],
        ["generate"],
        ["generate", "a.oasgen.yaml"],
        ["a.oasgen.yaml", "b.oasgen.yaml", "--check"],
        ["generate", "--spec", "api.yaml", "--output", "Out", "--module", "API", "-q", "--timings"],
        ["--config", "a.yaml", "--config", "b.yaml", "c.yaml", "--model-files", "4", "--fixed-layout", "--absolute-paths", "--quiet"],
        ["--spec", "s.yaml", "first.yaml", "--output", "o", "second.yaml", "--module", "M"],
        ["generate", "--model-files", "+3", "x.yaml"],
        ["generate", "--spec", "", "--module", "with space"],
        ["generate", "", "x.yaml"],
    ])
    func readsWhatArgumentParserReads(_ arguments: [String]) throws {
        let plain = try #require(Generate.plain(arguments))
        let parsed = try #require(try OASGen.parseAsRoot(arguments) as? Generate)
        #expect(properties(plain) == properties(parsed))
        #expect(!properties(plain).contains { $0.contains("*definition*") })
    }

    /// Help, the other subcommands, spellings the reader does not know and mistakes: all
    /// ArgumentParser's, which also reports the errors.
    @Test(arguments: [
        ["--help"], ["-h"], ["help"], ["--version"], ["generate", "--help"],
        ["validate", "api.yaml"], ["graph", "api.yaml"], ["help", "generate"],
        ["generate", "--spec=api.yaml"], ["--spec"], ["--spec", "--output", "o"], ["--spec", "-"],
        ["--spec", "a.yaml", "--spec", "b.yaml"], ["--check", "--check"], ["-q", "--quiet"], ["-qq"],
        ["--model-files", "many"], ["--model-files"], ["--unknown"], ["generate", "--", "x.yaml"],
    ])
    func leavesEverythingElseToArgumentParser(_ arguments: [String]) {
        #expect(Generate.plain(arguments) == nil)
    }
}
