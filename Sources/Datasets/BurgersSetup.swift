import Foundation
import FourierTransforms
import HoldoutCore
import Physics

/// Periodic 1-D viscous Burgers: random-Fourier initial conditions, the ETDRK4 solver,
/// spectral resampling (or block averaging) between grids. Parameter: `viscosity`.
struct BurgersSetup: EquationSetup {
    let length: Double
    var temporalOrder: Double { 4 }

    /// u₀(x) = mean + Σ_{k=1}^{K} a_k cos(2πkx/L + φ_k), a_k = k^(−decay)·N(0,1), φ_k ~ U[0, 2π),
    /// rescaled so that the fluctuation has the declared RMS amplitude.
    func initialCondition(_ spec: TaskSpec.InitialCondition, points: [Int], components: Int,
                          using rng: inout CounterRNG) -> [Double] {
        let n = points[0]
        var u = [Double](repeating: 0, count: n)
        for k in 1...spec.maxWavenumber {
            let amplitude = pow(Double(k), -spec.decay) * rng.normal()
            let phase = 2 * Double.pi * rng.uniform()
            for j in 0..<n { u[j] += amplitude * cos(2 * Double.pi * Double(k) * Double(j) / Double(n) + phase) }
        }
        let rms = (u.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
        let scale = rms > 0 ? spec.amplitude / rms : 0
        return u.map { spec.mean + $0 * scale }
    }

    func model(parameters: [String: Double], points: [Int], timeStep: Double) throws -> TrajectoryModel {
        guard let viscosity = parameters["viscosity"] else {
            throw EquationError("Burgers needs the parameter 'viscosity'")
        }
        return BurgersSolver(points: points[0], length: length, viscosity: viscosity, timeStep: timeStep)
    }

    func resample(_ state: [Double], from: [Int], to: [Int], components: Int, method: String) -> [Double] {
        let target = to[0]
        if method == "block-average", state.count > target, state.count % target == 0 {
            let factor = state.count / target
            return (0..<target).map { i in state[(i * factor)..<((i + 1) * factor)].reduce(0, +) / Double(factor) }
        }
        return SpectralResampler.resample(state, to: target)
    }
}
