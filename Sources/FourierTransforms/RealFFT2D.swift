import CFFTW

/// Real-to-complex 2-D discrete Fourier transform of an `n0 × n1` row-major array (the last
/// axis, `n1`, varies fastest), backed by FFTW.
///
/// ## Convention and normalisation
/// The forward transform is FFTW's unnormalised
///
///     X[k0, k1] = Σ_{j0, j1} x[j0, j1] · exp(-2πi·(j0·k0/n0 + j1·k1/n1))
///
/// stored for k0 = 0 … n0-1 (indices above n0/2 are the negative wavenumbers k0 - n0) and
/// k1 = 0 … n1/2, i.e. `n0 × (n1/2 + 1)` complex values, row-major. The remaining half follows
/// from X[-k0, -k1] = conj(X[k0, k1]). As for ``RealFFT``, the pointer ``inverse(_:into:)`` is
/// unnormalised (returns n0·n1·x) and the array ``inverse(_:)`` divides by n0·n1.
///
/// Plans are made once with `FFTW_ESTIMATE` under the planner lock (see ``FFTWPlanner``);
/// multi-dimensional c2r plans always overwrite their input, so the inverse copies the
/// spectrum into an aligned scratch first and the caller's spectrum is never modified.
/// Not thread-safe for concurrent use of one instance (mutable scratch); not `Sendable`.
public final class RealFFT2D {
    /// Rows (slow axis).
    public let n0: Int
    /// Columns (fast axis).
    public let n1: Int
    /// Stored complex modes per row, n1/2 + 1.
    public let spectrumColumns: Int
    /// Total stored complex modes, n0·(n1/2 + 1).
    public var spectrumCount: Int { n0 * spectrumColumns }
    /// Real samples, n0·n1.
    public var count: Int { n0 * n1 }

    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan
    private let realScratch: UnsafeMutablePointer<Double>
    private let spectrumScratch: UnsafeMutablePointer<fftw_complex>

    /// Threads each transform runs on (FFTW threads; 1 = serial).
    public let threads: Int

