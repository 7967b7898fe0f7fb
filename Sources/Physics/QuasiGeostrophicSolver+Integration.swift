extension QuasiGeostrophicSolver {
    // MARK: Kernel

    /// 𝒩(s) of the two-layer spectrum `s` into `out` (both 4·modeCount doubles):
    ///
    ///     𝒩_i = −(u_i ∂_x q_i + v_i ∂_y q_i)^ − i k_x (U_i q̂_i + Q_{y,i} ψ̂_i) [+ r_ek |κ|² ψ̂₂ for i = 2],
    ///
    /// the advection from four c2r and one r2c per layer (ten 2-D FFTs), the rest mode by mode.
    /// Outside the kept band 𝒩 holds only the advection's aliases; the zero ETDRK4 coefficients
    /// there ignore it, so the state stays zero outside the band.
    func tendency(of s: UnsafeMutablePointer<Double>, into out: UnsafeMutablePointer<Double>) {
        let layer = 2 * modeCount
        let (u1, v1, x1, y1) = (spectra[0], spectra[1], spectra[2], spectra[3])
        let (u2, v2, x2, y2) = (spectra[4], spectra[5], spectra[6], spectra[7])
        let (i11, i12, i21, i22) = (inverse11, inverse12, inverse21, inverse22)
        let (U1, U2) = (parameters.upperVelocity, parameters.lowerVelocity)
        let (qy1, qy2) = parameters.backgroundGradients
        let drag = parameters.bottomDrag
        let cols = columns
        for r in 0..<pointsX {
            let rowKept = r <= cutoffX || r >= pointsX - cutoffX
            let kxr = kx[r]
            for c in 0..<cols {
                let m = r &* cols &+ c
                let (a, b) = (2 &* m, 2 &* m &+ 1)
                guard rowKept && c <= cutoffY else {
                    for p in spectra { p[a] = 0; p[b] = 0 }
                    out[a] = 0; out[b] = 0; out[layer + a] = 0; out[layer + b] = 0
                    continue
                }
                let kyc = ky[c]
                let (q1r, q1i, q2r, q2i) = (s[a], s[b], s[layer &+ a], s[layer &+ b])
                let (p1r, p1i) = (i11[m] * q1r + i12[m] * q2r, i11[m] * q1i + i12[m] * q2i)
                let (p2r, p2i) = (i21[m] * q1r + i22[m] * q2r, i21[m] * q1i + i22[m] * q2i)
                // u = −∂_y ψ, v = ∂_x ψ, q_x = ∂_x q, q_y = ∂_y q (∂ → i k).
                u1[a] = kyc * p1i; u1[b] = -kyc * p1r
                v1[a] = -kxr * p1i; v1[b] = kxr * p1r
                x1[a] = -kxr * q1i; x1[b] = kxr * q1r
                y1[a] = -kyc * q1i; y1[b] = kyc * q1r
                u2[a] = kyc * p2i; u2[b] = -kyc * p2r
                v2[a] = -kxr * p2i; v2[b] = kxr * p2r
                x2[a] = -kxr * q2i; x2[b] = kxr * q2r
                y2[a] = -kyc * q2i; y2[b] = kyc * q2r
                // −i k_x z for z = U q̂ + Q_y ψ̂ is (k_x z_im, −k_x z_re).
                let (z1r, z1i) = (U1 * q1r + qy1 * p1r, U1 * q1i + qy1 * p1i)
                let (z2r, z2i) = (U2 * q2r + qy2 * p2r, U2 * q2i + qy2 * p2i)
                let friction = drag * wavenumberSquared[m]
                out[a] = kxr * z1i; out[b] = -kxr * z1r
                out[layer &+ a] = kxr * z2i + friction * p2r
                out[layer &+ b] = -kxr * z2r + friction * p2i
            }
        }
        let count = pointsX * pointsY
        let scale = 1 / (Double(count) * Double(count))
        let (pa, pb, pc) = (physA, physB, physC)
        for l in 0..<2 {
            let base = 4 * l
            // c2r gives M·field, so the product is M²·(u q_x + v q_y) and its r2c M² times the spectrum.
            fft.inverseDestroyingInput(spectra[base], into: pa)
            fft.inverseDestroyingInput(spectra[base + 2], into: pb)
            for j in 0..<count { pa[j] *= pb[j] }
            fft.inverseDestroyingInput(spectra[base + 1], into: pb)
            fft.inverseDestroyingInput(spectra[base + 3], into: pc)
            for j in 0..<count { pa[j] += pb[j] * pc[j] }
            fft.forward(pa, into: advectionSpectrum)
            let target = out + l * layer
            for i in 0..<layer { target[i] -= scale * advectionSpectrum[i] }
        }
    }

    /// One ETDRK4 step with the current coefficients (step `coefficientStep`).
    func advance() {
        let (e, e2, cq, f1, f2, f3) = (expFull, expHalf, coefQ, coefF1, coefF2, coefF3)
        let (q, a, s, nq, na, nb, nc) = (self.q, sa, stage, self.nq, self.na, self.nb, self.nc)
        let modes = modeCount
        /// Applies `body(i, m)` to every double i of both layers, m its mode.
        func forEach(_ body: (Int, Int) -> Void) {
            for l in 0..<2 {
                let base = l &* 2 &* modes
                for m in 0..<modes {
                    body(base &+ 2 &* m, m)
                    body(base &+ 2 &* m &+ 1, m)
                }
            }
        }
        tendency(of: q, into: nq)
        forEach { i, m in a[i] = e2[m] * q[i] + cq[m] * nq[i] }
        tendency(of: a, into: na)
        forEach { i, m in s[i] = e2[m] * q[i] + cq[m] * na[i] }
        tendency(of: s, into: nb)
        forEach { i, m in s[i] = e2[m] * a[i] + cq[m] * (2 * nb[i] - nq[i]) }
        tendency(of: s, into: nc)
        forEach { i, m in q[i] = e[m] * q[i] + f1[m] * nq[i] + f2[m] * (na[i] + nb[i]) + f3[m] * nc[i] }
    }
}

