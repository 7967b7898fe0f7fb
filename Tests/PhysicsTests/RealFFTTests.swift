import FourierTransforms
import Foundation
import Testing

@Suite struct RealFFTTests {
    /// Golden values from numpy.fft.rfft([0.5, -1.25, 2.0, 3.5, -0.75]) (numpy 1.x, run once).
    @Test func forwardMatchesNumpyForOddLength() {
        let spectrum = RealFFT(count: 5).forward([0.5, -1.25, 2.0, 3.5, -0.75])
        let expected: [(Double, Double)] = [
            (4.0, 0.0), (-4.567627457812106, 1.3572061365862864), (3.817627457812106, -1.1326921482964938),
        ]
        #expect(spectrum.count == 3)
        for (c, e) in zip(spectrum, expected) {
            #expect(abs(c.re - e.0) < 1e-14 && abs(c.im - e.1) < 1e-14)
        }
    }

    /// A pure cosine of wavenumber 3 on 16 points has X_3 = n/2 · e^{iθ} and nothing else (by hand).
    @Test func singleModeIsUnnormalised() {
        let n = 16, theta = 0.7
        let x = (0..<n).map { cos(2 * Double.pi * 3 * Double($0) / Double(n) + theta) }
        let spectrum = RealFFT(count: n).forward(x)
        for (k, c) in spectrum.enumerated() {
            let expected = k == 3 ? SpectralCoefficient(re: 8 * cos(theta), im: 8 * sin(theta))
                                  : SpectralCoefficient(re: 0, im: 0)
            #expect(abs(c.re - expected.re) < 1e-13 && abs(c.im - expected.im) < 1e-13)
        }
    }

    @Test(arguments: [1, 2, 7, 64, 1000, 1024])
    func roundTripReproducesSignal(count: Int) {
        let x: [Double] = (0..<count).map { (j: Int) -> Double in
            let phase: Double = 0.37 * Double(j * j % 101)
            return sin(phase) + 0.25 * Double(j % 7)
        }
        let fft = RealFFT(count: count)
        let y = fft.inverse(fft.forward(x))
        let error = zip(x, y).reduce(0.0) { max($0, abs($1.0 - $1.1)) }
        #expect(error < 1e-13)
    }

    /// The pointer API stages misaligned buffers through the plan's own arrays; the same plan
    /// runs either way, so the results must be bit-identical, and the inverse must leave the
    /// caller's spectrum untouched.
    @Test func misalignedBuffersGiveIdenticalResults() {
        let n = 256
        let fft = RealFFT(count: n)
        let aligned = FFTWMemory.allocateDoubles(n + 2)
        let alignedSpectrum = FFTWMemory.allocateDoubles(n + 2)
        let raw = UnsafeMutablePointer<Double>.allocate(capacity: n + 4)
        let rawSpectrum = UnsafeMutablePointer<Double>.allocate(capacity: n + 4)
        defer {
            FFTWMemory.deallocate(aligned); FFTWMemory.deallocate(alignedSpectrum)
            raw.deallocate(); rawSpectrum.deallocate()
        }
        // Force an odd multiple of 8 bytes, which is misaligned for FFTW's SIMD.
        let misaligned = Int(bitPattern: raw) % 16 == 0 ? raw + 1 : raw
        let misalignedSpectrum = Int(bitPattern: rawSpectrum) % 16 == 0 ? rawSpectrum + 1 : rawSpectrum
        for j in 0..<n {
            aligned[j] = cos(0.1 * Double(j)) * Double(j % 5)
            misaligned[j] = aligned[j]
        }
        fft.forward(aligned, into: alignedSpectrum)
        fft.forward(misaligned, into: misalignedSpectrum)
        for i in 0..<(n + 2) { #expect(alignedSpectrum[i] == misalignedSpectrum[i]) }

        let saved = (0..<(n + 2)).map { alignedSpectrum[$0] }
        fft.inverse(alignedSpectrum, into: aligned)
        fft.inverse(misalignedSpectrum, into: misaligned)
        for j in 0..<n { #expect(aligned[j] == misaligned[j]) }
        for i in 0..<(n + 2) { #expect(alignedSpectrum[i] == saved[i]) }
    }

    /// Golden values from numpy.fft.rfft2 of the 3×4 array below (run once).
    @Test func forward2DMatchesNumpy() {
        let y: [Double] = [1.0, -2.0, 0.5, 3.0, 0.25, 4.0, -1.5, 2.0, -3.0, 0.75, 1.0, -0.5]
        let expected: [(Double, Double)] = [
            (5.5, 0), (-1.75, 1.75), (-9.0, 0),
            (1.0, -5.629165124598851), (0.975480947161671, 1.6453539282394782), (5.25, 4.330127018922193),
            (1.0, 5.629165124598851), (2.274519052838329, 11.604646071760522), (5.25, -4.330127018922193),
        ]
        let fft = RealFFT2D(n0: 3, n1: 4)
        let spectrum = fft.forward(y)
        #expect(spectrum.count == 9)
        for (c, e) in zip(spectrum, expected) {
            #expect(abs(c.re - e.0) < 1e-13 && abs(c.im - e.1) < 1e-13)
        }
        let back = fft.inverse(spectrum)
        #expect(zip(back, y).allSatisfy { abs($0 - $1) < 1e-14 })
    }
}
