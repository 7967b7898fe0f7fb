/// Reference solver for the periodic 1-D Kuramoto–Sivashinsky equation
///
///     u_t + u u_x + u_xx + ν u_xxxx = 0,   x ∈ [0, L) periodic,
///
/// pseudo-spectral in space and ETDRK4 in time. ν = 1 is the standard form; with x = √ν·y,
/// t = ν·s, u = w/√ν any ν is the standard equation for w(y, s) on a domain of length L/√ν, so
/// ν < 1 acts like a longer domain (more unstable modes) and rates scale by 1/ν. Sustained
/// chaos needs L/√ν ≳ 22.
///
/// The shared kernel ``QuadraticSpectralSolver1D`` with the linear symbol
/// L(κ) = κ² − ν κ⁴: L_m > 0 (linear instability) for 0 < κ_m < 1/√ν; the fourth-order term
/// makes the high modes very stiff (L_m ≈ −ν κ⁴). Solutions on the attractor are analytic, so
/// the spatial error decays exponentially in N.
///
/// **Order:** 4 in time (measured ≈ 4 in `PhysicsTests`). The mean (m = 0) is conserved
/// exactly: L₀ = 0 and 𝒩₀ = 0, so v₀ is multiplied by E₀ = 1 and nothing is added.
/// **Stability:** the linear part is integrated exactly, so the fourth-order stiffness imposes no
/// step limit; the explicit nonlinear term needs h · max|u| · κ_m ≲ 2.8 only on the modes that
/// the linear part does not damp within a step. For ν = 1, L = 22–100 and |u| ≲ 3, h ≤ 0.25
/// (Kassam & Trefethen's choice) is stable; accuracy, not stability, sets h.
public final class KuramotoSivashinskySolver: QuadraticSpectralSolver1D {
    /// Coefficient ν > 0 of u_xxxx (1 in the standard form).
    public let viscosity: Double

    /// - Parameters:
    ///   - points: N, even and ≥ 4.
    ///   - length: the period L > 0.
    ///   - viscosity: ν > 0, the coefficient of u_xxxx.
    ///   - timeStep: h > 0.
    public init(points: Int, length: Double, viscosity: Double = 1, timeStep: Double) {
        precondition(viscosity > 0 && viscosity.isFinite, "viscosity must be positive")
        self.viscosity = viscosity
        super.init(points: points, length: length, timeStep: timeStep) { kappa in
            let kappa2 = kappa * kappa
            return kappa2 - viscosity * kappa2 * kappa2
        }
    }
}
