import FourierTransforms

/// Reference solver for the periodic 1-D Kuramoto–Sivashinsky equation
///
///     u_t + u u_x + u_xx + ν u_xxxx = 0,   x ∈ [0, L) periodic,
///
/// pseudo-spectral in space and ETDRK4 in time. ν = 1 is the standard form; with x = √ν·y,
/// t = ν·s, u = w/√ν any ν is the standard equation for w(y, s) on a domain of length L/√ν, so
/// ν < 1 acts like a longer domain (more unstable modes) and rates scale by 1/ν. Sustained
/// chaos needs L/√ν ≳ 22.
///
/// ## Space
/// u is represented by its discrete Fourier coefficients v_m on N equispaced points
/// (κ_m = 2πm/L, m = 0 … N/2). In Fourier space
///
///     v_t = L v + 𝒩(v),   L_m = κ_m² − ν κ_m⁴,   𝒩(v)_m = −(i κ_m / 2) · F[u²]_m,
///
/// with u² formed pointwise in physical space (one inverse and one forward FFT per evaluation).
/// L_m > 0 (linear instability) for 0 < κ_m < 1/√ν; the fourth-order term makes the high modes
/// very stiff (L_m ≈ −ν κ⁴). The quadratic term is dealiased by the 2/3 rule: only modes with
/// 3m < N are kept in 𝒩, and ``load(_:)`` projects the initial condition onto the same band.
/// Solutions on the attractor are analytic, so the spatial error decays exponentially in N.
///
/// ## Time: ETDRK4 (Cox & Matthews 2002), coefficients by Kassam & Trefethen (2005)
/// With E = e^{hL}, E₂ = e^{hL/2}, one step of size h is
///
///     a = E₂ v + Q 𝒩(v)
///     b = E₂ v + Q 𝒩(a)
///     c = E₂ a + Q (2𝒩(b) − 𝒩(v))
///     v ← E v + f₁ 𝒩(v) + 2 f₂ (𝒩(a) + 𝒩(b)) + f₃ 𝒩(c)
///
/// with Q, f₁…₃ the φ-type functions of hL evaluated by contour integrals (see
/// `KuramotoSivashinskySolver+Coefficients.swift`); L is real, so all coefficients are real.
/// As in ``BurgersSolver``, the nonlinear factor −κ/2 (with the 2/3 mask and FFTW's 1/N²) is
/// folded into the coefficients, so a step makes exactly one O(N) pass per stage besides the
/// pointwise square.
///
/// **Order:** 4 in time (measured ≈ 4 in `PhysicsTests`). The mean (m = 0) is conserved
/// exactly: L₀ = 0 and 𝒩₀ = 0, so v₀ is multiplied by E₀ = 1 and nothing is added.
/// **Stability:** the linear part is integrated exactly, so the fourth-order stiffness imposes no
/// step limit; the explicit nonlinear term needs h · max|u| · κ_m ≲ 2.8 only on the modes that
/// the linear part does not damp within a step. For ν = 1, L = 22–100 and |u| ≲ 3, h ≤ 0.25
/// (Kassam & Trefethen's choice) is stable; accuracy, not stability, sets h.
///
/// ## Allocation and determinism
/// FFT plans (FFTW_ESTIMATE, deterministic), coefficient arrays and all stage buffers are
/// allocated once in `init`; ``step()`` allocates nothing. Everything is serial and in a fixed
/// order, so the same input gives bit-identical output on the same machine.
///
/// Not thread-safe (mutable state); use one solver per thread.
public final class KuramotoSivashinskySolver {
    /// Grid points N (even, ≥ 4).
    public let points: Int
    /// Period L of the domain.
    public let length: Double
    /// Coefficient ν > 0 of u_xxxx (1 in the standard form).
    public let viscosity: Double
    /// The nominal step h used by ``step()``; ``integrate(initial:outputTimes:)`` may shorten it
    /// so that output times are hit exactly.
    public let timeStep: Double
    /// Points on the contour used for the ETDRK4 coefficients (Kassam & Trefethen use 32 for
    /// KS on the full circle; 64 on the circle keeps the coefficients at rounding level for the
    /// large |hL| of fine grids).
    public static let contourPointCount = 64
    /// Simulated time since the last ``load(_:)``.
    public internal(set) var time: Double = 0

