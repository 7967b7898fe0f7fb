import Foundation

/// One scored case of one method: the per-case download published as `cases.csv`.
public struct CaseRow: Codable, Sendable, Equatable {
    public var task: String
    public var method: String
    public var caseId: String
    /// Split the case came from ("test", "test-ood", "validation", …).
    public var split: String
    public var outOfDistribution: Bool
    public var failed: Bool
    public var failureReason: String?
    /// Metric values keyed by metric name (a failed case carries the failure score).
    public var metrics: [String: Double]
    public var wallSeconds: Double
    public var cpuSeconds: Double

    public init(
        task: String, method: String, caseId: String, split: String, outOfDistribution: Bool = false,
        failed: Bool = false, failureReason: String? = nil, metrics: [String: Double],
        wallSeconds: Double, cpuSeconds: Double
    ) {
        self.task = task
        self.method = method
        self.caseId = caseId
        self.split = split
        self.outOfDistribution = outOfDistribution
        self.failed = failed
        self.failureReason = failureReason
        self.metrics = metrics
        self.wallSeconds = wallSeconds
        self.cpuSeconds = cpuSeconds
    }
}
