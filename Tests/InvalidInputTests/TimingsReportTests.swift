import Foundation
import TestSupport
import Testing

/// `--timings`, through the real CLI.
@Suite("CLI: --timings reports every stage")
struct TimingsReportTests {
    @Test func timingsNameEveryStageAndTheMostMemoryEachHeld() async throws {
        let folder = try BuildFaultTests.telnyxFolder()
        let run = try await BuildFaultTests.generate(output: "out", in: folder, extra: ["--timings", "--quiet"])
        #expect(run.ending == .exit(0), "\(run)")
        let lines = run.stderr.split(separator: "\n").map(String.init)
        let timings = try #require(lines.first { $0.hasPrefix("timings: ") }, "\(run)")
        for stage in ["parse", "decode", "graph", "emit", "total"] {
            #expect(timings.contains(" \(stage) ") && timings.contains(" ms"), "\(timings)")
        }
        #if os(Linux)
        // Four figures, each a resident size a run can have: above the binary's few megabytes of
        // code, below a gigabyte.
        let memory = try #require(lines.first { $0.hasPrefix("peak memory") }, "\(run)")
        let figures = memory.components(separatedBy: " MB").dropLast().compactMap { Double($0.split(separator: " ").last ?? "") }
        #expect(figures.count == 4, "\(memory)")
        for figure in figures { #expect(figure > 1 && figure < 1024, "\(memory)") }
        #endif
    }
}