extension QuasiGeostrophicSolver: FixedStepModel {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's ETDRK4 step;
    /// states are [x, y, layer].
    public var driver: FixedStepDriver {
        FixedStepDriver(
            timeStep: timeStep, load: { [unowned self] in load($0) },
            advance: { [unowned self] n, h in
                if coefficientStep != h { computeCoefficients(step: h) }
                for _ in 0..<n { advance() }
            },
            state: { [unowned self] in state() },
            setTime: { [unowned self] in time = $0 })
    }
}

// MARK: Diagnostics

extension QuasiGeostrophicSolver {
    /// Σ over the full (Hermitian) spectrum of `density(m, ψ̂₁, ψ̂₂, q̂₁, q̂₂)` (each a (re, im)
    /// pair), divided by (NxNy)² so that it is a domain average (Parseval).
    private func spectralMean(_ density: (Int, (Double, Double), (Double, Double), (Double, Double), (Double, Double)) -> Double) -> Double {
        let layer = 2 * modeCount
        var sum = 0.0
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                let (a, b) = (2 * m, 2 * m + 1)
                let q1 = (q[a], q[b]), q2 = (q[layer + a], q[layer + b])
                let p1 = (inverse11[m] * q1.0 + inverse12[m] * q2.0, inverse11[m] * q1.1 + inverse12[m] * q2.1)
                let p2 = (inverse21[m] * q1.0 + inverse22[m] * q2.0, inverse21[m] * q1.1 + inverse22[m] * q2.1)
                let multiplicity = (c == 0 || 2 * c == pointsY) ? 1.0 : 2.0
                sum += multiplicity * density(m, p1, p2, q1, q2)
            }
        }
        let m2 = Double(pointsX) * Double(pointsY)
        return sum / (m2 * m2)
    }

    /// Total energy per unit mass, depth-weighted (pyqg's convention):
    /// E = Σ_i (H_i/H) ½⟨|∇ψ_i|²⟩ + (H₁/H) ½ F₁ ⟨(ψ₁ − ψ₂)²⟩.
    public var energy: Double {
        let delta = parameters.layerRatio
        let (w1, w2) = (delta / (1 + delta), 1 / (1 + delta))
        let f1 = parameters.stretching.0
        return 0.5 * spectralMean { m, p1, p2, _, _ in
            let k2 = wavenumberSquared[m]
            let (dr, di) = (p1.0 - p2.0, p1.1 - p2.1)
            return w1 * k2 * (p1.0 * p1.0 + p1.1 * p1.1) + w2 * k2 * (p2.0 * p2.0 + p2.1 * p2.1)
                + w1 * f1 * (dr * dr + di * di)
        }
    }

    /// Layer enstrophies ½⟨q_i²⟩.
    public var layerEnstrophies: (Double, Double) {
        (0.5 * spectralMean { _, _, _, q1, _ in q1.0 * q1.0 + q1.1 * q1.1 },
         0.5 * spectralMean { _, _, _, _, q2 in q2.0 * q2.0 + q2.1 * q2.1 })
    }
}

extension QuasiGeostrophicSolver: StateStepper {
    /// 2·Nx·Ny: both layers on the grid.
    public var dimension: Int { 2 * pointsX * pointsY }

    /// Loads `state`, takes `steps` steps of ``timeStep`` and writes the result back (for
    /// `LyapunovEstimator`; the round trip through the grid costs four FFTs).
    public func advance(_ state: UnsafeMutableBufferPointer<Double>, steps: Int) {
        load(Array(state))
        if coefficientStep != timeStep { computeCoefficients(step: timeStep) }
        for _ in 0..<steps { advance() }
        self.state(into: state)
    }
}
