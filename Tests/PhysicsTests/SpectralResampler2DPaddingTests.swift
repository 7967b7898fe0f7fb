import Foundation
import FourierTransforms
import Testing

/// 2-D zero padding (used by the Navier–Stokes ladder to run finer than the observation grid).
@Suite struct SpectralResampler2DPaddingTests {
    static func field(_ n0: Int, _ n1: Int, _ f: (Double, Double) -> Double) -> [Double] {
        var out = [Double](repeating: 0, count: n0 * n1)
        for i in 0..<n0 {
            for j in 0..<n1 { out[i * n1 + j] = f(2 * Double.pi * Double(i) / Double(n0), 2 * Double.pi * Double(j) / Double(n1)) }
        }
        return out
    }

    /// A trigonometric polynomial below the coarse Nyquist is reproduced exactly on the finer grid.
    @Test func paddingInterpolatesBandLimitedFieldsExactly() {
        let f: (Double, Double) -> Double = { x, y in 0.3 + cos(3 * x - 2 * y + 0.5) + 0.7 * sin(x + 5 * y) - 0.2 * cos(7 * y) }
        let padded = SpectralResampler.resample(Self.field(16, 16, f), shape: (16, 16), to: (48, 64))
        let exact = Self.field(48, 64, f)
        #expect(zip(padded, exact).allSatisfy { abs($0 - $1) < 1e-13 })
    }

    /// Padding then truncating back returns the original samples, Nyquist rows and columns
    /// included (the halved source Nyquist is summed again), for any data.
    @Test func padThenTruncateIsIdentity() {
        var state: UInt64 = 12345
        let data = (0..<(12 * 16)).map { _ -> Double in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53) - 0.5
        }
        let up = SpectralResampler.resample(data, shape: (12, 16), to: (24, 20))
        let back = SpectralResampler.resample(up, shape: (24, 20), to: (12, 16))
        #expect(zip(back, data).allSatisfy { abs($0 - $1) < 1e-13 })
        // Mixed: one axis padded, the other truncated.
        let mixed = SpectralResampler.resample(data, shape: (12, 16), to: (24, 8))
        #expect(mixed.count == 24 * 8)
    }
}
