import FourierTransforms
import RealModule

/// Reference solver for two-layer quasi-geostrophic turbulence on a doubly periodic β-plane, the
/// model of pyqg's `QGModel` (Flierl 1978; pyqg's documentation, "Layered quasigeostrophic
/// model" with two layers). With layer depths H₁ (upper), H₂, δ = H₁/H₂, deformation radius
/// r_d, F₁ = r_d⁻²/(1 + δ), F₂ = δ F₁, the PV anomalies and streamfunctions are related by
///
///     q₁ = ∇²ψ₁ + F₁(ψ₂ − ψ₁),   q₂ = ∇²ψ₂ + F₂(ψ₁ − ψ₂),
///
/// and, with the imposed zonal flows U₁, U₂ and background PV gradients
/// Q_{y,1} = β + F₁(U₁ − U₂), Q_{y,2} = β − F₂(U₁ − U₂),
///
///     ∂_t q₁ + J(ψ₁, q₁) + U₁ ∂_x q₁ + Q_{y,1} ∂_x ψ₁ = ssd
///     ∂_t q₂ + J(ψ₂, q₂) + U₂ ∂_x q₂ + Q_{y,2} ∂_x ψ₂ = −r_ek ∇²ψ₂ + ssd,
///
/// J(ψ, q) = ψ_x q_y − ψ_y q_x = u q_x + v q_y with (u, v) = (−ψ_y, ψ_x), x zonal. r_ek is the
/// bottom (Ekman) drag. "ssd" is pyqg's small-scale dissipation, an exponential spectral filter
/// (Arbic & Flierl 2003) multiplying every mode by F(k) = exp(−c (k* − 0.65π)⁴) for k* > 0.65π
/// each step, k* = √((k_x Δx)² + (k_y Δy)²), c = 23.6. Here the filter is a damping *rate*,
/// σ(k) = c (k* − 0.65π)⁴ / T_f, with a fixed filter time T_f: integrated over T_f it damps by
/// exactly pyqg's F(k) (so with T_f = pyqg's Δt = 7200 s it is pyqg's filter), but the equation
/// no longer depends on the step, so the scheme converges as h → 0. Like pyqg the filter acts
/// at the grid scale (it follows the grid spacing), there is no other viscosity, and products
/// are not dealiased (the filter removes what aliasing feeds at the top of the spectrum); the
/// optional 2/3 rule (`dealiased`) gives the Galerkin truncation that conserves energy and
/// layer enstrophies exactly when U = r_ek = σ = 0 (used by the tests).
///
/// ## State layout
/// q₁, q₂ sampled at (x_i, y_j) = (i·Lx/Nx, j·Ly/Ny), flattened [x, y, layer] row-major with x
/// slowest: index (i·Ny + j)·2 + layer (the task layout with two components q1, q2).
///
/// ## Space and time
/// Pseudo-spectral (``RealFFT2D``, rows k_x, columns k_y ≥ 0). Per evaluation, ψ̂ = M⁻¹ q̂
/// mode by mode (M the 2×2 inversion matrix, ψ̂ = 0 for the mean), u q_x + v q_y of each layer
/// from four c2r transforms and one r2c: ten 2-D FFTs. The Nyquist row and column are dropped
/// (kept zero). ETDRK4 (Cox & Matthews 2002, coefficients as in Kassam & Trefethen 2005) with
/// the filter rate as the diagonal linear part L = −σ(k); advection, mean flow, β and drag form
/// the explicit part 𝒩:
///
///     a = E₂ q̂ + Q 𝒩(q̂),  b = E₂ q̂ + Q 𝒩(a),  c = E₂ a + Q (2𝒩(b) − 𝒩(q̂)),
///     q̂ ← E q̂ + f₁ 𝒩(q̂) + 2 f₂ (𝒩(a) + 𝒩(b)) + f₃ 𝒩(c),
///
/// forty 2-D FFTs per step. **Order 4** in time (measured in `QuasiGeostrophicSolverTests`,
/// also against the exact growing baroclinic wave); on turbulent states with the (very stiff)
/// filter the observed order drops to ≈ 2, the stiff order reduction of Cox–Matthews ETDRK4
/// (docs/qg.md). The explicit terms limit the step by the advective CFL number (h·max|u|/Δx ≲ 1).
///
/// Plans, coefficients and buffers are made in `init`; ``step()`` allocates nothing. Not
/// thread-safe (one solver per thread); with `threads` > 1 the FFTs run on FFTW's threads.
public final class QuasiGeostrophicSolver {
    /// The physical parameters (SI units in the tasks: m, s).
    public struct Parameters: Sendable, Equatable {
        public var beta: Double
        /// r_d > 0 (∞ decouples the layers: two barotropic vorticity equations).
        public var deformationRadius: Double
        /// δ = H₁/H₂ > 0.
        public var layerRatio: Double
        public var upperVelocity: Double
        public var lowerVelocity: Double
        /// r_ek ≥ 0 on the lower layer.
        public var bottomDrag: Double
        /// c of the exponential filter (0 switches it off).
        public var filterFactor: Double
        /// T_f: the time over which the filter damps by pyqg's per-step factor.
        public var filterTime: Double

