import HoldoutCore

/// Temporal separation of public (training) and hidden (test) segments of weather-like
/// trajectories, checked from the segments' times and from the data.
///
/// **Times.** Segments are closed intervals [start, end] on a trajectory's time axis. For
/// every public segment P and hidden segment H on the same trajectory the check requires
///
///     no overlap, and gap = max(H.start − P.end, P.start − H.end) ≥ g · τ_c,
///
/// with τ_c the decorrelation time and g the declared number of decorrelation times; for an
/// exponentially decorrelating process the correlation across the gap is then ≤ e^(−g).
/// With `trainingBeforeTest`, a public segment starting after a hidden one on the same
/// trajectory (training on the test's future) is also a violation. Segments on different
/// trajectories are independent by construction and are not compared.
///
/// **Data.** The spec can be wrong about the times (or the data about the spec). The data
/// check queries every hidden initial state against an index of every public state (every
/// frame of every public trajectory, `NearDuplicateIndex.addTrajectory`) and reports the
/// largest correlation found and every hidden state within the index's threshold.
public struct TemporalSeparation: Sendable, Codable, Hashable {
    /// A segment of one trajectory.
    public struct Segment: Sendable, Codable, Hashable {
        public var id: String
        public var trajectory: String
        public var start: Double
        public var end: Double

        public init(id: String, trajectory: String, start: Double, end: Double) {
            precondition(end >= start, "a segment ends after it starts")
            self.id = id
            self.trajectory = trajectory
            self.start = start
            self.end = end
        }
    }

    /// A pair of segments that breaks the rule.
    public struct Violation: Sendable, Codable, Hashable {
        public enum Kind: String, Sendable, Codable, Hashable {
            case overlap
            case gapTooShort = "gap-too-short"
            case trainingAfterTest = "training-after-test"
        }

        public var publicID: String
        public var hiddenID: String
        public var kind: Kind
        /// Signed separation max(H.start − P.end, P.start − H.end) in time units; ≤ 0 when the
        /// segments overlap or touch.
        public var gap: Double
    }

    public var decorrelationTime: Double
    public var requiredDecorrelationTimes: Double
    public var violations: [Violation]
    /// The smallest separation between any public and hidden segment sharing a trajectory,
    /// in decorrelation times (nil when no trajectory is shared).
    public var smallestGapInDecorrelationTimes: Double?

    public init(public publicSegments: [Segment], hidden: [Segment], decorrelationTime: Double,
                requiredDecorrelationTimes: Double, trainingBeforeTest: Bool = true) {
        precondition(decorrelationTime > 0 && requiredDecorrelationTimes >= 0)
        self.decorrelationTime = decorrelationTime
        self.requiredDecorrelationTimes = requiredDecorrelationTimes
        let required = requiredDecorrelationTimes * decorrelationTime
        var byTrajectory: [String: [Segment]] = [:]
        for segment in publicSegments { byTrajectory[segment.trajectory, default: []].append(segment) }
        var violations: [Violation] = []
        var smallest: Double?
        for h in hidden {
            for p in byTrajectory[h.trajectory] ?? [] {
                let gap = max(h.start - p.end, p.start - h.end)
                smallest = min(smallest ?? .infinity, gap / decorrelationTime)
                if gap < 0 || (gap == 0 && required > 0) {
                    violations.append(Violation(publicID: p.id, hiddenID: h.id, kind: .overlap, gap: gap))
                } else if gap < required {
                    violations.append(Violation(publicID: p.id, hiddenID: h.id, kind: .gapTooShort, gap: gap))
                } else if trainingBeforeTest && p.start > h.end {
                    violations.append(Violation(publicID: p.id, hiddenID: h.id, kind: .trainingAfterTest, gap: gap))
                }
            }
        }
        self.violations = violations
        smallestGapInDecorrelationTimes = smallest
    }

