import Diagnostics
import Emitters
import Foundation
import Templating
import Testing

@testable import GeneratorCore

/// A fresh temporary folder per test, removed when the test is done with it.
final class TemporaryFolder {
    let path: String

    init() {
        path = NSTemporaryDirectory() + "oasgen-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func read(_ name: String) -> String? { try? String(contentsOfFile: file(name), encoding: .utf8) }

    func modificationDate(_ name: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: file(name)))?[.modificationDate] as? Date
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

let header = FileWriter.generatedMarker + " from test.yaml.\n"

@Suite("File writer")
struct FileWriterTests {
    @Test func writesFilesAndCreatesTheFolder() throws {
        let folder = TemporaryFolder()
        let output = folder.file("out/nested")
        let report = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: output)
        #expect(report.written == ["A.swift"])
        #expect(try String(contentsOfFile: output + "/A.swift", encoding: .utf8) == header + "a")
    }

    /// Files larger than one comparison piece: equal, different in the last piece only, in the
    /// middle, and in the first byte.
    @Test func comparisonFindsADifferenceInAnyPiece() throws {
        let folder = TemporaryFolder()
        let size = FileWriter.comparisonPieceSize * 3 + 17
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 / 7) }
        let path = folder.file("big.swift")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(FileWriter.file(path, holds: bytes))
        for position in [size - 1, size - 17, FileWriter.comparisonPieceSize * 2 - 1, FileWriter.comparisonPieceSize, 0] {
            var changed = bytes
            changed[position] ^= 1
            #expect(!FileWriter.file(path, holds: changed), "a change at byte \(position) went unseen")
        }
        #expect(!FileWriter.file(path, holds: bytes.dropLast().map { $0 }))
        #expect(!FileWriter.file(path, holds: bytes + [0]))
    }

    /// Rendered text arrives in chunks that split it elsewhere than the comparison's pieces do.
    @Test func comparisonReadsAcrossChunks() throws {
        let folder = TemporaryFolder()
        let size = FileWriter.comparisonPieceSize * 2 + ChunkedText.chunkCapacity / 2 + 5
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 13 &+ $0 >> 11) }
        func chunked(_ bytes: [UInt8]) -> ChunkedText {
            var text = ChunkedText()
            var offset = 0
            for piece in [7, 50_000, 70_000] + Array(repeating: 9_999, count: size / 9_999 + 1) where offset < bytes.count {
                let end = min(bytes.count, offset + piece)
                bytes[offset..<end].withUnsafeBufferPointer { text.append($0) }
                offset = end
            }
            return text
        }
        let path = folder.file("big.swift")
        #expect(FileManager.default.createFile(atPath: path, contents: Data(bytes)))
        #expect(chunked(bytes).chunks.count >= 3)
        #expect(FileWriter.file(path, holds: chunked(bytes)))
        for position in [0, 7, 50_006, 50_007, FileWriter.comparisonPieceSize, size - 1] {
            var changed = bytes
            changed[position] ^= 1
            #expect(!FileWriter.file(path, holds: chunked(changed)), "a change at byte \(position) went unseen")
        }
        let report = try FileWriter().write([GeneratedFile(path: "big.swift", text: chunked(bytes))], to: folder.path)
        #expect(report.unchanged == ["big.swift"])
        var changed = bytes
        changed[size / 2] ^= 1
        _ = try FileWriter().write([GeneratedFile(path: "big.swift", text: chunked(changed))], to: folder.path)
        #expect(FileManager.default.contents(atPath: path) == Data(changed))
    }

    @Test func unchangedFilesKeepTheirModificationTime() throws {
        let folder = TemporaryFolder()
        let files = [GeneratedFile(path: "A.swift", contents: header + "a"), GeneratedFile(path: "B.swift", contents: header + "b")]
        _ = try FileWriter().write(files, to: folder.path)
        let past = Date(timeIntervalSince1970: 1_000_000)
        try FileManager.default.setAttributes([.modificationDate: past], ofItemAtPath: folder.file("A.swift"))
        let report = try FileWriter().write(files, to: folder.path)
        #expect(report.written.isEmpty)
        #expect(report.unchanged == ["A.swift", "B.swift"])
        #expect(folder.modificationDate("A.swift") == past)
    }

    @Test func onlyChangedFilesAreRewritten() throws {
        let folder = TemporaryFolder()
        _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a"), GeneratedFile(path: "B.swift", contents: header + "b")], to: folder.path)
        let report = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a"), GeneratedFile(path: "B.swift", contents: header + "B")], to: folder.path)
        #expect(report.written == ["B.swift"])
        #expect(folder.read("B.swift") == header + "B")
    }

    @Test func staleGeneratedFilesAreRemovedButNothingElse() throws {
        let folder = TemporaryFolder()
        try (header + "old").write(toFile: folder.file("Old.swift"), atomically: true, encoding: .utf8)
        try "// Handwritten.\n".write(toFile: folder.file("Mine.swift"), atomically: true, encoding: .utf8)
        try "notes".write(toFile: folder.file("README.md"), atomically: true, encoding: .utf8)
        let report = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: folder.path)
        #expect(report.removed == ["Old.swift"])
        #expect(folder.read("Mine.swift") == "// Handwritten.\n")
        #expect(folder.read("README.md") == "notes")
    }

    @Test func checkModeReportsStaleOutputAndWritesNothing() throws {
        let folder = TemporaryFolder()
        _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: folder.path)
        let report = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "changed"), GeneratedFile(path: "B.swift", contents: header + "b")], to: folder.path, check: true)
        #expect(report.written == ["A.swift", "B.swift"])
        #expect(folder.read("A.swift") == header + "a")
        #expect(folder.read("B.swift") == nil)
        let clean = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: folder.path, check: true)
        #expect(clean.changed.isEmpty)
    }

    @Test func stagedFilesStayOutOfSightUntilCommitted() throws {
        let folder = TemporaryFolder()
        _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a"), GeneratedFile(path: "B.swift", contents: header + "b")], to: folder.path)
        let staging = try FileWriter.Staging(directory: folder.path)
        let staged = [
            try staging.stage(GeneratedFile(path: "A.swift", contents: header + "a")),
            try staging.stage(GeneratedFile(path: "B.swift", contents: header + "new")),
            try staging.stage(GeneratedFile(path: "C.swift", contents: header + "c")),
        ]
        #expect(staged.map(\.changed) == [false, true, true])
        // Written out, but under temporary names: the output is still the old one.
        #expect(folder.read("B.swift") == header + "b")
        #expect(folder.read("C.swift") == nil)
        let report = try staging.commit(staged)
        #expect(report.written == ["B.swift", "C.swift"])
        #expect(report.unchanged == ["A.swift"])
        #expect(folder.read("B.swift") == header + "new")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted() == ["A.swift", "B.swift", "C.swift"])
    }

    @Test func aDiscardedRunLeavesTheOutputAsItWas() throws {
        let folder = TemporaryFolder()
        _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: folder.path)
        let staging = try FileWriter.Staging(directory: folder.path)
        _ = try staging.stage(GeneratedFile(path: "A.swift", contents: header + "changed"))
        _ = try staging.stage(GeneratedFile(path: "B.swift", contents: header + "b"))
        staging.discard()
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.path) == ["A.swift"])
        #expect(folder.read("A.swift") == header + "a")

        // A folder the run created goes again; the lock is free for the next run.
        let fresh = folder.file("fresh/out")
        let first = try FileWriter.Staging(directory: fresh)
        _ = try first.stage(GeneratedFile(path: "A.swift", contents: header + "a"))
        first.discard()
        #expect(!FileManager.default.fileExists(atPath: fresh))
        #expect(try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: fresh).written == ["A.swift"])
    }

    @Test func leftoverTemporaryFilesFromAKilledRunAreCleanedUp() throws {
        let folder = TemporaryFolder()
        try "half".write(toFile: folder.file(".oasgen-AbC123.tmp"), atomically: true, encoding: .utf8)
        _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: folder.path)
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(names == ["A.swift"])
    }

    @Test func anUnwritableFolderIsAClearError() throws {
        let folder = TemporaryFolder()
        try "not a folder".write(toFile: folder.file("out"), atomically: true, encoding: .utf8)
        #expect {
            _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: "a")], to: folder.file("out"))
        } throws: { error in
            (error as? DiagnosticsError)?.description.contains("it is a file, not a folder") == true
        }
    }

    @Test func concurrentRunsOnOneFolderLeaveWholeFiles() async throws {
        let folder = TemporaryFolder()
        let path = folder.path
        let big = String(repeating: "x", count: 1 << 20)
        // Many writers, two contents: whatever wins, each file is exactly one of them.
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<16 {
                group.addTask {
                    let contents = header + (index.isMultiple(of: 2) ? "even" : "odd") + big
                    _ = try? FileWriter().write([GeneratedFile(path: "A.swift", contents: contents), GeneratedFile(path: "B.swift", contents: contents)], to: path)
                }
            }
        }
        let a = try #require(folder.read("A.swift"))
        #expect(a == header + "even" + big || a == header + "odd" + big)
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        #expect(names == ["A.swift", "B.swift"])
    }

    @Test func aRunLeavesNoLockFileBehind() throws {
        let folder = TemporaryFolder()
        _ = try FileWriter().write([GeneratedFile(path: "A.swift", contents: header + "a")], to: folder.path)
        #expect(folder.read("A.swift") == header + "a")
        #expect(!FileManager.default.fileExists(atPath: FileLock.path(for: folder.path)))
    }

    /// A run that opened the lock file and waited while the holder removed it must not keep
    /// the lock on that unlinked file: a later run would create a new one and get in too.
    @Test func aRunThatWaitedLocksTheFileThePathNames() throws {
        let folder = TemporaryFolder()
        let path = folder.path
        let first = try FileLock(for: path)
        let acquired = DispatchSemaphore(value: 0)
        let done = DispatchSemaphore(value: 0)
        let count = LockedCounts()
        DispatchQueue.global().async {
            let second = try? FileLock(for: path)
            if second == nil { count.update { $0.failures += 1 } }
            acquired.signal()
            done.wait()
            second?.unlock()
        }
        // Time for the second run to open the file and wait for it.
        usleep(100_000)
        first.unlock()
        acquired.wait()
        let linked = FileManager.default.fileExists(atPath: FileLock.path(for: path))
        done.signal()
        #expect(linked)
        #expect(count.update().failures == 0)
    }

    /// The lock file is removed on unlock, so a waiting run may hold a file no longer linked:
    /// it must start again, or two runs would be inside at once.
    @Test func theLockLetsOneRunInAtATime() throws {
        let folder = TemporaryFolder()
        let path = folder.path
        let count = LockedCounts()
        DispatchQueue.concurrentPerform(iterations: 64) { _ in
            guard let lock = try? FileLock(for: path) else {
                count.update { $0.failures += 1 }
                return
            }
            count.update {
                $0.inside += 1
                if $0.inside > 1 { $0.overlaps += 1 }
            }
            usleep(200)
            count.update { $0.inside -= 1 }
            lock.unlock()
        }
        #expect(count.update() == LockedCounts.Counts(inside: 0, overlaps: 0, failures: 0))
        #expect(!FileManager.default.fileExists(atPath: FileLock.path(for: path)))
    }
}

/// Counts that threads update under a lock.
private final class LockedCounts: @unchecked Sendable {
    struct Counts: Equatable {
        var inside = 0
        var overlaps = 0
        var failures = 0
    }

    private let lock = NSLock()
    private var counts = Counts()

    @discardableResult
    func update(_ change: (inout Counts) -> Void = { _ in }) -> Counts {
        lock.withLock {
            change(&counts)
            return counts
        }
    }
}
