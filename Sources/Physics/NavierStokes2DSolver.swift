import FourierTransforms

/// Reference solver for incompressible 2-D Navier–Stokes in vorticity form on the periodic box
/// [0, Lx) × [0, Ly), with Kolmogorov forcing and optional linear drag:
///
///     ω_t + u·∇ω = ν∇²ω − αω + F(y),   u = (ψ_y, −ψ_x),   −∇²ψ = ω,
///     F(y) = −A κ_f cos(κ_f y)   (the curl of the momentum forcing f = (A sin(κ_f y), 0)),
///
/// with κ_f = 2π n_f / Ly for an integer forcing mode n_f (n_f = 4 on a 2π box is the setting of
/// Kochkov et al. 2021 and jax-cfd). Pseudo-spectral in space, ETDRK4 in time.
///
/// ## State layout
/// ω is sampled at (x_i, y_j) = (i·Lx/Nx, j·Ly/Ny) and flattened row-major with x slow:
/// index i·Ny + j (the task layout [x, y, component] with one component, the vorticity).
///
/// ## Space
/// ω is held as its 2-D real-to-complex DFT ŵ (``RealFFT2D``, rows k_x, columns k_y ≥ 0). The
/// equation is ŵ_t = L ŵ + 𝒩(ŵ) with the diagonal, real linear part L = −ν|κ|² − α and
///
///     𝒩(ŵ) = −P[u ω_x + v ω_y]^ + F̂,
///
/// where û = iκ_y ŵ/|κ|², v̂ = −iκ_x ŵ/|κ|², ω̂_x = iκ_x ŵ, ω̂_y = iκ_y ŵ (ψ̂ = 0 for the mean mode)
/// are brought to the grid by four c2r transforms, the advection u ω_x + v ω_y is formed pointwise
/// and brought back by one r2c transform: five 2-D FFTs per evaluation. P is the 2/3 rule on
/// each axis: only modes with 3|m_x| < Nx and 3|m_y| < Ny are kept (the state is projected onto
/// the same band by ``load(_:)`` and never leaves it), so the quadratic product is computed
/// without aliasing and the semi-discrete system is the Galerkin truncation: with ν = α = A = 0
/// it conserves energy E = ½⟨|u|²⟩ and enstrophy Z = ½⟨ω²⟩ exactly (only time stepping errs).
/// For analytic solutions the spatial error decays exponentially in N.
///
/// ## Time: ETDRK4 (Cox & Matthews 2002, coefficients as in Kassam & Trefethen 2005)
/// With E = e^{hL}, E₂ = e^{hL/2}:
///
///     a = E₂ ŵ + Q 𝒩(ŵ)
///     b = E₂ ŵ + Q 𝒩(a)
///     c = E₂ a + Q (2𝒩(b) − 𝒩(ŵ))
///     ŵ ← E ŵ + f₁ 𝒩(ŵ) + 2 f₂ (𝒩(a) + 𝒩(b)) + f₃ 𝒩(c)
///
/// with the φ-function coefficients Q, f₁, f₂, f₃ evaluated by contour integrals (see
/// `NavierStokes2DSolver+Coefficients.swift`). The forcing is constant in time, so it is
/// integrated exactly (the laminar Kolmogorov state is a fixed point to round-off).
///
/// **Order:** 4 in time (measured ≈ 4 in `NavierStokes2DTests`).
/// **Stability:** viscosity and drag are integrated exactly (no diffusive step limit); the
/// advection is explicit with a stability region close to classical RK4's, so roughly
/// h · max|u| · κ_cut ≲ 2.8 (κ_cut = 2π/L · N/3); keep the CFL number h·max|u|·N/L below ~0.5
/// for accuracy.
///
/// ## Allocation, threads, determinism
/// Plans (FFTW_ESTIMATE), coefficients and all buffers are made in `init`; ``step()``
/// allocates nothing. With `threads` > 1 the FFTs run on FFTW's threads (the O(N²) pointwise
/// passes stay serial); the result equals the serial run's to round-off (tested). For a fixed
/// thread count the same input gives bit-identical output on the same machine.
///
/// Not thread-safe (mutable state); use one solver per thread.
public final class NavierStokes2DSolver {
    /// Grid points along x (slow axis) and y (fast axis), even, ≥ 4.
    public let pointsX: Int
    public let pointsY: Int
    /// Periods Lx, Ly.
    public let lengthX: Double
    public let lengthY: Double
    /// Kinematic viscosity ν ≥ 0.
    public let viscosity: Double
    /// Linear drag α ≥ 0.
    public let drag: Double
    /// Momentum forcing amplitude A (f = A sin(κ_f y) along x).
    public let forcingAmplitude: Double
    /// Forcing mode n_f (κ_f = 2π n_f / Ly); must lie in the 2/3 band when A ≠ 0.
    public let forcingMode: Int
    /// The nominal step h of ``step()``.
    public let timeStep: Double
    /// FFT threads.
    public let threads: Int
    /// Simulated time since the last ``load(_:)``.
    public internal(set) var time: Double = 0

