import Foundation

/// The baseline ladder's cost–error curve and a method's placement on it
/// (METRICS.md "Cost and fairness").
///
/// Fit: in (log cost, log error) the ladder curve is the lower convex hull of the rungs from
/// the cheapest rung to the most accurate one (rungs dearer than the most accurate are
/// dominated and dropped), linear between hull vertices. A convex chain ending at the minimum
/// error has non-positive slopes, so the curve is monotone non-increasing in cost. The hull was
/// chosen over an isotonic (PAVA) fit because it never lies above a rung — the ladder is
/// credited with the best error interpolation between its rungs can reach — so speedups and
/// error ratios are conservative for the method, and dominated rungs cannot pull it up.
/// Nothing is extrapolated: queries outside the hull's cost or error range return nil and set
/// a "beyond the ladder" flag.
public struct CostLadder: Codable, Sendable, Equatable {
    public struct Point: Codable, Sendable, Equatable {
        public var cost: Double
        public var error: Double
        public init(cost: Double, error: Double) { self.cost = cost; self.error = error }
    }

    /// All rungs as given.
    public var rungs: [Point]
    /// Hull vertices, increasing cost, non-increasing error.
    public var curve: [Point]

    public init(rungs: [Point]) throws {
        let valid = rungs.filter { $0.cost > 0 && $0.error > 0 && $0.cost.isFinite && $0.error.isFinite }
        guard valid.count == rungs.count, !rungs.isEmpty else {
            throw ScoringError(.insufficientData, "a ladder needs at least one rung with positive finite cost and error")
        }
        self.rungs = rungs
        let sorted = rungs.sorted { ($0.cost, $0.error) < ($1.cost, $1.error) }
        let best = sorted.indices.min { (sorted[$0].error, sorted[$0].cost) < (sorted[$1].error, sorted[$1].cost) }!
        var hull: [Point] = []
        for p in sorted[...best] {
            if let last = hull.last, last.cost == p.cost { continue } // same cost: keep the lower error
            while hull.count >= 2 {
                let a = hull[hull.count - 2], b = hull[hull.count - 1]
                let cross = (log(b.cost) - log(a.cost)) * (log(p.error) - log(a.error))
                    - (log(b.error) - log(a.error)) * (log(p.cost) - log(a.cost))
                // Remove right turns; keep rungs collinear with the hull (up to round-off) as vertices.
                if cross < -1e-12 { hull.removeLast() } else { break }
            }
            hull.append(p)
        }
        curve = hull
    }

    /// Ladder error at `cost` (log–log interpolation), nil outside the curve's cost range.
    public func error(atCost cost: Double) -> Double? {
        guard cost > 0, let first = curve.first, let last = curve.last,
              cost >= first.cost, cost <= last.cost else { return nil }
        if curve.count == 1 { return first.error }
        for (a, b) in zip(curve, curve.dropFirst()) where cost <= b.cost {
            let t = (log(cost) - log(a.cost)) / (log(b.cost) - log(a.cost))
            return exp(log(a.error) + t * (log(b.error) - log(a.error)))
        }
        return nil
    }

    /// Smallest ladder cost reaching `error`, nil outside the curve's error range.
    public func cost(atError error: Double) -> Double? {
        guard error > 0, let first = curve.first, let last = curve.last,
              error <= first.error, error >= last.error else { return nil }
        if error == first.error { return first.cost }
        for (a, b) in zip(curve, curve.dropFirst()) where error >= b.error {
            if a.error == b.error { return a.cost }
            let t = (log(error) - log(a.error)) / (log(b.error) - log(a.error))
            return exp(log(a.cost) + t * (log(b.cost) - log(a.cost)))
        }
        return nil
    }

    /// Places a method at cost `cost` per case and error `error`.
    public func place(cost: Double, error: Double, trainingCost: Double? = nil) -> LadderPlacement {
        let ladderCost = self.cost(atError: error)
        let ladderError = self.error(atCost: cost)
        var breakEven: Double?
        if let trainingCost, let ladderCost, ladderCost - cost > 0 {
            breakEven = trainingCost / (ladderCost - cost)
        }
        let minCost = curve.first!.cost, maxCost = curve.last!.cost
        let maxError = curve.first!.error, minError = curve.last!.error
        return LadderPlacement(
            speedupAtEqualError: ladderCost.map { $0 / cost },
            errorAtEqualCost: ladderError.map { error / $0 },
            dominated: rungs.contains { $0.cost < cost && $0.error < error },
            breakEvenCases: breakEven,
            costBeyondLadder: cost < minCost ? .below : cost > maxCost ? .above : nil,
            errorBeyondLadder: error < minError ? .below : error > maxError ? .above : nil)
    }
}

/// Where a method sits relative to the ladder. nil ratios mean "beyond the ladder".
public struct LadderPlacement: Codable, Sendable, Equatable {
    public enum Beyond: String, Codable, Sendable { case below, above }
    /// Ladder cost at the method's error ÷ method cost (> 1: the method is faster).
    public var speedupAtEqualError: Double?
    /// Method error ÷ ladder error at the method's cost (< 1: the method is more accurate).
    public var errorAtEqualCost: Double?
    /// Some rung has both strictly lower cost and strictly lower error.
    public var dominated: Bool
    /// Training cost ÷ (ladder cost − method cost) at equal error; nil when not positive.
    public var breakEvenCases: Double?
    /// The method's cost is outside the ladder's cost range (no error-at-equal-cost).
    public var costBeyondLadder: Beyond?
    /// The method's error is outside the ladder's error range (no speedup-at-equal-error).
    public var errorBeyondLadder: Beyond?
}
