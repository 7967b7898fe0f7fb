import FourierTransforms

/// The shared kernel of the 1-D periodic reference solvers whose equations differ only in
/// their linear part: ``BurgersSolver`` and ``KuramotoSivashinskySolver``,
///
///     u_t + (u²/2)_x = 𝓛 u,   x ∈ [0, L) periodic,
///
/// pseudo-spectral in space and ETDRK4 in time. A subclass gives the Fourier symbol of 𝓛.
///
/// ## Space
/// u is represented by its discrete Fourier coefficients v_m on N equispaced points
/// (wavenumbers κ_m = 2πm/L, m = 0 … N/2). In Fourier space the equation splits into a stiff
/// diagonal linear part and a nonlinear part,
///
///     v_t = L v + 𝒩(v),   L_m = symbol(κ_m),   𝒩(v)_m = −(i κ_m / 2) · F[u²]_m,
///
/// with u² formed pointwise in physical space (one inverse and one forward FFT per evaluation).
/// The quadratic term is dealiased by the 2/3 rule: only modes with 3m < N are kept in 𝒩, and
/// ``load(_:)`` projects the initial condition onto the same band, so the state never leaves
/// it and the product of two resolved modes can never alias onto a resolved mode. For smooth
/// (analytic) solutions the spatial error decays exponentially in N.
///
/// ## Time: ETDRK4 (Cox & Matthews 2002)
/// With E = e^{hL}, E₂ = e^{hL/2}, one step of size h is
///
///     a = E₂ v + Q 𝒩(v)
///     b = E₂ v + Q 𝒩(a)
///     c = E₂ a + Q (2𝒩(b) − 𝒩(v))
///     v ← E v + f₁ 𝒩(v) + 2 f₂ (𝒩(a) + 𝒩(b)) + f₃ 𝒩(c)
///
/// where Q = h·φ-type functions of hL (see `QuadraticSpectralSolver1D+Coefficients.swift`). The
/// φ-functions suffer catastrophic cancellation for small |hL|, so they are evaluated, as in
/// Kassam & Trefethen (2005), by the mean of the function over M = 64 points
/// on a circle of radius 1 centred at each hL (Cauchy's integral formula; trapezoidal rule,
/// which converges geometrically). Since L is real, all coefficients are real. The nonlinear
/// factor −κ/2 (with the 2/3 mask and FFTW's 1/N²) is folded into them, so a step makes one
/// O(N) pass per stage besides the pointwise square.
///
/// **Order:** 4 in time (classical order; measured ≈ 4 for both equations in `PhysicsTests`).
/// **Stability:** the linear part is integrated exactly, so its stiffness imposes no step limit.
/// The nonlinear term is explicit, with a stability region close to that of classical RK4, so h
/// must resolve advection: roughly h · max|u| · κ_cut ≲ 2.8 (κ_cut = 2π/L · N/3) on the modes
/// the linear part does not damp within a step.
///
/// ## Allocation and determinism
/// The FFT plans (FFTW_ESTIMATE, deterministic), the coefficient arrays and all stage buffers
/// are allocated once in `init`; ``step()`` allocates nothing. Everything is serial and in a
/// fixed order, so the same input gives bit-identical output on the same machine.
///
/// Not thread-safe (mutable state); use one solver per thread.
public class QuadraticSpectralSolver1D {
    /// Grid points N (even, ≥ 4).
    public let points: Int
    /// Period L of the domain.
    public let length: Double
    /// The nominal step h used by ``step()``; ``integrate(initial:outputTimes:)`` may shorten it
    /// so that output times are hit exactly.
    public let timeStep: Double
    /// Simulated time since the last ``load(_:)``.
    public internal(set) var time: Double = 0

