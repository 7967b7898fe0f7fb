import RealModule

/// Exact solutions of the periodic viscous Burgers equation u_t + u u_x = ν u_xx on [0, L)
/// by the Cole–Hopf transformation.
///
/// If φ > 0 solves the heat equation φ_t = ν φ_xx, then u = −2ν φ_x / φ solves Burgers. Here
///
///     φ(x, t) = a₀ + Σ_k a_k · e^{−ν κ_k² t} · cos(κ_k x + θ_k),   κ_k = 2πk/L,
///
/// so
///
///     u(x, t) = 2ν · Σ_k a_k κ_k e^{−ν κ_k² t} sin(κ_k x + θ_k) / φ(x, t).
///
/// φ stays positive for all t ≥ 0 when a₀ > Σ|a_k| (the decaying modes can only shrink), which
/// the initialiser checks. u is periodic, analytic and has zero mean. Smaller a₀ − Σ|a_k|
/// gives steeper fronts (the complex singularities of u approach the real axis), which is the
/// knob for making a test harder.
public struct ColeHopf: Sendable, Hashable, Codable {
    /// One Fourier mode of the heat-equation potential φ.
    public struct Mode: Sendable, Hashable, Codable {
        /// Integer wavenumber k ≥ 1 (κ = 2πk/L).
        public var wavenumber: Int
        /// Amplitude a_k.
        public var amplitude: Double
        /// Phase θ_k.
        public var phase: Double

        public init(wavenumber: Int, amplitude: Double, phase: Double) {
            self.wavenumber = wavenumber
            self.amplitude = amplitude
            self.phase = phase
        }
    }

    /// Period L.
    public var length: Double
    /// Viscosity ν (> 0; the transformation degenerates at ν = 0).
    public var viscosity: Double
    /// Constant a₀ of φ.
    public var offset: Double
    /// The modes of φ.
    public var modes: [Mode]

    /// - Precondition: `offset > Σ|amplitude|`, so φ > 0 everywhere and always.
    public init(length: Double, viscosity: Double, offset: Double, modes: [Mode]) {
        precondition(length > 0 && viscosity > 0, "Cole–Hopf needs L > 0 and ν > 0")
        precondition(modes.allSatisfy { $0.wavenumber >= 1 }, "wavenumbers must be ≥ 1")
        let bound = modes.reduce(0.0) { $0 + abs($1.amplitude) }
        precondition(offset > bound, "offset \(offset) must exceed Σ|a_k| = \(bound) to keep φ > 0")
        self.length = length
        self.viscosity = viscosity
        self.offset = offset
        self.modes = modes
    }

    /// The heat-equation potential φ(x, t).
    public func potential(at x: Double, time t: Double) -> Double {
        var phi = offset
        for mode in modes {
            let kappa = 2 * Double.pi * Double(mode.wavenumber) / length
            phi += mode.amplitude * Double.exp(-viscosity * kappa * kappa * t) * Double.cos(kappa * x + mode.phase)
        }
        return phi
    }

    /// The Burgers velocity u(x, t) = −2ν φ_x / φ.
    public func velocity(at x: Double, time t: Double) -> Double {
        var phi = offset
        var phiX = 0.0
        for mode in modes {
            let kappa = 2 * Double.pi * Double(mode.wavenumber) / length
            let decay = mode.amplitude * Double.exp(-viscosity * kappa * kappa * t)
            let arg = kappa * x + mode.phase
            phi += decay * Double.cos(arg)
            phiX -= decay * kappa * Double.sin(arg)
        }
        return -2 * viscosity * phiX / phi
    }

    /// u at the N grid points x_j = j·L/N (the grid of ``BurgersSolver``) at time `t`.
    public func velocity(points: Int, time t: Double) -> [Double] {
        precondition(points >= 1, "need at least one point")
        return (0..<points).map { velocity(at: Double($0) * length / Double(points), time: t) }
    }
}
