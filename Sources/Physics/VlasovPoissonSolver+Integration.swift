import FourierTransforms
import RealModule

extension VlasovPoissonSolver {
    /// Number of equal sub-steps covering `interval` with steps ≤ ``timeStep`` (a ratio within
    /// 1e-9 of an integer counts as that integer), as in ``BurgersSolver/subSteps(for:)``.
    public func subSteps(for interval: Double) -> Int {
        precondition(interval >= 0 && interval.isFinite, "interval must be non-negative")
        if interval == 0 { return 0 }
        let ratio = interval / timeStep
        let nearest = ratio.rounded()
        let steps = abs(ratio - nearest) <= 1e-9 * max(nearest, 1) ? nearest : ratio.rounded(.up)
        return max(1, Int(steps))
    }

    /// f at each of `outputTimes` (non-decreasing, ≥ 0), row-major [x, v]; each interval is
    /// covered by ``subSteps(for:)`` equal Strang steps, so every time is hit exactly.
    public func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]] {
        load(initial)
        var results: [[Double]] = []
        results.reserveCapacity(outputTimes.count)
        var t = 0.0
        for target in outputTimes {
            precondition(target.isFinite && target >= t, "output times must be finite, ≥ 0 and non-decreasing")
            let steps = subSteps(for: target - t)
            if steps > 0 { advance(steps: steps, step: (target - t) / Double(steps)) }
            t = target
            time = target
            results.append(state())
        }
        return results
    }

    /// Richardson self-convergence order over `time` from steps h, h/2, h/4
    /// (h = `time`/``subSteps(for:)``), p = log₂(‖f_h − f_{h/2}‖∞ / ‖f_{h/2} − f_{h/4}‖∞).
    /// Expect ≈ 2 (Strang). Leaves the solver holding the h/4 solution.
    public func selfConvergenceOrder(initial: [Double], time: Double) -> Double {
        precondition(time > 0 && time.isFinite, "time must be positive")
        let base = subSteps(for: time)
        var runs: [[Double]] = []
        for refinement in [1, 2, 4] {
            let steps = base * refinement
            load(initial)
            advance(steps: steps, step: time / Double(steps))
            runs.append(state())
        }
        let coarse = zip(runs[0], runs[1]).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        let fine = zip(runs[1], runs[2]).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        return Double.log2(coarse / fine)
    }

    // MARK: Diagnostics (allocate; not for hot loops)

    /// Electron density n(x_i) = Δv Σ_j f(x_i, v_j).
    public func density() -> [Double] {
        (0..<xPoints).map { i in
            var s = 0.0
            for j in 0..<vPoints { s += f[i * vPoints + j] }
            return s * dv
        }
    }

    /// E(x_i) solved from the current f (∂E/∂x = 1 − n, zero mean), spectrally.
    public func electricField() -> [Double] {
        let spectrum = fieldFFT.forward(density())
        var e = [SpectralCoefficient](repeating: SpectralCoefficient(re: 0, im: 0), count: spectrum.count)
        for k in 1..<spectrum.count where !(xPoints % 2 == 0 && k == xPoints / 2) {
            // E_k = i·n_k/κ_k (the "1" only feeds the mean mode).
            let kappa = 2 * Double.pi * Double(k) / length
            e[k] = SpectralCoefficient(re: -spectrum[k].im / kappa, im: spectrum[k].re / kappa)
        }
        return fieldFFT.inverse(e)
    }

    /// Number of electrons ∫∫ f dx dv (trapezoidal = rectangle rule on the periodic grid).
    public func mass() -> Double {
        var s = 0.0
        for n in 0..<(xPoints * vPoints) { s += f[n] }
        return s * dx * dv
    }

    /// ∫∫ f² dx dv.
    public func l2NormSquared() -> Double {
        var s = 0.0
        for n in 0..<(xPoints * vPoints) { s += f[n] * f[n] }
        return s * dx * dv
    }

    /// ½ ∫∫ v² f dx dv.
    public func kineticEnergy() -> Double {
        var s = 0.0
        for i in 0..<xPoints {
            for j in 0..<vPoints { s += velocities[j] * velocities[j] * f[i * vPoints + j] }
        }
        return 0.5 * s * dx * dv
    }

    /// ½ ∫ E² dx.
    public func fieldEnergy() -> Double {
        0.5 * electricField().reduce(0) { $0 + $1 * $1 } * dx
    }

    /// ‖E‖₂ = (∫ E² dx)^{1/2}.
    public func fieldNorm() -> Double { (2 * fieldEnergy()).squareRoot() }

    /// Kinetic plus field energy.
    public func totalEnergy() -> Double { kineticEnergy() + fieldEnergy() }
}
