import FourierTransforms

/// The per-mode ETDRK4 coefficients of a solver for one step size (``ETDRK4Weights`` per mode):
/// E, E₂, Q, f₁, 2f₂ (doubled: it multiplies 𝒩(a) + 𝒩(b)), f₃, each an FFTW-aligned array of
/// `count` doubles. A solver owns one and frees it in its `deinit`.
struct ETDRK4CoefficientTable {
    let expFull: UnsafeMutablePointer<Double>
    let expHalf: UnsafeMutablePointer<Double>
    let q: UnsafeMutablePointer<Double>
    let f1: UnsafeMutablePointer<Double>
    let twoF2: UnsafeMutablePointer<Double>
    let f3: UnsafeMutablePointer<Double>

    init(count: Int) {
        (expFull, expHalf, q) = (FFTWMemory.allocateDoubles(count), FFTWMemory.allocateDoubles(count),
                                 FFTWMemory.allocateDoubles(count))
        (f1, twoF2, f3) = (FFTWMemory.allocateDoubles(count), FFTWMemory.allocateDoubles(count),
                           FFTWMemory.allocateDoubles(count))
    }

    /// (E, E₂, Q, f₁, 2f₂, f₃), for a kernel to bind to short names.
    var arrays: (UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>,
                 UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>, UnsafeMutablePointer<Double>) {
        (expFull, expHalf, q, f1, twoF2, f3)
    }

    func deallocate() {
        for p in [expFull, expHalf, q, f1, twoF2, f3] { FFTWMemory.deallocate(p) }
    }

    /// Mode `m` takes `weights` (f₂ doubled here).
    func set(_ m: Int, _ weights: ETDRK4Weights) {
        expFull[m] = weights.expFull
        expHalf[m] = weights.expHalf
        q[m] = weights.q
        f1[m] = weights.f1
        twoF2[m] = 2 * weights.f2
        f3[m] = weights.f3
    }

    /// Mode `m` is outside the solver's band: all coefficients 0, so the state stays 0 there.
    func clear(_ m: Int) {
        expFull[m] = 0; expHalf[m] = 0; q[m] = 0; f1[m] = 0; twoF2[m] = 0; f3[m] = 0
    }
}
