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
        var cache: [Double: (Double, Double, Double, Double, Double, Double)] = [:]
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                guard inBand(row: r, column: c) else {
                    expFull[m] = 0; expHalf[m] = 0; coefQ[m] = 0; coefF1[m] = 0; coefF2[m] = 0; coefF3[m] = 0
                    continue
                }
                let z = h * (-viscosity * (kx[r] * kx[r] + ky[c] * ky[c]) - drag)
                let values: (Double, Double, Double, Double, Double, Double)
                if let hit = cache[z] {
                    values = hit
                } else {
                    let e = ETDRK4Weights(z: z, step: h)
                    values = (e.expFull, e.expHalf, g * e.q, g * e.f1, 2 * g * e.f2, g * e.f3)
                    cache[z] = values
                }
                (expFull[m], expHalf[m], coefQ[m], coefF1[m], coefF2[m], coefF3[m]) = values
            }
        }
        coefficientStep = h
    }
}
