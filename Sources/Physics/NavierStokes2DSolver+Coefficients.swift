extension NavierStokes2DSolver {
    /// Fills E, E₂, Q, f₁, f₂, f₃ for step `h`, inside the 2/3 band (0 outside).
    ///
    /// With z = h·L, L = −ν|κ|² − α (real, ≤ 0), the Cox–Matthews coefficients are
    ///
    ///     E = e^z, E₂ = e^{z/2}, Q = h (e^{z/2} − 1)/z,
    ///     f₁ = h (−4 − z + e^z (4 − 3z + z²))/z³,  f₂ = h (2 + z + e^z (z − 2))/z³,
    ///     f₃ = h (−4 − 3z − z² + e^z (4 − z))/z³,
    ///
    /// evaluated by contour means (``ETDRK4Weights``, Kassam & Trefethen 2005), which avoids the
    /// cancellation at small |z| (z = 0 for the mean mode when α = 0).
    /// Q and the f's also carry the factor g = −1/(NxNy)² of the raw advection spectrum, and f₂
    /// is doubled (it multiplies N(a) + N(b)). Many modes share |κ|², so values are cached per z
    /// for the duration of one call (this allocates; it runs in `init` and when the step changes,
    /// never inside ``step()`` at a fixed step).
    func computeCoefficients(step h: Double) {
        let m2 = Double(pointsX) * Double(pointsY)
        let g = -1 / (m2 * m2)
        var cache: [Double: ETDRK4Weights] = [:]
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                guard inBand(row: r, column: c) else {
                    coefficients.clear(m)
                    continue
                }
                let z = h * (-viscosity * (kx[r] * kx[r] + ky[c] * ky[c]) - drag)
                let weights: ETDRK4Weights
                if let hit = cache[z] {
                    weights = hit
                } else {
                    // g folded in after the contour sum (so 2·(g·f₂), which the table forms, is
                    // bit for bit the (2g)·f₂ of earlier versions: scaling by 2 is exact).
                    var e = ETDRK4Weights(z: z, step: h)
                    (e.q, e.f1, e.f2, e.f3) = (g * e.q, g * e.f1, g * e.f2, g * e.f3)
                    weights = e
                    cache[z] = weights
                }
                coefficients.set(m, weights)
            }
        }
        coefficientStep = h
    }
}
