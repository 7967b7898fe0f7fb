// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks, kept out of the main package so CI never builds ordo-one/benchmark.
// Run from this directory:  swift package benchmark
//
// Uses the main package's library products HoldoutPhysics, HoldoutProtocol, HoldoutLeakage and HoldoutScoring.
let package = Package(
    name: "HoldoutBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Holdout", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Solver set-ups shared by the 2-D benchmarks and ThreadSpeedup.
        .target(
            name: "SolverFixtures",
            dependencies: [.product(name: "HoldoutPhysics", package: "Holdout")],
            path: "Fixtures"
        ),
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
                "SolverFixtures",
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
                "SolverFixtures",
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
                "SolverFixtures",
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
        // Not a benchmark: interleaved one- vs two-thread timing of the 2-D solvers (shared machine).
        .executableTarget(
            name: "ThreadSpeedup",
            dependencies: [.product(name: "HoldoutPhysics", package: "Holdout"), "SolverFixtures"],
            path: "Tools/ThreadSpeedup"
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
            name: "FairCRPS",
            dependencies: [
                .product(name: "Benchmark", package: "benchmark"),
                .product(name: "HoldoutScoring", package: "Holdout"),
            ],
            path: "Benchmarks/FairCRPS",
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