    /// Creates the plans and scratch buffers for `n0 × n1` arrays (both ≥ 1). With
    /// `threads` > 1 the plans are made with `fftw_plan_with_nthreads` (see ``FFTWThreads``):
    /// each execution splits its work over that many threads.
    public init(n0: Int, n1: Int, threads: Int = 1) {
        precondition(threads >= 1, "RealFFT2D needs at least one thread")
        precondition(n0 >= 1 && n1 >= 1, "RealFFT2D needs positive sizes")
        precondition(n0 <= Int(Int32.max) && n1 <= Int(Int32.max), "RealFFT2D size exceeds FFTW's int range")
        self.n0 = n0
        self.n1 = n1
        self.threads = threads
        spectrumColumns = n1 / 2 + 1
        let realCount = n0 * n1
        let complexCount = n0 * (n1 / 2 + 1)
        realScratch = fftw_alloc_real(realCount)!
        spectrumScratch = fftw_alloc_complex(complexCount)!
        realScratch.initialize(repeating: 0, count: realCount)
        spectrumScratch.initialize(repeating: (0, 0), count: complexCount)
        let (a, b) = (Int32(n0), Int32(n1))
        if threads > 1 { FFTWThreads.initialize() }
        let (f, i) = FFTWPlanner.withLock { [realScratch, spectrumScratch] in
            if threads > 1 { fftw_plan_with_nthreads(Int32(threads)) }
            defer { if threads > 1 { fftw_plan_with_nthreads(1) } }
            return (fftw_plan_dft_r2c_2d(a, b, realScratch, spectrumScratch, FFTWPlanner.estimate)!,
                    fftw_plan_dft_c2r_2d(a, b, spectrumScratch, realScratch, FFTWPlanner.estimate)!)
        }
        forwardPlan = f
        inversePlan = i
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

    /// Unnormalised forward transform of `count` doubles into `spectrumCount` interleaved
    /// complex values. The input is not modified. Allocates nothing.
    public func forward(_ input: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        // r2c plans preserve their input by default, so aligned caller buffers are used directly.
        let inPtr = UnsafeMutablePointer(mutating: input)
        let out = UnsafeMutableRawPointer(output).assumingMemoryBound(to: fftw_complex.self)
        if fftw_alignment_of(inPtr) == 0 && fftw_alignment_of(output) == 0 {
            fftw_execute_dft_r2c(forwardPlan, inPtr, out)
        } else {
            realScratch.update(from: input, count: count)
            fftw_execute(forwardPlan)
            UnsafeMutableRawPointer(output).copyMemory(
                from: spectrumScratch, byteCount: spectrumCount * MemoryLayout<fftw_complex>.stride)
        }
    }

    /// Unnormalised inverse transform (result is n0·n1·x). `spectrum` is left unchanged.
    /// Allocates nothing.
    public func inverse(_ spectrum: UnsafePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        UnsafeMutableRawPointer(spectrumScratch).copyMemory(
            from: spectrum, byteCount: spectrumCount * MemoryLayout<fftw_complex>.stride)
        if fftw_alignment_of(output) == 0 {
            fftw_execute_dft_c2r(inversePlan, spectrumScratch, output)
        } else {
            fftw_execute(inversePlan)
            output.update(from: realScratch, count: count)
        }
    }

    /// Unnormalised inverse transform (result is n0·n1·x) that may **overwrite `spectrum`**
    /// (FFTW's multi-dimensional c2r always destroys its input): no copy, for hot loops that
    /// rebuild the spectrum before every transform. Both buffers must come from
    /// ``FFTWMemory`` (SIMD-aligned); `spectrum` holds `2·spectrumCount` doubles. Allocates nothing.
    public func inverseDestroyingInput(_ spectrum: UnsafeMutablePointer<Double>, into output: UnsafeMutablePointer<Double>) {
        let input = UnsafeMutableRawPointer(spectrum).assumingMemoryBound(to: fftw_complex.self)
        precondition(fftw_alignment_of(spectrum) == 0 && fftw_alignment_of(output) == 0,
                     "inverseDestroyingInput needs FFTWMemory (aligned) buffers")
        fftw_execute_dft_c2r(inversePlan, input, output)
    }

    // MARK: Array API

    /// Unnormalised forward transform, `n0 × (n1/2 + 1)` row-major coefficients.
    public func forward(_ signal: [Double]) -> [SpectralCoefficient] {
        precondition(signal.count == count, "signal has \(signal.count) samples, plan expects \(n0)×\(n1)")
        var result = [SpectralCoefficient](repeating: SpectralCoefficient(re: 0, im: 0), count: spectrumCount)
        let doubles = 2 * spectrumCount
        signal.withUnsafeBufferPointer { x in
            result.withUnsafeMutableBufferPointer { out in
                UnsafeMutableRawPointer(out.baseAddress!).withMemoryRebound(to: Double.self, capacity: doubles) {
                    forward(x.baseAddress!, into: $0)
                }
            }
        }
        return result
    }

    /// Normalised inverse (divides by n0·n1), so `inverse(forward(x)) == x` up to rounding.
    public func inverse(_ spectrum: [SpectralCoefficient]) -> [Double] {
        precondition(spectrum.count == spectrumCount,
                     "spectrum has \(spectrum.count) modes, plan expects \(spectrumCount)")
        var result = [Double](repeating: 0, count: count)
        let scale = 1.0 / Double(count)
        let doubles = 2 * spectrumCount
        spectrum.withUnsafeBufferPointer { s in
            result.withUnsafeMutableBufferPointer { out in
                UnsafeRawPointer(s.baseAddress!).withMemoryRebound(to: Double.self, capacity: doubles) {
                    inverse($0, into: out.baseAddress!)
                }
                for j in 0..<out.count { out[j] *= scale }
            }
        }
        return result
    }
}
