import Benchmark
import Foundation
import Scoring

/// Fair CRPS of one truth against M members: the scorer's O(M log M) form (sort, then one pass
/// over the order statistics, `EnsembleStatistics.crps(members:truth:)`) against the naive
/// O(M²) double sum of the definition,
///   (1/M) Σ_m |X_m − x| − 1/(2M(M−1)) Σ_{m,m′} |X_m − X_m′|.
/// The two agree to rounding (checked before timing). docs/performance.md reports the ratios.
func naiveFairCRPS(_ members: [Double], truth: Double) -> Double {
    let m = Double(members.count)
    var absolute = 0.0, pairs = 0.0
    for a in members {
        absolute += abs(a - truth)
        for b in members { pairs += abs(a - b) }
    }
    return absolute / m - pairs / (2 * m * (m - 1))
}

/// Deterministic members: a fixed low-discrepancy sequence mapped to roughly Gaussian values.
func members(_ count: Int) -> [Double] {
    (0..<count).map { i in
        let u = (Double(i) * 0.6180339887498949).truncatingRemainder(dividingBy: 1)
        return log(u / (1 - u + 1e-12) + 1e-12)
    }
}

let benchmarks: @Sendable () -> Void = {
    let configuration = Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal],
        timeUnits: .microseconds,
        warmupIterations: 2,
        maxDuration: .seconds(5),
        maxIterations: 200
    )
    for m in [100, 1_000, 10_000] {
        let x = members(m)
        let fast = EnsembleStatistics.crps(members: x, truth: 0.3)
        let slow = naiveFairCRPS(x, truth: 0.3)
        precondition(abs(fast - slow) <= 1e-9 * max(1, abs(slow)), "O(M log M) \(fast) ≠ O(M²) \(slow) at M = \(m)")

        Benchmark("fair CRPS sorted O(M log M) M=\(m)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(EnsembleStatistics.crps(members: x, truth: 0.3)) }
        }
        Benchmark("fair CRPS naive O(M²) M=\(m)", configuration: configuration) { benchmark in
            for _ in benchmark.scaledIterations { blackHole(naiveFairCRPS(x, truth: 0.3)) }
        }
    }
}