        public init(beta: Double, deformationRadius: Double, layerRatio: Double, upperVelocity: Double,
                    lowerVelocity: Double, bottomDrag: Double, filterFactor: Double = 23.6, filterTime: Double = 7200) {
            self.beta = beta
            self.deformationRadius = deformationRadius
            self.layerRatio = layerRatio
            self.upperVelocity = upperVelocity
            self.lowerVelocity = lowerVelocity
            self.bottomDrag = bottomDrag
            self.filterFactor = filterFactor
            self.filterTime = filterTime
        }

        /// pyqg's defaults (`QGModel()`; the "eddy" configuration of Ross et al. 2023).
        public static let eddy = Parameters(beta: 1.5e-11, deformationRadius: 15000, layerRatio: 0.25,
                                            upperVelocity: 0.025, lowerVelocity: 0, bottomDrag: 5.787e-7)
        /// The "jet" configuration of Ross et al. (2023, pyqg_parameterization_benchmarks):
        /// eddy with β = 1e-11, δ = 0.1, r_ek = 7e-8.
        public static let jet = Parameters(beta: 1e-11, deformationRadius: 15000, layerRatio: 0.1,
                                           upperVelocity: 0.025, lowerVelocity: 0, bottomDrag: 7e-8)

        /// F₁ = r_d⁻²/(1 + δ), F₂ = δ F₁.
        public var stretching: (Double, Double) {
            let f1 = 1 / (deformationRadius * deformationRadius) / (1 + layerRatio)
            return (f1, layerRatio * f1)
        }

        /// Q_{y,1} = β + F₁(U₁ − U₂), Q_{y,2} = β − F₂(U₁ − U₂).
        public var backgroundGradients: (Double, Double) {
            let (f1, f2) = stretching
            let shear = upperVelocity - lowerVelocity
            return (beta + f1 * shear, beta - f2 * shear)
        }
    }

    public let pointsX: Int
    public let pointsY: Int
    public let lengthX: Double
    public let lengthY: Double
    public let parameters: Parameters
    /// Whether products are dealiased by the 2/3 rule (tests; pyqg and the tasks: no).
    public let dealiased: Bool
    /// The nominal step h of ``step()``.
    public let timeStep: Double
    public let threads: Int
    /// Simulated time since the last ``load(_:)``.
    public internal(set) var time: Double = 0

    let fft: RealFFT2D
    let columns: Int
    /// Complex modes per layer, Nx·(Ny/2 + 1); a two-layer spectrum is 4·modeCount doubles.
    let modeCount: Int
    /// Largest kept |m_x| and m_y.
    let cutoffX: Int
    let cutoffY: Int
    let kx: UnsafeMutablePointer<Double>
    let ky: UnsafeMutablePointer<Double>
    /// F₁, F₂ (see ``Parameters/stretching``).
    let stretchingUpper: Double
    let stretchingLower: Double
    /// 1/det M per mode (0 for the mean mode); M⁻¹ is formed from it in
    /// ``streamfunctions(_:row:column:mode:)``, so the inversion reads one array instead of four
    /// (the kernel is memory-bound at 256²).
    let inverseDeterminant: UnsafeMutablePointer<Double>
    /// σ(k), the filter's damping rate per mode.
    let filterRate: UnsafeMutablePointer<Double>
    // ETDRK4 coefficients per mode (shared by the layers; 0 outside the band; f₂ doubled).
    let coefficients: ETDRK4CoefficientTable
    var coefficientStep: Double = .nan
    // Two-layer spectra (4·modeCount doubles): state, stage a, stage b or c, tendencies.
    let q: UnsafeMutablePointer<Double>
    let sa: UnsafeMutablePointer<Double>
    let stage: UnsafeMutablePointer<Double>
    let nq: UnsafeMutablePointer<Double>
    let na: UnsafeMutablePointer<Double>
    let nb: UnsafeMutablePointer<Double>
    let nc: UnsafeMutablePointer<Double>
    // c2r inputs of one layer (û, v̂, q̂_x, q̂_y; 2·modeCount doubles each; the layers take turns,
    // so each is written just before its transform reads it) and the r2c output.
    let uHat: UnsafeMutablePointer<Double>
    let vHat: UnsafeMutablePointer<Double>
    let gradientXHat: UnsafeMutablePointer<Double>
    let gradientYHat: UnsafeMutablePointer<Double>
    let advectionSpectrum: UnsafeMutablePointer<Double>
    // Physical work arrays, Nx·Ny doubles.
    let physA: UnsafeMutablePointer<Double>
    let physB: UnsafeMutablePointer<Double>
    let physC: UnsafeMutablePointer<Double>

