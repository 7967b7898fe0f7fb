import Foundation

/// One method's result on one task: what it is, how it ran, how well, at what cost, and where
/// it sits against the task's baseline ladder.
///
/// A failed or partial run is an entry like any other; the board never drops it.
public struct LeaderboardEntry: Codable, Sendable, Equatable {
    public var method: String
    public var version: String
    public var kind: EntryKind
    public var track: Track
    /// Implementation language as declared in the plugin manifest ("swift", "python", …).
    public var language: String
    /// Whether the run was inside the sandbox. Unsandboxed runs are shown but flagged, and can
    /// never appear on an official board.
    public var sandboxed: Bool
    /// SHA-256 (hex) of the sandbox profile the run used, when sandboxed.
    public var sandboxProfileSHA256: String?
    /// SHA-256 (hex) of the plugin's content (code, manifest, shipped weights).
    public var pluginSHA256: String?
    /// A submission's `plugin.yaml` as submitted, relative to the version directory.
    public var manifest: String?
    public var status: EntryStatus
    /// Why the run failed or is partial; `nil` when complete.
    public var failureReason: String?
    /// Number of cases scored (failed cases included, at the task's failure score).
    public var caseCount: Int
    /// Number of cases that failed (crash, timeout, non-finite or wrong-shaped output).
    public var failureCount: Int
    /// `failureCount / caseCount` (0 when there are no cases), stored so readers of the JSON
    /// need not recompute it.
    public var failureRate: Double
    /// Summaries keyed by metric name; the task's headline metric is one of them.
    public var metrics: [String: MetricSummary]
    public var cost: Cost
    public var ladder: LadderPlacement?
    /// Paired comparison with the best ladder rung on the same cases.
    public var comparison: PairedComparison?
    /// Leakage-check findings; an empty list means every check ran and found nothing.
    public var findings: [LeakageFinding]
    public var notes: [String]
    /// Rank band on this task (1 = top): entries in one band are not significantly different
    /// from its leader (paired bootstrap). Absent when it could not be computed.
    public var rankBand: Int?
    /// Bootstrap 95 % interval of the entry's rank on this task.
    public var rankInterval: [Double]?
    /// Ensemble members the method returned: 1 for a deterministic method (scored on the
    /// deterministic track), M for an ensemble. Absent on boards without tracks.
    public var members: Int?
    /// `spectral-ratio` per band ("low", "mid", "high"): E_c[S_x̂]/E_c[S_x] over every case
    /// and lead, spectra per sample; < 1 means the forecast lost energy (blur).
    public var spectralRatio: [String: Double]?
    /// `effective-resolution`: the smallest wavelength up to which the per-shell spectral
    /// ratio stays ≥ 0.5 (domain units).
    public var effectiveResolution: Double?
    /// Per-lead means over cases, keyed by metric name, at the task's `leadTimes` (lead-time plots).
    public var leadCurves: [String: [Double]]?
    /// Rank histogram of an ensemble: the fraction of (case, lead, point, component) where the
    /// truth ranks 0…M among the M members (flat for a calibrated ensemble; U-shaped when
    /// under-dispersive). Absent for one-member methods.
    public var rankHistogram: [Double]?
    /// The prediction's per-shell spectrum averaged over cases, leads, members and components,
    /// at the task's `wavenumbers` (spectra plot).
    public var spectrum: [Double]?

    public init(
        method: String, version: String, kind: EntryKind, track: Track, language: String,
        sandboxed: Bool, sandboxProfileSHA256: String? = nil, pluginSHA256: String? = nil,
        status: EntryStatus = .complete, failureReason: String? = nil,
        caseCount: Int, failureCount: Int = 0,
        metrics: [String: MetricSummary], cost: Cost,
        ladder: LadderPlacement? = nil, comparison: PairedComparison? = nil,
        findings: [LeakageFinding] = [], notes: [String] = []
    ) {
        self.method = method
        self.version = version
        self.kind = kind
        self.track = track
        self.language = language
        self.sandboxed = sandboxed
        self.sandboxProfileSHA256 = sandboxProfileSHA256
        self.pluginSHA256 = pluginSHA256
        self.status = status
        self.failureReason = failureReason
        self.caseCount = caseCount
        self.failureCount = failureCount
        self.failureRate = caseCount > 0 ? Double(failureCount) / Double(caseCount) : 0
        self.metrics = metrics
        self.cost = cost
        self.ladder = ladder
        self.comparison = comparison
        self.findings = findings
        self.notes = notes
    }

    /// The summary of the task's headline metric, if the entry has one.
    public func headline(in task: LeaderboardTask) -> MetricSummary? { metrics[task.headlineMetric] }
}

/// What an entry is.
public enum EntryKind: String, Codable, Sendable, Hashable, CaseIterable {
    /// A rung of the task's baseline ladder (reference solver at a coarser resolution/step).
    case ladderRung = "ladder-rung"
    /// Another baseline (persistence, climatology).
    case baseline
    /// A participant's submission.
    case submission
    /// A shipped example/template method.
    case example
}

