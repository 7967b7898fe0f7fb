/// One complex Fourier coefficient, `re + i·im`.
///
/// A deliberately tiny type so that `FourierTransforms` depends on nothing but FFTW. It is
/// `@frozen` with `re` first: an array of coefficients has the same bytes as the interleaved
/// `Double` buffers `[re0, im0, re1, im1, …]` (and `fftw_complex`) that the pointer APIs use,
/// which the array APIs rely on.
@frozen
public struct SpectralCoefficient: Sendable, Hashable, Codable {
    public var re: Double
    public var im: Double

    @inlinable
    public init(re: Double, im: Double) {
        self.re = re
        self.im = im
    }

    /// |c|² = re² + im², the power in this mode.
    @inlinable
    public var squaredMagnitude: Double { re * re + im * im }

    /// |c| = √(re² + im²).
    @inlinable
    public var magnitude: Double { (re * re + im * im).squareRoot() }
}
