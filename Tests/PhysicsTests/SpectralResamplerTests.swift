import FourierTransforms
import Foundation
import Testing

@Suite struct SpectralResamplerTests {
    /// Band-limited to |k| ≤ 8 on [0, 2π), with a phase-shifted mode at k = 8, the Nyquist
    /// wavenumber of a 16-point grid (only its cosine part is visible there).
    static func bandLimited(_ x: Double) -> Double {
        var f = 0.7
        for k in 1...7 { f += cos(Double(k) * x + 0.3 * Double(k)) / Double(k) }
        return f + 0.9 * cos(8 * x + 0.4)
    }

    static func grid(_ n: Int) -> [Double] { (0..<n).map { 2 * Double.pi * Double($0) / Double(n) } }

    @Test func truncationReproducesBandLimitedSignalAtCoarsePoints() {
        let fine = Self.grid(64).map(Self.bandLimited)
        let coarse = SpectralResampler.resample(fine, to: 16)
        let exact = Self.grid(16).map(Self.bandLimited)
        #expect(zip(coarse, exact).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// Modes above the coarse Nyquist are removed, not aliased: cos(12x) on 16 points would
    /// alias onto cos(4x).
    @Test func truncationDiscardsUnresolvedModes() {
        let fine = Self.grid(64).map { Self.bandLimited($0) + cos(12 * $0) }
        let coarse = SpectralResampler.resample(fine, to: 16)
        let exact = Self.grid(16).map(Self.bandLimited)
        #expect(zip(coarse, exact).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    @Test func oddLengths() {
        let f = { (x: Double) in 0.2 + sin(3 * x) - 0.5 * cos(7 * x + 1) }
        let coarse = SpectralResampler.resample(Self.grid(45).map(f), to: 15)
        #expect(zip(coarse, Self.grid(15).map(f)).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// Zero padding interpolates exactly; the coarse Nyquist mode is split in halves, so
    /// cos(8x + 0.4) sampled on 16 points is interpolated as cos(0.4)·cos(8x), and truncating
    /// back returns the original samples.
    @Test func paddingInterpolatesAndRoundTrips() {
        let coarse = Self.grid(16).map(Self.bandLimited)
        let fine = SpectralResampler.resample(coarse, to: 64)
        let expected = Self.grid(64).map {
            Self.bandLimited($0) - 0.9 * cos(8 * $0 + 0.4) + 0.9 * cos(0.4) * cos(8 * $0)
        }
        #expect(zip(fine, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        let back = SpectralResampler.resample(fine, to: 16)
        #expect(zip(back, coarse).allSatisfy { abs($0 - $1) < 1e-12 })
    }

    /// 32×24 → 8×6, with modes on both coarse Nyquist lines and their corner, plus an
    /// unresolved mode that must vanish.
    @Test func truncation2D() {
        func f(_ x: Double, _ y: Double) -> Double {
            0.5 + cos(x + 2 * y + 0.1) + 0.8 * cos(4 * x + y + 0.7)
                + 0.6 * sin(-2 * x + 3 * y + 0.2) + 0.4 * cos(4 * x + 3 * y + 1.3)
                + 0.3 * cos(3 * x - 2 * y)
        }
        func sample(_ n0: Int, _ n1: Int, extra: Bool) -> [Double] {
            var out: [Double] = []
            for i in 0..<n0 {
                for j in 0..<n1 {
                    let x = 2 * Double.pi * Double(i) / Double(n0), y = 2 * Double.pi * Double(j) / Double(n1)
                    out.append(f(x, y) + (extra ? cos(10 * x + 7 * y) : 0))
                }
            }
            return out
        }
        let coarse = SpectralResampler.resample(sample(32, 24, extra: true), shape: (32, 24), to: (8, 6))
        let exact = sample(8, 6, extra: false)
        #expect(coarse.count == 48)
        #expect(zip(coarse, exact).allSatisfy { abs($0 - $1) < 1e-12 })
    }
}
