import RealModule

extension NavierStokes2DSolver: TrajectoryModel {
    /// Number of equal sub-steps covering `interval` with steps ≤ ``timeStep`` (a ratio within
    /// 1e-9 of an integer counts as that integer).
    public func subSteps(for interval: Double) -> Int {
        precondition(interval >= 0 && interval.isFinite, "interval must be non-negative")
        if interval == 0 { return 0 }
        let ratio = interval / timeStep
        let nearest = ratio.rounded()
        let steps = abs(ratio - nearest) <= 1e-9 * max(nearest, 1) ? nearest : ratio.rounded(.up)
        return max(1, Int(steps))
    }

    /// Vorticity fields (Nx·Ny, x slow) at `outputTimes` (non-decreasing, ≥ 0) from `initial` at
    /// t = 0. Each interval is covered by ``subSteps(for:)`` equal steps, so every output time is
    /// hit exactly; coefficients are recomputed only when the effective step changes.
    public func integrate(initial: [Double], outputTimes: [Double]) -> [[Double]] {
        load(initial)
        var results: [[Double]] = []
        results.reserveCapacity(outputTimes.count)
        var t = 0.0
        for target in outputTimes {
            precondition(target.isFinite && target >= t, "output times must be finite, ≥ 0 and non-decreasing")
            let steps = subSteps(for: target - t)
            if steps > 0 {
                let h = (target - t) / Double(steps)
                if coefficientStep != h { computeCoefficients(step: h) }
                for _ in 0..<steps { advance() }
            }
            t = target
            time = target
            results.append(state())
        }
        return results
    }

    /// Richardson estimate of the temporal order from runs with h, h/2, h/4 over `time`
    /// (h = time/``subSteps(for:)``): p = log₂(‖ω_h − ω_{h/2}‖∞ / ‖ω_{h/2} − ω_{h/4}‖∞).
    /// Expect ≈ 4 in the asymptotic range. Leaves the solver holding the h/4 solution.
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

// MARK: Diagnostics

extension NavierStokes2DSolver {
    /// Σ over the full (Hermitian) spectrum of weight(m)·|ŵ_m|², divided by (NxNy)², so that it is
    /// the domain average of the corresponding quadratic quantity (Parseval). Columns 0 and Ny/2
    /// are stored once, the others stand for ±k_y and count twice.
    private func spectralMean(_ weight: (Int, Int, Int) -> Double) -> Double {
        var sum = 0.0
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                let power = w[2 * m] * w[2 * m] + w[2 * m + 1] * w[2 * m + 1]
                guard power != 0 else { continue }
                let multiplicity = (c == 0 || 2 * c == pointsY) ? 1.0 : 2.0
                sum += multiplicity * weight(r, c, m) * power
            }
        }
        let m2 = Double(pointsX) * Double(pointsY)
        return sum / (m2 * m2)
    }

    /// Kinetic energy per unit area, E = ½⟨|u|²⟩ = ½ Σ |ω̂|²/|κ|² (normalised).
    public var energy: Double { 0.5 * spectralMean { _, _, m in inverseLaplacian[m] } }

    /// Enstrophy per unit area, Z = ½⟨ω²⟩.
    public var enstrophy: Double { 0.5 * spectralMean { _, _, _ in 1 } }

    /// Palinstrophy per unit area, P = ½⟨|∇ω|²⟩.
    public var palinstrophy: Double { 0.5 * spectralMean { r, c, _ in kx[r] * kx[r] + ky[c] * ky[c] } }

    /// Power of the forcing per unit area, ⟨u·f⟩ = −A·Re ŵ(0, n_f)/(NxNy·κ_f), so that
    /// dE/dt = ⟨u·f⟩ − 2νZ − 2αE.
    public var energyInjection: Double {
        guard forcingIndex >= 0 else { return 0 }
        let kappaF = ky[forcingMode]
        return -forcingAmplitude * w[2 * forcingIndex] / (Double(pointsX) * Double(pointsY) * kappaF)
    }

    /// Enstrophy injection per unit area, ⟨ωF⟩ = κ_f²·⟨u·f⟩, so that dZ/dt = ⟨ωF⟩ − 2νP − 2αZ.
    public var enstrophyInjection: Double {
        guard forcingIndex >= 0 else { return 0 }
        return ky[forcingMode] * ky[forcingMode] * energyInjection
    }
}
