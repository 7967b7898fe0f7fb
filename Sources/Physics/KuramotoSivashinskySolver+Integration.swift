import RealModule

extension KuramotoSivashinskySolver {
    /// Number of equal sub-steps that cover `interval` with steps no longer than ``timeStep``:
    /// ⌈interval / h⌉, except that a ratio within 1e-9 (relative) of an integer counts as that
    /// integer.
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
    /// equal steps of Δ/n ≤ ``timeStep``, so every requested time is hit exactly; the
    /// coefficients are recomputed only when that step changes (so a spin-up followed by equally
    /// spaced outputs computes them at most twice).
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

    /// Observed temporal order from a self-convergence test, for `holdout tasks validate`:
    /// runs from `initial` to `time` with steps h, h/2, h/4 (h = `time` / ``subSteps(for:)``)
    /// and returns p = log₂(‖u_h − u_{h/2}‖∞ / ‖u_{h/2} − u_{h/4}‖∞) (Richardson). Expect ≈ 4
    /// in the asymptotic range. Leaves the solver holding the h/4 solution at `time`.
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

extension KuramotoSivashinskySolver: TrajectoryModel {}