    let fft: RealFFT
    /// N/2 + 1 stored modes.
    let modeCount: Int
    /// κ_m = 2πm/L.
    let wavenumbers: UnsafeMutablePointer<Double>
    /// −κ_m/(2N²) inside the 2/3 band and 0 outside (as in ``BurgersSolver``).
    let nonlinearFactor: UnsafeMutablePointer<Double>
    /// 1 inside the 2/3 band (3m < N), else 0.
    let bandMask: UnsafeMutablePointer<Double>
    // ETDRK4 coefficients for step `coefficientStep` (Q, F1, F2, F3 carry the nonlinear factor).
    let expFull: UnsafeMutablePointer<Double>
    let expHalf: UnsafeMutablePointer<Double>
    let coefQ: UnsafeMutablePointer<Double>
    let coefF1: UnsafeMutablePointer<Double>
    let coefF2: UnsafeMutablePointer<Double>
    let coefF3: UnsafeMutablePointer<Double>
    var coefficientStep: Double = .nan
    // Spectral state and stages, interleaved complex (2·modeCount doubles each).
    let v: UnsafeMutablePointer<Double>
    let nv: UnsafeMutablePointer<Double>
    let sa: UnsafeMutablePointer<Double>
    let na: UnsafeMutablePointer<Double>
    let sb: UnsafeMutablePointer<Double>
    let nb: UnsafeMutablePointer<Double>
    let sc: UnsafeMutablePointer<Double>
    let nc: UnsafeMutablePointer<Double>
    /// Physical-space work array, N doubles.
    let physical: UnsafeMutablePointer<Double>

    /// Allocates plans, coefficients and buffers, and computes the ETDRK4 coefficients for
    /// `timeStep`.
    /// - Parameters:
    ///   - points: N, even and ≥ 4.
    ///   - length: the period L > 0.
    ///   - viscosity: ν > 0, the coefficient of u_xxxx.
    ///   - timeStep: h > 0.
    public init(points: Int, length: Double, viscosity: Double = 1, timeStep: Double) {
        precondition(points >= 4 && points % 2 == 0, "KuramotoSivashinskySolver needs an even number of points ≥ 4")
        precondition(length > 0 && length.isFinite, "length must be positive")
        precondition(viscosity > 0 && viscosity.isFinite, "viscosity must be positive")
        precondition(timeStep > 0 && timeStep.isFinite, "timeStep must be positive")
        self.points = points
        self.length = length
        self.viscosity = viscosity
        self.timeStep = timeStep
        fft = RealFFT(count: points)
        let modes = points / 2 + 1
        modeCount = modes
        wavenumbers = FFTWMemory.allocateDoubles(modes)
        nonlinearFactor = FFTWMemory.allocateDoubles(modes)
        bandMask = FFTWMemory.allocateDoubles(modes)
        expFull = FFTWMemory.allocateDoubles(modes)
        expHalf = FFTWMemory.allocateDoubles(modes)
        coefQ = FFTWMemory.allocateDoubles(modes)
        coefF1 = FFTWMemory.allocateDoubles(modes)
        coefF2 = FFTWMemory.allocateDoubles(modes)
        coefF3 = FFTWMemory.allocateDoubles(modes)
        v = FFTWMemory.allocateDoubles(2 * modes)
        nv = FFTWMemory.allocateDoubles(2 * modes)
        sa = FFTWMemory.allocateDoubles(2 * modes)
        na = FFTWMemory.allocateDoubles(2 * modes)
        sb = FFTWMemory.allocateDoubles(2 * modes)
        nb = FFTWMemory.allocateDoubles(2 * modes)
        sc = FFTWMemory.allocateDoubles(2 * modes)
        nc = FFTWMemory.allocateDoubles(2 * modes)
        physical = FFTWMemory.allocateDoubles(points)

        let n2 = Double(points) * Double(points)
        for m in 0..<modes {
            let kappa = 2 * Double.pi * Double(m) / length
            wavenumbers[m] = kappa
            let inBand = 3 * m < points
            bandMask[m] = inBand ? 1 : 0
            nonlinearFactor[m] = inBand ? -0.5 * kappa / n2 : 0
        }
        computeCoefficients(step: timeStep)
    }

    deinit {
        for p in [wavenumbers, nonlinearFactor, bandMask, expFull, expHalf, coefQ, coefF1, coefF2, coefF3,
                  v, nv, sa, na, sb, nb, sc, nc, physical] {
            FFTWMemory.deallocate(p)
        }
    }

    /// Highest wavenumber index kept by the 2/3 rule (largest m with 3m < N).
    public var dealiasingCutoff: Int { (points - 1) / 3 }

