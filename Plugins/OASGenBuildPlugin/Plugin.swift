import Foundation
import PackagePlugin

/// Generates models and a client at build time for a target that holds an `oasgen.yaml` and the
/// spec it names.
///
/// The generated files go to the plugin's work folder, never into the target. Every YAML, JSON
/// and template file in the target is an input, so SwiftPM reruns the generator exactly when one
/// of them changes; and since the generator leaves unchanged files untouched, the module is only
/// recompiled when the generated code really changed.
@main
struct OASGenBuildPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let directory = target.directoryURL
        let config = directory.appending(path: "oasgen.yaml")
        guard FileManager.default.fileExists(atPath: config.path()) else {
            Diagnostics.error("target '\(target.name)' uses OASGenBuildPlugin but has no oasgen.yaml; add one naming the spec (see the oasgen README)")
            return []
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "GeneratedSources")
        return [
            .buildCommand(
                displayName: "Generating OpenAPI client for \(target.name)",
                executable: try context.tool(named: "oasgen").url,
                arguments: [
                    "generate", config.path(), "--output", output.path(), "--module", target.moduleName,
                    "--fixed-layout", "--absolute-paths", "--quiet",
                ],
                inputFiles: inputs(in: directory),
                outputFiles: ["Models.swift", "Client.swift"].map { output.appending(path: $0) })
        ]
    }

    /// The config, the spec, files the spec references and user templates: YAML, JSON and Mustache.
    private func inputs(in directory: URL) -> [URL] {
        let extensions: Set<String> = ["yaml", "yml", "json", "mustache"]
        guard let walker = FileManager.default.enumerator(at: directory, includingPropertiesForKeys: nil) else { return [] }
        var files: [URL] = []
        for case let url as URL in walker where extensions.contains(url.pathExtension.lowercased()) {
            files.append(url)
        }
        return files.sorted { $0.path() < $1.path() }
    }
}
