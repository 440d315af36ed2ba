// swift-tools-version:6.2
// oasgen: an OpenAPI 3.0/3.1 → Swift generator built like a small compiler.
//
// Pipeline (one module per stage, each with one job):
//   CYAML → YAMLReader → OpenAPIDocument → SchemaGraph → Emitters (+ Templating) → GeneratorCore → oasgen CLI
//                                                                                                  ↳ plugins
// Generated code depends only on OASGenRuntime.
import PackageDescription

/// Generated API modules must compile without a single warning under Swift 6.
let generatedCodeSettings: [SwiftSetting] = [.treatAllWarnings(as: .error)]

/// One-feature golden fixtures: folder under Tests/Fixtures/Features → module name.
let featureFixtures: [(String, String)] = [
    ("additional-properties", "FeatureAdditionalProperties"), ("composition", "FeatureComposition"),
    ("constraints", "FeatureConstraints"), ("enums", "FeatureEnums"), ("nullability", "FeatureNullability"),
    ("operations", "FeatureOperations"), ("recursion", "FeatureRecursion"), ("unions", "FeatureUnions"),
]

let package = Package(
    name: "oasgen",
    platforms: [.macOS(.v14), .iOS(.v17), .tvOS(.v17), .watchOS(.v10), .visionOS(.v1)],
    products: [
        .executable(name: "oasgen", targets: ["oasgen"]),
        .library(name: "OASGenRuntime", targets: ["OASGenRuntime"]),
        // The generator as a library (the pipeline without the CLI), e.g. for the benchmark.
        .library(name: "OASGenGenerator", targets: ["GeneratorCore"]),
        .library(name: "TelnyxAI", targets: ["TelnyxAI"]),
        .library(name: "ElevenLabsAgents", targets: ["ElevenLabsAgents"]),
        .plugin(name: "OASGenBuildPlugin", targets: ["OASGenBuildPlugin"]),
        .plugin(name: "GenerateCode", targets: ["GenerateCode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", from: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", from: "1.4.0"),
        .package(url: "https://github.com/apple/swift-system", from: "1.8.1"),
        // Tests only: the loopback HTTP server that generated clients talk to.
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // MARK: Stage 0: libyaml, linked from the system.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),

        // MARK: Shared vocabulary: source locations and compiler-style diagnostics.
        .target(name: "Diagnostics"),
        // Independent work spread over every core, results kept in order (parsing, emission).
        .target(name: "Parallelism"),
        // glibc's malloc.h, for the allocator settings (see GeneratorCore/Allocator.swift).
        .systemLibrary(name: "CAllocator"),

        // MARK: Stage 1: libyaml events → compact tree of located nodes.
        .target(name: "YAMLReader", dependencies: ["CYAML", "Diagnostics", "Parallelism"]),

        // MARK: Stage 2: located nodes → typed OpenAPI 3.0/3.1 document model.
        .target(
            name: "OpenAPIDocument",
            dependencies: [
                "YAMLReader", "Diagnostics",
                .product(name: "OrderedCollections", package: "swift-collections"),
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // MARK: Stage 3: document model → schema graph (IR): refs resolved, cycles found, names allocated.
        .target(
            name: "SchemaGraph",
            dependencies: [
                "OpenAPIDocument", "YAMLReader", "Diagnostics", "Parallelism",
                .product(name: "OrderedCollections", package: "swift-collections"),
            ]
        ),

        // MARK: Stage 4: the template renderer and the emitters (the generator's extension point).
        .target(name: "Templating", dependencies: ["Diagnostics"]),
        .target(
            name: "BuiltinTemplates",
            path: "Templates",
            exclude: ["README.md"],
            resources: [.embedInCode("Swift")]
        ),
        .target(
            name: "Emitters",
            dependencies: ["SchemaGraph", "Templating", "BuiltinTemplates", "Diagnostics", "Parallelism"]
        ),

        // MARK: Stage 5: configuration, the pipeline and atomic file writing.
        .target(
            name: "GeneratorCore",
            dependencies: [
                "YAMLReader", "OpenAPIDocument", "SchemaGraph", "Emitters", "Templating", "BuiltinTemplates",
                "Diagnostics", "Parallelism", "CAllocator",
                .product(name: "SystemPackage", package: "swift-system"),
            ]
        ),

        // MARK: Stage 6: the CLI and the two SwiftPM plugins that wrap it.
        .executableTarget(
            name: "oasgen",
            dependencies: [
                "GeneratorCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .plugin(
            name: "OASGenBuildPlugin",
            capability: .buildTool(),
            dependencies: ["oasgen"]
        ),
        .plugin(
            name: "GenerateCode",
            capability: .command(
                intent: .custom(verb: "generate-code", description: "Regenerate the committed Generated/ sources from specs/"),
                permissions: [.writeToPackageDirectory(reason: "Rewrites the committed Generated/ sources")]
            ),
            dependencies: ["oasgen"]
        ),

        // MARK: Runtime used by generated code.
        .target(
            name: "OASGenRuntime",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),

        // MARK: The bundled APIs, generated from specs/ and committed.
        .target(name: "TelnyxAI", dependencies: ["OASGenRuntime"], path: "Generated/TelnyxAI", swiftSettings: generatedCodeSettings),
        .target(name: "ElevenLabsAgents", dependencies: ["OASGenRuntime"], path: "Generated/ElevenLabsAgents", swiftSettings: generatedCodeSettings),

        // MARK: Tests

        // Golden fixtures compile as modules of their own: proof they build without warnings,
        // and something for behaviour tests to import.
        .target(name: "HostileAPI", dependencies: ["OASGenRuntime"], path: "Tests/Fixtures/Hostile/Generated", swiftSettings: generatedCodeSettings),
    ] + featureFixtures.map { folder, module in
        .target(name: module, dependencies: ["OASGenRuntime"], path: "Tests/Fixtures/Features/\(folder)/Expected", swiftSettings: generatedCodeSettings)
    } + [
        .target(
            name: "LoopbackServer",
            dependencies: [
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/Support/LoopbackServer"
        ),
        .testTarget(name: "ParallelismTests", dependencies: ["Parallelism"]),
        .testTarget(name: "YAMLReaderTests", dependencies: ["YAMLReader"]),
        .testTarget(name: "OpenAPIDocumentTests", dependencies: ["OpenAPIDocument", "YAMLReader"]),
        .testTarget(name: "SchemaGraphTests", dependencies: ["SchemaGraph", "OpenAPIDocument", "YAMLReader"]),
        .testTarget(name: "TemplatingTests", dependencies: ["Templating"]),
        .testTarget(name: "EmittersTests", dependencies: ["Emitters"]),
        .testTarget(name: "GeneratorCoreTests", dependencies: ["GeneratorCore", "Emitters", "Templating", "Diagnostics"]),
        .target(name: "TestSupport", path: "Tests/Support/TestSupport"),
        .testTarget(name: "GoldenTests", dependencies: ["GeneratorCore", "Emitters", "Templating", "Diagnostics", "TestSupport"]),
        // Runs the real CLI on broken specs: clear diagnostics, no crash, nothing written or lost.
        .testTarget(name: "InvalidInputTests", dependencies: ["oasgen", "GeneratorCore", "Diagnostics", "TestSupport"]),
        // The CLI's own reading of its arguments, against ArgumentParser's.
        .testTarget(
            name: "CLITests",
            dependencies: ["oasgen", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(
            name: "FixtureBehaviourTests",
            dependencies: ["OASGenRuntime", "HostileAPI", "TelnyxAI", "ElevenLabsAgents"] + featureFixtures.map { .target(name: $0.1) }
        ),
        // The committed clients, over real HTTP against the loopback server.
        .testTarget(
            name: "GeneratedClientTests",
            dependencies: [
                "TelnyxAI", "ElevenLabsAgents", "FeatureOperations", "OASGenRuntime", "LoopbackServer",
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .testTarget(
            name: "OASGenRuntimeTests",
            dependencies: [
                "OASGenRuntime", "LoopbackServer",
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
    ]
)