    /// The finding from the segment times: `critical` for overlaps and too-short gaps,
    /// `warning` when training data lies after test data (far enough apart), `info` otherwise.
    public var finding: LeakageFinding {
        let rule = "\(fmt(requiredDecorrelationTimes)) decorrelation times (τ = \(fmt(decorrelationTime)))"
        let smallestText = smallestGapInDecorrelationTimes.map { "smallest separation \(fmt($0)) τ" } ?? "no trajectory shared"
        guard !violations.isEmpty else {
            return LeakageFinding(check: .temporalSeparation, severity: .info,
                                  message: "Public and hidden segments are separated by at least \(rule) on every shared trajectory (\(smallestText)).",
                                  value: smallestGapInDecorrelationTimes)
        }
        let overlaps = violations.filter { $0.kind == .overlap }.count
        let short = violations.filter { $0.kind == .gapTooShort }.count
        let after = violations.filter { $0.kind == .trainingAfterTest }.count
        var parts: [String] = []
        if overlaps > 0 { parts.append("\(overlaps) public/hidden segment pairs overlap in time") }
        if short > 0 { parts.append("\(short) pairs are closer than \(rule)") }
        if after > 0 { parts.append("\(after) public segments lie after a hidden segment of the same trajectory") }
        let severity: LeakageSeverity = overlaps + short > 0 ? .critical : .warning
        return LeakageFinding(check: .temporalSeparation, severity: severity,
                              message: parts.joined(separator: "; ") + " (\(smallestText)).",
                              caseIDs: NearDuplicateIndex.orderedUnique(violations.map(\.hiddenID)),
                              value: smallestGapInDecorrelationTimes)
    }

    /// What the data say: the hidden initial states closest to any indexed public state.
    public struct DataCheck: Sendable, Codable, Hashable {
        /// Hidden states within the index's threshold of some public state, closest match each.
        public var closeStates: [NearDuplicateIndex.Match]
        /// The largest correlation between any hidden initial state and its nearest public
        /// candidate (nil when the sketch offered no candidate for any state, which means every
        /// correlation is well below the threshold's).
        public var maximumCorrelation: Double?
        /// The correlation the index's threshold corresponds to, 1 − threshold²/2.
        public var thresholdCorrelation: Double
        public var hiddenCount: Int

        /// `critical` when a hidden initial state is as correlated with a public state as the
        /// threshold allows (the split leaks in the data whatever the spec says), else `info`.
        public var finding: LeakageFinding {
            let maxText = maximumCorrelation.map { "largest correlation with a public state \(fmt($0))" }
                ?? "no public state correlated enough to be a candidate"
            if closeStates.isEmpty {
                return LeakageFinding(check: .temporalSeparation, severity: .info,
                                      message: "No hidden initial state has correlation ≥ \(fmt(thresholdCorrelation)) with any public state (\(hiddenCount) states checked; \(maxText)).",
                                      value: maximumCorrelation)
            }
            let ids = NearDuplicateIndex.orderedUnique(closeStates.compactMap(\.hiddenID))
            return LeakageFinding(check: .temporalSeparation, severity: .critical,
                                  message: "\(ids.count) of \(hiddenCount) hidden initial states have correlation ≥ \(fmt(thresholdCorrelation)) with a public state (\(maxText)): the public data contain states too close to the test's.",
                                  caseIDs: ids, value: maximumCorrelation)
        }
    }

    /// Queries every hidden initial state against `publicStates` (an index of public
    /// trajectory frames).
    public static func dataCheck(hiddenInitialStates: [(id: String, field: Field)],
                                 publicStates: NearDuplicateIndex) throws -> DataCheck {
        var close: [NearDuplicateIndex.Match] = []
        var maximum: Double?
        for state in hiddenInitialStates {
            if var nearest = try publicStates.nearest(state.field) {
                nearest.hiddenID = state.id
                maximum = max(maximum ?? -1, nearest.correlation)
                if nearest.exact || nearest.distance <= publicStates.threshold { close.append(nearest) }
            }
        }
        return DataCheck(closeStates: close, maximumCorrelation: maximum,
                         thresholdCorrelation: 1 - publicStates.threshold * publicStates.threshold / 2,
                         hiddenCount: hiddenInitialStates.count)
    }
}
