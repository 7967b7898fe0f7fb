import CFFTW

/// Real-to-complex discrete Fourier transform of length `n`, backed by FFTW.
///
/// ## Convention and normalisation
/// The forward transform is FFTW's unnormalised
///
///     X_k = Σ_{j=0}^{n-1} x_j · exp(-2πi·jk/n),   k = 0 … n/2   (n/2 + 1 = `spectrumCount` modes)
///
/// (the modes k > n/2 follow from Hermitian symmetry X_{n-k} = conj(X_k) and are not stored).
/// The inverse comes in two flavours:
/// - the pointer form ``inverse(_:into:)`` is FFTW's unnormalised c2r transform, so
///   `inverse(forward(x)) = n·x`; hot loops fold the 1/n into a coefficient they apply anyway;
/// - the array form ``inverse(_:)`` divides by n, so `inverse(forward(x)) = x`.
/// The imaginary parts of X_0 and (for even n) X_{n/2} are ignored by the inverse, as for any
/// real signal they are zero.
///
/// ## Plans and buffers
/// Both plans are made once, in `init`, with `FFTW_ESTIMATE` (deterministic plan choice, see
/// ``FFTWPlanner``) under the planner lock. Two aligned scratch buffers are allocated once
/// with `fftw_malloc` and freed in `deinit`. The r2c plan preserves its input (FFTW's default
/// for r2c). The c2r plan is allowed to destroy its input, which is faster, but the pointer
/// API never lets that reach the caller: it copies the spectrum into the scratch spectrum first,
/// so the caller's spectrum is left intact (an O(n) copy, cheap beside the O(n log n) transform).
///
/// ## Threads
/// Executing is thread-safe in FFTW, but this object owns mutable scratch buffers, so one
/// instance must not be used from two threads at once. It is deliberately not `Sendable`:
/// make one per thread (planning with `FFTW_ESTIMATE` is cheap).
public final class RealFFT {
    /// Length of the real signal.
    public let count: Int
    /// Number of stored complex modes, n/2 + 1.
    public let spectrumCount: Int

    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan
    /// Aligned scratch signal, `count` doubles.
    private let realScratch: UnsafeMutablePointer<Double>
    /// Aligned scratch spectrum, `spectrumCount` complex values.
    private let spectrumScratch: UnsafeMutablePointer<fftw_complex>

    /// Creates the plans and the scratch buffers for transforms of length `count` (≥ 1).
    public init(count: Int) {
        precondition(count >= 1, "RealFFT needs a length of at least 1")
        precondition(count <= Int(Int32.max), "RealFFT length exceeds FFTW's int range")
        self.count = count
        self.spectrumCount = count / 2 + 1
        realScratch = fftw_alloc_real(count)!
        spectrumScratch = fftw_alloc_complex(count / 2 + 1)!
        realScratch.initialize(repeating: 0, count: count)
        spectrumScratch.initialize(repeating: (0, 0), count: count / 2 + 1)
        let n = Int32(count)
        let (f, b) = FFTWPlanner.withLock { [realScratch, spectrumScratch] in
            (fftw_plan_dft_r2c_1d(n, realScratch, spectrumScratch, FFTWPlanner.estimate)!,
             fftw_plan_dft_c2r_1d(n, spectrumScratch, realScratch, FFTWPlanner.estimate)!)
        }
        forwardPlan = f
        inversePlan = b
    }

    deinit {
        FFTWPlanner.withLock {
            fftw_destroy_plan(forwardPlan)
            fftw_destroy_plan(inversePlan)
        }
        fftw_free(realScratch)
        fftw_free(spectrumScratch)
    }

    // MARK: Hot-loop API

    /// Unnormalised forward transform of `count` doubles at `input` into `spectrumCount`
    /// interleaved complex values (`2·spectrumCount` doubles) at `output`. Allocates nothing.
    ///
    /// Buffers with FFTW's SIMD alignment (anything from `fftw_malloc`) are transformed
    /// directly; others are staged through the aligned scratch. `input` is not
    /// modified; `input` and `output` must not overlap.
    @inline(__always)
    public func forward(_ input: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        let inPtr = UnsafeMutablePointer(mutating: input)
        let out = UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftw_complex.self)
        if isAligned(inPtr) && isAligned(output) {
            fftw_execute_dft_r2c(forwardPlan, inPtr, out)
        } else {
            realScratch.update(from: input, count: count)
            fftw_execute(forwardPlan)
            UnsafeMutableRawPointer(output).copyMemory(
                from: spectrumScratch, byteCount: spectrumCount * MemoryLayout<fftw_complex>.stride)
        }
    }

    /// Unnormalised inverse transform (result is n·x) of `spectrumCount` interleaved complex
    /// values at `spectrum` into `count` doubles at `output`. `spectrum` is left unchanged.
    /// Allocates nothing.
    @inline(__always)
    public func inverse(_ spectrum: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(spectrumScratch).copyMemory(
            from: spectrum, byteCount: spectrumCount * MemoryLayout<fftw_complex>.stride)
        if isAligned(output) {
            fftw_execute_dft_c2r(inversePlan, spectrumScratch, output)
        } else {
            fftw_execute(inversePlan)
            output.update(from: realScratch, count: count)
        }
    }

    @inline(__always)
    private func isAligned(_ p: UnsafeMutablePointer<Double>) -> Bool {
        // The plans were made on fftw_malloc'd arrays (alignment_of == 0); FFTW's new-array
        // execute is only valid on arrays with the same SIMD alignment.
        fftw_alignment_of(p) == 0
    }

    // MARK: Array API

    /// Unnormalised forward transform, X_k for k = 0 … n/2.
    public func forward(_ signal: [Double]) -> [SpectralCoefficient] {
        precondition(signal.count == count, "signal has \(signal.count) samples, plan expects \(count)")
        var result = [SpectralCoefficient](repeating: SpectralCoefficient(re: 0, im: 0), count: spectrumCount)
        signal.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { out in
                UnsafeMutableRawPointer(out.baseAddress!).withMemoryRebound(
                    to: Double.self, capacity: 2 * spectrumCount
                ) { forward(x.baseAddress!, into: $0) }
            }
        }
        return result
    }

    /// Normalised inverse transform: x_j = (1/n) Σ_k X_k exp(2πi·jk/n) over all n modes
    /// (the stored half plus its Hermitian mirror), so that `inverse(forward(x)) == x` up to
    /// rounding.
    public func inverse(_ spectrum: [SpectralCoefficient]) -> [Double] {
        precondition(spectrum.count == spectrumCount,
                     "spectrum has \(spectrum.count) modes, plan expects \(spectrumCount)")
        var result = [Double](repeating: 0, count: count)
        let scale = 1.0 / Double(count)
        spectrum.withUnsafeBufferPointer { s in
            result.withUnsafeMutableBufferPointer { out in
                UnsafeRawPointer(s.baseAddress!).withMemoryRebound(
                    to: Double.self, capacity: 2 * spectrumCount
                ) { inverse($0, into: out.baseAddress!) }
                for j in 0..<count { out[j] *= scale }
            }
        }
        return result
    }
}
