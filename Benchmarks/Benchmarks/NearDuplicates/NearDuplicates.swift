import Benchmark
import HoldoutCore
import Leakage

/// Near-duplicate search at the scale of issue 5: 100 000 public cases against 1 000 hidden
/// cases of dimension 256 (one Burgers frame), sketch (sign-random-projection LSH, then an
/// exact check of candidates) against the all-pairs brute force, which is run on a set 100×
/// smaller in pairs (10 000 × 100) and extrapolated linearly in the number of pairs. Each
/// hidden set has 10 planted near duplicates (distances 0.01…0.10, threshold 0.1) and 1 exact
/// copy, and the first sample prints what each search found.
struct Workload: Sendable {
    var publicCases: [(id: String, source: String, field: Field)]
    var hidden: [(id: String, field: Field)]

    init(publicCount: Int, hiddenCount: Int, dimension: Int) {
        func gaussian(_ key: UInt64, _ stream: Int) -> [Double] {
            var rng = CounterRNG(key: key, stream: UInt64(stream))
            return (0..<dimension).map { _ in rng.normal() }
        }
        func field(_ v: [Double]) -> Field { Field(axes: [Axis(.space, "x")], shape: [v.count], values: v) }
        publicCases = (0..<publicCount).map { (id: "p\($0)", source: "train", field: field(gaussian(1, $0))) }
        hidden = (0..<hiddenCount).map { (id: "h\($0)", field: field(gaussian(2, $0))) }
        // Planted near duplicates: û cos φ + ŵ sin φ at chord distance 0.01·(k+1).
        for k in 0..<10 {
            let u = Self.unit(publicCases[k * (publicCount / 10)].field.values)
            var w = Self.unit(gaussian(3, k))
            let c = zip(w, u).reduce(0) { $0 + $1.0 * $1.1 }
            w = Self.unit(zip(w, u).map { $0 - c * $1 })
            let phi = 2 * asin(0.01 * Double(k + 1) / 2)
            hidden[k * (hiddenCount / 10)].field = field(zip(u, w).map { cos(phi) * $0 + sin(phi) * $1 })
        }
        hidden[hiddenCount - 1].field = publicCases[publicCount / 2].field
    }

    static func unit(_ x: [Double]) -> [Double] {
        let m = x.reduce(0, +) / Double(x.count)
        let n = x.reduce(0) { $0 + ($1 - m) * ($1 - m) }.squareRoot()
        return x.map { ($0 - m) / n }
    }
}

let dimension = 256
let threshold = 0.1
let large = Workload(publicCount: 100_000, hiddenCount: 1_000, dimension: dimension)
let small = Workload(publicCount: 10_000, hiddenCount: 100, dimension: dimension)

func sketchSearch(_ workload: Workload) -> [NearDuplicateIndex.Match] {
    var index = NearDuplicateIndex(dimension: dimension, threshold: threshold, seed: 2026)
    try! index.add(contentsOf: workload.publicCases)
    return try! index.findings(hidden: workload.hidden)
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .peakMemoryResident],
        timeUnits: .milliseconds,
        warmupIterations: 0,
        maxDuration: .seconds(60),
        maxIterations: 5
    )

    Benchmark("sketch: index 100000 public + query 1000 hidden (d=256)", configuration: configuration) { benchmark in
        let found = sketchSearch(large)
        blackHole(found)
        print("sketch 100k×1k: \(found.count) matches, \(found.filter(\.exact).count) exact")
    }

    Benchmark("sketch: index 10000 public + query 100 hidden (d=256)", configuration: configuration) { benchmark in
        let found = sketchSearch(small)
        blackHole(found)
        print("sketch 10k×100: \(found.count) matches")
    }

    Benchmark("brute force: 10000 public × 100 hidden (d=256)", configuration: configuration) { benchmark in
        let found = NearDuplicateIndex.bruteForce(hidden: small.hidden, public: small.publicCases, threshold: threshold)
        blackHole(found)
        print("brute force 10k×100: \(found.count) matches")
    }
}

#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
