import FourierTransforms
import Foundation

/// The 2-D FFTs of one pseudo-spectral step, alone: per tendency evaluation `inverses` c2r
/// transforms (each after a copy of its input spectrum, since a 2-D c2r destroys it; the step
/// writes its inputs instead) and one r2c. The baseline of the benchmarks' "step vs its FFTs".
public final class TransformWorkload: @unchecked Sendable {
    let fft: RealFFT2D
    let doubles: Int
    let spectrum: UnsafeMutablePointer<Double>
    let input: UnsafeMutablePointer<Double>
    let product: UnsafeMutablePointer<Double>
    let signal: UnsafeMutablePointer<Double>

    /// Plans and buffers for n × n on `threads` FFTW threads, with a fixed non-trivial spectrum.
    public init(points n: Int, threads: Int = 1) {
        fft = RealFFT2D(n0: n, n1: n, threads: threads)
        doubles = 2 * fft.spectrumCount
        (spectrum, input, product) = (FFTWMemory.allocateDoubles(doubles), FFTWMemory.allocateDoubles(doubles),
                                      FFTWMemory.allocateDoubles(doubles))
        signal = FFTWMemory.allocateDoubles(n * n)
        for j in 0..<(n * n) { signal[j] = sin(Double(j % 97)) }
        fft.forward(signal, into: spectrum)
    }

    deinit {
        for p in [spectrum, input, product, signal] { FFTWMemory.deallocate(p) }
    }

    /// `evaluations` × (`inverses` c2r, one r2c). Allocates nothing.
    public func run(evaluations: Int, inverses: Int) {
        for _ in 0..<evaluations {
            for _ in 0..<inverses {
                input.update(from: spectrum, count: doubles)
                fft.inverseDestroyingInput(input, into: signal)
            }
            fft.forward(signal, into: product)
        }
    }

    /// A value that depends on the last transform (for `blackHole`).
    public var checksum: Double { product[0] }
}
