import Foundation

/// Temporal separation measured on the data rather than trusted from the spec.
///
/// A hidden initial state taken from (or just after) a public trajectory is more correlated
/// with some public state than an independent spin-up would be. So the check compares two
/// samples of the same statistic, the largest correlation ρ_max(s) = max_p corr(s, p) of a
/// state s with any public state p (all anomalies from the public mean state):
///
/// - the hidden sample: every hidden initial state against every public frame;
/// - the null sample: public initial states known to be independent (each against the frames
///   of every *other* public trajectory), which is what ρ_max looks like without leakage.
///
/// A one-sided Mann–Whitney test asks whether the hidden sample is shifted upwards; the
/// finding is `critical` when p < `criticalPValue`. Hidden states whose ρ_max exceeds every
/// null value are listed. The decorrelation time is measured too, from the lag
/// autocorrelation of the public trajectories (the first lag where C(k) < 1/e, interpolated),
/// and reported beside the spec's.
public struct MeasuredSeparation: Sendable {
    /// One public trajectory: its frames in time order, each a flattened anomaly state, and
    /// which frame is its initial state (the one a method would be given).
    public struct Trajectory: Sendable {
        public var id: String
        public var frames: [[Double]]
        public var initialFrame: Int
        public init(id: String, frames: [[Double]], initialFrame: Int = 0) {
            precondition(frames.indices.contains(initialFrame), "the initial frame is one of the frames")
            self.id = id
            self.frames = frames
            self.initialFrame = initialFrame
        }
    }

    public static let criticalPValue = 1e-3

    public var measuredDecorrelationTime: Double?
    public var declaredDecorrelationTime: Double?
    /// (hidden id, ρ_max) in input order.
    public var hiddenCorrelations: [(id: String, correlation: Double)]
    public var nullCorrelations: [Double]
    /// One-sided Mann–Whitney p-value for "hidden ρ_max tend to exceed the null's".
    public var pValue: Double

    /// - Parameters:
    ///   - publicTrajectories: every public trajectory (anomalies).
    ///   - hidden: hidden initial states (anomalies).
    ///   - interval: time between frames, for the decorrelation time.
    public init(publicTrajectories: [Trajectory], hidden: [(id: String, state: [Double])],
                interval: Double, declaredDecorrelationTime: Double?) {
        let units = publicTrajectories.map { $0.frames.map(Self.unit) }
        func largestCorrelation(_ state: [Double], excluding excluded: Int?) -> Double {
            let u = Self.unit(state)
            var best = -1.0
            for (t, frames) in units.enumerated() where t != excluded {
                for v in frames { best = max(best, Self.dot(u, v)) }
            }
            return best
        }
        hiddenCorrelations = hidden.map { ($0.id, largestCorrelation($0.state, excluding: nil)) }
        nullCorrelations = publicTrajectories.indices.compactMap { t in
            guard publicTrajectories.count > 1 else { return nil }
            let trajectory = publicTrajectories[t]
            return largestCorrelation(trajectory.frames[trajectory.initialFrame], excluding: t)
        }
        pValue = Self.mannWhitneyUpper(hiddenCorrelations.map(\.correlation), nullCorrelations)
        measuredDecorrelationTime = Self.decorrelationTime(units: units, interval: interval)
        self.declaredDecorrelationTime = declaredDecorrelationTime
    }

    public var finding: LeakageFinding {
        let nullMax = nullCorrelations.max() ?? 1
        let above = hiddenCorrelations.filter { $0.correlation > nullMax }.map(\.id)
        let hiddenValues = hiddenCorrelations.map(\.correlation)
        let tau = measuredDecorrelationTime.map { "measured decorrelation time \(fmt($0))" } ?? "decorrelation time not reached within the public trajectories"
        let declared = declaredDecorrelationTime.map { " (spec \(fmt($0)))" } ?? ""
        let summary = "\(tau)\(declared); largest correlation of each hidden initial state with any public state: median \(fmt(Self.median(hiddenValues))), max \(fmt(hiddenValues.max() ?? .nan)); independent public spin-ups: median \(fmt(Self.median(nullCorrelations))), max \(fmt(nullMax)); Mann–Whitney p = \(fmt(pValue))"
        if pValue < Self.criticalPValue {
            return LeakageFinding(check: .temporalSeparation, severity: .critical,
                                  message: "Hidden initial states are closer to the public trajectories than independent spin-ups are (\(summary)): the test set continues public data.",
                                  caseIDs: above, value: pValue)
        }
        return LeakageFinding(check: .temporalSeparation, severity: .info,
                              message: "Measured on the data, hidden initial states are no closer to the public trajectories than independent spin-ups are (\(summary)).",
                              value: pValue)
    }

    // MARK: - Statistics

    /// First lag with C(k) = Σ⟨a_t, a_{t+k}⟩ / Σ⟨a_t, a_t⟩ below 1/e over every trajectory,
    /// linearly interpolated, times `interval`; nil when C stays above 1/e.
    static func decorrelationTime(units: [[[Double]]], interval: Double) -> Double? {
        let longest = units.map(\.count).max() ?? 0
        var previous = 1.0
        for lag in 1..<max(longest, 1) {
            var sum = 0.0, pairs = 0.0
            for frames in units where frames.count > lag {
                for t in 0..<(frames.count - lag) {
                    sum += dot(frames[t], frames[t + lag])
                    pairs += 1
                }
            }
            guard pairs > 0 else { return nil }
            let c = sum / pairs
            if c < exp(-1) {
                let fraction = (previous - exp(-1)) / (previous - c)
                return (Double(lag - 1) + fraction) * interval
            }
            previous = c
        }
        return nil
    }

    /// One-sided p-value of the Mann–Whitney U test that `x` is stochastically larger than `y`
    /// (normal approximation with tie correction; 1 when either sample is empty).
    static func mannWhitneyUpper(_ x: [Double], _ y: [Double]) -> Double {
        let n1 = Double(x.count), n2 = Double(y.count)
        guard n1 > 0, n2 > 0 else { return 1 }
        let pooled = (x.map { ($0, 0) } + y.map { ($0, 1) }).sorted { $0.0 < $1.0 }
        var ranks = [Double](repeating: 0, count: pooled.count)
        var tieTerm = 0.0
        var i = 0
        while i < pooled.count {
            var j = i
            while j + 1 < pooled.count && pooled[j + 1].0 == pooled[i].0 { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[k] = rank }
            let t = Double(j - i + 1)
            tieTerm += t * t * t - t
            i = j + 1
        }
        let rankSum = zip(pooled, ranks).filter { $0.0.1 == 0 }.reduce(0) { $0 + $1.1 }
        let u = rankSum - n1 * (n1 + 1) / 2
        let n = n1 + n2
        let variance = n1 * n2 / 12 * ((n + 1) - tieTerm / (n * (n - 1)))
        guard variance > 0 else { return u > n1 * n2 / 2 ? 0 : 1 }
        let z = (u - n1 * n2 / 2 - 0.5) / variance.squareRoot()
        return 0.5 * erfc(z / 2.0.squareRoot())
    }

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let mid = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
    }

    /// x/‖x‖ (the anomalies are already centred on the public mean state); zero stays zero.
    static func unit(_ x: [Double]) -> [Double] {
        let norm = dot(x, x).squareRoot()
        return norm > 0 ? x.map { $0 / norm } : x
    }

    static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var sum = 0.0
        for k in 0..<min(a.count, b.count) { sum += a[k] * b[k] }
        return sum
    }
}
