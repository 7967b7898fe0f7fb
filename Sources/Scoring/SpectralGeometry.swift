import Foundation

/// Wavenumber shells of a periodic grid and the bands they belong to.
///
/// For axis i with n_i points and length L_i, DFT index m maps to the signed mode
/// m′ = m if m ≤ n_i/2, else m − n_i, and wavenumber k_i = 2π m′ / L_i. The shell of a mode is
/// round(|k| / Δk) with Δk = min_i 2π/L_i (the coarsest fundamental), so in 1-D shell = |m′|.
/// The Nyquist wavenumber is k_N = min_i π n_i / L_i and a shell's relative wavenumber is
/// κ = shell·Δk / k_N. Corner shells with κ > 1 (in 2-D and 3-D) keep their spectra but belong
/// to no band: the bands describe the isotropically resolved range only.
public struct SpectralGeometry: Sendable, Equatable, Codable {
    public var spatialShape: [Int]
    public var domainLengths: [Double]
    /// Shell index of each grid mode, in row-major DFT order.
    public var shellOfMode: [Int]
    /// Wavenumber |k| = shell·Δk of each shell.
    public var shellWavenumbers: [Double]
    /// Band of each shell, nil outside every band (κ > 1).
    public var shellBands: [FrequencyBand?]
    /// k_N = min_i π n_i / L_i.
    public var nyquist: Double

    public init(spatialShape: [Int], domainLengths: [Double], bands: SpectralBands) {
        precondition(spatialShape.count == domainLengths.count, "one domain length per spatial axis")
        self.spatialShape = spatialShape
        self.domainLengths = domainLengths
        let fundamental = zip(spatialShape, domainLengths).map { 2 * Double.pi / $0.1 }.min() ?? 1
        nyquist = zip(spatialShape, domainLengths).map { Double.pi * Double($0.0) / $0.1 }.min() ?? 1
        let count = spatialShape.reduce(1, *)
        var shellOfMode = Array(repeating: 0, count: count)
        var index = Array(repeating: 0, count: spatialShape.count)
        for flat in 0..<count {
            var k2 = 0.0
            for axis in 0..<spatialShape.count {
                let n = spatialShape[axis]
                let m = index[axis] <= n / 2 ? index[axis] : index[axis] - n
                let k = 2 * Double.pi * Double(m) / domainLengths[axis]
                k2 += k * k
            }
            shellOfMode[flat] = Int((k2.squareRoot() / fundamental).rounded())
            var axis = spatialShape.count - 1
            while axis >= 0 {
                index[axis] += 1
                if index[axis] < spatialShape[axis] { break }
                index[axis] = 0
                axis -= 1
            }
        }
        self.shellOfMode = shellOfMode
        let shellCount = (shellOfMode.max() ?? 0) + 1
        shellWavenumbers = (0..<shellCount).map { Double($0) * fundamental }
        let nyquist = self.nyquist
        shellBands = (0..<shellCount).map { shell in
            let kappa = Double(shell) * fundamental / nyquist
            if kappa > 1 + 1e-12 { return nil }
            switch bands {
            case let .relative(lowBelow, midBelow):
                if kappa < lowBelow { return .low }
                if kappa < midBelow { return .mid }
                return .high
            case .pdebench:
                if shell <= 3 { return .low }
                if shell <= 11 { return .mid }
                return .high
            }
        }
    }

    public var shellCount: Int { shellWavenumbers.count }
    public var pointCount: Int { spatialShape.reduce(1, *) }

    /// Shells belonging to `band`.
    public func shells(in band: FrequencyBand) -> [Int] {
        shellBands.indices.filter { shellBands[$0] == band }
    }
}

/// Computes per-shell spectra with a reusable transform.
struct ShellSpectrum: Sendable {
    let geometry: SpectralGeometry
    let transform: DiscreteFourierTransform

    init(geometry: SpectralGeometry) {
        self.geometry = geometry
        transform = DiscreteFourierTransform(shape: geometry.spatialShape)
    }

    /// S(shell) = Σ_{modes in shell} |X̂(k)|² with X̂ = (1/N) Σ_s x_s e^{−ik·s}, so that
    /// Σ_shell S = mean_s x². Reads `count` values at `values[start + s·stride]`.
    func shellPowers(_ values: [Double], start: Int, stride: Int) -> [Double] {
        let n = geometry.pointCount
        var real = (0..<n).map { values[start + $0 * stride] }
        var imag = Array(repeating: 0.0, count: n)
        transform.forward(real: &real, imag: &imag)
        var power = Array(repeating: 0.0, count: geometry.shellCount)
        let scale = 1 / (Double(n) * Double(n))
        for mode in 0..<n {
            power[geometry.shellOfMode[mode]] += (real[mode] * real[mode] + imag[mode] * imag[mode]) * scale
        }
        return power
    }
}