/// Training policy under which an entry ran (ARCHITECTURE.md, "Training policy, two tracks").
public enum Track: String, Codable, Sendable, Hashable, CaseIterable {
    /// Trained inside the harness under the spec's training budget.
    case budgeted
    /// Trained offline with any compute; weights shipped and training hardware declared.
    case open
    /// Baselines, which do not train.
    case baseline
}

/// How far a run got.
public enum EntryStatus: String, Codable, Sendable, Hashable, CaseIterable {
    case complete
    /// Some cases failed; failed cases carry the failure score.
    case partial
    /// The run as a whole failed (e.g. training crashed); every case carries the failure score.
    case failed
}

/// Distribution summary of one metric over the scored cases.
///
/// `ci95Low`/`ci95High` is the bootstrap 95 % confidence interval of the mean; `worst` is the
/// maximum for lower-is-better metrics and the minimum otherwise.
public struct MetricSummary: Codable, Sendable, Equatable {
    public var mean: Double
    public var median: Double
    public var p95: Double
    public var worst: Double
    public var ci95Low: Double
    public var ci95High: Double

    public init(mean: Double, median: Double, p95: Double, worst: Double, ci95Low: Double, ci95High: Double) {
        self.mean = mean
        self.median = median
        self.p95 = p95
        self.worst = worst
        self.ci95Low = ci95Low
        self.ci95High = ci95High
    }
}

/// Costs measured by the harness from outside the method's process. Per-case costs are a
/// batch's time divided by its cases; start-up is reported apart so it is neither hidden nor
/// mixed in.
public struct Cost: Codable, Sendable, Equatable {
    public var predictWallSecondsPerCase: Double
    public var predictCPUSecondsPerCase: Double
    public var startupSeconds: Double
    /// `nil` when the method does not train (or trained off-harness, open track).
    public var trainWallSeconds: Double?
    public var trainCPUSeconds: Double?

    public init(
        predictWallSecondsPerCase: Double, predictCPUSecondsPerCase: Double, startupSeconds: Double,
        trainWallSeconds: Double? = nil, trainCPUSeconds: Double? = nil
    ) {
        self.predictWallSecondsPerCase = predictWallSecondsPerCase
        self.predictCPUSecondsPerCase = predictCPUSecondsPerCase
        self.startupSeconds = startupSeconds
        self.trainWallSeconds = trainWallSeconds
        self.trainCPUSeconds = trainCPUSeconds
    }
}

/// Where an entry sits on the ladder's monotone log–log error-vs-cost curve. Every field is
/// optional because a placement may be undefined (e.g. error below every rung).
public struct LadderPlacement: Codable, Sendable, Equatable {
    /// Ladder cost at the entry's error divided by the entry's cost (> 1: faster than the ladder).
    public var speedupAtEqualError: Double?
    /// Entry's error divided by the ladder's error at the entry's cost (< 1: more accurate).
    public var errorRatioAtEqualCost: Double?
    /// Some rung is both cheaper and more accurate.
    public var dominated: Bool?
    /// Number of predicted cases after which training cost is paid back by the speedup.
    public var breakEvenCases: Double?
    /// The entry's error lies outside the ladder's error range (no speedup is given: never extrapolated).
    public var beyondLadderError: Bool?
    /// The entry's cost lies outside the ladder's cost range (no error ratio is given: never extrapolated).
    public var beyondLadderCost: Bool?

    public init(
        speedupAtEqualError: Double? = nil, errorRatioAtEqualCost: Double? = nil, dominated: Bool? = nil,
        breakEvenCases: Double? = nil, beyondLadderError: Bool? = nil, beyondLadderCost: Bool? = nil
    ) {
        self.speedupAtEqualError = speedupAtEqualError
        self.errorRatioAtEqualCost = errorRatioAtEqualCost
        self.dominated = dominated
        self.breakEvenCases = breakEvenCases
        self.beyondLadderError = beyondLadderError
        self.beyondLadderCost = beyondLadderCost
    }
}

/// Paired comparison of the headline metric against a reference (the best ladder rung) on the
/// same cases: mean of per-case differences (entry − reference) with its 95 % interval.
public struct PairedComparison: Codable, Sendable, Equatable {
    /// Method name of the reference.
    public var reference: String
    public var meanDifference: Double
    public var ci95Low: Double
    public var ci95High: Double
    /// The interval excludes zero.
    public var significant: Bool

    public init(reference: String, meanDifference: Double, ci95Low: Double, ci95High: Double, significant: Bool) {
        self.reference = reference
        self.meanDifference = meanDifference
        self.ci95Low = ci95Low
        self.ci95High = ci95High
        self.significant = significant
    }
}

/// One leakage-check finding, shown on the board next to the entry.
extension LeaderboardEntry {
    /// The method as its table row names it: marked when a leakage check raised a `critical`
    /// finding against the run, so an unresolved finding is never only a footnote.
    public var markedMethod: String {
        findings.contains { $0.severity == .critical } ? "\(method) ⚠ critical leakage finding" : method
    }
}

public struct LeakageFinding: Codable, Sendable, Equatable {
    public enum Severity: String, Codable, Sendable, Hashable, CaseIterable {
        case info, warning, critical
    }

    public var check: String
    public var severity: Severity
    public var message: String

    public init(check: String, severity: Severity, message: String) {
        self.check = check
        self.severity = severity
        self.message = message
    }
}
