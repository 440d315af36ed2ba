// swift-tools-version:6.2
// The benchmark lives in its own package so that building and testing oasgen never builds it.
//
//   cd Benchmarks && swift run -c release oasgen-benchmark
import PackageDescription

let package = Package(
    name: "oasgen-benchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "oasgen", path: "..")],
    targets: [
        // libyaml on its own: the parse-only floor every other figure is compared with.
        .systemLibrary(name: "CLibYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]),
        .executableTarget(
            name: "oasgen-benchmark",
            dependencies: ["CLibYAML", .product(name: "OASGenGenerator", package: "oasgen")]
        ),
    ]
)
