import HoldoutCore

/// Compares predictions of the same cases from a batched run and from runs alone in fresh
/// processes (the harness does the re-running; this is the comparison).
///
/// A method that normalises with statistics of the whole test batch, or otherwise lets one
/// case's inputs influence another's prediction (transductive, cross-case dependence), gives
/// different predictions for a case depending on its batch. For each case the check computes
///
///     Δ = maxᵢ |batchedᵢ − aloneᵢ|
///
/// over all values, and flags the case when Δ > `tolerance` (the method's declared
/// determinism tolerance; 0 demands bit-identical output). Values that are both NaN, or equal
/// infinities, count as equal; a shape mismatch, or a non-finite value on one side only,
/// counts as Δ = +∞.
public struct ContextInvarianceCheck: Sendable, Codable, Hashable {
    /// One case's comparison.
    public struct CaseDifference: Sendable, Codable, Hashable {
        public var caseID: String
        public var maxAbsDifference: Double
        public var flagged: Bool
    }

    public var tolerance: Double
    /// Every compared case, in input order.
    public var cases: [CaseDifference]

    /// The largest difference over all cases (0 for none).
    public var worst: CaseDifference? { cases.max { $0.maxAbsDifference < $1.maxAbsDifference } }
    /// The flagged cases, in input order.
    public var flagged: [CaseDifference] { cases.filter(\.flagged) }

    public init(tolerance: Double, pairs: [(caseID: String, batched: Field, alone: Field)]) {
        precondition(tolerance >= 0)
        self.tolerance = tolerance
        cases = pairs.map { pair in
            let delta = Self.maxAbsDifference(pair.batched, pair.alone)
            return CaseDifference(caseID: pair.caseID, maxAbsDifference: delta, flagged: delta > tolerance)
        }
    }

    static func maxAbsDifference(_ a: Field, _ b: Field) -> Double {
        guard a.shape == b.shape else { return .infinity }
        var worst = 0.0
        for (x, y) in zip(a.values, b.values) {
            if x == y || (x.isNaN && y.isNaN) { continue }
            let d = abs(x - y)
            if !d.isFinite { return .infinity }
            worst = max(worst, d)
        }
        return worst
    }

    /// The finding for the board: `critical` when any case is flagged (the method's
    /// predictions depend on which other test cases it saw), `info` otherwise.
    public func finding(method: String) -> LeakageFinding {
        let worstText = worst.map { "largest difference \(fmt($0.maxAbsDifference)) on case \($0.caseID)" } ?? "no cases compared"
        let bad = flagged
        if bad.isEmpty {
            return LeakageFinding(check: .contextInvariance, severity: .info,
                                  message: "\(method): \(cases.count) cases re-run alone give the same predictions as in their batch within the declared tolerance \(fmt(tolerance)) (\(worstText)).",
                                  value: worst?.maxAbsDifference)
        }
        return LeakageFinding(check: .contextInvariance, severity: .critical,
                              message: "\(method): \(bad.count) of \(cases.count) cases re-run alone in a fresh process differ from their batched prediction by more than the declared tolerance \(fmt(tolerance)) (\(worstText)); the method depends on the other test cases it sees in a batch.",
                              caseIDs: bad.map(\.caseID), value: worst?.maxAbsDifference)
    }
}
