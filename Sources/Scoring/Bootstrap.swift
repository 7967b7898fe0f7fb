/// Percentile-bootstrap confidence intervals over cases, deterministic for a seed.
///
/// Each replicate draws n cases with replacement (or, with `blockLength` L > 1, a circular
/// moving-block bootstrap: ⌈n/L⌉ blocks of L consecutive cases, starting points uniform,
/// wrapping around, truncated to n) and takes the mean. The interval is the
/// (α/2, 1−α/2) quantiles of the B replicate means (`Quantile.linear`). Blocks keep serially
/// correlated cases (consecutive initial times) together so the interval is not too narrow.
public struct Bootstrap: Sendable, Equatable, Codable {
    public var resamples: Int
    public var confidence: Double
    public var seed: UInt64
    /// 1 for the ordinary bootstrap; > 1 for the circular block bootstrap.
    public var blockLength: Int

    public init(resamples: Int = 2000, confidence: Double = 0.95, seed: UInt64 = 0x5EED, blockLength: Int = 1) {
        precondition(resamples >= 1 && confidence > 0 && confidence < 1 && blockLength >= 1)
        self.resamples = resamples
        self.confidence = confidence
        self.seed = seed
        self.blockLength = blockLength
    }

    /// Replicates of the resampled index sets, shared by every statistic in one call so that
    /// paired comparisons and rank intervals use identical resamples.
    func forEachResample(count n: Int, _ body: ([Int]) -> Void) {
        var rng = SplitMix64(seed: seed)
        var indices = Array(repeating: 0, count: n)
        let length = min(blockLength, n)
        for _ in 0..<resamples {
            var filled = 0
            while filled < n {
                let start = rng.index(below: n)
                for j in 0..<length where filled < n {
                    indices[filled] = (start + j) % n
                    filled += 1
                }
            }
            body(indices)
        }
    }

    /// Percentile interval of the mean of `values`.
    public func meanInterval(_ values: [Double]) throws -> ConfidenceInterval {
        guard !values.isEmpty else { throw ScoringError(.insufficientData, "bootstrap of no values") }
        var means: [Double] = []
        means.reserveCapacity(resamples)
        forEachResample(count: values.count) { idx in
            means.append(idx.reduce(0.0) { $0 + values[$1] } / Double(idx.count))
        }
        means.sort()
        let alpha = 1 - confidence
        return ConfidenceInterval(estimate: values.reduce(0, +) / Double(values.count),
                                  lower: Quantile.linear(sorted: means, alpha / 2),
                                  upper: Quantile.linear(sorted: means, 1 - alpha / 2),
                                  confidence: confidence)
    }
}

/// A point estimate with a confidence interval.
public struct ConfidenceInterval: Codable, Sendable, Equatable {
    public var estimate: Double
    public var lower: Double
    public var upper: Double
    public var confidence: Double

    public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
}

/// Quantiles of samples.
public enum Quantile {
    /// Linear interpolation between order statistics (Hyndman & Fan type 7, numpy's default):
    /// with sorted x₀…x_{n−1}, h = (n−1)p, Q(p) = x_⌊h⌋ + (h − ⌊h⌋)(x_⌊h⌋+1 − x_⌊h⌋).
    public static func linear(sorted x: [Double], _ p: Double) -> Double {
        precondition(!x.isEmpty && (0...1).contains(p))
        let h = Double(x.count - 1) * p
        let lo = Int(h.rounded(.down))
        let hi = min(lo + 1, x.count - 1)
        return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
    }
}