    /// - Parameters:
    ///   - points: (Nx, Ny), even and ≥ 4. - lengths: (Lx, Ly) > 0.
    ///   - parameters: the physics. - dealiased: 2/3 rule on products (default off, as pyqg).
    ///   - timeStep: h > 0. - threads: FFTW threads ≥ 1.
    public init(points: (Int, Int), lengths: (Double, Double), parameters: Parameters, dealiased: Bool = false,
                timeStep: Double, threads: Int = 1) {
        let (nx, ny) = points
        precondition(nx >= 4 && ny >= 4 && nx % 2 == 0 && ny % 2 == 0, "QuasiGeostrophicSolver needs even grid sizes ≥ 4")
        precondition(lengths.0 > 0 && lengths.1 > 0 && lengths.0.isFinite && lengths.1.isFinite, "lengths must be positive")
        precondition(parameters.deformationRadius > 0 && parameters.layerRatio > 0 && parameters.layerRatio.isFinite,
                     "the deformation radius and the layer ratio must be positive")
        precondition(parameters.bottomDrag >= 0 && parameters.filterFactor >= 0 && parameters.filterTime > 0,
                     "drag and filter factor must be ≥ 0 and the filter time > 0")
        precondition([parameters.beta, parameters.upperVelocity, parameters.lowerVelocity, parameters.bottomDrag,
                      parameters.filterFactor, parameters.filterTime].allSatisfy(\.isFinite), "parameters must be finite")
        precondition(timeStep > 0 && timeStep.isFinite, "timeStep must be positive")
        precondition(threads >= 1, "threads must be ≥ 1")
        pointsX = nx
        pointsY = ny
        lengthX = lengths.0
        lengthY = lengths.1
        self.parameters = parameters
        self.dealiased = dealiased
        self.timeStep = timeStep
        self.threads = threads
        fft = RealFFT2D(n0: nx, n1: ny, threads: threads)
        columns = ny / 2 + 1
        modeCount = nx * columns
        // Without dealiasing only the Nyquist row and column go (their derivatives are not real).
        cutoffX = dealiased ? (nx - 1) / 3 : nx / 2 - 1
        cutoffY = dealiased ? (ny - 1) / 3 : ny / 2 - 1
        let modes = modeCount
        kx = FFTWMemory.allocateDoubles(nx)
        ky = FFTWMemory.allocateDoubles(columns)
        (stretchingUpper, stretchingLower) = parameters.stretching
        inverseDeterminant = FFTWMemory.allocateDoubles(modes)
        filterRate = FFTWMemory.allocateDoubles(modes)
        coefficients = ETDRK4CoefficientTable(count: modes)
        q = FFTWMemory.allocateDoubles(4 * modes)
        sa = FFTWMemory.allocateDoubles(4 * modes)
        stage = FFTWMemory.allocateDoubles(4 * modes)
        nq = FFTWMemory.allocateDoubles(4 * modes)
        na = FFTWMemory.allocateDoubles(4 * modes)
        nb = FFTWMemory.allocateDoubles(4 * modes)
        nc = FFTWMemory.allocateDoubles(4 * modes)
        uHat = FFTWMemory.allocateDoubles(2 * modes)
        vHat = FFTWMemory.allocateDoubles(2 * modes)
        gradientXHat = FFTWMemory.allocateDoubles(2 * modes)
        gradientYHat = FFTWMemory.allocateDoubles(2 * modes)
        advectionSpectrum = FFTWMemory.allocateDoubles(2 * modes)
        physA = FFTWMemory.allocateDoubles(nx * ny)
        physB = FFTWMemory.allocateDoubles(nx * ny)
        physC = FFTWMemory.allocateDoubles(nx * ny)
        for p in [q, sa, stage, nq, na, nb, nc] { p.update(repeating: 0, count: 4 * modes) }

        for r in 0..<nx {
            let signed = r <= nx / 2 ? r : r - nx
            kx[r] = 2 * Double.pi * Double(signed) / lengths.0
        }
        for c in 0..<columns { ky[c] = 2 * Double.pi * Double(c) / lengths.1 }
        let (f1, f2) = parameters.stretching
        let (dx, dy) = (lengths.0 / Double(nx), lengths.1 / Double(ny))
        let filterCut = 0.65 * Double.pi
        for r in 0..<nx {
            for c in 0..<columns {
                let m = r * columns + c
                let k2 = kx[r] * kx[r] + ky[c] * ky[c]
                // M = [[−(K² + F₁), F₁], [F₂, −(K² + F₂)]], det M = K²(K² + F₁ + F₂).
                let determinant = k2 * (k2 + f1 + f2)
                inverseDeterminant[m] = determinant > 0 ? 1 / determinant : 0
                let scaled = ((kx[r] * dx) * (kx[r] * dx) + (ky[c] * dy) * (ky[c] * dy)).squareRoot()
                let excess = scaled - filterCut
                filterRate[m] = excess > 0 ? parameters.filterFactor * excess * excess * excess * excess / parameters.filterTime : 0
            }
        }
        computeCoefficients(step: timeStep)
    }

