/// Task-level statistics of one metric over cases (METRICS.md "Aggregation and statistics").
///
/// Computed from an array of `CaseScore`, so sharded results are combined by concatenation.
/// Failed cases are included with their substitute scores and counted in `failureRate`.
public struct MetricSummary: Codable, Sendable, Equatable {
    public var metric: Metric
    public var caseCount: Int
    public var mean: Double
    public var median: Double
    /// 95th percentile of the badness ordering: for lower-is-better metrics the 0.95 quantile
    /// (`Quantile.linear`, type 7), for higher-is-better the 0.05 quantile, for ratios the 0.95
    /// quantile of |v − 1| mapped back — in each case the value 95 % of cases are better than.
    public var percentile95: Double
    /// The worst case's value (max, min, or farthest from 1, by orientation).
    public var worst: Double
    public var worstCaseID: String
    /// Fraction of cases scored on a failure substitute.
    public var failureRate: Double
    /// Number of cases whose value is censored (valid-time or correlation-time never crossed).
    public var censoredCount: Int
    /// Bootstrap confidence interval of the mean.
    public var meanInterval: ConfidenceInterval

    /// Summarises `metric` over `cases`; cases without a value for the metric are skipped
    /// (their count is `cases.count − caseCount`), but failures always have one.
    public init(metric: Metric, cases: [CaseScore], bootstrap: Bootstrap = Bootstrap()) throws {
        let scored = cases.filter { $0.value(metric) != nil }
        guard !scored.isEmpty else { throw ScoringError(.insufficientData, "no case has \(metric.rawValue)") }
        let values = scored.map { $0.value(metric)! }
        self.metric = metric
        caseCount = values.count
        mean = values.reduce(0, +) / Double(values.count)
        let sorted = values.sorted()
        median = Quantile.linear(sorted: sorted, 0.5)
        switch metric.orientation {
        case .lowerIsBetter: percentile95 = Quantile.linear(sorted: sorted, 0.95)
        case .higherIsBetter: percentile95 = Quantile.linear(sorted: sorted, 0.05)
        case .closerToOneIsBetter:
            let distance = values.map { abs($0 - 1) }.sorted()
            let d = Quantile.linear(sorted: distance, 0.95)
            percentile95 = values.min { abs(abs($0 - 1) - d) < abs(abs($1 - 1) - d) }!
        }
        let worstIndex = values.indices.max { metric.badness(values[$0]) < metric.badness(values[$1]) }!
        worst = values[worstIndex]
        worstCaseID = scored[worstIndex].caseID
        failureRate = Double(cases.filter(\.failed).count) / Double(cases.count)
        censoredCount = scored.filter {
            switch metric {
            case .validTime: $0.validTime?.censored ?? false
            case .correlationTime: $0.correlationTime.censored
            default: false
            }
        }.count
        meanInterval = try bootstrap.meanInterval(values)
    }
}

extension MetricSummary {
    /// Summaries of every metric in `metrics` that at least one case has, in the given order,
    /// all with the same bootstrap (so intervals are reproducible from one seed).
    public static func summaries(cases: [CaseScore], metrics: [Metric] = Metric.allCases,
                                 bootstrap: Bootstrap = Bootstrap()) throws -> [MetricSummary] {
        try metrics.filter { metric in cases.contains { $0.value(metric) != nil } }
            .map { try MetricSummary(metric: $0, cases: cases, bootstrap: bootstrap) }
    }
}
