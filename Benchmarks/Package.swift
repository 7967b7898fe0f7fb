// swift-tools-version: 6.1
import PackageDescription

// Performance benchmarks, kept out of the main package so CI never builds ordo-one/benchmark.
// Run from this directory:  swift package benchmark
//
// Uses the main package's library products HoldoutPhysics, HoldoutProtocol, HoldoutLeakage and HoldoutScoring.

/// A benchmark executable in Benchmarks/<name>, run by the benchmark plugin, using `product` of
/// the main package (and the shared solver fixtures when asked).
func benchmark(_ name: String, using product: String = "HoldoutPhysics", fixtures: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "Benchmark", package: "benchmark"), .product(name: product, package: "Holdout")]
            + (fixtures ? ["SolverFixtures"] : []),
        path: "Benchmarks/\(name)",
        plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
    )
}

/// A command-line tool (not a benchmark) in `path`, on the solvers.
func tool(_ name: String, path: String, fixtures: Bool = false) -> Target {
    .executableTarget(
        name: name,
        dependencies: [.product(name: "HoldoutPhysics", package: "Holdout")] + (fixtures ? ["SolverFixtures"] : []),
        path: path
    )
}

let package = Package(
    name: "HoldoutBenchmarks",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "Holdout", path: ".."),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // Solver set-ups and the FFT-only workload shared by the 2-D benchmarks and ThreadSpeedup.
        .target(
            name: "SolverFixtures",
            dependencies: [.product(name: "HoldoutPhysics", package: "Holdout")],
            path: "Fixtures"
        ),
        benchmark("BurgersStep"),
        benchmark("VlasovStep", fixtures: true),
        benchmark("KSStep"),
        benchmark("NS2DStep", fixtures: true),
        benchmark("QGStep", fixtures: true),
        benchmark("L96Step"),
        benchmark("ProtocolThroughput", using: "HoldoutProtocol"),
        benchmark("FairCRPS", using: "HoldoutScoring"),
        benchmark("NearDuplicates", using: "HoldoutLeakage"),
        // The accuracy cross-check against jax-cfd: a command-line integrator.
        tool("NS2DAccuracy", path: "Tools/NS2DAccuracy"),
        // Interleaved one- vs two-thread timing of the 2-D solvers (shared machine).
        tool("ThreadSpeedup", path: "Tools/ThreadSpeedup", fixtures: true),
        // The QG predictability measurement behind docs/qg.md (λ₁, decorrelation time).
        tool("QGMeasure", path: "Tools/QGMeasure"),
        // Bit fingerprints of the ETDRK4 solvers' states, to check a kernel refactor changes nothing.
        tool("SolverFingerprint", path: "Tools/SolverFingerprint"),
        // Prints a KS solution for the accuracy cross-check against exponax.
        tool("KSCompare", path: "Benchmarks/KSCompare"),
    ],
    swiftLanguageModes: [.v6]
)
