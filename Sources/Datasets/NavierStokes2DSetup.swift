import Foundation
import FourierTransforms
import HoldoutCore
import Physics

/// Periodic 2-D incompressible Navier–Stokes (vorticity form) with Kolmogorov forcing and linear
/// drag: random-Fourier vorticity initial conditions, the ETDRK4 pseudo-spectral solver
/// (``NavierStokes2DSolver``), 2-D spectral resampling (truncation or zero padding).
///
/// Parameters (all required, so a ladder rung never silently runs other physics than the
/// reference; list them all in `observation.parameter_inputs`): `viscosity` ν, `drag` α,
/// `forcing_amplitude` A, `forcing_wavenumber` n_f (an integer mode number: κ_f = 2π n_f/L_y).
struct NavierStokes2DSetup: EquationSetup {
    let lengths: (Double, Double)
    var temporalOrder: Double { 4 }

    static let parameterNames = ["viscosity", "drag", "forcing_amplitude", "forcing_wavenumber"]

    /// ω₀(x, y) = mean + s·Σ a_m cos(2π(m_x x/Lx + m_y y/Ly) + φ_m) over the half plane of integer
    /// wave vectors m (m_x > 0, or m_x = 0 and m_y > 0) with 1 ≤ |m| ≤ K, a_m = |m|^(−decay)·N(0,1),
    /// φ_m ~ U[0, 2π), drawn in a fixed order (m_x ascending, then m_y ascending); s rescales the
    /// fluctuation to the declared RMS `amplitude`. `mean` should be 0: on a periodic domain
    /// the mean vorticity is the circulation around the box, which is zero.
    func initialCondition(_ spec: TaskSpec.InitialCondition, points: [Int], components: Int,
                          using rng: inout CounterRNG) -> [Double] {
        let (nx, ny) = (points[0], points[1])
        let k = spec.maxWavenumber
        var omega = [Double](repeating: 0, count: nx * ny)
        var cosX = [Double](repeating: 0, count: nx), sinX = cosX
        var cosY = [Double](repeating: 0, count: ny), sinY = cosY
        for mx in 0...k {
            for my in -k...k where (mx > 0 || my > 0) && mx * mx + my * my <= k * k {
                let amplitude = pow((Double(mx * mx + my * my)).squareRoot(), -spec.decay) * rng.normal()
                let phase = 2 * Double.pi * rng.uniform()
                // cos(a + b + φ) = cos(a)cos(b + φ) − sin(a)sin(b + φ), separably.
                for i in 0..<nx {
                    let a = 2 * Double.pi * Double(mx * i) / Double(nx)
                    cosX[i] = cos(a); sinX[i] = sin(a)
                }
                for j in 0..<ny {
                    let b = 2 * Double.pi * Double(my * j) / Double(ny) + phase
                    cosY[j] = amplitude * cos(b); sinY[j] = amplitude * sin(b)
                }
                for i in 0..<nx {
                    let (c, s) = (cosX[i], sinX[i])
                    for j in 0..<ny { omega[i * ny + j] += c * cosY[j] - s * sinY[j] }
                }
            }
        }
        let rms = (omega.reduce(0) { $0 + $1 * $1 } / Double(nx * ny)).squareRoot()
        let scale = rms > 0 ? spec.amplitude / rms : 0
        return omega.map { spec.mean + $0 * scale }
    }

    func model(parameters: [String: Double], points: [Int], timeStep: Double) throws -> TrajectoryModel {
        let missing = Self.parameterNames.filter { parameters[$0] == nil }
        guard missing.isEmpty else {
            throw EquationError("Navier–Stokes 2-D needs the parameter(s) \(missing.joined(separator: ", ")) (list every one in physics.parameters and observation.parameter_inputs)")
        }
        let (nu, alpha, amplitude, mode) = (parameters["viscosity"]!, parameters["drag"]!,
                                            parameters["forcing_amplitude"]!, parameters["forcing_wavenumber"]!)
        guard nu >= 0, alpha >= 0, mode == mode.rounded(), mode >= 1 else {
            throw EquationError("Navier–Stokes 2-D needs viscosity ≥ 0, drag ≥ 0 and an integer forcing_wavenumber ≥ 1")
        }
        guard amplitude == 0 || 3 * Int(mode) < points[1] else {
            throw EquationError("forcing_wavenumber \(Int(mode)) is outside the 2/3 band of a \(points[1])-point grid")
        }
        return NavierStokes2DSolver(points: (points[0], points[1]), lengths: lengths, viscosity: nu, drag: alpha,
                                    forcingAmplitude: amplitude, forcingMode: Int(mode), timeStep: timeStep)
    }

    /// Spectral truncation/zero padding per component (`block-average` when both sizes divide).
    func resample(_ state: [Double], from: [Int], to: [Int], components: Int, method: String) -> [Double] {
        if from == to { return state }
        let (fx, fy, tx, ty) = (from[0], from[1], to[0], to[1])
        var out = [Double](repeating: 0, count: tx * ty * components)
        for c in 0..<components {
            let plane = components == 1 ? state : stride(from: c, to: state.count, by: components).map { state[$0] }
            let moved: [Double]
            if method == "block-average", fx > tx, fy > ty, fx % tx == 0, fy % ty == 0 {
                let (bx, by) = (fx / tx, fy / ty)
                var avg = [Double](repeating: 0, count: tx * ty)
                for i in 0..<fx { for j in 0..<fy { avg[(i / bx) * ty + j / by] += plane[i * fy + j] } }
                moved = avg.map { $0 / Double(bx * by) }
            } else {
                moved = SpectralResampler.resample(plane, shape: (fx, fy), to: (tx, ty))
            }
            for p in 0..<(tx * ty) { out[p * components + c] = moved[p] }
        }
        return out
    }
}
