/// Reference solver for the periodic 1-D viscous Burgers equation
///
///     u_t + (u²/2)_x = ν u_xx,   x ∈ [0, L) periodic,
///
/// pseudo-spectral in space and ETDRK4 in time: the shared kernel
/// ``QuadraticSpectralSolver1D`` with the linear symbol L(κ) = −ν κ².
///
/// Diffusion is integrated exactly, so it imposes no step limit (no h ≲ 1/(ν κ_max²)
/// restriction); keep a CFL number h·max|u|·N/L well below 1 for accuracy.
public final class BurgersSolver: QuadraticSpectralSolver1D {
    /// Kinematic viscosity ν (≥ 0).
    public let viscosity: Double

    /// - Parameters:
    ///   - points: N, even and ≥ 4.
    ///   - length: the period L > 0.
    ///   - viscosity: ν ≥ 0.
    ///   - timeStep: h > 0.
    public init(points: Int, length: Double, viscosity: Double, timeStep: Double) {
        precondition(viscosity >= 0 && viscosity.isFinite, "viscosity must be non-negative")
        self.viscosity = viscosity
        super.init(points: points, length: length, timeStep: timeStep) { kappa in -viscosity * kappa * kappa }
    }
}
