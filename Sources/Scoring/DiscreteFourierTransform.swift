import Foundation

/// A small, self-contained complex DFT over the spatial axes of a periodic field.
///
/// Scoring needs only power spectra of modest grids, so this avoids depending on the
/// FFTW-backed `FourierTransforms` module. The N-d transform is a sequence of 1-D transforms
/// along each axis (separability of exp(−i k·x)). Along an axis of length n:
/// - n a power of two: iterative radix-2 Cooley–Tukey, O(n log n), bit-reversal first;
/// - otherwise: the direct sum X_m = Σ_j x_j e^{−2πi jm/n} with a precomputed twiddle table,
///   O(n²), fine for the grids scored here (a 100×100 grid costs ~2·10⁶ multiply-adds).
/// No normalisation is applied: callers divide by N to get X̂(k) = (1/N) Σ_s x_s e^{−ik·s},
/// for which Parseval reads Σ_k |X̂(k)|² = mean_s x_s².
/// Round-off grows like O(ε log n) (radix-2) or O(ε n) (direct), well below scoring tolerances.
struct DiscreteFourierTransform: Sendable {
    let shape: [Int]
    private let cosTables: [[Double]]
    private let sinTables: [[Double]]

    init(shape: [Int]) {
        self.shape = shape
        var cosTables: [[Double]] = []
        var sinTables: [[Double]] = []
        for n in shape {
            cosTables.append((0..<n).map { cos(2 * Double.pi * Double($0) / Double(n)) })
            sinTables.append((0..<n).map { sin(2 * Double.pi * Double($0) / Double(n)) })
        }
        self.cosTables = cosTables
        self.sinTables = sinTables
    }

    var count: Int { shape.reduce(1, *) }

    /// Forward transform in place of a row-major complex array (split real/imag parts).
    func forward(real: inout [Double], imag: inout [Double]) {
        precondition(real.count == count && imag.count == count)
        var stride = count
        var lineR: [Double] = []
        var lineI: [Double] = []
        var workR: [Double] = []
        var workI: [Double] = []
        for (axis, n) in shape.enumerated() {
            stride /= n
            let block = n * stride
            if n == 1 { continue }
            lineR = Array(repeating: 0, count: n)
            lineI = Array(repeating: 0, count: n)
            workR = Array(repeating: 0, count: n)
            workI = Array(repeating: 0, count: n)
            for outer in Swift.stride(from: 0, to: count, by: block) {
                for inner in 0..<stride {
                    let base = outer + inner
                    for j in 0..<n {
                        lineR[j] = real[base + j * stride]
                        lineI[j] = imag[base + j * stride]
                    }
                    transformLine(axis: axis, n: n, real: &lineR, imag: &lineI, workR: &workR, workI: &workI)
                    for j in 0..<n {
                        real[base + j * stride] = lineR[j]
                        imag[base + j * stride] = lineI[j]
                    }
                }
            }
        }
    }

    private func transformLine(axis: Int, n: Int, real: inout [Double], imag: inout [Double],
                               workR: inout [Double], workI: inout [Double]) {
        let cosT = cosTables[axis]
        let sinT = sinTables[axis]
        if n & (n - 1) == 0 {
            // Bit-reversal permutation, then butterflies of growing size.
            var j = 0
            for i in 1..<n {
                var bit = n >> 1
                while j & bit != 0 { j ^= bit; bit >>= 1 }
                j |= bit
                if i < j { real.swapAt(i, j); imag.swapAt(i, j) }
            }
            var size = 2
            while size <= n {
                let half = size / 2
                let step = n / size
                for start in Swift.stride(from: 0, to: n, by: size) {
                    for k in 0..<half {
                        let c = cosT[k * step], s = -sinT[k * step]
                        let a = start + k, b = a + half
                        let tr = real[b] * c - imag[b] * s
                        let ti = real[b] * s + imag[b] * c
                        real[b] = real[a] - tr; imag[b] = imag[a] - ti
                        real[a] += tr; imag[a] += ti
                    }
                }
                size *= 2
            }
        } else {
            for m in 0..<n {
                var accR = 0.0, accI = 0.0
                for j in 0..<n {
                    let t = (j * m) % n
                    // x_j · e^{−iθ} with θ = 2π jm/n.
                    accR += real[j] * cosT[t] + imag[j] * sinT[t]
                    accI += imag[j] * cosT[t] - real[j] * sinT[t]
                }
                workR[m] = accR; workI[m] = accI
            }
            for m in 0..<n { real[m] = workR[m]; imag[m] = workI[m] }
        }
    }
}
