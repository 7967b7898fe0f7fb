import RealModule

/// Linear theory of electrostatic waves in the Vlasov–Poisson model of ``VlasovPoissonSolver``
/// (same units and sign conventions), for checking the solver against theory.
///
/// Linearising about a uniform f₀(v), a mode e^{i(kx − ωt)} exists where
///
///     ε(k, ω) = 1 − (1/k²) ∫ f₀′(v) / (v − ω/k) dv = 0,
///
/// the integral taken along the real v-axis when Im ω > 0 (growing modes) and along the Landau
/// contour otherwise. Only growing modes are computed here, where the real-axis integral is the
/// right one and an ordinary quadrature of a smooth integrand suffices; no plasma dispersion
/// function is needed. (Damped modes — Landau damping — need the analytic continuation; the
/// tests use the classic published root instead.)
public enum VlasovLinearTheory {
    /// Growth rate γ > 0 of the purely growing two-stream mode of
    /// f₀ = ½[M(v − u) + M(v + u)], M the unit Maxwellian, at wavenumber k; nil if stable.
    ///
    /// f₀ is even, so for ω = iγ the imaginary part of the integral vanishes and
    /// ε(iγ) = 1 − (1/k²) ∫ f₀′(v)·v / (v² + b²) dv, b = γ/k, is real; ε → 1 as γ → ∞, and an
    /// instability has ε(0⁺) < 0. The root is found by bisection; the integral by the
    /// trapezoidal rule with step `quadratureStep` on [−u − 14, u + 14] (spectrally accurate for
    /// this rapidly decaying analytic integrand when the step is ≪ b).
    public static func twoStreamGrowthRate(wavenumber k: Double, beamVelocity u: Double,
                                           quadratureStep: Double = 2e-3) -> Double? {
        precondition(k > 0 && u >= 0 && quadratureStep > 0)
        let edge = u + 14
        let count = Int((2 * edge / quadratureStep).rounded())
        let h = 2 * edge / Double(count)
        let norm = 1 / (2 * (2 * Double.pi).squareRoot())
        var vs = [Double](repeating: 0, count: count + 1)
        var weights = [Double](repeating: 0, count: count + 1)
        for n in 0...count {
            let v = -edge + Double(n) * h
            let derivative = norm * (-(v - u) * Double.exp(-(v - u) * (v - u) / 2)
                                     - (v + u) * Double.exp(-(v + u) * (v + u) / 2))
            vs[n] = v
            weights[n] = derivative * v * h * (n == 0 || n == count ? 0.5 : 1)
        }
        func epsilon(_ gamma: Double) -> Double {
            let b2 = (gamma / k) * (gamma / k)
            var s = 0.0
            for n in 0...count { s += weights[n] / (vs[n] * vs[n] + b2) }
            return 1 - s / (k * k)
        }
        var low = 1e-6, high = 5.0
        guard epsilon(low) < 0 else { return nil }
        for _ in 0..<80 {
            let mid = 0.5 * (low + high)
            if epsilon(mid) < 0 { low = mid } else { high = mid }
        }
        return 0.5 * (low + high)
    }

    /// The least-damped Landau root for f₀ = M(v) at k = 0.5 (Sonnendrücker, *Numerical
    /// Methods for the Vlasov–Maxwell Equations*; Canosa 1973): ω = 1.4156, γ = −0.1533.
    public static let landauHalfWavenumber = (frequency: 1.4156, dampingRate: -0.1533)
}
