extension QuasiGeostrophicSolver {
    // MARK: Kernel

    /// A two-layer spectral value at one mode: (re q̂₁, im q̂₁, re q̂₂, im q̂₂).
    typealias ModeValue = (Double, Double, Double, Double)

    /// A stage's two-layer value at mode m, given to the preparation pass. Concrete types, not
    /// closures: the generic pass is specialised per stage, so there is no call per mode.
    protocol Stage {
        func callAsFunction(_ m: Int) -> ModeValue
    }

    /// A stored two-layer spectrum.
    struct StoredStage: Stage {
        let spectrum: UnsafeMutablePointer<Double>
        let layer: Int
        @inline(__always) func callAsFunction(_ m: Int) -> ModeValue {
            let (i0, i1) = (2 &* m, 2 &* m &+ 1)
            return (spectrum[i0], spectrum[i1], spectrum[layer &+ i0], spectrum[layer &+ i1])
        }
    }

    /// E₂ x + Q y, or E₂ x + Q (2y − z) when `z` is given (stage c), stored into `target` as it is formed.
    struct FormedStage: Stage {
        let target: UnsafeMutablePointer<Double>
        let expHalf: UnsafeMutablePointer<Double>
        let coefQ: UnsafeMutablePointer<Double>
        let x: UnsafeMutablePointer<Double>
        let y: UnsafeMutablePointer<Double>
        let z: UnsafeMutablePointer<Double>?
        let layer: Int
        @inline(__always) func callAsFunction(_ m: Int) -> ModeValue {
            let (e2, cq) = (expHalf[m], coefQ[m])
            @inline(__always) func form(_ i: Int) -> Double {
                let value = if let z { e2 * x[i] + cq * (2 * y[i] - z[i]) } else { e2 * x[i] + cq * y[i] }
                target[i] = value
                return value
            }
            let (i0, i1) = (2 &* m, 2 &* m &+ 1)
            return (form(i0), form(i1), form(layer &+ i0), form(layer &+ i1))
        }
    }

    /// 𝒩 of the stage whose two-layer spectrum at kept mode m is `first(m)`, then `second(m)`,
    /// into `out` (4·modeCount doubles):
    ///
    ///     𝒩_i = −(u_i ∂_x q_i + v_i ∂_y q_i)^ − i k_x (U_i q̂_i + Q_{y,i} ψ̂_i) [+ r_ek |κ|² ψ̂₂ for i = 2].
    ///
    /// One layer at a time: its four c2r inputs are written, transformed and multiplied, and its
    /// advection comes back by one r2c, before the next layer's inputs overwrite the same buffers.
    /// At 256² the inputs of both layers (eight 528 kB spectra) would not fit in cache, and
    /// writing them in one pass cost a quarter of the step; a layer's four are read back warm.
    /// Both layers' ψ̂ need both layers' q̂, so `first` (which may form and store the stage) feeds
    /// the upper layer's pass and `second` (which reads it back) the lower's. Outside the kept
    /// band 𝒩 holds only the advection's aliases; the zero ETDRK4 coefficients there ignore it.
    func tendency<First: Stage, Second: Stage>(into out: UnsafeMutablePointer<Double>, first: First, second: Second) {
        prepare(layer: 0, linearInto: out, first)
        addAdvection(into: out)
        prepare(layer: 1, linearInto: out + 2 * modeCount, second)
        addAdvection(into: out + 2 * modeCount)
    }

    /// Writes layer `l`'s c2r inputs û, v̂, q̂_x, q̂_y (zero outside the band) and its linear terms
    /// −i k_x (U q̂ + Q_y ψ̂) [+ r_ek |κ|² ψ̂] into `linear` (2·modeCount doubles).
    @inline(__always)  // so that `l` is a constant in each copy and only that layer's ψ̂ is formed
    func prepare<S: Stage>(layer l: Int, linearInto linear: UnsafeMutablePointer<Double>, _ value: S) {
        let (u, v, gx, gy) = (uHat, vHat, gradientXHat, gradientYHat)
        let velocity = l == 0 ? parameters.upperVelocity : parameters.lowerVelocity
        let gradient = l == 0 ? parameters.backgroundGradients.0 : parameters.backgroundGradients.1
        let drag = l == 0 ? 0 : parameters.bottomDrag
        let (cols, kept) = (columns, cutoffY + 1)
        for r in 0..<pointsX {
            let base = 2 &* r &* cols
            guard r <= cutoffX || r >= pointsX - cutoffX else {
                zero(row: base, count: 2 &* cols)
                continue
            }
            let kxr = kx[r]
            for c in 0..<kept {
                let m = r &* cols &+ c
                let (i0, i1) = (2 &* m, 2 &* m &+ 1)
                let kyc = ky[c]
                let both = value(m)
                let psi = streamfunctions(both, row: r, column: c, mode: m)
                let (qr, qi) = l == 0 ? (both.0, both.1) : (both.2, both.3)
                let (pr, pi) = l == 0 ? (psi.0, psi.1) : (psi.2, psi.3)
                // u = −∂_y ψ, v = ∂_x ψ, q_x = ∂_x q, q_y = ∂_y q (∂ → i k).
                u[i0] = kyc * pi; u[i1] = -kyc * pr
                v[i0] = -kxr * pi; v[i1] = kxr * pr
                gx[i0] = -kxr * qi; gx[i1] = kxr * qr
                gy[i0] = -kyc * qi; gy[i1] = kyc * qr
                // −i k_x z for z = U q̂ + Q_y ψ̂ is (k_x z_im, −k_x z_re).
                let (zr, zi) = (velocity * qr + gradient * pr, velocity * qi + gradient * pi)
                let friction = drag * (kxr * kxr + kyc * kyc)
                linear[i0] = kxr * zi + friction * pr
                linear[i1] = -kxr * zr + friction * pi
            }
            let start = base &+ 2 &* kept
            let tail = 2 &* (cols &- kept)
            zero(row: start, count: tail)
        }
        /// Zeroes `count` doubles from `offset` of the four inputs and `linear` (no array: this runs per row).
        func zero(row offset: Int, count: Int) {
            (u + offset).update(repeating: 0, count: count)
            (v + offset).update(repeating: 0, count: count)
            (gx + offset).update(repeating: 0, count: count)
            (gy + offset).update(repeating: 0, count: count)
            (linear + offset).update(repeating: 0, count: count)
        }
    }