    /// Grid coordinates x_j = j·L/N, j = 0 … N−1.
    public var gridPoints: [Double] { (0..<points).map { Double($0) * length / Double(points) } }

    /// The linear growth rate L_m = κ_m² − ν κ_m⁴ of mode m.
    public func linearRate(mode m: Int) -> Double {
        let kappa = 2 * Double.pi * Double(m) / length
        return kappa * kappa - viscosity * kappa * kappa * kappa * kappa
    }

    // MARK: Low-level API

    /// Sets the state to `initial` (N samples at ``gridPoints``), projected onto the dealiased
    /// band |m| < N/3, and resets ``time`` to 0.
    public func load(_ initial: [Double]) {
        precondition(initial.count == points, "initial condition has \(initial.count) points, solver has \(points)")
        initial.withUnsafeBufferPointer { physical.update(from: $0.baseAddress!, count: points) }
        fft.forward(physical, into: v)
        for m in 0..<modeCount {
            v[2 * m] *= bandMask[m]
            v[2 * m + 1] *= bandMask[m]
        }
        time = 0
    }

    /// Writes the physical-space solution at ``gridPoints`` into `output` (N doubles).
    public func state(into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count == points, "output has \(output.count) slots, solver has \(points) points")
        fft.inverse(v, into: physical)
        let scale = 1 / Double(points)
        for j in 0..<points { output[j] = physical[j] * scale }
    }

    /// Writes the physical-space solution into `output`, which must hold N values.
    public func state(into output: inout [Double]) {
        output.withUnsafeMutableBufferPointer { state(into: $0) }
    }

    /// The physical-space solution at ``gridPoints``.
    public func state() -> [Double] {
        var out = [Double](repeating: 0, count: points)
        state(into: &out)
        return out
    }

    /// Advances the state by ``timeStep``. Allocates nothing; eight FFTs of length N
    /// (four inverse, four forward) plus O(N) work.
    public func step() {
        if coefficientStep != timeStep { computeCoefficients(step: timeStep) }
        advance()
        time += timeStep
    }

    // MARK: Kernel

    /// FFT(u²) for the spectrum `input` of u: the nonlinear term before its factor i·g, which
    /// the ETDRK4 coefficients carry.
    @inline(__always)
    func nonlinear(_ input: UnsafeMutablePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        let p = physical
        fft.inverse(input, into: p)
        for j in 0..<points { p[j] = p[j] * p[j] }
        fft.forward(p, into: output)
    }

    /// One ETDRK4 step with the coefficients currently computed (step `coefficientStep`); the
    /// same kernel as ``BurgersSolver``'s (only E, E₂ and the φ-functions differ, through L).
    /// Wrapping index arithmetic (&*, &+): overflow checks would block vectorisation.
    func advance() {
        let (e, e2, q, f1, f2, f3) = (expFull, expHalf, coefQ, coefF1, coefF2, coefF3)
        let (v, nv, a, na, b, nb, c, nc) = (self.v, self.nv, sa, self.na, sb, self.nb, sc, self.nc)
        let modes = modeCount
        nonlinear(v, into: nv)
        for m in 0..<modes {
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            let (e2m, qm) = (e2[m], q[m])
            a[r] = e2m * v[r] - qm * nv[i]
            a[i] = e2m * v[i] + qm * nv[r]
        }
        nonlinear(a, into: na)
        for m in 0..<modes {
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            let (e2m, qm) = (e2[m], q[m])
            b[r] = e2m * v[r] - qm * na[i]
            b[i] = e2m * v[i] + qm * na[r]
        }
        nonlinear(b, into: nb)
        for m in 0..<modes {
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            let (e2m, qm) = (e2[m], q[m])
            c[r] = e2m * a[r] - qm * (2 * nb[i] - nv[i])
            c[i] = e2m * a[i] + qm * (2 * nb[r] - nv[r])
        }
        nonlinear(c, into: nc)
        for m in 0..<modes {
            let (r, i) = (2 &* m, 2 &* m &+ 1)
            let (em, f1m, f2m, f3m) = (e[m], f1[m], f2[m], f3[m])
            v[r] = em * v[r] - (f1m * nv[i] + f2m * (na[i] + nb[i]) + f3m * nc[i])
            v[i] = em * v[i] + (f1m * nv[r] + f2m * (na[r] + nb[r]) + f3m * nc[r])
        }
    }
}
