extension NavierStokes2DSolver: FixedStepModel, ETDRK4Stepping {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's ETDRK4 step.
    public var driver: FixedStepDriver { etdrk4Driver }
}

// MARK: Diagnostics

extension NavierStokes2DSolver {
    /// Σ over the full (Hermitian) spectrum of weight(m)·|ŵ_m|², divided by (NxNy)², so that it is
    /// the domain average of the corresponding quadratic quantity (Parseval). Columns 0 and Ny/2
    /// are stored once, the others stand for ±k_y and count twice.
    private func spectralMean(_ weight: (Int, Int, Int) -> Double) -> Double {
        var sum = 0.0
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                let power = w[2 * m] * w[2 * m] + w[2 * m + 1] * w[2 * m + 1]
                guard power != 0 else { continue }
                let multiplicity = (c == 0 || 2 * c == pointsY) ? 1.0 : 2.0
                sum += multiplicity * weight(r, c, m) * power
            }
        }
        let m2 = Double(pointsX) * Double(pointsY)
        return sum / (m2 * m2)
    }

    /// Kinetic energy per unit area, E = ½⟨|u|²⟩ = ½ Σ |ω̂|²/|κ|² (normalised).
    public var energy: Double { 0.5 * spectralMean { _, _, m in inverseLaplacian[m] } }

    /// Enstrophy per unit area, Z = ½⟨ω²⟩.
    public var enstrophy: Double { 0.5 * spectralMean { _, _, _ in 1 } }

    /// Palinstrophy per unit area, P = ½⟨|∇ω|²⟩.
    public var palinstrophy: Double { 0.5 * spectralMean { r, c, _ in kx[r] * kx[r] + ky[c] * ky[c] } }

    /// Power of the forcing per unit area, ⟨u·f⟩ = −A·Re ŵ(0, n_f)/(NxNy·κ_f), so that
    /// dE/dt = ⟨u·f⟩ − 2νZ − 2αE.
    public var energyInjection: Double {
        guard forcingIndex >= 0 else { return 0 }
        let kappaF = ky[forcingMode]
        return -forcingAmplitude * w[2 * forcingIndex] / (Double(pointsX) * Double(pointsY) * kappaF)
    }

    /// Enstrophy injection per unit area, ⟨ωF⟩ = κ_f²·⟨u·f⟩, so that dZ/dt = ⟨ωF⟩ − 2νP − 2αZ.
    public var enstrophyInjection: Double {
        guard forcingIndex >= 0 else { return 0 }
        return ky[forcingMode] * ky[forcingMode] * energyInjection
    }
}
