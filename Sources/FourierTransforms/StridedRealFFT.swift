import CFFTW

/// Many real-to-complex transforms of length `count` at once, along one axis of a row-major
/// array, planned once on buffers the caller owns (FFTW's "advanced" interface,
/// `fftw_plan_many_dft_r2c`/`_c2r`).
///
/// Transform `b` (b = 0 … `howMany` − 1) reads the real samples `real[b·realDistance + j·realStride]`,
/// j = 0 … count − 1, and writes the modes `spectrum[b·spectrumDistance + k·spectrumStride]`
/// (interleaved complex), k = 0 … count/2. For a row-major `n0 × n1` array:
/// - along the fast axis (rows): `count: n1, howMany: n0, realStride: 1, realDistance: n1,
///   spectrumStride: 1, spectrumDistance: n1/2 + 1`;
/// - along the slow axis (columns): `count: n0, howMany: n1, realStride: n1, realDistance: 1,
///   spectrumStride: n1, spectrumDistance: 1`, so mode k of column j sits at `k·n1 + j`.
///
/// Normalisation is FFTW's (unnormalised both ways: inverse(forward(x)) = count·x), as for
/// ``RealFFT``'s pointer API. Plans use `FFTW_ESTIMATE` under the planner lock (see
/// ``FFTWPlanner``): deterministic, and planning does not touch the buffers.
///
/// **The inverse overwrites the spectrum** (FFTW's c2r default, the fast path): callers that
/// need the spectrum afterwards must copy it. ``forward()`` preserves the real input.
/// Executing allocates nothing. The buffers must outlive this object and should come from
/// ``FFTWMemory/allocateDoubles(_:)`` (SIMD alignment). Not `Sendable`.
public final class StridedRealFFT {
    public let count: Int
    public let howMany: Int
    private let forwardPlan: fftw_plan
    private let inversePlan: fftw_plan

    public init(count: Int, howMany: Int, real: UnsafeMutablePointer<Double>, realStride: Int, realDistance: Int,
                spectrum: UnsafeMutablePointer<Double>, spectrumStride: Int, spectrumDistance: Int) {
        precondition(count >= 1 && howMany >= 1, "StridedRealFFT needs positive sizes")
        self.count = count
        self.howMany = howMany
        let complex = UnsafeMutableRawPointer(spectrum).assumingMemoryBound(to: fftw_complex.self)
        var n = [Int32(count)]
        let (f, b) = FFTWPlanner.withLock {
            n.withUnsafeMutableBufferPointer { dims in
                (fftw_plan_many_dft_r2c(1, dims.baseAddress, Int32(howMany),
                                        real, nil, Int32(realStride), Int32(realDistance),
                                        complex, nil, Int32(spectrumStride), Int32(spectrumDistance),
                                        FFTWPlanner.estimate)!,
                 fftw_plan_many_dft_c2r(1, dims.baseAddress, Int32(howMany),
                                        complex, nil, Int32(spectrumStride), Int32(spectrumDistance),
                                        real, nil, Int32(realStride), Int32(realDistance),
                                        FFTWPlanner.estimate)!)
            }
        }
        forwardPlan = f
        inversePlan = b
    }

    deinit {
        FFTWPlanner.withLock {
            fftw_destroy_plan(forwardPlan)
            fftw_destroy_plan(inversePlan)
        }
    }

    /// All forward transforms, real buffer → spectrum buffer. Allocates nothing.
    @inline(__always)
    public func forward() { fftw_execute(forwardPlan) }

    /// All inverse transforms, spectrum buffer → real buffer (unnormalised; destroys the
    /// spectrum). Allocates nothing.
    @inline(__always)
    public func inverse() { fftw_execute(inversePlan) }
}
