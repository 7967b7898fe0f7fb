import Scoring

/// The gap between a method's score on the public validation split and on the hidden test
/// split, with a bootstrap confidence interval.
///
/// With per-case losses vᵢ (validation, n_v cases) and hⱼ (hidden test, n_h cases; lower is
/// better; pass the metric's badness for higher-is-better metrics), the gap is
///
///     Δ = mean(h) − mean(v).
///
/// The two splits hold different cases, so the comparison is unpaired: each bootstrap
/// replicate resamples the validation cases and the test cases independently (each with the
/// `Bootstrap`'s block length, circular blocks as in `Bootstrap`), and the interval is the
/// percentile interval (`Quantile.linear`) of the B replicate gaps. The gap is significant when
/// the interval excludes 0. A significantly *worse* hidden score (Δ > 0) is what tuning on the
/// validation split, or validation cases leaking into training, produce: a `warning`. A
/// significantly better hidden score is recorded as `info` (a difference between the splits'
/// distributions worth knowing, not a leak).
public struct GeneralisationGap: Sendable, Codable, Hashable {
    /// Δ = mean(hidden) − mean(validation), with its percentile interval. (Scoring's
    /// `ConfidenceInterval` has no public initialiser, hence this type's own.)
    public var gap: Interval
    public var validationMean: Double
    public var hiddenMean: Double
    /// True when the interval excludes 0.
    public var significant: Bool

    /// A point estimate with its interval.
    public struct Interval: Sendable, Codable, Hashable {
        public var estimate: Double
        public var lower: Double
        public var upper: Double
        public var confidence: Double

        public func contains(_ value: Double) -> Bool { lower <= value && value <= upper }
    }

    public init(validation: [Double], hidden: [Double], bootstrap: Bootstrap = Bootstrap()) {
        precondition(!validation.isEmpty && !hidden.isEmpty, "need scores on both splits")
        validationMean = validation.reduce(0, +) / Double(validation.count)
        hiddenMean = hidden.reduce(0, +) / Double(hidden.count)
        var validationRNG = SplitMix64(seed: bootstrap.seed)
        var hiddenRNG = SplitMix64(seed: bootstrap.seed ^ 0xA5A5_5A5A_C3C3_3C3C)
        var gaps: [Double] = []
        gaps.reserveCapacity(bootstrap.resamples)
        for _ in 0..<bootstrap.resamples {
            let h = Self.resampledMean(hidden, blockLength: bootstrap.blockLength, rng: &hiddenRNG)
            let v = Self.resampledMean(validation, blockLength: bootstrap.blockLength, rng: &validationRNG)
            gaps.append(h - v)
        }
        gaps.sort()
        let alpha = 1 - bootstrap.confidence
        gap = Interval(estimate: hiddenMean - validationMean,
                                 lower: Quantile.linear(sorted: gaps, alpha / 2),
                                 upper: Quantile.linear(sorted: gaps, 1 - alpha / 2),
                                 confidence: bootstrap.confidence)
        significant = !gap.contains(0)
    }

    /// Mean of one (circular block) bootstrap resample of `x`.
    static func resampledMean(_ x: [Double], blockLength: Int, rng: inout SplitMix64) -> Double {
        let n = x.count
        let length = min(blockLength, n)
        var filled = 0
        var sum = 0.0
        while filled < n {
            let start = rng.index(below: n)
            for j in 0..<length where filled < n {
                sum += x[(start + j) % n]
                filled += 1
            }
        }
        return sum / Double(n)
    }

    /// The finding for the board; `method` names the method in the message.
    public func finding(method: String) -> LeakageFinding {
        let interval = "\(fmt(gap.estimate)) [\(fmt(gap.lower)), \(fmt(gap.upper))] at \(Int((gap.confidence * 100).rounded()))%"
        let scores = "validation \(fmt(validationMean)), hidden test \(fmt(hiddenMean))"
        if !significant {
            return LeakageFinding(check: .generalisationGap, severity: .info,
                                  message: "\(method): no significant gap between validation and hidden test (gap \(interval); \(scores)).",
                                  value: gap.estimate)
        }
        if gap.estimate > 0 {
            return LeakageFinding(check: .generalisationGap, severity: .warning,
                                  message: "\(method) scores significantly worse on the hidden test than on the public validation split (gap \(interval); \(scores)): tuned to, or trained on, the validation split?",
                                  value: gap.estimate)
        }
        return LeakageFinding(check: .generalisationGap, severity: .info,
                              message: "\(method) scores significantly better on the hidden test than on the public validation split (gap \(interval); \(scores)).",
                              value: gap.estimate)
    }
}

func fmt(_ x: Double) -> String {
    guard x.isFinite else { return "\(x)" }
    let magnitude = abs(x)
    if magnitude != 0 && (magnitude < 1e-3 || magnitude >= 1e6) {
        var s = "\(x)"
        if let e = s.firstIndex(of: "e") {
            let mantissa = Double(s[..<e]) ?? x
            s = "\((mantissa * 1000).rounded() / 1000)" + s[e...]
        }
        return s
    }
    return "\((x * 10_000).rounded() / 10_000)"
}
