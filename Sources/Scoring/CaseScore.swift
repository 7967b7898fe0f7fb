/// The scores of one case: per-lead values, the case summary and mergeable statistics.
///
/// Aggregation order (METRICS.md "Per case"): each metric is computed per (lead, component)
/// over space, then averaged over components (per-lead values), then averaged over leads
/// (summary). Exceptions, stated once here:
/// - `max-error` is maximised over components and leads (an extreme statistic is not averaged);
/// - `valid-time` and `correlation-time` are lead-time crossings, not averages;
/// - `spread-skill` is √((M+1)/M) · √(mean spread²) / √(mean mse), sums over leads first.
/// Task-level statistics are computed from arrays of `CaseScore`, so sharded runs concatenate.
public struct CaseScore: Codable, Sendable, Equatable {
    public var caseID: String
    public var leadTimes: [Double]
    /// Ensemble size M of the prediction (1 for deterministic methods and failures).
    public var memberCount: Int
    /// Per-lead values (component-averaged); nil where undefined (e.g. an empty band).
    public var perLead: [Metric: [Double?]]
    /// The case summary per metric (see the aggregation order above).
    public var summary: [Metric: Double]
    /// `valid-time`, nil without a climatology.
    public var validTime: ThresholdCrossing?
    /// `correlation-time`.
    public var correlationTime: ThresholdCrossing
    /// Number of (lead, component) pairs where `nrmse` fell back to `vrmse` (Σx² < floor).
    public var nrmseFallbacks: Int
    /// Set when the method failed on this case; the scores are then those of the substitute.
    public var failure: CaseFailure?
    /// This case's spectra, to merge across cases.
    public var spectra: SpectrumAccumulator
    /// Ensemble statistics (present for every case; trivial for M = 1).
    public var ensemble: EnsembleCaseStatistics

    public var failed: Bool { failure != nil }

    /// The case summary of `metric`, nil if not computed for this case.
    public func value(_ metric: Metric) -> Double? { summary[metric] }
}

/// The first lead at which a threshold is crossed, or a censored "≥ last lead".
public struct ThresholdCrossing: Codable, Sendable, Equatable {
    /// Lead index of the crossing; nil when never crossed (censored).
    public var leadIndex: Int?
    /// Lead time of the crossing, or the last lead time when censored.
    public var time: Double
    /// `time · λ₁`, when λ₁ is known.
    public var lyapunovTimes: Double?
    /// True when the threshold was never crossed: the true value is ≥ `time`.
    public var censored: Bool { leadIndex == nil }

    public init(leadIndex: Int?, time: Double, lyapunovExponent: Double?) {
        self.leadIndex = leadIndex
        self.time = time
        lyapunovTimes = lyapunovExponent.map { $0 * time }
    }
}

/// Why a case was scored on a substitute prediction.
public struct CaseFailure: Codable, Sendable, Equatable {
    /// Which substitute is used.
    public enum Substitute: String, Codable, Sendable {
        /// The target's spatial mean per lead and component.
        case spatialMean
        /// The last input frame repeated at every lead.
        case persistence
    }
    /// Human-readable reason (non-finite output, wrong shape, timeout, crash…).
    public var reason: String
    public var substitute: Substitute

    public init(reason: String, substitute: Substitute) {
        self.reason = reason
        self.substitute = substitute
    }
}

/// Mergeable ensemble sums of one case.
public struct EnsembleCaseStatistics: Codable, Sendable, Equatable {
    public var memberCount: Int
    /// Per lead: mean over space and components of the unbiased member variance (M−1).
    public var spreadSquared: [Double]
    /// Per lead: mean over space and components of (ensemble mean − truth)².
    public var ensembleMeanSquaredError: [Double]
    /// Counts of the truth's rank among the members (M+1 bins) over leads, space and
    /// components. Ties are shared equally among the tied ranks, so counts may be fractional.
    public var rankHistogram: [Double]

    /// √((M+1)/M) · √(Σ spread²) / √(Σ mse) over the given leads (all if nil); nil for M < 2
    /// or zero error. A perfect ensemble gives 1: E[s²] = σ² while E[(x̄−x)²] = σ²(M+1)/M.
    public func spreadSkill(leads: [Int]? = nil) -> Double? {
        guard memberCount >= 2 else { return nil }
        let ls = leads ?? Array(spreadSquared.indices)
        let s = ls.reduce(0.0) { $0 + spreadSquared[$1] }
        let e = ls.reduce(0.0) { $0 + ensembleMeanSquaredError[$1] }
        guard e > 0 else { return nil }
        let m = Double(memberCount)
        return ((m + 1) / m).squareRoot() * (s / e).squareRoot()
    }
}
