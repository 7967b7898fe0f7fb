import ComplexModule
import RealModule

extension KuramotoSivashinskySolver {
    /// Fills E, E₂, Q, f₁, f₂, f₃ for step `h`, in place (no allocation).
    ///
    /// With z = h·L_m = h(κ² − νκ⁴) (real; positive for the unstable modes, down to about
    /// −hνκ_max⁴ for the stiffest), Cox & Matthews' coefficients are
    ///
    ///     E  = e^z,  E₂ = e^{z/2}
    ///     Q  = h · (e^{z/2} − 1) / z
    ///     f₁ = h · (−4 − z + e^z (4 − 3z + z²)) / z³
    ///     f₂ = h · (2 + z + e^z (z − 2)) / z³
    ///     f₃ = h · (−4 − 3z − z² + e^z (4 − z)) / z³
    ///
    /// which cancel catastrophically for small |z| (0/0 at the mean mode). As in Kassam &
    /// Trefethen (2005) each is evaluated as its mean over M = ``contourPointCount`` points
    /// r_j = z + e^{iθ_j}, θ_j = 2π(j + ½)/M, on the unit circle around z (Cauchy's formula,
    /// trapezoidal rule, geometric convergence), keeping the real part (z is real, so the
    /// imaginary parts cancel in conjugate pairs).
    func computeCoefficients(step h: Double) {
        let contour = Self.contourPointCount
        for m in 0..<modeCount {
            let kappa2 = wavenumbers[m] * wavenumbers[m]
            let z = h * (kappa2 - viscosity * kappa2 * kappa2)
            expFull[m] = Double.exp(z)
            expHalf[m] = Double.exp(z / 2)
            var sumQ = 0.0, sum1 = 0.0, sum2 = 0.0, sum3 = 0.0
            for j in 0..<contour {
                let theta = 2 * Double.pi * (Double(j) + 0.5) / Double(contour)
                let r = Complex(z + Double.cos(theta), Double.sin(theta))
                let r2 = r * r
                let r3 = r2 * r
                let er = Complex.exp(r)
                sumQ += ((Complex.exp(r / 2) - 1) / r).real
                sum1 += ((-4 - r + er * (4 - 3 * r + r2)) / r3).real
                sum2 += ((2 + r + er * (r - 2)) / r3).real
                sum3 += ((-4 - 3 * r - r2 + er * (4 - r)) / r3).real
            }
            // Nonlinear factor g folded in; F2 doubled (it multiplies N(a) + N(b)). See `advance()`.
            let scale = h / Double(contour) * nonlinearFactor[m]
            coefQ[m] = scale * sumQ
            coefF1[m] = scale * sum1
            coefF2[m] = 2 * scale * sum2
            coefF3[m] = scale * sum3
        }
        coefficientStep = h
    }
}
