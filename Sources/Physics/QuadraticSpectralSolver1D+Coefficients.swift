import ComplexModule
import RealModule

extension QuadraticSpectralSolver1D {
    /// Fills E, E₂, Q, f₁, f₂, f₃ for step `h`, in place (no allocation).
    ///
    /// With z = h·L_m (real: ≤ 0 for Burgers, positive on the unstable modes of KS), Cox & Matthews' coefficients are
    ///
    ///     E  = e^z,  E₂ = e^{z/2}
    ///     Q  = h · (e^{z/2} − 1) / z
    ///     f₁ = h · (−4 − z + e^z (4 − 3z + z²)) / z³
    ///     f₂ = h · (2 + z + e^z (z − 2)) / z³
    ///     f₃ = h · (−4 − 3z − z² + e^z (4 − z)) / z³
    ///
    /// Written like this they lose all accuracy for small |z| (for the mean mode z = 0 they are
    /// 0/0). Kassam & Trefethen (2005): each is analytic in z, so by Cauchy's formula its value
    /// equals its mean over a circle around z; we average over M points r_j = z + e^{iθ_j},
    /// θ_j = 2π(j + ½)/M, radius 1 (far enough from z that nothing cancels, close enough that
    /// e^r stays tame), and keep the real part (the imaginary parts cancel in conjugate pairs
    /// since z is real). The half-offset keeps every r_j away from 0 for any real z.
    final func computeCoefficients(step h: Double) {
        let contour = Self.contourPointCount
        for m in 0..<modeCount {
            let z = h * linearRates[m]
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
            // The nonlinear factor g (−k/2 with the 2/3 mask) is folded into the coefficients, and
            // F2 is doubled (it multiplies N(a) + N(b) = 2·mean): the step then needs no pass of
            // its own over the spectrum to apply g. See `advance()`.
            let scale = h / Double(contour) * nonlinearFactor[m]
            coefQ[m] = scale * sumQ
            coefF1[m] = scale * sum1
            coefF2[m] = 2 * scale * sum2
            coefF3[m] = scale * sum3
        }
        coefficientStep = h
    }
}
