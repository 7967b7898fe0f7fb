import FourierTransforms
import RealModule

extension VlasovPoissonSolver: FixedStepModel {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's Strang steps,
    /// which merge the x half-steps between consecutive steps.
    public var driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in advance(steps: n, step: h) },
            state: { [unowned self] in state() },
            setTime: { [unowned self] in time = $0 })
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
