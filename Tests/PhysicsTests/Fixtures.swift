import Physics

/// Shared test problems.
enum Fixtures {
    /// A Cole–Hopf solution on [0, 2π) with ν = 0.1 and two modes (max|u| ≈ 0.17 at t = 1).
    /// Analytic, so N = 128 resolves it to rounding level after 2/3 dealiasing, and its
    /// ETDRK4 temporal errors at h = 0.1 … 0.0125 (≈ 2e-8 … 5e-12) sit well above rounding.
    static let coleHopf = ColeHopf(
        length: 2 * Double.pi, viscosity: 0.1, offset: 1.6,
        modes: [
            .init(wavenumber: 1, amplitude: 1.0, phase: 0.3),
            .init(wavenumber: 2, amplitude: 0.4, phase: 1.1),
        ])

    static func maxDifference(_ a: [Double], _ b: [Double]) -> Double {
        precondition(a.count == b.count)
        return zip(a, b).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
    }
}
