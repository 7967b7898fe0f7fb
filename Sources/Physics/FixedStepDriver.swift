import RealModule

/// What every fixed-step solver does around its step: hit requested output times exactly and
/// measure its own temporal order. The solvers differ only in the closures they hand in.
public struct FixedStepDriver {
    /// The longest step the solver may take.
    let timeStep: Double
    let load: ([Double]) -> Void
    /// Takes `n` steps of exactly `h` (recomputing step-dependent coefficients only when h
    /// changed; a split scheme may merge the half-steps between consecutive steps).
    let advance: (_ n: Int, _ h: Double) -> Void
    /// The state returned by `integrate` (for a two-scale model, only what methods see).
    let state: () -> [Double]
    let setTime: (Double) -> Void
    /// The state the self-convergence test compares (default: `state`; a two-scale model
    /// compares its full state, fast variables included).
    var convergenceState: (() -> [Double])? = nil

    /// Number of equal sub-steps that cover `interval` with steps no longer than `timeStep`:
    /// ⌈interval / h⌉, except that a ratio within 1e-9 (relative) of an integer counts as that
    /// integer, so 0.5 / 0.001 is 500 steps and not 501 because of rounding.
    func subSteps(for interval: Double) -> Int {
        precondition(interval >= 0 && interval.isFinite, "interval must be non-negative")
        if interval == 0 { return 0 }
        let ratio = interval / timeStep
        let nearest = ratio.rounded()
        let steps = abs(ratio - nearest) <= 1e-9 * max(nearest, 1) ? nearest : ratio.rounded(.up)
        return max(1, Int(steps))
    }

    /// Solves from `initial` (at t = 0) and returns the state at each of `outputTimes`
    /// (non-decreasing, ≥ 0). Each interval Δ between consecutive output times is covered by
    /// n = `subSteps(for: Δ)` equal steps of Δ/n ≤ `timeStep`, so every requested time is hit
    /// exactly.
    func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]] {
        load(initial)
        var results: [[Double]] = []
        results.reserveCapacity(outputTimes.count)
        var t = 0.0
        for target in outputTimes {
            precondition(target.isFinite && target >= t, "output times must be finite, ≥ 0 and non-decreasing")
            let steps = subSteps(for: target - t)
            if steps > 0 { advance(steps, (target - t) / Double(steps)) }
            t = target
            setTime(target)
            results.append(state())
        }
        return results
    }

    /// Observed temporal order from a self-convergence test: runs from `initial` to `time` with
    /// steps h, h/2 and h/4 (h = `time` / `subSteps(for: time)`, so all three land on `time`)
    /// and returns the Richardson estimate
    ///
    ///     p = log₂( ‖u_h − u_{h/2}‖∞ / ‖u_{h/2} − u_{h/4}‖∞ ),
    ///
    /// which needs no exact solution: if u_h = u + C·h^p + o(h^p) the ratio tends to 2^p. A value
    /// far from the scheme's order means h is outside the asymptotic range, or so small that
    /// rounding dominates. Leaves the solver holding the h/4 solution.
    func selfConvergenceOrder(initial: [Double], time: Double) -> Double {
        precondition(time > 0 && time.isFinite, "time must be positive")
        let base = subSteps(for: time)
        let runs = [1, 2, 4].map { refinement -> [Double] in
            let steps = base * refinement
            load(initial)
            advance(steps, time / Double(steps))
            setTime(time)
            return (convergenceState ?? state)()
        }
        let coarse = zip(runs[0], runs[1]).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        let fine = zip(runs[1], runs[2]).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        return Double.log2(coarse / fine)
    }
}
