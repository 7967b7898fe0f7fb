import Foundation
import FourierTransforms
import HoldoutCore
import Physics

/// 1D-1V Vlasov–Poisson (electrons, neutralising ions, plasma units): the phase-space density
/// f(x, v) on two "space" axes, x ∈ [0, L_x) and v ∈ [−v_max, v_max).
///
/// **Velocity domain in the spec:** `physics.domain.lengths: [L_x, 2·v_max]` — the second
/// length is the width of the velocity window, which is always centred on v = 0; grid point j
/// of an N_v-point axis sits at v_j = −v_max + j·2v_max/N_v (the velocity axis is treated as
/// periodic, with f negligible at ±v_max; see ``VlasovPoissonSolver``). `points: [N_x, N_v]`.
///
/// No physical parameters (plasma units leave none); the cases differ in their initial
/// conditions (`landau-damping`, `two-stream`, `plasma-mixture`, see docs/task-spec.md).
/// Resampling is spectral per axis (truncation or zero-padding), or block averaging.
struct VlasovPoissonSetup: EquationSetup {
    let length: Double
    let velocityMax: Double
    var temporalOrder: Double { 2 }

    init(lengths: [Double]) {
        length = lengths[0]
        velocityMax = lengths[1] / 2
    }

    /// f₀(x, v) = (1 + α cos(2πm x/L_x + φ)) · g(v), with α ~ U(amplitude_range),
    /// m ~ U{modes}, φ ~ U[0, 2π) and g the unit Maxwellian M(v) (Landau damping) or the two
    /// beams ½[M(v − u) + M(v + u)], u ~ U(beam_velocity_range) (two-stream). Draw order is
    /// fixed (kind, α, m, φ, u), one uniform each, whatever the kind, so a case's draws do not
    /// depend on which kind it turned out to be.
    func initialCondition(_ spec: TaskSpec.InitialCondition, points: [Int], components: Int,
                          using rng: inout CounterRNG) -> [Double] {
        let (nx, nv) = (points[0], points[1])
        let amplitudes = spec.amplitudeRange ?? [spec.amplitude, spec.amplitude]
        let modes = spec.modeRange ?? [1, 1]
        let beams = spec.beamVelocityRange ?? [0, 0]
        let kindDraw = rng.uniform()
        let twoStream: Bool
        switch spec.kind {
        case "two-stream": twoStream = true
        case "plasma-mixture": twoStream = kindDraw < (spec.twoStreamFraction ?? 0.5)
        default: twoStream = false
        }
        let alpha = amplitudes[0] + (amplitudes[1] - amplitudes[0]) * rng.uniform()
        let modeCount = modes[1] - modes[0] + 1
        let mode = modes[0] + min(modeCount - 1, Int(Double(modeCount) * rng.uniform()))
        let phase = 2 * Double.pi * rng.uniform()
        let u = beams[0] + (beams[1] - beams[0]) * rng.uniform()

        let norm = 1 / (2 * Double.pi).squareRoot()
        let dv = 2 * velocityMax / Double(nv)
        let g = (0..<nv).map { j -> Double in
            let v = -velocityMax + Double(j) * dv
            return twoStream ? 0.5 * norm * (exp(-(v - u) * (v - u) / 2) + exp(-(v + u) * (v + u) / 2))
                             : norm * exp(-v * v / 2)
        }
        var f = [Double](repeating: 0, count: nx * nv)
        for i in 0..<nx {
            let x = Double(i) * length / Double(nx)
            let modulation = 1 + alpha * cos(2 * Double.pi * Double(mode) * x / length + phase)
            for j in 0..<nv { f[i * nv + j] = modulation * g[j] }
        }
        return f
    }

    func model(parameters: [String: Double], points: [Int], timeStep: Double) throws -> TrajectoryModel {
        guard points.count == 2 else { throw EquationError("Vlasov–Poisson needs points [N_x, N_v]") }
        return VlasovPoissonSolver(xPoints: points[0], vPoints: points[1], length: length,
                                   velocityMax: velocityMax, timeStep: timeStep)
    }

    /// Per axis: block averaging (when asked and the sizes divide), else spectral truncation or
    /// zero-padding with ``SpectralResampler``'s Nyquist rule (kept as a cosine when cutting,
    /// halved between ±N/2 when padding). Mass (the mean) is preserved either way.
    func resample(_ state: [Double], from: [Int], to: [Int], components: Int, method: String) -> [Double] {
        precondition(components == 1 && from.count == 2 && to.count == 2)
        var data = state
        // v: contiguous rows of length from[1].
        data = Self.resampleRows(data, rows: from[0], from: from[1], to: to[1], method: method)
        // x: transpose, resample rows, transpose back.
        let transposed = Self.transpose(data, rows: from[0], columns: to[1])
        let resampled = Self.resampleRows(transposed, rows: to[1], from: from[0], to: to[0], method: method)
        return Self.transpose(resampled, rows: to[1], columns: to[0])
    }

    static func transpose(_ a: [Double], rows: Int, columns: Int) -> [Double] {
        var out = [Double](repeating: 0, count: a.count)
        for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = a[r * columns + c] } }
        return out
    }

    /// Resamples each of `rows` contiguous periodic rows from n to m samples (plans made once).
    static func resampleRows(_ a: [Double], rows: Int, from n: Int, to m: Int, method: String) -> [Double] {
        if n == m { return a }
        if method == "block-average", n > m, n % m == 0 {
            let factor = n / m
            var out = [Double](repeating: 0, count: rows * m)
            for r in 0..<rows {
                for c in 0..<m {
                    var s = 0.0
                    for q in 0..<factor { s += a[r * n + c * factor + q] }
                    out[r * m + c] = s / Double(factor)
                }
            }
            return out
        }
        let source = RealFFT(count: n)
        let target = RealFFT(count: m)
        let scale = Double(m) / Double(n)
        let shared = min(n, m)
        let plain = shared % 2 == 0 ? shared / 2 : shared / 2 + 1
        var out = [Double](repeating: 0, count: rows * m)
        var modes = [SpectralCoefficient](repeating: SpectralCoefficient(re: 0, im: 0), count: target.spectrumCount)
        for r in 0..<rows {
            let spectrum = source.forward(Array(a[(r * n)..<((r + 1) * n)]))
            for k in 0..<modes.count { modes[k] = SpectralCoefficient(re: 0, im: 0) }
            for k in 0..<plain { modes[k] = SpectralCoefficient(re: scale * spectrum[k].re, im: scale * spectrum[k].im) }
            if shared % 2 == 0 {
                let k = shared / 2
                modes[k] = SpectralCoefficient(re: (m < n ? 2 : 0.5) * scale * spectrum[k].re, im: 0)
            }
            let row = target.inverse(modes)
            for c in 0..<m { out[r * m + c] = row[c] }
        }
        return out
    }
}
