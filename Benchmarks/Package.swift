// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks, kept out of the main package so CI never builds ordo-one/benchmark.
// Run from this directory:  swift package benchmark
//
// Uses the main package's library products HoldoutPhysics, HoldoutProtocol and HoldoutLeakage.
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
            name: "VlasovStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutPhysics", package: "Holdout"),
            ],
            path: "Benchmarks/VlasovStep",
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
        .executableTarget(
            name: "NS2DStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutPhysics", package: "Holdout"),
            ],
            path: "Benchmarks/NS2DStep",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "QGStep",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutPhysics", package: "Holdout"),
            ],
            path: "Benchmarks/QGStep",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        .executableTarget(
            name: "L96Step",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutPhysics", package: "Holdout"),
            ],
            path: "Benchmarks/L96Step",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
        // Not a benchmark: a command-line integrator for the jax-cfd accuracy comparison.
        .executableTarget(
            name: "NS2DAccuracy",
            dependencies: [.product(name: "HoldoutPhysics", package: "Holdout")],
            path: "Tools/NS2DAccuracy"
        ),
        // Not a benchmark: the QG predictability measurement behind docs/qg.md (λ₁, decorrelation time).
        .executableTarget(
            name: "QGMeasure",
            dependencies: [.product(name: "HoldoutPhysics", package: "Holdout")],
            path: "Tools/QGMeasure"
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
        .executableTarget(
            name: "NearDuplicates",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutLeakage", package: "Holdout"),
            ],
            path: "Benchmarks/NearDuplicates",
            plugins: [
                .plugin(name: "BenchmarkPlugin", package: "benchmark"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)
