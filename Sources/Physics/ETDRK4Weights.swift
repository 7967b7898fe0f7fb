import ComplexModule
import RealModule

/// The Cox–Matthews ETDRK4 weights of one mode with real linear rate L, for a step h (z = hL):
///
///     E = e^z, E₂ = e^{z/2}, Q = h (e^{z/2} − 1)/z,
///     f₁ = h (−4 − z + e^z (4 − 3z + z²))/z³,  f₂ = h (2 + z + e^z (z − 2))/z³,
///     f₃ = h (−4 − 3z − z² + e^z (4 − z))/z³,
///
/// each φ-type quotient evaluated as in Kassam & Trefethen (2005) by its mean over M points on
/// the unit circle around z (Cauchy's formula, trapezoidal rule, half-offset angles so no point
/// is 0), which avoids the cancellation at small |z| (0/0 at z = 0).
struct ETDRK4Weights: Equatable {
    var expFull: Double
    var expHalf: Double
    var q: Double
    var f1: Double
    var f2: Double
    var f3: Double

    static let contourPointCount = 64

    /// - Parameter factor: multiplies Q and f₁…₃ (a solver folds a per-mode factor of its
    ///   nonlinear term in here; applied before the contour sum, so results do not depend on
    ///   whether a solver folds or not).
    init(z: Double, step h: Double, factor: Double = 1) {
        let contour = Self.contourPointCount
        var sumQ = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0
        for j in 0..<contour {
            let theta = 2 * Double.pi * (Double(j) + 0.5) / Double(contour)
            let p = Complex(z + Double.cos(theta), Double.sin(theta))
            let p2 = p * p
            let p3 = p2 * p
            let ep = Complex.exp(p)
            sumQ += ((Complex.exp(p / 2) - 1) / p).real
            sum1 += ((-4 - p + ep * (4 - 3 * p + p2)) / p3).real
            sum2 += ((2 + p + ep * (p - 2)) / p3).real
            sum3 += ((-4 - 3 * p - p2 + ep * (4 - p)) / p3).real
        }
        let scale = h / Double(contour) * factor
        expFull = Double.exp(z)
        expHalf = Double.exp(z / 2)
        q = scale * sumQ
        f1 = scale * sum1
        f2 = scale * sum2
        f3 = scale * sum3
    }
}
