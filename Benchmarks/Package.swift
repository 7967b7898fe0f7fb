// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks, kept out of the main package so CI never builds ordo-one/benchmark.
// Run from this directory:  swift package benchmark
//
// Uses the main package's library products HoldoutPhysics and HoldoutProtocol.
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
        .executableTarget(
            name: "KSStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutPhysics", package: "Holdout"),
            ],
            path: "Benchmarks/KSStep",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        // Not a benchmark: prints a KS solution for the accuracy cross-check against exponax.
        .executableTarget(
            name: "KSCompare",
            dependencies: [.product(name: "HoldoutPhysics", package: "Holdout")],
            path: "Benchmarks/KSCompare"
        ),
        .executableTarget(
            name: "ProtocolThroughput",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutProtocol", package: "Holdout"),
            ],
            path: "Benchmarks/ProtocolThroughput",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
