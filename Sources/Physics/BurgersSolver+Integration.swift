import RealModule
extension BurgersSolver {
    /// Number of equal sub-steps that cover `interval` with steps no longer than ``timeStep``:
    /// ⌈interval / h⌉, except that a ratio within 1e-9 (relative) of an integer counts as that
    /// integer, so 0.5 / 0.001 is 500 steps and not 501 because of rounding.
    public func subSteps(for interval: Double) -> Int {
        precondition(interval >= 0 && interval.isFinite, "interval must be non-negative")
        if interval == 0 { return 0 }
        let ratio = interval / timeStep
        let nearest = ratio.rounded()
        let steps = abs(ratio - nearest) <= 1e-9 * max(nearest, 1) ? nearest : ratio.rounded(.up)
        return max(1, Int(steps))
    }

    /// Solves from `initial` (at t = 0) and returns the physical-space solution at each of
    /// `outputTimes` (non-decreasing, ≥ 0; a time of 0 returns the dealiased initial state).
    ///
    /// Each interval Δ between consecutive output times is covered by n = ``subSteps(for:)``
    /// equal steps of h_eff = Δ/n ≤ ``timeStep``, so every requested time is hit exactly, not
    /// approximately; coefficients are recomputed only when h_eff changes (equally spaced
    /// outputs compute them once).
    public func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]] {
        load(initial)
        var results: [[Double]] = []
        results.reserveCapacity(outputTimes.count)
        var t = 0.0
        for target in outputTimes {
            precondition(target.isFinite && target >= t, "output times must be finite, ≥ 0 and non-decreasing")
            let interval = target - t
            let steps = subSteps(for: interval)
            if steps > 0 {
                let h = interval / Double(steps)
                if coefficientStep != h { computeCoefficients(step: h) }
                for _ in 0..<steps { advance() }
            }
            t = target
            time = target
            results.append(state())
        }
        return results
    }

    /// Observed temporal order from a self-convergence test, for `holdout tasks validate`.
    ///
    /// Runs from `initial` to `time` with steps h, h/2 and h/4 (h = `time` / ``subSteps(for:)``
    /// of ``timeStep``, so all three land on `time` exactly) and returns
    ///
    ///     p = log₂( ‖u_h − u_{h/2}‖∞ / ‖u_{h/2} − u_{h/4}‖∞ ),
    ///
    /// the Richardson estimate: if u_h = u + C·h^p + o(h^p) the ratio tends to 2^p, with no
    /// exact solution needed. Expect ≈ 4 when h is in the asymptotic range and the temporal
    /// error is above rounding (≳ 1e-12); a value far from 4 means h is too large (or so small
    /// that rounding dominates). Leaves the solver holding the h/4 solution at `time`.
    public func selfConvergenceOrder(initial: [Double], time: Double) -> Double {
        precondition(time > 0 && time.isFinite, "time must be positive")
        let base = subSteps(for: time)
        var runs: [[Double]] = []
        for refinement in [1, 2, 4] {
            let steps = base * refinement
            load(initial)
            computeCoefficients(step: time / Double(steps))
            for _ in 0..<steps { advance() }
            self.time = time
            runs.append(state())
        }
        let coarse = zip(runs[0], runs[1]).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        let fine = zip(runs[1], runs[2]).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        return Double.log2(coarse / fine)
    }
}