    deinit {
        for p in [kx, ky, inverseDeterminant, filterRate, q, sa, stage, nq, na, nb, nc, uHat, vHat, gradientXHat,
                  gradientYHat, advectionSpectrum, physA, physB, physC] {
            FFTWMemory.deallocate(p)
        }
        coefficients.deallocate()
    }

    /// Whether stored mode (row r, column c) is kept.
    @inline(__always)
    func inBand(row r: Int, column c: Int) -> Bool {
        c <= cutoffY && (r <= cutoffX || r >= pointsX - cutoffX)
    }

    /// E, E₂, Q, f₁, 2f₂, f₃ for step h and L = −σ (cached per distinct σ; allocates, so it
    /// runs in `init` and when the step changes, never inside ``step()`` at a fixed step).
    func computeCoefficients(step h: Double) {
        var cache: [Double: ETDRK4Weights] = [:]
        for r in 0..<pointsX {
            for c in 0..<columns {
                let m = r * columns + c
                guard inBand(row: r, column: c) else {
                    coefficients.clear(m)
                    continue
                }
                let rate = filterRate[m]
                let weights = cache[rate] ?? ETDRK4Weights(z: -h * rate, step: h)
                cache[rate] = weights
                coefficients.set(m, weights)
            }
        }
        coefficientStep = h
    }

    // MARK: Low-level API

    /// Sets (q₁, q₂) to `initial` ([x, y, layer], 2·Nx·Ny values), projected onto the kept
    /// modes, and resets ``time`` to 0.
    public func load(_ initial: [Double]) {
        let count = pointsX * pointsY
        precondition(initial.count == 2 * count,
                     "initial condition has \(initial.count) values, solver has \(pointsX)×\(pointsY)×2")
        for layer in 0..<2 {
            for j in 0..<count { physA[j] = initial[2 * j + layer] }
            fft.forward(physA, into: q + layer * 2 * modeCount)
        }
        for layer in 0..<2 {
            let base = q + layer * 2 * modeCount
            for r in 0..<pointsX {
                for c in 0..<columns where !inBand(row: r, column: c) {
                    base[2 * (r * columns + c)] = 0
                    base[2 * (r * columns + c) + 1] = 0
                }
            }
        }
        time = 0
    }

    /// Writes (q₁, q₂) on the grid ([x, y, layer]) into `output`. Allocates nothing.
    public func state(into output: UnsafeMutableBufferPointer<Double>) {
        let count = pointsX * pointsY
        precondition(output.count == 2 * count, "output has \(output.count) slots, solver has \(pointsX)×\(pointsY)×2")
        let scale = 1 / Double(count)
        for layer in 0..<2 {
            uHat.update(from: q + layer * 2 * modeCount, count: 2 * modeCount)
            fft.inverseDestroyingInput(uHat, into: physA)
            for j in 0..<count { output[2 * j + layer] = physA[j] * scale }
        }
    }

    /// (q₁, q₂) on the grid, [x, y, layer].
    public func state() -> [Double] {
        var out = [Double](repeating: 0, count: 2 * pointsX * pointsY)
        out.withUnsafeMutableBufferPointer { state(into: $0) }
        return out
    }

    /// ψ̂₁, ψ̂₂ (re, im each) of the mode (r, c) = m with PV (q̂₁, q̂₂): ψ̂ = M⁻¹ q̂ with
    /// M⁻¹ = (1/det M)·[[−(K² + F₂), −F₁], [−F₂, −(K² + F₁)]].
    @inline(__always)
    func streamfunctions(_ q: (Double, Double, Double, Double), row r: Int, column c: Int, mode m: Int)
        -> (Double, Double, Double, Double) {
        let k2 = kx[r] * kx[r] + ky[c] * ky[c]
        let inv = inverseDeterminant[m]
        let (i11, i12) = (-(k2 + stretchingLower) * inv, -stretchingUpper * inv)
        let (i21, i22) = (-stretchingLower * inv, -(k2 + stretchingUpper) * inv)
        return (i11 * q.0 + i12 * q.2, i11 * q.1 + i12 * q.3, i21 * q.0 + i22 * q.2, i21 * q.1 + i22 * q.3)
    }

    /// Advances by ``timeStep``. Allocates nothing: forty 2-D FFTs plus O(NxNy) work.
    public func step() {
        stepOnce()
    }
}
