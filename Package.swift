// swift-tools-version: 6.1
import PackageDescription

// One module per concern; see docs/architecture.md for the boundaries.
let package = Package(
    name: "Holdout",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "holdout", targets: ["holdout"]),
        // For the separate Benchmarks/ package.
        .library(name: "HoldoutPhysics", targets: ["Physics", "FourierTransforms"]),
        .library(name: "HoldoutProtocol", targets: ["MethodHost", "HoldoutCore"]),
        .library(name: "HoldoutLeakage", targets: ["Leakage", "HoldoutCore"]),
        .library(name: "HoldoutScoring", targets: ["Scoring", "HoldoutCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
    ],
    targets: [
        .systemLibrary(name: "CFFTW", pkgConfig: "fftw3", providers: [.apt(["libfftw3-dev"])]),
        .systemLibrary(name: "CHDF5", pkgConfig: "hdf5", providers: [.apt(["libhdf5-dev"])]),
        .target(name: "HoldoutCore", dependencies: [
            "Yams",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "FourierTransforms", dependencies: ["CFFTW"]),
        .target(name: "Physics", dependencies: [
            "HoldoutCore", "FourierTransforms",
            .product(name: "Numerics", package: "swift-numerics"),
        ]),
        .target(name: "Datasets", dependencies: ["HoldoutCore", "Physics", "CHDF5", "FourierTransforms"]),
        .target(name: "MethodHost", dependencies: ["HoldoutCore"]),
        .target(name: "Scoring", dependencies: ["HoldoutCore"]),
        .target(name: "Store", dependencies: ["HoldoutCore", .product(name: "GRDB", package: "GRDB.swift")]),
        .target(name: "Leakage", dependencies: ["HoldoutCore", "Scoring"]),
        .target(name: "Publishing", dependencies: [
            "HoldoutCore", .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "BuiltinMethods", dependencies: ["HoldoutCore", "Physics", "Datasets", "MethodHost", "FourierTransforms"],
                path: "Plugins/Builtin"),
        .target(name: "Harness", dependencies: [
            "HoldoutCore", "Physics", "Datasets", "MethodHost", "Scoring", "Store", "Publishing", "BuiltinMethods", "Leakage",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Rounds", dependencies: [
            "Harness", "HoldoutCore", "Datasets", "Scoring", "Store", "Publishing",
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "Submissions", dependencies: ["Harness", "Rounds", "Store", "MethodHost", "HoldoutCore", "Publishing"]),
        .executableTarget(name: "holdout", dependencies: [
            "Harness", "Rounds", "Submissions", "BuiltinMethods", "MethodHost", "Datasets", "Scoring", "Publishing", "Store", "HoldoutCore",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .target(name: "HoldoutTestSupport", dependencies: ["HoldoutCore"]),
        .testTarget(name: "HoldoutCoreTests", dependencies: ["HoldoutCore", "HoldoutTestSupport"]),
        .testTarget(name: "PhysicsTests", dependencies: ["Physics", "FourierTransforms", "HoldoutTestSupport"]),
        .testTarget(name: "DatasetsTests", dependencies: ["Datasets", "HoldoutTestSupport"]),
        .testTarget(name: "MethodHostTests", dependencies: ["MethodHost", "HoldoutTestSupport"]),
        .testTarget(name: "ScoringTests", dependencies: ["Scoring", "HoldoutTestSupport"]),
        .testTarget(name: "PublishingTests", dependencies: ["Publishing", "HoldoutTestSupport"]),
        .testTarget(name: "LeakageTests", dependencies: ["Leakage", "Scoring", "HoldoutTestSupport"]),
        .testTarget(name: "HarnessTests", dependencies: ["Harness", "Store", "BuiltinMethods", "HoldoutTestSupport"]),
        .testTarget(name: "SubmissionsTests", dependencies: ["Submissions", "Harness", "Store", "Leakage", "Datasets", "HoldoutCore", "HoldoutTestSupport"]),
        .testTarget(name: "EndToEndTests", dependencies: ["HoldoutTestSupport", "Publishing", "Store"], exclude: []),
    ],
    swiftLanguageModes: [.v6]
)
