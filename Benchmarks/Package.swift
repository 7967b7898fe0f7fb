// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks, kept out of the main package so CI never builds ordo-one/benchmark.
// Run from this directory:  swift package benchmark
//
// Needs the main package to export its numerical modules as a library product:
//   .library(name: "HoldoutPhysics", targets: ["Physics", "FourierTransforms"])
let package = Package(
    name: "HoldoutBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Holdout", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "BurgersStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutPhysics", package: "Holdout"),
            ],
            path: "Benchmarks/BurgersStep",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