    let fft: RealFFT2D
    /// Stored columns Ny/2 + 1 and modes Nx·(Ny/2 + 1).
    let columns: Int
    let modeCount: Int
    /// Largest kept |m_x| and m_y (2/3 rule).
    let cutoffX: Int
    let cutoffY: Int
    /// κ_x per row and κ_y per column.
    let kx: UnsafeMutablePointer<Double>
    let ky: UnsafeMutablePointer<Double>
    /// 1/|κ|² (0 for the mean mode), per mode.
    let inverseLaplacian: UnsafeMutablePointer<Double>
    /// Index of the forcing mode (0, n_f) and the value added there to the raw advection
    /// spectrum (in the units the coefficients expect), or −1 when unforced.
    let forcingIndex: Int
    let forcingRaw: Double
    // ETDRK4 coefficients (0 outside the band); Q and f's carry the factor −1/(NxNy)².
    let coefficients: ETDRK4CoefficientTable
    var coefficientStep: Double = .nan
    // Spectral state and stage values (interleaved complex, 2·modeCount doubles).
    let w: UnsafeMutablePointer<Double>
    let sa: UnsafeMutablePointer<Double>
    let nw: UnsafeMutablePointer<Double>
    let na: UnsafeMutablePointer<Double>
    let nb: UnsafeMutablePointer<Double>
    let nc: UnsafeMutablePointer<Double>
    // c2r inputs (rebuilt every evaluation; the c2r destroys them).
    let specU: UnsafeMutablePointer<Double>
    let specV: UnsafeMutablePointer<Double>
    let specWx: UnsafeMutablePointer<Double>
    let specWy: UnsafeMutablePointer<Double>
    // Physical work arrays, Nx·Ny doubles.
    let physU: UnsafeMutablePointer<Double>
    let physV: UnsafeMutablePointer<Double>
    let physW: UnsafeMutablePointer<Double>

    /// Allocates plans, coefficients and buffers and computes the ETDRK4 coefficients for `timeStep`.
    /// - Parameters:
    ///   - points: (Nx, Ny), even and ≥ 4.
    ///   - lengths: (Lx, Ly) > 0.
    ///   - viscosity: ν ≥ 0. - drag: α ≥ 0.
    ///   - forcingAmplitude: A. - forcingMode: n_f ≥ 1 with 3·n_f < Ny (ignored when A = 0).
    ///   - timeStep: h > 0. - threads: FFTW threads ≥ 1.
    public init(points: (Int, Int), lengths: (Double, Double), viscosity: Double, drag: Double = 0,
                forcingAmplitude: Double = 0, forcingMode: Int = 4, timeStep: Double, threads: Int = 1) {
        let (nx, ny) = points
        precondition(nx >= 4 && ny >= 4 && nx % 2 == 0 && ny % 2 == 0, "NavierStokes2DSolver needs even grid sizes ≥ 4")
        precondition(lengths.0 > 0 && lengths.1 > 0 && lengths.0.isFinite && lengths.1.isFinite, "lengths must be positive")
        precondition(viscosity >= 0 && viscosity.isFinite, "viscosity must be non-negative")
        precondition(drag >= 0 && drag.isFinite, "drag must be non-negative")
        precondition(forcingAmplitude.isFinite, "forcing amplitude must be finite")
        precondition(timeStep > 0 && timeStep.isFinite, "timeStep must be positive")
        precondition(threads >= 1, "threads must be ≥ 1")
        precondition(forcingAmplitude == 0 || (forcingMode >= 1 && 3 * forcingMode < ny),
                     "the forcing mode must be ≥ 1 and inside the 2/3 band (3·n_f < Ny)")
        pointsX = nx
        pointsY = ny
        lengthX = lengths.0
        lengthY = lengths.1
        self.viscosity = viscosity
        self.drag = drag
        self.forcingAmplitude = forcingAmplitude
        self.forcingMode = forcingMode
        self.timeStep = timeStep
        self.threads = threads
        fft = RealFFT2D(n0: nx, n1: ny, threads: threads)
        columns = ny / 2 + 1
        modeCount = nx * columns
        cutoffX = (nx - 1) / 3
        cutoffY = (ny - 1) / 3
        let modes = modeCount
        kx = FFTWMemory.allocateDoubles(nx)
        ky = FFTWMemory.allocateDoubles(columns)
        inverseLaplacian = FFTWMemory.allocateDoubles(modes)
        coefficients = ETDRK4CoefficientTable(count: modes)
        w = FFTWMemory.allocateDoubles(2 * modes)
        sa = FFTWMemory.allocateDoubles(2 * modes)
        nw = FFTWMemory.allocateDoubles(2 * modes)
        na = FFTWMemory.allocateDoubles(2 * modes)
        nb = FFTWMemory.allocateDoubles(2 * modes)
        nc = FFTWMemory.allocateDoubles(2 * modes)
        specU = FFTWMemory.allocateDoubles(2 * modes)
        specV = FFTWMemory.allocateDoubles(2 * modes)
        specWx = FFTWMemory.allocateDoubles(2 * modes)
        specWy = FFTWMemory.allocateDoubles(2 * modes)
        physU = FFTWMemory.allocateDoubles(nx * ny)
        physV = FFTWMemory.allocateDoubles(nx * ny)
        physW = FFTWMemory.allocateDoubles(nx * ny)

        for r in 0..<nx {
            let signed = r <= nx / 2 ? r : r - nx
            kx[r] = 2 * Double.pi * Double(signed) / lengths.0
        }
        for c in 0..<columns { ky[c] = 2 * Double.pi * Double(c) / lengths.1 }
        for r in 0..<nx {
            for c in 0..<columns {
                let k2 = kx[r] * kx[r] + ky[c] * ky[c]
                inverseLaplacian[r * columns + c] = k2 > 0 ? 1 / k2 : 0
            }
        }
        // Raw advection spectrum r2c(p) with p = (M u)(M ω_x) + (M v)(M ω_y), M = NxNy, is M²·FFT(u·∇ω);
        // 𝒩 = −r2c(p)/M² + F̂ = g·(r2c(p) + forcingRaw) with g = −1/M² (folded into Q, f's),
        // F̂(0, n_f) = −A κ_f M/2 (unnormalised DFT of −Aκ_f cos(κ_f y)), so forcingRaw = A κ_f M³/2.
        if forcingAmplitude != 0 {
            let m = Double(nx) * Double(ny)
            let kappaF = 2 * Double.pi * Double(forcingMode) / lengths.1
            forcingIndex = forcingMode
            forcingRaw = forcingAmplitude * kappaF * m * m * m / 2
        } else {
            forcingIndex = -1
            forcingRaw = 0
        }
        computeCoefficients(step: timeStep)
    }

