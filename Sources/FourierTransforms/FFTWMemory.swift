import CFFTW

/// SIMD-aligned storage from `fftw_malloc`, for buffers that are handed to the pointer APIs
/// of ``RealFFT`` and ``RealFFT2D``: aligned buffers are transformed directly instead of being
/// staged through the plan's scratch arrays. Lets client modules allocate such buffers without
/// importing `CFFTW` themselves.
public enum FFTWMemory {
    /// Allocates `count` zero-initialised, aligned doubles. Release with ``deallocate(_:)``.
    public static func allocateDoubles(_ count: Int) -> UnsafeMutablePointer<Double> {
        let p = fftw_alloc_real(max(count, 1))!
        p.initialize(repeating: 0, count: max(count, 1))
        return p
    }

    /// Frees storage from ``allocateDoubles(_:)``.
    public static func deallocate(_ pointer: UnsafeMutablePointer<Double>) {
        fftw_free(pointer)
    }
}
