import Foundation
import PackagePlugin

/// `swift package --allow-writing-to-package-directory generate-code [CONFIG...]`
///
/// Rewrites committed generated sources from their specs by running `oasgen generate` on the
/// given configuration files, or on every `specs/*.oasgen.yaml` of the package. Pass `--check`
/// to only report stale output.
@main
struct GenerateCode: CommandPlugin {
    func performCommand(context: PluginContext, arguments: [String]) async throws {
        let tool = try context.tool(named: "oasgen").url
        var configs = arguments.filter { !$0.hasPrefix("--") }
        let flags = arguments.filter { $0 == "--check" || $0 == "--timings" }
        if configs.isEmpty {
            let specs = context.package.directoryURL.appending(path: "specs")
            let names = (try? FileManager.default.contentsOfDirectory(atPath: specs.path())) ?? []
            configs = names.filter { $0.hasSuffix(".oasgen.yaml") }.sorted().map { specs.appending(path: $0).path() }
        }
        guard !configs.isEmpty else {
            Diagnostics.error("no configuration found: pass oasgen.yaml files, or add specs/*.oasgen.yaml")
            return
        }
        let process = Process()
        process.executableURL = tool
        process.arguments = ["generate"] + configs + flags + ["--absolute-paths"]
        process.currentDirectoryURL = context.package.directoryURL
        try process.run()
        process.waitUntilExit()
        if process.terminationStatus != 0 {
            Diagnostics.error("oasgen generate failed (exit code \(process.terminationStatus)); see the diagnostics above")
        }
    }
}