    deinit {
        for p in [kx, ky, inverseLaplacian, w, sa, nw, na, nb, nc, specU, specV, specWx, specWy, physU, physV, physW] {
            FFTWMemory.deallocate(p)
        }
        coefficients.deallocate()
    }

    /// Whether stored mode (row r, column c) is inside the 2/3 band.
    @inline(__always)
    func inBand(row r: Int, column c: Int) -> Bool {
        c <= cutoffY && (r <= cutoffX || r >= pointsX - cutoffX)
    }

    // MARK: Low-level API

    /// Sets the vorticity to `initial` (Nx·Ny samples, x slow), projected onto the 2/3 band, and
    /// resets ``time`` to 0.
    public func load(_ initial: [Double]) {
        precondition(initial.count == pointsX * pointsY,
                     "initial condition has \(initial.count) values, solver has \(pointsX)×\(pointsY)")
        initial.withUnsafeBufferPointer { physU.update(from: $0.baseAddress!, count: pointsX * pointsY) }
        fft.forward(physU, into: w)
        for r in 0..<pointsX {
            for c in 0..<columns where !inBand(row: r, column: c) {
                w[2 * (r * columns + c)] = 0
                w[2 * (r * columns + c) + 1] = 0
            }
        }
        time = 0
    }

    /// Writes the vorticity on the grid (Nx·Ny values, x slow) into `output`. Allocates nothing.
    public func state(into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count == pointsX * pointsY, "output has \(output.count) slots, solver has \(pointsX)×\(pointsY)")
        specU.update(from: w, count: 2 * modeCount)
        fft.inverseDestroyingInput(specU, into: physU)
        let scale = 1 / (Double(pointsX) * Double(pointsY))
        for j in 0..<output.count { output[j] = physU[j] * scale }
    }

    /// The vorticity on the grid (x slow).
    public func state() -> [Double] {
        var out = [Double](repeating: 0, count: pointsX * pointsY)
        out.withUnsafeMutableBufferPointer { state(into: $0) }
        return out
    }

    /// Advances by ``timeStep``. Allocates nothing: twenty 2-D FFTs (16 c2r, 4 r2c) plus
    /// O(NxNy) work.
    public func step() {
        stepOnce()
    }

    // MARK: Kernel

    /// Writes û, v̂, ω̂_x, ω̂_y of the stage whose spectrum at mode m is `value(m)` (which is only
    /// called inside the band) into the c2r inputs, zero outside the band.
    @inline(__always)
    func prepare(_ value: (Int) -> (Double, Double)) {
        let (u, v, wx, wy) = (specU, specV, specWx, specWy)
        let (cols, kc) = (columns, cutoffY + 1)
        for r in 0..<pointsX {
            let base = 2 &* r &* cols
            guard r <= cutoffX || r >= pointsX - cutoffX else {
                (u + base).update(repeating: 0, count: 2 * cols)
                (v + base).update(repeating: 0, count: 2 * cols)
                (wx + base).update(repeating: 0, count: 2 * cols)
                (wy + base).update(repeating: 0, count: 2 * cols)
                continue
            }
            let kxr = kx[r]
            for c in 0..<kc {
                let m = r &* cols &+ c
                let (re, im) = value(m)
                let kyc = ky[c]
                let inv = inverseLaplacian[m]
                let (i0, i1) = (2 &* m, 2 &* m &+ 1)
                // ω_x = iκ_x ω, ω_y = iκ_y ω, u = ω_y/|κ|², v = −ω_x/|κ|².
                let (xr, xi) = (-kxr * im, kxr * re)
                let (yr, yi) = (-kyc * im, kyc * re)
                wx[i0] = xr; wx[i1] = xi
                wy[i0] = yr; wy[i1] = yi
                u[i0] = yr * inv; u[i1] = yi * inv
                v[i0] = -xr * inv; v[i1] = -xi * inv
            }
            let tail = 2 &* (cols &- kc)
            let start = base &+ 2 &* kc
            (u + start).update(repeating: 0, count: tail)
            (v + start).update(repeating: 0, count: tail)
            (wx + start).update(repeating: 0, count: tail)
            (wy + start).update(repeating: 0, count: tail)
        }
    }

    /// The raw advection spectrum of the prepared stage into `output`:
    /// r2c((Mu)(Mω_x) + (Mv)(Mω_y)) plus the forcing term, so that 𝒩 = g·output.
    @inline(__always)
    func advection(into output: UnsafeMutablePointer<Double>) {
        let (pu, pv, pw) = (physU, physV, physW)
        let count = pointsX * pointsY
        fft.inverseDestroyingInput(specU, into: pu)
        fft.inverseDestroyingInput(specWx, into: pw)
        for j in 0..<count { pu[j] = pu[j] * pw[j] }
        fft.inverseDestroyingInput(specV, into: pv)
        fft.inverseDestroyingInput(specWy, into: pw)
        for j in 0..<count { pu[j] += pv[j] * pw[j] }
        fft.forward(pu, into: output)
        if forcingIndex >= 0 { output[2 * forcingIndex] += forcingRaw }
    }

    /// One ETDRK4 step with the current coefficients (step `coefficientStep`). Stages b and c
    /// are never stored: they are formed directly into the c2r inputs.
    func advance() {
        let (e, e2, q, f1, f2, f3) = coefficients.arrays
        let (w, a, nw, na, nb, nc) = (self.w, sa, self.nw, self.na, self.nb, self.nc)
        prepare { m in (w[2 &* m], w[2 &* m &+ 1]) }
        advection(into: nw)
        // a = E₂ w + Q N(w), stored (c needs it).
        prepare { m in
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            let ar = e2[m] * w[r] + q[m] * nw[r]
            let ai = e2[m] * w[i] + q[m] * nw[i]
            a[r] = ar; a[i] = ai
            return (ar, ai)
        }
        advection(into: na)
        // b = E₂ w + Q N(a).
        prepare { m in
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            return (e2[m] * w[r] + q[m] * na[r], e2[m] * w[i] + q[m] * na[i])
        }
        advection(into: nb)
        // c = E₂ a + Q (2N(b) − N(w)).
        prepare { m in
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            return (e2[m] * a[r] + q[m] * (2 * nb[r] - nw[r]), e2[m] * a[i] + q[m] * (2 * nb[i] - nw[i]))
        }
        advection(into: nc)
        // w ← E w + f₁ N(w) + 2f₂ (N(a) + N(b)) + f₃ N(c), inside the band (outside, w stays 0).
        let cols = columns
        for r in 0..<pointsX where r <= cutoffX || r >= pointsX - cutoffX {
            for c in 0...cutoffY {
                let m = r &* cols &+ c
                let (i0, i1) = (2 &* m, 2 &* m &+ 1)
                let (em, f1m, f2m, f3m) = (e[m], f1[m], f2[m], f3[m])
                w[i0] = em * w[i0] + f1m * nw[i0] + f2m * (na[i0] + nb[i0]) + f3m * nc[i0]
                w[i1] = em * w[i1] + f1m * nw[i1] + f2m * (na[i1] + nb[i1]) + f3m * nc[i1]
            }
        }
    }
}