    /// Subtracts the advection u q_x + v q_y of the prepared layer from `out` (that layer's
    /// 2·modeCount doubles): four c2r, two pointwise products, one r2c.
    func addAdvection(into out: UnsafeMutablePointer<Double>) {
        let count = pointsX * pointsY
        let scale = 1 / (Double(count) * Double(count))
        let (pa, pb, pc) = (physA, physB, physC)
        // c2r gives M·field, so the product is M²·(u q_x + v q_y) and its r2c M² times the spectrum.
        fft.inverseDestroyingInput(uHat, into: pa)
        fft.inverseDestroyingInput(gradientXHat, into: pb)
        for j in 0..<count { pa[j] *= pb[j] }
        fft.inverseDestroyingInput(vHat, into: pb)
        fft.inverseDestroyingInput(gradientYHat, into: pc)
        for j in 0..<count { pa[j] += pb[j] * pc[j] }
        fft.forward(pa, into: advectionSpectrum)
        for i in 0..<(2 * modeCount) { out[i] -= scale * advectionSpectrum[i] }
    }

    /// One ETDRK4 step with the current coefficients (step `coefficientStep`). Stages a and b or
    /// c are formed inside the upper layer's preparation pass and stored for the lower layer's.
    func advance() {
        let (e, e2, cq, f1, f2, f3) = coefficients.arrays
        let (q, a, s, nq, na, nb, nc) = (self.q, sa, stage, self.nq, self.na, self.nb, self.nc)
        let layer = 2 * modeCount
        func formed(_ target: UnsafeMutablePointer<Double>, _ x: UnsafeMutablePointer<Double>,
                    _ y: UnsafeMutablePointer<Double>, minus z: UnsafeMutablePointer<Double>? = nil) -> FormedStage {
            FormedStage(target: target, expHalf: e2, coefQ: cq, x: x, y: y, z: z, layer: layer)
        }
        tendency(into: nq, first: StoredStage(spectrum: q, layer: layer), second: StoredStage(spectrum: q, layer: layer))
        tendency(into: na, first: formed(a, q, nq), second: StoredStage(spectrum: a, layer: layer))
        tendency(into: nb, first: formed(s, q, na), second: StoredStage(spectrum: s, layer: layer))
        tendency(into: nc, first: formed(s, a, nb, minus: nq), second: StoredStage(spectrum: s, layer: layer))
        // q ← E q + f₁ 𝒩(q) + 2f₂ (𝒩(a) + 𝒩(b)) + f₃ 𝒩(c) inside the band (outside, q stays 0).
        let cols = columns
        for r in 0..<pointsX where r <= cutoffX || r >= pointsX - cutoffX {
            for c in 0...cutoffY {
                let m = r &* cols &+ c
                let (em, f1m, f2m, f3m) = (e[m], f1[m], f2[m], f3[m])
                @inline(__always) func update(_ i: Int) {
                    q[i] = em * q[i] + f1m * nq[i] + f2m * (na[i] + nb[i]) + f3m * nc[i]
                }
                update(2 &* m); update(2 &* m &+ 1); update(layer &+ 2 &* m); update(layer &+ 2 &* m &+ 1)
            }
        }
    }
}

extension QuasiGeostrophicSolver: FixedStepModel, ETDRK4Stepping {
    /// The shared fixed-step driver (see `FixedStepDriver`) around this solver's ETDRK4 step;
    /// states are [x, y, layer].
    public var driver: FixedStepDriver { etdrk4Driver }
}

// MARK: Diagnostics

extension QuasiGeostrophicSolver {
    /// Σ over the full (Hermitian) spectrum of `density(|κ|², ψ̂₁, ψ̂₂, q̂₁, q̂₂)` (each a (re, im)
    /// pair), divided by (NxNy)² so that it is a domain average (Parseval).
    private func spectralMean(_ density: (Double, (Double, Double), (Double, Double), (Double, Double), (Double, Double)) -> Double) -> Double {
        let layer = 2 * modeCount
        var sum = 0.0
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                let (a, b) = (2 * m, 2 * m + 1)
                let q1 = (q[a], q[b]), q2 = (q[layer + a], q[layer + b])
                let psi = streamfunctions((q1.0, q1.1, q2.0, q2.1), row: r, column: c, mode: m)
                let (p1, p2) = ((psi.0, psi.1), (psi.2, psi.3))
                let multiplicity = (c == 0 || 2 * c == pointsY) ? 1.0 : 2.0
                sum += multiplicity * density(kx[r] * kx[r] + ky[c] * ky[c], p1, p2, q1, q2)
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
        return 0.5 * spectralMean { k2, p1, p2, _, _ in
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
        advance(steps: steps, size: timeStep)
        self.state(into: state)
    }
}
