import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The repository and the folders the suite reads.
enum Paths {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let invalidFixtures = repository + "/Tests/Fixtures/Invalid"
    static let telnyxSpec = repository + "/specs/telnyx-canary.yaml"
}

/// `RECORD_GOLDENS=1 swift test` re-records the `.expected` files, as it does the goldens.
var recordingGoldens: Bool { ProcessInfo.processInfo.environment["RECORD_GOLDENS"] == "1" }

// MARK: - Running the CLI

/// How one run of the `oasgen` executable ended.
struct CLIRun: CustomStringConvertible, Sendable {
    enum Ending: Equatable, Sendable {
        case exit(Int32)
        case signal(Int32)
    }

    var ending: Ending
    var stdout: String
    var stderr: String
    var duration: Duration
    /// The run outlived its time limit and was killed by the harness.
    var timedOut = false

    /// What `.expected` files hold: the exit code, then stderr exactly.
    var transcript: String {
        switch ending {
        case .exit(let code): "exit: \(code)\n" + stderr
        case .signal(let signal): "signal: \(signal)\n" + stderr
        }
    }

    var description: String {
        "\(ending) after \(CLI.milliseconds(duration))\(timedOut ? " (timed out)" : "")\n--- stderr\n\(stderr)--- stdout\n\(stdout)"
    }
}

/// The real `oasgen` executable, run as a child process.
enum CLI {
    /// `oasgen` in the build products folder: the folder that holds the test bundle. Found
    /// from where this test binary actually is, so it works for any `--scratch-path` and any
    /// configuration; `OASGEN_EXECUTABLE` overrides it.
    static let executable: String? = {
        if let path = ProcessInfo.processInfo.environment["OASGEN_EXECUTABLE"] { return path }
        // Folders to look in, and up from (at most three levels).
        var folders: [URL] = []
        // Linux: the test runner is the `.xctest` executable itself, in the products folder.
        folders.append(URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent())
        // macOS: `xctest` or `swiftpm-testing-helper` loads `<products>/X.xctest`.
        folders += Bundle.allBundles.map(\.bundleURL).filter { $0.pathExtension == "xctest" }.map { $0.deletingLastPathComponent() }
        if let main = Bundle.main.executableURL { folders.append(main.resolvingSymlinksInPath().deletingLastPathComponent()) }
        folders.append(Bundle.main.bundleURL)
        for start in folders {
            // `<products>/X.xctest/Contents/MacOS` is three levels below `<products>`.
            var folder = start
            for _ in 0..<4 {
                let candidate = folder.appendingPathComponent("oasgen").path
                if isExecutableFile(candidate) { return candidate }
                folder = folder.deletingLastPathComponent()
            }
        }
        return nil
    }()

    private static func isExecutableFile(_ path: String) -> Bool {
        var status = stat()
        return stat(path, &status) == 0 && (status.st_mode & S_IFMT) == S_IFREG && access(path, X_OK) == 0
    }

    /// Runs `oasgen arguments...` with `directory` as its working directory and waits for it.
    /// stdout and stderr go to files, so a chatty child can never block on a full pipe.
    /// - Parameters:
    ///   - killAfter: send SIGKILL after this long (if the run is still going).
    ///   - timeout: a hung run is killed after this long and reported as timed out.
    ///   - trigger: count `killAfter` from the moment this first returns true (polled every
    ///     0.1 ms) rather than from the start.
    static func run(
        _ arguments: [String], in directory: String, killAfter: Duration? = nil, from trigger: (@Sendable () -> Bool)? = nil,
        timeout: Duration = .seconds(120)
    ) async throws -> CLIRun {
        let process = try start(arguments, in: directory)
        return try await finish(process, killAfter: killAfter, from: trigger, timeout: timeout)
    }

    /// A started child whose output is being captured. Only the thread that waits for it
    /// touches the process.
    struct Started: @unchecked Sendable {
        let process: Process
        let outputFolder: String
        let began: ContinuousClock.Instant
    }

    static func start(_ arguments: [String], in directory: String) throws -> Started {
        guard let executable else {
            throw CLIError("oasgen executable not found next to the test bundle; build with --build-tests, or set OASGEN_EXECUTABLE")
        }
        let outputFolder = NSTemporaryDirectory() + "oasgen-cli-output-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: outputFolder, withIntermediateDirectories: true)
        for name in ["stdout", "stderr"] where !FileManager.default.createFile(atPath: outputFolder + "/" + name, contents: nil) {
            throw CLIError("cannot create \(outputFolder)/\(name)")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: directory)
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: outputFolder + "/stdout")
        process.standardError = FileHandle(forWritingAtPath: outputFolder + "/stderr")
        let began = ContinuousClock.now
        try process.run()
        return Started(process: process, outputFolder: outputFolder, began: began)
    }

    /// Waits for the child on a thread of its own. The wait polls and sleeps; on the few
    /// threads that every async test shares (two on a two-core machine) it would stall the
    /// timing-sensitive tests running beside it.
    static func finish(
        _ started: Started, killAfter: Duration? = nil, from trigger: (@Sendable () -> Bool)? = nil, timeout: Duration = .seconds(120)
    ) async throws -> CLIRun {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result { try waitFor(started, killAfter: killAfter, from: trigger, timeout: timeout) })
            }.start()
        }
    }

    private static func waitFor(
        _ started: Started, killAfter: Duration?, from trigger: (@Sendable () -> Bool)?, timeout: Duration
    ) throws -> CLIRun {
        let process = started.process
        var timedOut = false
        if let killAfter {
            var origin = started.began
            if let trigger {
                while process.isRunning, !trigger(), ContinuousClock.now < started.began + timeout { usleep(100) }
                origin = .now
            }
            sleep(until: origin + killAfter, while: process)
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        }
        sleep(until: started.began + timeout, while: process)
        if process.isRunning {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
        }
        process.waitUntilExit()
        let duration = ContinuousClock.now - started.began
        defer { try? FileManager.default.removeItem(atPath: started.outputFolder) }
        let stdout = (try? String(contentsOfFile: started.outputFolder + "/stdout", encoding: .utf8)) ?? "<stdout is not UTF-8>"
        let stderr = (try? String(contentsOfFile: started.outputFolder + "/stderr", encoding: .utf8)) ?? "<stderr is not UTF-8>"
        let ending: CLIRun.Ending =
            process.terminationReason == .uncaughtSignal ? .signal(process.terminationStatus) : .exit(process.terminationStatus)
        return CLIRun(ending: ending, stdout: stdout, stderr: stderr, duration: duration, timedOut: timedOut)
    }

    /// Polls rather than blocks, so a deadline can interrupt the wait.
    private static func sleep(until deadline: ContinuousClock.Instant, while process: Process) {
        while process.isRunning, ContinuousClock.now < deadline {
            usleep(min(1_000, UInt32(max(0, (deadline - .now) / .microseconds(1)))))
        }
    }

    static func milliseconds(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        return String(format: "%.0f ms", Double(seconds) * 1000 + Double(attoseconds) / 1e15)
    }
}

struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

// MARK: - Folders

/// A fresh temporary folder, removed when the value is released.
final class TemporaryFolder {
    let path: String

    init(_ label: String = "test") {
        path = NSTemporaryDirectory() + "oasgen-invalid-\(label)-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { (path as NSString).appendingPathComponent(name) }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: URL(fileURLWithPath: file(name)))
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }
}

/// Everything in a folder that a run could change: every entry's kind, bytes and modification
/// time (to the nanosecond), by path relative to the folder.
struct FolderSnapshot: Equatable {
    struct Entry: Equatable, Sendable {
        var isDirectory: Bool
        var bytes: [UInt8]
        var modifiedSeconds: Int
        var modifiedNanoseconds: Int
    }

    var entries: [String: Entry]

    /// nil when `path` does not exist.
    static func take(_ path: String) -> FolderSnapshot? {
        guard let root = entry(path) else { return nil }
        var entries = [".": root]
        for name in FileManager.default.subpaths(atPath: path) ?? [] {
            entries[name] = entry((path as NSString).appendingPathComponent(name))
        }
        return FolderSnapshot(entries: entries)
    }

    /// One file or folder (not following symbolic links), or nil when it does not exist. A
    /// folder's modification time moves whenever a file is created in it.
    static func entry(_ path: String) -> Entry? {
        var status = stat()
        guard lstat(path, &status) == 0 else { return nil }
        let isDirectory = (status.st_mode & S_IFMT) == S_IFDIR
        #if canImport(Darwin)
        let modified = status.st_mtimespec
        #else
        let modified = status.st_mtim
        #endif
        return Entry(
            isDirectory: isDirectory, bytes: isDirectory ? [] : [UInt8](FileManager.default.contents(atPath: path) ?? Data()),
            modifiedSeconds: Int(modified.tv_sec), modifiedNanoseconds: Int(modified.tv_nsec))
    }

    /// Only the top-level `.swift` files' bytes, by name: what generated output is compared on.
    var swiftFiles: [String: [UInt8]] {
        entries.filter { $0.key.hasSuffix(".swift") && !$0.key.contains("/") && !$0.value.isDirectory }.mapValues(\.bytes)
    }

    /// What changed from `self` to `other`, one line per entry; empty when nothing did.
    func differences(to other: FolderSnapshot?) -> [String] {
        guard let other else { return ["the folder was removed"] }
        var lines: [String] = []
        for name in Set(entries.keys).union(other.entries.keys).sorted() {
            switch (entries[name], other.entries[name]) {
            case (nil, _?): lines.append("\(name): created")
            case (_?, nil): lines.append("\(name): removed")
            case let (before?, after?):
                if before.isDirectory != after.isDirectory { lines.append("\(name): changed kind") }
                if before.bytes != after.bytes { lines.append("\(name): bytes changed (\(before.bytes.count) → \(after.bytes.count) bytes)") }
                if (before.modifiedSeconds, before.modifiedNanoseconds) != (after.modifiedSeconds, after.modifiedNanoseconds) {
                    lines.append("\(name): modification time changed (\(before.modifiedSeconds).\(before.modifiedNanoseconds) → \(after.modifiedSeconds).\(after.modifiedNanoseconds))")
                }
            case (nil, nil): break
            }
        }
        return lines
    }
}

/// How `files` differ from `reference` (name → bytes), one short line per file, so a failure
/// never prints whole files.
func filesDiffering(_ files: [String: [UInt8]], from reference: [String: [UInt8]]) -> [String] {
    Set(files.keys).union(reference.keys).sorted().compactMap { name in
        switch (files[name], reference[name]) {
        case (nil, _?): "\(name): missing"
        case (_?, nil): "\(name): not expected"
        case let (bytes?, expected?) where bytes != expected: "\(name): \(bytes.count) bytes differ from the expected \(expected.count)"
        default: nil
        }
    }
}

/// A fixed past date for modification times: a rewrite, even of the same bytes, would move it.
let pastDate = Date(timeIntervalSince1970: 1_000_000_000)

/// Sets the modification time of every file in `folder` (top level) to `pastDate`.
func backdateFiles(in folder: String) throws {
    for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
        try FileManager.default.setAttributes([.modificationDate: pastDate], ofItemAtPath: (folder as NSString).appendingPathComponent(name))
    }
}
