// swift-tools-version:6.2
// An app that consumes oasgen the second way: running the build-tool plugin on its own spec.
import PackageDescription

let package = Package(
    name: "CanaryDeployCLI",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "oasgen", path: "../.."),
    ],
    targets: [
        // Holds openapi.yaml and oasgen.yaml; the plugin generates Models.swift and Client.swift.
        .target(
            name: "CanaryDeployAPI",
            dependencies: [.product(name: "OASGenRuntime", package: "oasgen")],
            exclude: ["openapi.yaml", "oasgen.yaml"],
            plugins: [.plugin(name: "OASGenBuildPlugin", package: "oasgen")]
        ),
        .executableTarget(name: "canary-deploy", dependencies: ["CanaryDeployAPI"]),
    ]
)