    let fft: RealFFT
    /// N/2 + 1 stored modes.
    let modeCount: Int
    /// κ_m = 2πm/L.
    let wavenumbers: UnsafeMutablePointer<Double>
    /// L_m, the symbol of the linear operator at κ_m.
    let linearRates: UnsafeMutablePointer<Double>
    /// −κ_m/(2N²) inside the 2/3 band and 0 outside: 𝒩(v)_m = i · g_m · r2c((c2r v)²), the N²
    /// undoing FFTW's unnormalised c2r (which yields N·u) being squared.
    let nonlinearFactor: UnsafeMutablePointer<Double>
    /// 1 inside the 2/3 band (3m < N), else 0.
    let bandMask: UnsafeMutablePointer<Double>
    // ETDRK4 coefficients for step `coefficientStep`.
    let coefficients: ETDRK4CoefficientTable
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
    ///   - timeStep: h > 0.
    ///   - linearSymbol: L(κ), the linear operator's Fourier symbol (real).
    init(points: Int, length: Double, timeStep: Double, linearSymbol: (Double) -> Double) {
        precondition(points >= 4 && points % 2 == 0, "the solver needs an even number of points ≥ 4")
        precondition(length > 0 && length.isFinite, "length must be positive")
        precondition(timeStep > 0 && timeStep.isFinite, "timeStep must be positive")
        self.points = points
        self.length = length
        self.timeStep = timeStep
        fft = RealFFT(count: points)
        let modes = points / 2 + 1
        modeCount = modes
        wavenumbers = FFTWMemory.allocateDoubles(modes)
        linearRates = FFTWMemory.allocateDoubles(modes)
        nonlinearFactor = FFTWMemory.allocateDoubles(modes)
        bandMask = FFTWMemory.allocateDoubles(modes)
        coefficients = ETDRK4CoefficientTable(count: modes)
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
            linearRates[m] = linearSymbol(kappa)
            let inBand = 3 * m < points
            bandMask[m] = inBand ? 1 : 0
            nonlinearFactor[m] = inBand ? -0.5 * kappa / n2 : 0
        }
        computeCoefficients(step: timeStep)
    }

    deinit {
        for p in [wavenumbers, linearRates, nonlinearFactor, bandMask, v, nv, sa, na, sb, nb, sc, nc, physical] {
            FFTWMemory.deallocate(p)
        }
        coefficients.deallocate()
    }

    /// L_m, the linear growth (> 0) or decay (< 0) rate of mode m.
    public final func linearRate(mode m: Int) -> Double { linearRates[m] }

    /// Highest wavenumber index kept by the 2/3 rule (largest m with 3m < N).
    public var dealiasingCutoff: Int { (points - 1) / 3 }

    /// Grid coordinates x_j = j·L/N, j = 0 … N−1.
    public var gridPoints: [Double] { (0..<points).map { Double($0) * length / Double(points) } }

    // MARK: Low-level API

    /// Sets the state to `initial` (N samples at ``gridPoints``), projected onto the dealiased
    /// band |m| < N/3, and resets ``time`` to 0.
    public final func load(_ initial: [Double]) {
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
    public final func state(into output: UnsafeMutableBufferPointer<Double>) {
        precondition(output.count == points, "output has \(output.count) slots, solver has \(points) points")
        fft.inverse(v, into: physical)
        let scale = 1 / Double(points)
        for j in 0..<points { output[j] = physical[j] * scale }
    }

    /// Writes the physical-space solution into `output`, which must hold N values.
    public final func state(into output: inout [Double]) {
        output.withUnsafeMutableBufferPointer { state(into: $0) }
    }

    /// The physical-space solution at ``gridPoints``.
    public final func state() -> [Double] {
        var out = [Double](repeating: 0, count: points)
        state(into: &out)
        return out
    }

    /// Advances the state by ``timeStep``. Allocates nothing; eight FFTs of length N
    /// (four inverse, four forward) plus O(N) work.
    public final func step() {
        stepOnce()
    }

    // MARK: Kernel

    @inline(__always)
    /// FFT(u²) for the spectrum `input` of u: the nonlinear term before its factor i·g, which
    /// the ETDRK4 coefficients carry (so N(v) = i·g·`nonlinear(v)`).
    final func nonlinear(_ input: UnsafeMutablePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        let p = physical
        fft.inverse(input, into: p)
        for j in 0..<points { p[j] = p[j] * p[j] }
        fft.forward(p, into: output)
    }

    /// One ETDRK4 step with the coefficients currently computed (step `coefficientStep`).
    ///
    /// With ŵ = FFT(u²) the nonlinear term is N = i·g·ŵ, so for any real coefficient q the
    /// product q·N has real part −(q·g)·Im ŵ and imaginary part (q·g)·Re ŵ; the arrays
    /// `coefficients` hold q·g, f1·g, 2·f2·g, f3·g (Cox–Matthews):
    ///     a = e½·v + Q·N(v),  b = e½·v + Q·N(a),  c = e½·a + Q·(2N(b) − N(v)),
    ///     v ← e·v + F1·N(v) + 2F2·(N(a) + N(b)) + F3·N(c).
    /// Wrapping index arithmetic (&*, &+): overflow checks would block vectorisation.
    final func advance() {
        let (e, e2, q, f1, f2, f3) = coefficients.arrays
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
