/// Paired bootstrap of the difference between two methods on identical cases.
///
/// Cases are matched by `caseID` (both methods must have scored exactly the same cases, as the
/// harness guarantees; failures included). d_i = a_i − b_i, the estimate is mean_i d_i, and the
/// interval is the percentile bootstrap (optionally block) of the mean of d. Pairing removes the
/// case-to-case variance both methods share, so differences far smaller than either method's
/// own interval can be significant. Significant iff the interval excludes 0.
public struct PairedComparison: Codable, Sendable, Equatable {
    public var metric: Metric
    /// mean(a − b) with its interval.
    public var difference: ConfidenceInterval
    /// True when the interval excludes zero.
    public var significant: Bool
    /// True when `a` is significantly better than `b` by the metric's orientation.
    public var firstIsBetter: Bool
    public var caseCount: Int

    public init(metric: Metric, _ a: [CaseScore], _ b: [CaseScore], bootstrap: Bootstrap = Bootstrap()) throws {
        let (x, y) = try Self.paired(metric: metric, a, b)
        let d = zip(x, y).map { metric.badness($0.0) - metric.badness($0.1) }
        var interval = try bootstrap.meanInterval(d)
        // Report the difference in the metric's own units (a − b) where the badness is ±v.
        if metric.orientation == .higherIsBetter {
            interval = ConfidenceInterval(estimate: -interval.estimate, lower: -interval.upper,
                                          upper: -interval.lower, confidence: interval.confidence)
        }
        self.metric = metric
        difference = interval
        significant = !interval.contains(0)
        let badnessUpper = metric.orientation == .higherIsBetter ? -interval.lower : interval.upper
        firstIsBetter = significant && badnessUpper < 0
        caseCount = d.count
    }

    /// Values of `metric` for the cases both lists share, in `a`'s order; throws if the case
    /// sets differ, because a comparison on different cases is not paired.
    static func paired(metric: Metric, _ a: [CaseScore], _ b: [CaseScore]) throws -> ([Double], [Double]) {
        var byID: [String: Double] = [:]
        for score in b { byID[score.caseID] = score.value(metric) }
        guard Set(a.map(\.caseID)) == Set(b.map(\.caseID)), a.count == b.count else {
            throw ScoringError(.incompatible, "paired comparison needs identical cases")
        }
        var x: [Double] = [], y: [Double] = []
        for score in a {
            guard let u = score.value(metric), let v = byID[score.caseID] else {
                throw ScoringError(.insufficientData, "case \(score.caseID) lacks \(metric.rawValue)")
            }
            x.append(u); y.append(v)
        }
        return (x, y)
    }
}
