extension QuadraticSpectralSolver1D {
    /// Fills E, E₂, Q, f₁, f₂, f₃ for step `h`, in place (no allocation), from z = h·L_m (real:
    /// ≤ 0 for Burgers, positive on the unstable modes of KS) by Cox & Matthews' formulas,
    /// evaluated by contour means (``ETDRK4Weights``, Kassam & Trefethen 2005) so nothing cancels
    /// at small |z|.
    final func computeCoefficients(step h: Double) {
        for m in 0..<modeCount {
            // The nonlinear factor g (−k/2 with the 2/3 mask) is folded into the coefficients, and
            // F2 is doubled by the table (it multiplies N(a) + N(b)): the step then needs no pass of
            // its own over the spectrum to apply g. See `advance()`.
            coefficients.set(m, ETDRK4Weights(z: h * linearRates[m], step: h, factor: nonlinearFactor[m]))
        }
        coefficientStep = h
    }
}
